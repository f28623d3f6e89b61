package download

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHelperProcess is not a test: the crash test runs this test binary
// again with ESODESK_DL_HELPER set, to get a process it can SIGKILL.
func TestHelperProcess(t *testing.T) {
	if os.Getenv("ESODESK_DL_HELPER") != "1" {
		return
	}
	q, err := New(Options{Dir: os.Getenv("ESODESK_DL_DIR"), JournalPath: os.Getenv("ESODESK_DL_JOURNAL"), Workers: 1})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if _, err := q.Add(Job{URL: os.Getenv("ESODESK_DL_URL")}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	q.Wait(context.Background()) // killed long before this returns
	os.Exit(0)
}

func TestCrashMidDownloadResumesFromPart(t *testing.T) {
	body := newBody(8<<20, 4)
	slow := make(chan struct{}) // closed once the helper is dead: then serve fast
	src := &source{body: body, etag: `"crash"`, name: "crash.fits"}
	src.fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
		select {
		case <-slow:
			return false
		default:
		}
		src.headers(w)
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		for i := 0; i < len(body); i += 32 << 10 {
			if _, err := w.Write(body[i : i+32<<10]); err != nil {
				return true
			}
			w.(http.Flusher).Flush()
			time.Sleep(20 * time.Millisecond)
		}
		return true
	}
	srv := serve(t, src)
	dir := t.TempDir()
	jpath := filepath.Join(t.TempDir(), "downloads.jsonl")

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "ESODESK_DL_HELPER=1", "ESODESK_DL_DIR="+dir,
		"ESODESK_DL_JOURNAL="+jpath, "ESODESK_DL_URL="+srv.URL+"/file/crash")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	part := filepath.Join(dir, "crash.fits.part")
	deadline := time.Now().Add(20 * time.Second)
	for {
		if st, err := os.Stat(part); err == nil && st.Size() >= 512<<10 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the .part file never grew")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	close(slow)
	st, err := os.Stat(part)
	if err != nil {
		t.Fatal(err)
	}
	had := st.Size()
	if had >= int64(len(body)) {
		t.Fatalf("the helper finished before it was killed (%d bytes)", had)
	}

	if j, _ := os.ReadFile(jpath); testing.Verbose() {
		t.Logf("journal:\n%s", j)
	}
	q, err := New(Options{Dir: dir, JournalPath: jpath})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := q.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	snap := q.Snapshot()
	if len(snap) != 1 {
		t.Fatalf("%d jobs after restart, want the 1 from the journal", len(snap))
	}
	wantDone(t, snap[0], body)
	reqs := src.requests()
	if last := reqs[len(reqs)-1]; last != fmt.Sprintf("bytes=%d-", had) {
		t.Fatalf("requests %q: the restarted queue did not resume at the .part size %d", reqs, had)
	}
	if _, err := os.Stat(part); !os.IsNotExist(err) {
		t.Fatal("the .part file is still there")
	}
	if strings.Count(strings.Join(reqs, "|"), "bytes=") != 1 {
		t.Fatalf("requests %q: want exactly one resume", reqs)
	}
}
