package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"esodesk/assets"
)

// buildEsodesk builds this program into a temporary folder, or skips the
// test where Fyne's cgo parts cannot be compiled.
func buildEsodesk(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to build esodesk with")
	}
	bin := filepath.Join(t.TempDir(), "tmp", "esodesk")
	out, err := exec.Command(goTool, "build", "-tags", "migrated_fynedo", "-o", bin, ".").CombinedOutput()
	if err != nil {
		if regexp.MustCompile(`(?i)cgo|\.h: No such file|C compiler|gcc|clang`).Match(out) {
			t.Skipf("cannot build esodesk here, Fyne needs cgo and the X11/OpenGL headers:\n%s", out)
		}
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// The program as a user without a graphical session runs it: the
// environment emptied (no DISPLAY, no WAYLAND_DISPLAY) but for HOME.
func TestCommandLineWithoutDisplay(t *testing.T) {
	bin := buildEsodesk(t)
	home := t.TempDir()
	run := func(args ...string) (code int, stdout, stderr string) {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = []string{"HOME=" + home}
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode(), o.String(), e.String()
	}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, errText := run(args...)
		if code != 0 || errText != "" || !strings.HasPrefix(out, "usage: esodesk") || !strings.Contains(out, "Without a command, esodesk opens its window") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errText)
		}
	}
	if code, out, errText := run("--version"); code != 0 || out != "esodesk "+assets.Metadata().Version+"\n" || errText != "" {
		t.Errorf("--version: exit %d, stdout %q, stderr %q", code, out, errText)
	}
	if code, out, errText := run("--bogus"); code != 2 || out != "" || !strings.Contains(errText, "usage: esodesk") {
		t.Errorf("--bogus: exit %d, stdout %q, stderr %q", code, out, errText)
	}
	// one line naming the terminal commands (every one of them: the list grows)
	want := "esodesk: no display found (DISPLAY and WAYLAND_DISPLAY are unset): the window needs a graphical session; " +
		"the terminal commands work without one: query, plot, get, calib"
	for _, args := range [][]string{nil, {"spectrum.fits"}} {
		code, out, errText := run(args...)
		if code != 1 || out != "" || !strings.HasPrefix(errText, want) || !strings.HasSuffix(errText, " (esodesk --help)\n") ||
			strings.Count(errText, "\n") != 1 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errText)
		}
	}
	// The terminal commands do work: a download from a loopback server.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "spectrum bytes") }))
	defer srv.Close()
	dir := t.TempDir()
	code, out, errText := run("get", "--dir", dir, srv.URL+"/s.fits")
	if got, _ := os.ReadFile(filepath.Join(dir, "s.fits")); code != 0 || string(got) != "spectrum bytes" {
		t.Errorf("get: exit %d, stdout %q, stderr %q, file %q", code, out, errText, got)
	}
}
