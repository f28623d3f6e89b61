package download

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"esodesk/services/vohttp"
)

// refusedURL is an address where nothing listens (the port was just freed).
func refusedURL(t *testing.T) (rawURL, hostPort string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/dataPortal/file/X.fits", addr
}

// A refused connection means the server is down: a few quick attempts,
// then a failure that names the server, not 6 attempts over half a minute.
func TestRefusedConnectionFailsFast(t *testing.T) {
	u, addr := refusedURL(t)
	sl := &sleepLog{}
	// the app's defaults: 6 attempts, 1 s doubling up to 2 min
	q := testQueue(t, Options{Sleep: sl.sleep, BackoffBase: time.Second, BackoffMax: 2 * time.Minute})
	st := runOne(t, q, Job{URL: u})
	want := "connection refused by " + addr + " (the server is not accepting connections)"
	if st.State != Failed || st.Error != want {
		t.Fatalf("state %s, error %q; want failed with %q", st.State, st.Error, want)
	}
	if st.Attempts != refusedAttempts {
		t.Errorf("%d attempts, want %d", st.Attempts, refusedAttempts)
	}
	sl.mu.Lock()
	defer sl.mu.Unlock()
	var sum time.Duration
	for _, w := range sl.waits {
		if w > refusedMaxWait {
			t.Errorf("waited %v before a retry, want at most %v", w, refusedMaxWait)
		}
		sum += w
	}
	if len(sl.waits) != refusedAttempts-1 || sum > 3*time.Second {
		t.Errorf("waits %v (in all %v), want %d adding up to a few seconds", sl.waits, sum, refusedAttempts-1)
	}
}

// blockingSleep holds every backoff until release, telling entered.
type blockingSleep struct {
	entered chan time.Duration
	release chan struct{}
}

func newBlockingSleep() *blockingSleep {
	return &blockingSleep{entered: make(chan time.Duration, 8), release: make(chan struct{})}
}

func (b *blockingSleep) sleep(ctx context.Context, d time.Duration) error {
	b.entered <- d
	select {
	case <-b.release:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// While a job waits to retry, its status says so once, with the attempt,
// the wait and the reason, and claims no speed; the totals count it.
func TestRetryStatusWhileWaiting(t *testing.T) {
	body := newBody(100_000, 4)
	src := &source{body: body, etag: `"w"`}
	src.fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
		if n == 0 {
			http.Error(w, "database on fire", http.StatusServiceUnavailable)
			return true
		}
		return false
	}
	srv := serve(t, src)
	bs := newBlockingSleep()
	q := testQueue(t, Options{Sleep: bs.sleep, BackoffBase: 4 * time.Second, BackoffMax: 8 * time.Second})
	id, err := q.Add(Job{URL: srv.URL + "/w.fits", Size: int64(len(body))})
	if err != nil {
		t.Fatal(err)
	}
	wait := <-bs.entered
	st, _ := q.Status(id)
	if !st.Waiting() || st.Retry.Attempt != 2 || st.Retry.Of != 6 || st.Speed != 0 || st.ETA != -1 {
		t.Fatalf("waiting status %+v", st)
	}
	now := st.Retry.At.Add(-wait) // the moment the wait began
	text := st.RetryText(now)
	wantStart := "retrying in " + waitText(wait) + " (attempt 2 of 6): database on fire (HTTP 503 from " + srv.URL + "/w.fits)"
	if text != wantStart {
		t.Fatalf("retry text %q, want %q", text, wantStart)
	}
	if n := strings.Count(strings.ToLower(text), "retr"); n != 1 || strings.Contains(text, "failed") {
		t.Fatalf("retry text %q repeats itself", text)
	}
	if st.Error != "" {
		t.Fatalf("a job that has not failed carries the error %q", st.Error)
	}
	if tot := q.Totals(); tot.Running != 1 || tot.Waiting != 1 || tot.Speed != 0 || tot.ETA != -1 {
		t.Fatalf("totals while waiting %+v", tot)
	}
	close(bs.release)
	st = runOne(t, q, Job{URL: srv.URL + "/other.fits"}) // waits for the queue to settle
	wantDone(t, st, body)
	st, _ = q.Status(id)
	wantDone(t, st, body)
	if st.Retry != (Retry{}) || st.RetryText(time.Now()) != "" || st.Error != "" {
		t.Fatalf("a finished job still tells of a retry: %+v", st)
	}
}

func TestRetryText(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	r := Retry{Attempt: 2, Of: 3, At: now.Add(1500 * time.Millisecond), Reason: "connection refused by h:80 (the server is not accepting connections)"}
	for _, c := range []struct {
		st   Status
		want string
	}{
		{Status{State: Running, Retry: r}, "retrying in 2 s (attempt 2 of 3): connection refused by h:80 (the server is not accepting connections)"},
		{Status{State: Running, Retry: Retry{Attempt: 3, Of: 6, At: now.Add(125 * time.Second), Reason: "x"}}, "retrying in 2 min 5 s (attempt 3 of 6): x"},
		{Status{State: Running, Retry: Retry{Attempt: 3, Of: 6, At: now.Add(-time.Millisecond), Reason: "x"}}, "retrying now (attempt 3 of 6): x"},
		{Status{State: Running, Retry: Retry{Attempt: 2, Of: 6, Reason: "x"}}, "attempt 2 of 6; the last one failed: x"},
		{Status{State: Failed, Retry: r}, ""},
		{Status{State: Running}, ""},
	} {
		if got := c.st.RetryText(now); got != c.want {
			t.Errorf("RetryText = %q, want %q", got, c.want)
		}
	}
}

// The batch total keeps a failed file (its total does not drop), its bytes
// never count as arrived, and the ETA covers only what is still to come.
func TestSumKeepsFailedFilesInTheTotal(t *testing.T) {
	rows := []Status{
		{State: Done, Done: 100, Total: 100},
		{State: Failed, Done: 40, Total: 50}, // truncated
		{State: Failed, Done: 0, Total: -1},  // a 404: size unknown
		{State: Running, Done: 10, Total: 30, Speed: 10},
		{State: Cancelled, Done: 5, Total: 1000},
		{State: Skipped, Done: 70, Total: 70},
	}
	tot := Sum(rows)
	if tot.Total != 180 || tot.Bytes != 110 || tot.FailedBytes != 50 || tot.Failed != 2 || tot.Jobs != 6 {
		t.Fatalf("totals %+v", tot)
	}
	if tot.ETA != 2*time.Second {
		t.Fatalf("ETA %v, want 2s for the 20 bytes still to come at 10 B/s", tot.ETA)
	}
	// the same batch before the truncated file failed: the same Total
	rows[1].State = Running
	if before := Sum(rows); before.Total != tot.Total {
		t.Fatalf("total %d while running, %d after the failure", before.Total, tot.Total)
	}
	// a failed file of unknown size does not make the whole batch unknown
	if tot := Sum([]Status{{State: Failed, Total: -1}, {State: Done, Done: 5, Total: 5}}); tot.Total != 5 {
		t.Fatalf("total %d, want 5", tot.Total)
	}
}

// reason words a failure once: no "download failed: " in a row that says
// failed already, the server that refused, a web page said as such.
func TestReason(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&vohttp.Error{Op: "download", URL: "http://h/x", Kind: vohttp.KindHTTP, StatusCode: 404, Message: "Not Found"}, "Not Found (HTTP 404 from http://h/x)"},
		{&vohttp.Error{Op: "download", URL: "https://h/x", Kind: vohttp.KindRefused}, "connection refused by h:443 (the server is not accepting connections)"},
		{&vohttp.Error{Op: "download", Kind: vohttp.KindRefused}, "connection refused by a:8080 (the server is not accepting connections)"},
		{&vohttp.Error{Op: "download", URL: "http://h/x", Kind: vohttp.KindProtocol, Message: "the server sent a web page instead of the file"}, "the server sent a web page instead of the file"},
		{&vohttp.Error{Op: "download", URL: "http://h/x", Kind: vohttp.KindTimeout}, "the service did not answer in time (http://h/x)"},
		{vohttp.Wrap("download", "http://h/x", io.ErrUnexpectedEOF), "the server sent fewer bytes than announced: the connection closed before the end (http://h/x)"},
		{vohttp.Permanent(errors.New("this file needs an ESO login: log in first")), "this file needs an ESO login: log in first"},
	} {
		if got := reason(c.err, "http://a:8080/f"); got != c.want {
			t.Errorf("reason(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

// A body without Content-Length that runs past the size the archive listed
// is not "fewer bytes than announced", and asking again will not mend it.
func TestLongerThanListedIsNotShort(t *testing.T) {
	body := newBody(30_000, 5)
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.(http.Flusher).Flush() // no Content-Length: chunked
		w.Write(body)
	}))
	q := testQueue(t, Options{})
	st := runOne(t, q, Job{URL: srv.URL + "/long.fits", Size: 20_000})
	if st.State != Failed || st.Error != "the server sent 30.0 kB, the archive listed 20.0 kB" || st.Attempts != 1 {
		t.Fatalf("%s after %d attempts: %q", st.State, st.Attempts, st.Error)
	}
}

// A server that always cuts the body short and gives no validator makes
// every retry start again from zero; when the queue gives up it says the
// body was short, not that it could not resume.
func TestGivingUpNamesTheFailureNotTheRestart(t *testing.T) {
	body := newBody(30_000, 6)
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.(http.Flusher).Flush() // no Content-Length, no ETag: not resumable
		w.Write(body[:len(body)/2])
	}))
	q := testQueue(t, Options{})
	st := runOne(t, q, Job{URL: srv.URL + "/cut.fits", Size: int64(len(body))})
	if st.State != Failed || !strings.HasPrefix(st.Error, "the server sent fewer bytes than announced") {
		t.Fatalf("%s after %d attempts: %q", st.State, st.Attempts, st.Error)
	}
}
