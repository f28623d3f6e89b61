package gridlabel

import "testing"

// TestGridLabels: RA in hours/minutes/seconds of time and Dec in
// sexagesimal degrees, as precise as the step.
func TestGridLabels(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{RA(83.625, 150.0/3600), "5h34m30s"},
		{RA(90, 15.0/60), "6h00m"},
		{RA(-15, 15), "23h"},
		{Dec(-5.25, 5.0/60), "-5:15"},
		{Dec(-5.2583333, 10.0/3600), "-5:15:30"},
		{Dec(30, 5), "+30"},
	} {
		if c.got != c.want {
			t.Errorf("label %q, want %q", c.got, c.want)
		}
	}
}

// Step: the smallest candidate with at most six parts across the span.
func TestStep(t *testing.T) {
	if s := Step(1, DecSteps); s != 10.0/60 {
		t.Errorf("1 degree: step %v, want 10 arcmin", s)
	}
	if s := Step(1000, DecSteps); s != 45 {
		t.Errorf("beyond the candidates: %v, want the largest", s)
	}
}
