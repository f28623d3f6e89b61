package vohttp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestRetryable(t *testing.T) {
	httpErr := func(code int, after time.Duration) error {
		return &Error{Op: "GET", Kind: KindHTTP, StatusCode: code, RetryAfter: after}
	}
	for _, c := range []struct {
		name  string
		err   error
		ok    bool
		after time.Duration
	}{
		{"nil", nil, false, 0},
		{"500", httpErr(500, 0), true, 0},
		{"503 with Retry-After", httpErr(503, 7*time.Second), true, 7 * time.Second},
		{"429 with Retry-After", httpErr(429, time.Minute), true, time.Minute},
		{"408", httpErr(408, 0), true, 0},
		{"404", httpErr(404, 0), false, 0},
		{"403", httpErr(403, 0), false, 0},
		{"401", httpErr(401, 0), false, 0},
		{"400", httpErr(400, 0), false, 0},
		{"timeout", Wrap("GET", "", context.DeadlineExceeded), true, 0},
		{"network", &Error{Kind: KindNetwork, Err: errors.New("connection reset by peer")}, true, 0},
		{"refused", &Error{Kind: KindRefused}, true, 0},
		{"cancelled", Wrap("GET", "", context.Canceled), false, 0},
		{"bare context.Canceled", fmt.Errorf("reading: %w", context.Canceled), false, 0},
		{"malformed answer", &Error{Kind: KindProtocol, Message: "malformed VOTable"}, false, 0},
		{"service error", &Error{Kind: KindService, Message: "no such table"}, false, 0},
		{"body cut short", fmt.Errorf("copy: %w", io.ErrUnexpectedEOF), true, 0},
		{"body cut short inside an *Error", &Error{Kind: KindProtocol, Err: io.ErrUnexpectedEOF}, true, 0},
		{"unknown trouble", errors.New("disk hiccup"), true, 0},
		{"permanent 503", Permanent(httpErr(503, time.Second)), false, 0},
		{"permanent, wrapped again", fmt.Errorf("job: %w", Permanent(io.ErrUnexpectedEOF)), false, 0},
	} {
		ok, after := Retryable(c.err)
		if ok != c.ok || after != c.after {
			t.Errorf("%s: Retryable = %v, %v; want %v, %v", c.name, ok, after, c.ok, c.after)
		}
	}
	if Permanent(nil) != nil {
		t.Error("Permanent(nil) is not nil")
	}
	inner := httpErr(404, 0)
	if p := Permanent(inner); !errors.Is(p, inner) || p.Error() != inner.Error() {
		t.Errorf("Permanent hides its cause: %v", p)
	}
}

func TestBackoffBounds(t *testing.T) {
	p := RetryPolicy{Base: 100 * time.Millisecond, Max: time.Second}
	for n, full := range map[int]time.Duration{
		1: 100 * time.Millisecond, 2: 100 * time.Millisecond, 3: 200 * time.Millisecond,
		4: 400 * time.Millisecond, 5: 800 * time.Millisecond, 6: time.Second, 40: time.Second,
	} {
		lo, hi := full, time.Duration(0)
		for range 200 {
			d := p.Backoff(n)
			lo, hi = min(lo, d), max(hi, d)
		}
		if lo < full/2 || hi > full {
			t.Errorf("Backoff(%d) in [%v, %v], want within [%v, %v]", n, lo, hi, full/2, full)
		}
		if lo == hi {
			t.Errorf("Backoff(%d) always %v: no jitter", n, lo)
		}
	}
	if d := (RetryPolicy{}).Backoff(2); d < 500*time.Millisecond || d > time.Second {
		t.Errorf("default Backoff(2) = %v, want about the 1 s default base", d)
	}
}

// flaky answers 503 with Retry-After: 1 (the shortest a header says) for the
// first fails requests, then 200.
func flaky(t *testing.T, fails int32, code int) (string, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) <= fails {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "busy", code)
			return
		}
		io.WriteString(w, "ok")
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &hits
}

func get(c *Client, url string) func(context.Context) error {
	return func(ctx context.Context) error {
		resp, err := c.Get(ctx, url)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
}

func TestDoHonoursRetryAfter(t *testing.T) {
	url, hits := flaky(t, 1, http.StatusServiceUnavailable)
	p := RetryPolicy{Attempts: 3, Base: time.Millisecond, Max: 5 * time.Millisecond}
	start := time.Now()
	if err := p.Do(context.Background(), get(New(Options{}), url)); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 900*time.Millisecond {
		t.Errorf("retried after %v: the server's Retry-After of 1 s was not honoured", took)
	}
	if hits.Load() != 2 {
		t.Errorf("%d requests, want 2", hits.Load())
	}
}

func TestDoGivesUp(t *testing.T) {
	c := New(Options{})
	url, hits := flaky(t, 100, http.StatusNotFound)
	err := RetryPolicy{Attempts: 5, Base: time.Millisecond}.Do(context.Background(), get(c, url))
	if StatusCode(err) != 404 || hits.Load() != 1 {
		t.Errorf("404: err %v after %d requests, want it at once", err, hits.Load())
	}

	calls := 0
	err = RetryPolicy{Attempts: 3, Base: time.Millisecond, Max: 2 * time.Millisecond}.Do(context.Background(), func(context.Context) error {
		calls++
		return &Error{Kind: KindNetwork, Err: errors.New("reset")}
	})
	if KindOf(err) != KindNetwork || calls != 3 {
		t.Errorf("network trouble: err %v after %d calls, want 3", err, calls)
	}
}

func TestDoStopsWhenContextEnds(t *testing.T) {
	url, hits := flaky(t, 100, http.StatusTooManyRequests)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	err := RetryPolicy{Attempts: 10}.Do(ctx, get(New(Options{}), url))
	if !errors.Is(err, context.Canceled) || time.Since(start) > 900*time.Millisecond {
		t.Errorf("err %v after %v, want context.Canceled during the 1 s wait", err, time.Since(start))
	}
	if hits.Load() != 1 {
		t.Errorf("%d requests, want 1", hits.Load())
	}
}
