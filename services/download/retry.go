package download

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	"esodesk/services/vohttp"
)

// restartError asks for an immediate new attempt from byte zero (the
// server ignored or mangled our Range request); it does not count as a
// failure for the backoff.
type restartError struct{ reason string }

func (r restartError) Error() string { return r.reason }

// retryable is vohttp.Retryable plus the transfer's own failures: a body
// shorter than announced or stalled is worth another (resumed) attempt.
func retryable(err error) (ok bool, after time.Duration) {
	if errors.Is(err, errShortBody) || errors.Is(err, errStalled) {
		return true, 0
	}
	return vohttp.Retryable(err)
}

// A refused connection means nothing listens there: the server is down or
// the address is wrong. A few quick tries cover a server that restarts;
// waiting minutes for one that is down only hides the problem.
const (
	refusedAttempts = 3
	refusedMaxWait  = 2 * time.Second
)

// policyFor is how many attempts in a row (without progress) err deserves,
// and how long to wait between them.
func (q *Queue) policyFor(err error) vohttp.RetryPolicy {
	p := vohttp.RetryPolicy{Attempts: q.opts.MaxFailures, Base: q.opts.BackoffBase, Max: q.opts.BackoffMax}
	if vohttp.KindOf(err) == vohttp.KindRefused {
		p.Attempts = min(p.Attempts, refusedAttempts)
		if p.Max <= 0 || p.Max > refusedMaxWait {
			p.Max = refusedMaxWait
		}
	}
	return p
}

// Retry is where a job stands in a series of failed attempts.
type Retry struct {
	Attempt int       // the attempt waited for or under way (2 = the first retry); 0: none
	Of      int       // attempts allowed in the series before the job fails
	At      time.Time // when that attempt starts; zero once it has started
	Reason  string    // why the last attempt failed
}

// Waiting reports whether the job sits out the pause before its next
// attempt (no byte can flow then).
func (s Status) Waiting() bool { return s.State == Running && !s.Retry.At.IsZero() }

// RetryText says, in one sentence, why and when a job tries again, e.g.
// "retrying in 4 s (attempt 2 of 5): connection refused by …"; "" when the
// job is not retrying. It is the only place that words a retry.
func (s Status) RetryText(now time.Time) string {
	r := s.Retry
	if r.Attempt == 0 || s.State.Finished() {
		return ""
	}
	if !r.At.IsZero() {
		when := "now"
		if d := r.At.Sub(now); d > 0 {
			when = "in " + waitText(d)
		}
		return fmt.Sprintf("retrying %s (attempt %d of %d): %s", when, r.Attempt, r.Of, r.Reason)
	}
	return fmt.Sprintf("attempt %d of %d; the last one failed: %s", r.Attempt, r.Of, r.Reason)
}

// waitText is "4 s", "2 min 5 s", rounded up: never "0 s" while waiting.
func waitText(d time.Duration) string {
	s := int64((d + time.Second - 1) / time.Second)
	switch {
	case s < 60:
		return fmt.Sprintf("%d s", s)
	case s%60 == 0:
		return fmt.Sprintf("%d min", s/60)
	}
	return fmt.Sprintf("%d min %d s", s/60, s%60)
}

// reason words why an attempt failed, for Status.Error and Retry.Reason:
// the row already says "failed" or "retrying", so the error's own
// "download failed: " goes, and a refused connection names the server.
func reason(err error, rawURL string) string {
	e, ok := vohttp.AsError(err)
	if !ok {
		return err.Error()
	}
	if e.Kind == vohttp.KindRefused {
		where := e.URL
		if where == "" {
			where = rawURL
		}
		return "connection refused by " + hostPort(where) + " (the server is not accepting connections)"
	}
	if errors.Is(err, io.ErrUnexpectedEOF) { // rather than "network problem: unexpected EOF"
		return errShortBody.Error() + ": the connection closed before the end (" + e.URL + ")"
	}
	if e.Kind == vohttp.KindProtocol && e.Message != "" {
		return e.Message // "the answer could not be read" is wrong when it was read: a web page
	}
	op := e.Op
	if op == "" {
		op = "request"
	}
	return strings.TrimPrefix(e.Error(), op+" failed: ")
}

// hostPort is the HOST:PORT a URL connects to.
func hostPort(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return vohttp.Redact(rawURL)
	}
	if u.Port() != "" {
		return u.Host
	}
	port := "80"
	if u.Scheme == "https" {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port)
}
