package cli

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// An --out in a missing folder is refused before any work, naming the
// folder and what to do, never the hidden temporary file.
func TestOutInMissingFolder(t *testing.T) {
	var requests atomic.Int32
	tapSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		http.Error(w, "no", http.StatusInternalServerError)
	}))
	defer tapSrv.Close()
	dir := t.TempDir()
	missing := filepath.Join(dir, "no", "such")
	spec := writeSpectrum(t, dir, 100)
	for _, args := range [][]string{
		{"query", "--service", tapSrv.URL + "/tap", "--adql", "SELECT 1", "--out", filepath.Join(missing, "x.csv")},
		{"plot", spec, "--out", filepath.Join(missing, "p.png")},
	} {
		code, out, errText := run(t, args...)
		want := "esodesk " + args[0] + ": the folder " + missing + " does not exist: create it or choose another --out\n"
		if code != ExitError || out != "" || errText != want {
			t.Errorf("%s: exit %d, stderr %q, want %q", args[0], code, errText, want)
		}
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("the query was sent (%d requests) although its output cannot be written", n)
	}
}

// A failure after the checks names the output, not the hidden file, and
// leaves nothing behind.
func TestWriteOutErrorsNameTheOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "taken")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	err := writeOut(out, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err })
	if err == nil || !strings.HasPrefix(err.Error(), "cannot write "+out+": ") || strings.Contains(err.Error(), ".taken.") {
		t.Errorf("got %v", err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("left behind: %v", ents)
	}
}
