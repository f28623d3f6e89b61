package vohttp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Kind classifies an *Error so callers can react (retry, ask for another URL,
// stay quiet on cancellation) without parsing text.
type Kind int

const (
	// KindHTTP: the server answered with an HTTP error status (4xx, 5xx).
	KindHTTP Kind = iota + 1
	// KindService: the server answered but reported a failure in the
	// document itself: VOTable QUERY_STATUS=ERROR (often with HTTP 200) or a
	// UWS job in phase ERROR.
	KindService
	// KindTimeout: no answer in time (our own deadline or the network's).
	KindTimeout
	// KindRefused: nothing listens at that address.
	KindRefused
	// KindNetwork: other connection trouble (DNS, reset, TLS, ...).
	KindNetwork
	// KindCanceled: the user (or the program) cancelled the request.
	KindCanceled
	// KindProtocol: the answer could not be understood (malformed document).
	KindProtocol
)

func (k Kind) String() string {
	switch k {
	case KindHTTP:
		return "http"
	case KindService:
		return "service"
	case KindTimeout:
		return "timeout"
	case KindRefused:
		return "refused"
	case KindNetwork:
		return "network"
	case KindCanceled:
		return "canceled"
	case KindProtocol:
		return "protocol"
	}
	return "unknown"
}

// Error is the one error type of the VO clients. Message holds the service's
// own words when it gave any.
type Error struct {
	Op         string // what we tried, e.g. "TAP query", "read table metadata"
	URL        string // redacted (see Redact)
	Kind       Kind
	StatusCode int           // HTTP status, 0 if none
	Message    string        // the server's message, trimmed and truncated
	JobID      string        // UWS job id when a job failed
	Phase      string        // UWS phase when a job failed (ERROR, ABORTED)
	RetryAfter time.Duration // the server's Retry-After (429, 503), 0 if none
	Err        error         // underlying cause, if any
}

func (e *Error) Error() string {
	op := e.Op
	if op == "" {
		op = "request"
	}
	var b strings.Builder
	b.WriteString(op)
	b.WriteString(" failed: ")
	switch e.Kind {
	case KindHTTP:
		if e.Message != "" {
			b.WriteString(e.Message)
		} else {
			fmt.Fprintf(&b, "the service answered HTTP %d", e.StatusCode)
		}
		fmt.Fprintf(&b, " (HTTP %d from %s)", e.StatusCode, e.URL)
		return b.String()
	case KindService:
		if e.JobID != "" {
			fmt.Fprintf(&b, "job %s ended in phase %s: ", e.JobID, e.Phase)
		} else if e.Phase != "" {
			fmt.Fprintf(&b, "job ended in phase %s: ", e.Phase)
		}
		if e.Message != "" {
			b.WriteString(e.Message)
		} else {
			b.WriteString("the service reported an error without a message")
		}
	case KindTimeout:
		b.WriteString("the service did not answer in time")
	case KindRefused:
		b.WriteString("connection refused: is the service URL right?")
	case KindNetwork:
		b.WriteString("network problem")
		if e.Err != nil {
			b.WriteString(": ")
			b.WriteString(e.Err.Error())
		}
	case KindCanceled:
		b.WriteString("cancelled")
	case KindProtocol:
		b.WriteString("the answer could not be read")
		if e.Message != "" {
			b.WriteString(": ")
			b.WriteString(e.Message)
		} else if e.Err != nil {
			b.WriteString(": ")
			b.WriteString(e.Err.Error())
		}
	default:
		if e.Message != "" {
			b.WriteString(e.Message)
		} else if e.Err != nil {
			b.WriteString(e.Err.Error())
		}
	}
	if e.URL != "" {
		fmt.Fprintf(&b, " (%s)", e.URL)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// KindOf returns the Kind of the *Error in err's chain, or 0.
func KindOf(err error) Kind {
	if e, ok := AsError(err); ok {
		return e.Kind
	}
	return 0
}

// IsCanceled reports whether err means the request was cancelled on purpose
// (so a UI can stay quiet about it).
func IsCanceled(err error) bool {
	return KindOf(err) == KindCanceled || errors.Is(err, context.Canceled)
}

// IsTimeout reports whether err is a timeout.
func IsTimeout(err error) bool { return KindOf(err) == KindTimeout }

// StatusCode returns the HTTP status carried by err, or 0.
func StatusCode(err error) int {
	if e, ok := AsError(err); ok {
		return e.StatusCode
	}
	return 0
}

// WithOp names the operation on err: it returns a copy of the *Error with Op
// set, or wraps any other error into an *Error. nil stays nil.
func WithOp(err error, op string) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*Error); ok {
		c := *e
		c.Op = op
		return &c
	}
	return Wrap(op, "", err)
}

// Wrap turns any error met while talking to rawURL (dialling, reading a body,
// a context that ended) into an *Error of the right Kind. An *Error passes
// through, getting op and URL if it had none.
func Wrap(op, rawURL string, err error) error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*Error); ok {
		c := *e
		if c.Op == "" {
			c.Op = op
		}
		if c.URL == "" {
			c.URL = Redact(rawURL)
		}
		return &c
	}
	// url.Error prints the full URL (with any password): keep only its cause.
	var ue *url.Error
	if errors.As(err, &ue) {
		if rawURL == "" {
			rawURL = ue.URL
		}
		err = ue.Err
	}
	return &Error{Op: op, URL: Redact(rawURL), Kind: classify(err), Err: err}
}

func classify(err error) Kind {
	switch {
	case errors.Is(err, context.Canceled):
		return KindCanceled
	case errors.Is(err, context.DeadlineExceeded):
		return KindTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return KindRefused
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return KindTimeout
	}
	return KindNetwork
}
