package dal

import (
	"fmt"
	"math"
)

// invalidError is a mistake in a request found before anything is sent.
// It wraps the protocol's sentinel (sia.ErrInvalidQuery, ...), so callers
// tell it from what a service answered.
type invalidError struct {
	kind error
	msg  string
}

func (e *invalidError) Error() string { return e.msg }
func (e *invalidError) Unwrap() error { return e.kind }

// Invalid is an error about the request itself, with the message and
// wrapping kind.
func Invalid(kind error, format string, a ...any) error {
	return &invalidError{kind: kind, msg: fmt.Sprintf(format, a...)}
}

// Finite reports whether every v is a number (no NaN or infinity).
func Finite(v ...float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}
