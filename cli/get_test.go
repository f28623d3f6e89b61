package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"esodesk/services/config"
	"esodesk/services/download"
	"esodesk/services/esoauth"
	"esodesk/testbed/standin"
)

// getEnv starts an in-process ESO stand-in, points the config at it and
// gives the run a private config dir (journal) and login file.
func getEnv(t *testing.T) (*standin.Server, *httptest.Server) {
	t.Helper()
	srv := standin.New(standin.Options{})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	t.Setenv(config.StandinEnv, hs.URL)
	t.Setenv("ESODESK_DATAPORTAL_URL", "")
	t.Setenv("ESODESK_TOKEN_URL", "")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("ESODESK_ESO_USER", "")
	t.Setenv("ESODESK_ESO_PASSWORD", "")
	tokenFile := filepath.Join(t.TempDir(), "eso-token.json")
	oldStore, oldStdin := tokenStore, stdin
	tokenStore = func() (*esoauth.Store, error) { return &esoauth.Store{FilePath: tokenFile}, nil }
	t.Cleanup(func() { tokenStore, stdin = oldStore, oldStdin })
	return srv, hs
}

func runCtx(ctx context.Context, args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = Run(ctx, args, &o, &e)
	return code, o.String(), e.String()
}

func fileSHA(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// checkDownloaded asserts dir holds exactly ids' files, byte-identical.
func checkDownloaded(t *testing.T, dir string, stdout string, ids ...string) {
	t.Helper()
	printed := strings.Fields(stdout)
	if len(printed) != len(ids) {
		t.Fatalf("stdout lists %d paths, want %d: %q", len(printed), len(ids), stdout)
	}
	for _, id := range ids {
		path := filepath.Join(dir, standin.FileName(id))
		if fileSHA(t, path) != standin.FileSHA256(id) {
			t.Fatalf("%s differs from the served file", path)
		}
		if !strings.Contains(stdout, path+"\n") {
			t.Fatalf("stdout lacks %s: %q", path, stdout)
		}
	}
}

func TestGetDownloadsIDsAndURLs(t *testing.T) {
	srv, hs := getEnv(t)
	if err := srv.SetFileFault("HARPS.2019-03-04T01:02:03.456", "500*1"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ids := []string{"FORS2.2021-01-02T00:59:12.533", "HARPS.2019-03-04T01:02:03.456", "ADP.2020-05-04T12:34:56.789", "BENCH.200KB.7"}
	args := []string{"get", ids[0], "--dir", dir, ids[1], "--workers", "3", ids[2], hs.URL + standin.DataPortalPath + ids[3]}
	code, out, errText := runCtx(context.Background(), args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	checkDownloaded(t, dir, out, ids...)
	if !strings.Contains(errText, "4 downloaded, 0 already there, 0 failed") {
		t.Fatalf("summary: %q", errText)
	}
	// The 500 was retried, not reported.
	n := 0
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, ids[1]) {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d requests for the file that failed once, want 2", n)
	}
	// A second run finds the files already there.
	code, out, errText = runCtx(context.Background(), args...)
	if code != ExitOK || !strings.Contains(errText, "0 downloaded, 4 already there") {
		t.Fatalf("second run: exit %d: %s", code, errText)
	}
	checkDownloaded(t, dir, out, ids...)
}

func TestGetFailureExitsOneWithReason(t *testing.T) {
	_, hs := getEnv(t)
	dir := t.TempDir()
	missing := hs.URL + "/fault/404/dataPortal/file/NOPE.1"
	code, out, errText := runCtx(context.Background(), "get", "--dir", dir, "UVES.2019-03-02T00:00:00.001", missing)
	if code != ExitError {
		t.Fatalf("exit %d, want 1: %s", code, errText)
	}
	checkDownloaded(t, dir, out, "UVES.2019-03-02T00:00:00.001")
	if !strings.Contains(errText, "1 failed") || !strings.Contains(errText, missing+": ") || !strings.Contains(errText, "404") {
		t.Fatalf("the failure and its reason are not reported: %q", errText)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("folder holds %d entries, want only the good file", len(entries))
	}
}

func TestGetUsage(t *testing.T) {
	getEnv(t)
	for _, args := range [][]string{
		{"get"},
		{"get", "--workers", "0", "X.1"},
		{"get", "--workers", "17", "X.1"},
		{"get", "ftp://example.org/x"},
		{"get", "a/b"},
		{"get", "--nosuch", "X.1"},
	} {
		code, out, errText := runCtx(context.Background(), args...)
		if code != ExitUsage || out != "" || !strings.Contains(errText, "usage: esodesk get") {
			t.Errorf("%q: exit %d, stderr %q", args, code, errText)
		}
	}
	if code, _, errText := runCtx(context.Background(), "get", "-h"); code != ExitOK || !strings.Contains(errText, "get-journal.jsonl") {
		t.Errorf("-h: exit %d %q", code, errText)
	}
}

// Ctrl+C keeps the .part file and the journal; the next run resumes it
// with a Range request instead of starting over.
func TestGetInterruptedRunResumes(t *testing.T) {
	srv, _ := getEnv(t)
	id := "BENCH.300KB.resume"
	if err := srv.SetFileFault(id, "slow:60000*1"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		// Cancel once some bytes are on disk (give up after 20 s: the run then fails the test).
		defer cancel()
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); {
			if st, err := os.Stat(filepath.Join(dir, standin.FileName(id)+".part")); err == nil && st.Size() > 50000 {
				cancel()
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	code, out, errText := runCtx(ctx, "get", "--dir", dir, id)
	if code != ExitCanceled || out != "" || !strings.Contains(errText, "the next 'esodesk get' resumes 1 unfinished download\n") {
		t.Fatalf("interrupted run: exit %d, stdout %q, stderr %q", code, out, errText)
	}
	if _, err := os.Stat(filepath.Join(dir, standin.FileName(id))); err == nil {
		t.Fatal("an interrupted download is under its final name")
	}
	code, out, errText = runCtx(context.Background(), "get", "--dir", dir, id)
	if code != ExitOK || !strings.Contains(errText, "Resuming 1 download") || !strings.Contains(errText, "1 downloaded") {
		t.Fatalf("second run: exit %d, %q", code, errText)
	}
	checkDownloaded(t, dir, out, id)
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	if !strings.HasPrefix(last.Range, "bytes=") || last.Range == "bytes=0-" {
		t.Fatalf("the second run did not resume: last request %+v", last)
	}
}

func TestGetProprietaryWithLogin(t *testing.T) {
	_, hs := getEnv(t)
	id := "FORS2.PROPRIETARY.2021-01-02T00:00:00.000"
	dir := t.TempDir()
	// Without a login ESO answers with its login page: failed, no file.
	code, _, errText := runCtx(context.Background(), "get", "--dir", dir, id)
	if code != ExitError || !strings.Contains(errText, "web page") {
		t.Fatalf("anonymous: exit %d, %q", code, errText)
	}
	// --login reads the credentials from stdin when it is not a terminal.
	stdin = strings.NewReader(standin.TestUser + "\n" + standin.TestPassword + "\n")
	code, out, errText := runCtx(context.Background(), "get", "--login", "--dir", dir, id)
	if code != ExitOK || !strings.Contains(errText, "Logged in to ESO as "+standin.TestUser) {
		t.Fatalf("with --login: exit %d, %q", code, errText)
	}
	checkDownloaded(t, dir, out, id)
	if strings.Contains(errText, standin.TestPassword) {
		t.Fatal("the password was echoed")
	}
	// The login was saved: the next run uses it without asking.
	os.Remove(filepath.Join(dir, standin.FileName(id)))
	stdin = strings.NewReader("")
	code, out, errText = runCtx(context.Background(), "get", "--dir", dir, id)
	if code != ExitOK || !strings.Contains(errText, "Using the saved ESO login of "+standin.TestUser) {
		t.Fatalf("saved login: exit %d, %q", code, errText)
	}
	checkDownloaded(t, dir, out, id)
	// A wrong password is an error, not a hang.
	stdin = strings.NewReader("testuser\nwrong\n")
	if code, _, errText := runCtx(context.Background(), "get", "--login", "--dir", dir, id); code != ExitError || !strings.Contains(errText, "refused") {
		t.Fatalf("wrong password: exit %d, %q", code, errText)
	}
	_ = hs
}

func TestProgressLine(t *testing.T) {
	var snap = progressSnap()
	got := progressLine(snap, true)
	// the failed file (size unknown, nothing received) adds nothing to the
	// total; the ETA counts the running file's missing bytes only
	for _, want := range []string{"[############............]", " 50%", "1.0 MB of 2.0 MB", "500.0 kB/s", "ETA 0:02", "files 1/3, 1 failed"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress line %q lacks %q", got, want)
		}
	}
}

// A file waiting to retry a refused connection shows no speed (nothing
// flows) and is counted as waiting, as in the window.
func TestProgressLineWhileWaitingToRetry(t *testing.T) {
	snap := []download.Status{{ID: 1, State: download.Running, Total: 1000,
		Retry: download.Retry{Attempt: 2, Of: 3, At: time.Now().Add(2 * time.Second), Reason: "connection refused"}}}
	got := progressLine(snap, false)
	if !strings.Contains(got, "1 waiting to retry") || strings.Contains(got, "/s") || strings.Contains(got, "ETA") {
		t.Fatalf("progress line %q", got)
	}
}

func progressSnap() []download.Status {
	return []download.Status{
		{ID: 1, State: download.Done, Done: 500000, Total: 500000},
		{ID: 2, State: download.Running, Done: 500000, Total: 1500000, Speed: 500000},
		{ID: 3, State: download.Failed, Done: 0, Total: -1, Error: "HTTP 404"},
	}
}

// --dir is created when missing; when it cannot be, the run says so once
// and queues nothing.
func TestGetDirCreatedOrNamed(t *testing.T) {
	getEnv(t)
	id := "UVES.2019-03-02T00:00:00.001"
	dir := filepath.Join(t.TempDir(), "new", "deeper")
	code, out, errText := runCtx(context.Background(), "get", "--dir", dir, id)
	if code != ExitOK {
		t.Fatalf("new folder: exit %d, %q", code, errText)
	}
	checkDownloaded(t, dir, out, id)
	for _, bad := range uncreatableFolders(t) {
		code, out, errText := runCtx(context.Background(), "get", "--dir", bad, id)
		if code != ExitError || out != "" || strings.Count(errText, "\n") != 1 ||
			!strings.HasPrefix(errText, "esodesk get: cannot create the download folder "+bad+": mkdir ") {
			t.Errorf("%s: exit %d, stderr %q", bad, code, errText)
		}
	}
}

// A second 'esodesk get' while another holds the journal keeps a journal
// in its download folder; one into a folder another run downloads into is
// refused with the other run's pid.
func TestGetWhileAnotherRunHoldsTheJournal(t *testing.T) {
	getEnv(t)
	main, err := getJournalPath()
	if err != nil {
		t.Fatal(err)
	}
	other, err := download.New(download.Options{Dir: t.TempDir(), JournalPath: main})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()

	id := "UVES.2019-03-02T00:00:00.001"
	dir := t.TempDir()
	code, out, errText := runCtx(context.Background(), "get", "--dir", dir, id)
	if code != ExitOK || !strings.Contains(errText, "keeps its journal in "+filepath.Join(dir, ".esodesk-get-journal.jsonl")) {
		t.Fatalf("exit %d, stderr %q", code, errText)
	}
	checkDownloaded(t, dir, out, id)

	folder, err := download.New(download.Options{Dir: dir, JournalPath: filepath.Join(dir, ".esodesk-get-journal.jsonl")})
	if err != nil {
		t.Fatal(err)
	}
	defer folder.Close()
	code, _, errText = runCtx(context.Background(), "get", "--dir", dir, id)
	want := fmt.Sprintf("another esodesk get (pid %d) is downloading into %s", os.Getpid(), dir)
	if code != ExitError || !strings.Contains(errText, want) {
		t.Fatalf("exit %d, stderr %q, want %q", code, errText, want)
	}
}
