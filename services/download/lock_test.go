package download

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestJournalLockHolder is not a test: TestJournalLockAcrossProcesses runs
// this test binary again with ESODESK_LOCK_JOURNAL set, to get a second
// esodesk-like process that holds the journal. It opens a queue, adds a
// paused job, says "locked", and holds the queue until its stdin closes.
func TestJournalLockHolder(t *testing.T) {
	jpath := os.Getenv("ESODESK_LOCK_JOURNAL")
	if jpath == "" {
		return
	}
	q, err := New(Options{Dir: os.Getenv("ESODESK_LOCK_DIR"), JournalPath: jpath, Workers: 1})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	id, err := q.Add(Job{URL: "http://127.0.0.1:1/child.fits", Size: 10})
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	q.Pause(id)
	waitState(t, q, id, Paused)
	fmt.Println("locked")
	io.Copy(io.Discard, os.Stdin)
	if err := q.Close(); err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	os.Exit(0)
}

// startHolder starts TestJournalLockHolder on jpath and waits until it holds
// the lock. Closing the returned pipe lets it close its queue and exit.
func startHolder(t *testing.T, jpath, dir string) (*exec.Cmd, io.WriteCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestJournalLockHolder$")
	cmd.Env = append(os.Environ(), "ESODESK_LOCK_JOURNAL="+jpath, "ESODESK_LOCK_DIR="+dir)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	said := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if l := sc.Text(); l == "locked" || strings.HasPrefix(l, "error:") {
				said <- l
			}
		}
		io.Copy(io.Discard, out) // until the child exits: Wait needs the pipe drained
		close(said)
	}()
	select {
	case l := <-said:
		if l != "locked" {
			t.Fatalf("the holder process could not open the queue: %q", l)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the holder process never took the lock")
	}
	return cmd, stdin
}

// wantInUse checks that err says the journal is held by pid.
func wantInUse(t *testing.T, err error, pid int) {
	t.Helper()
	if !errors.Is(err, ErrJournalInUse) {
		t.Fatalf("second opener: %v, want ErrJournalInUse", err)
	}
	var iu *JournalInUseError
	if !errors.As(err, &iu) || iu.PID != pid {
		t.Fatalf("second opener: %#v, want the holder's pid %d", err, pid)
	}
	want := fmt.Sprintf("the download queue is in use by another esodesk (pid %d)", pid)
	if err.Error() != want {
		t.Fatalf("message %q, want %q", err.Error(), want)
	}
}

// journalURLs checks that every line of the journal is a whole record and
// returns the URLs of the jobs a queue restores from it.
func journalURLs(t *testing.T, jpath, dir string) []string {
	t.Helper()
	data, err := os.ReadFile(jpath)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n")) {
		var r record
		if err := json.Unmarshal(line, &r); err != nil || r.ID == 0 {
			t.Fatalf("journal line %d is damaged: %q (%v)", i+1, line, err)
		}
	}
	q, err := New(Options{Dir: dir, JournalPath: jpath})
	if err != nil {
		t.Fatalf("the journal is still locked: %v", err)
	}
	defer q.Close()
	var urls []string
	for _, s := range q.Snapshot() {
		if s.State != Paused {
			t.Errorf("%s is %s after reopening, want paused", s.Job.URL, s.State)
		}
		urls = append(urls, s.Job.URL)
	}
	return urls
}

func TestJournalLockAcrossProcesses(t *testing.T) {
	for _, how := range []string{"exits", "is killed"} {
		t.Run("holder "+how, func(t *testing.T) {
			dir, jpath := t.TempDir(), filepath.Join(t.TempDir(), "downloads.jsonl")
			// A job from an earlier session, for the holder to restore.
			q, err := New(Options{Dir: dir, JournalPath: jpath})
			if err != nil {
				t.Fatal(err)
			}
			id, _ := q.Add(Job{URL: "http://127.0.0.1:1/parent.fits", Size: 10})
			q.Pause(id)
			waitState(t, q, id, Paused)
			if err := q.Close(); err != nil {
				t.Fatal(err)
			}

			cmd, stdin := startHolder(t, jpath, dir)
			before, _ := os.ReadFile(jpath)
			_, err = New(Options{Dir: dir, JournalPath: jpath})
			wantInUse(t, err, cmd.Process.Pid)
			if after, _ := os.ReadFile(jpath); !bytes.Equal(before, after) {
				t.Fatalf("the refused opener changed the journal:\n%s\nbecame\n%s", before, after)
			}

			if how == "exits" {
				stdin.Close()
				if err := cmd.Wait(); err != nil {
					t.Fatalf("holder: %v", err)
				}
			} else {
				// SIGKILL: no Close, no deferred code; the kernel drops the lock.
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				cmd.Wait()
			}
			got := strings.Join(journalURLs(t, jpath, dir), " ")
			if got != "http://127.0.0.1:1/parent.fits http://127.0.0.1:1/child.fits" {
				t.Fatalf("jobs after the holder %s: %s", how, got)
			}
		})
	}
}

func TestJournalLockInOneProcess(t *testing.T) {
	dir, jpath := t.TempDir(), filepath.Join(t.TempDir(), "downloads.jsonl")
	q1, err := New(Options{Dir: dir, JournalPath: jpath})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := q1.Add(Job{URL: "http://127.0.0.1:1/one.fits", Size: 10})
	q1.Pause(id)
	waitState(t, q1, id, Paused)
	_, err = New(Options{Dir: dir, JournalPath: jpath})
	wantInUse(t, err, os.Getpid())
	// The refusal did not disturb the holder: it still writes its journal.
	id2, err := q1.Add(Job{URL: "http://127.0.0.1:1/two.fits", Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	q1.Pause(id2)
	waitState(t, q1, id2, Paused)
	if err := q1.Close(); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(journalURLs(t, jpath, dir), " "); got != "http://127.0.0.1:1/one.fits http://127.0.0.1:1/two.fits" {
		t.Fatalf("jobs after reopening: %s", got)
	}
	// Queues without a journal share nothing and lock nothing.
	testQueue(t, Options{})
	testQueue(t, Options{})
}
