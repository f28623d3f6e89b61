package vohttp

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"time"
)

// Permanent marks err as one that asking again cannot fix (a 404 read as
// data, a web page instead of the file, a full disk): Retryable says no to
// it whatever it wraps. nil stays nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanentError{err}
}

type permanentError struct{ err error }

func (p permanentError) Error() string { return p.err.Error() }
func (p permanentError) Unwrap() error { return p.err }

// Retryable tells whether err is worth another attempt, and how long the
// server asked us to wait (Retry-After), if it did. Server trouble (5xx),
// throttling (429, 408), timeouts, refused or broken connections and bodies
// cut short are; other 4xx, malformed answers, a service's own error,
// cancellation and Permanent errors are not. An error that is no *Error
// (trouble met while reading a body, say) is worth another try.
func Retryable(err error) (ok bool, after time.Duration) {
	var p permanentError
	switch {
	case err == nil, errors.As(err, &p), errors.Is(err, context.Canceled):
		return false, 0
	case errors.Is(err, io.ErrUnexpectedEOF):
		return true, 0
	}
	e, isVO := AsError(err)
	if !isVO {
		return true, 0
	}
	switch e.Kind {
	case KindHTTP:
		if e.StatusCode >= 500 || e.StatusCode == 429 || e.StatusCode == 408 {
			return true, e.RetryAfter
		}
		return false, 0 // 404, 403, 401...: asking again will not change them
	case KindTimeout, KindNetwork, KindRefused:
		return true, 0
	}
	return false, 0
}

// RetryPolicy says how often and how patiently to try again. Zero values
// pick the defaults: 3 attempts, 1 s base, 2 min cap.
type RetryPolicy struct {
	Attempts  int           // tries in all, the first included
	Base, Max time.Duration // the first retry's wait, and the longest
}

// maxRetryAfter bounds a server's Retry-After: past it, the wait is this.
const maxRetryAfter = 10 * time.Minute

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.Attempts <= 0 {
		p.Attempts = 3
	}
	if p.Base <= 0 {
		p.Base = time.Second
	}
	if p.Max <= 0 {
		p.Max = 2 * time.Minute
	}
	return p
}

// Backoff is the wait before attempt n (1-based; the first retry, n=2,
// waits about Base): doubling from Base, capped at Max, with jitter between
// half and all of it so that many clients do not come back in step.
func (p RetryPolicy) Backoff(n int) time.Duration {
	p = p.withDefaults()
	d := p.Base
	for i := 2; i < n && d < p.Max; i++ {
		d *= 2
	}
	d = min(d, p.Max)
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// Do calls fn until it succeeds, fails for good (see Retryable), or has
// been tried Attempts times, waiting Backoff between tries, or the server's
// Retry-After (at most 10 min) when it sent one. It returns fn's last error,
// or ctx's error when ctx ends during a wait.
func (p RetryPolicy) Do(ctx context.Context, fn func(ctx context.Context) error) error {
	p = p.withDefaults()
	for n := 1; ; n++ {
		err := fn(ctx)
		if err == nil || ctx.Err() != nil {
			return err
		}
		ok, after := Retryable(err)
		if !ok || n >= p.Attempts {
			return err
		}
		wait := p.Backoff(n + 1)
		if after > 0 {
			wait = min(after, maxRetryAfter)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
