package download

import (
	"errors"
	"io"
	"math/rand/v2"
	"time"

	"esodesk/services/vohttp"
)

// permanentError marks a failure that another attempt cannot fix (404, 403,
// a web page instead of data, a full disk...).
type permanentError struct{ err error }

func (p permanentError) Error() string { return p.err.Error() }
func (p permanentError) Unwrap() error { return p.err }

func permanent(err error) error { return permanentError{err} }

// restartError asks for an immediate new attempt from byte zero (the
// server ignored or mangled our Range request); it does not count as a
// failure for the backoff.
type restartError struct{ reason string }

func (r restartError) Error() string { return r.reason }

// retryable tells whether err is worth another attempt, and how long the
// server asked us to wait (Retry-After), if it did.
func retryable(err error) (ok bool, after time.Duration) {
	var p permanentError
	if errors.As(err, &p) {
		return false, 0
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, errShortBody) || errors.Is(err, errStalled) {
		return true, 0
	}
	e, isVO := vohttp.AsError(err)
	if !isVO {
		return true, 0 // unknown trouble while reading: try again
	}
	switch e.Kind {
	case vohttp.KindHTTP:
		switch {
		case e.StatusCode == 429 || e.StatusCode == 408:
			return true, e.RetryAfter
		case e.StatusCode >= 500:
			return true, e.RetryAfter
		}
		return false, 0 // 4xx: 404, 403, 401... will not change by asking again
	case vohttp.KindTimeout, vohttp.KindNetwork, vohttp.KindRefused:
		return true, 0
	}
	return false, 0
}

// backoff is the wait before attempt n (1-based, n>=2): exponential from
// base, capped at max, with "full jitter" between half and all of it so
// many clients do not come back in step.
func backoff(n int, base, max time.Duration) time.Duration {
	d := base
	for i := 2; i < n && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + time.Duration(rand.Int64N(int64(half)+1))
}
