package plotticks

import (
	"strings"
	"testing"
)

func labels(min, max float64) string {
	var l []string
	for _, t := range (Nice{}).Ticks(min, max) {
		if t.Label != "" {
			l = append(l, t.Label)
		}
	}
	return strings.Join(l, " ")
}

func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		min, max float64
		want     string
	}{
		{-2.4095e-17, 2.38616e-15, "0 5e-16 1e-15 1.5e-15 2e-15"},
		{300, 2480, "500 1000 1500 2000"},
		{6400, 6700, "6400 6450 6500 6550 6600 6650 6700"},
		{0.9, 1.2, "0.9 0.95 1 1.05 1.1 1.15 1.2"},
		{656.28, 656.31, "656.28 656.285 656.29 656.295 656.3 656.305 656.31"},
	} {
		if got := labels(c.min, c.max); got != c.want {
			t.Errorf("%v..%v: %q, want %q", c.min, c.max, got, c.want)
		}
	}
}
