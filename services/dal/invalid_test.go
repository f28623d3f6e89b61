package dal

import (
	"errors"
	"math"
	"testing"
)

func TestInvalidWrapsItsKind(t *testing.T) {
	kind := errors.New("invalid test query")
	err := Invalid(kind, "RA must be between 0 and 360 degrees, got %v", 400)
	if !errors.Is(err, kind) || err.Error() != "RA must be between 0 and 360 degrees, got 400" {
		t.Errorf("%v (wraps kind: %v)", err, errors.Is(err, kind))
	}
	if !Finite(1, -2, 0) || Finite(1, math.NaN()) || Finite(math.Inf(-1)) {
		t.Error("Finite")
	}
}
