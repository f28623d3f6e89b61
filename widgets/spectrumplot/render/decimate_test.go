package render

import (
	"math"
	"testing"
)

func TestDecimateKeepsExtremesPerColumn(t *testing.T) {
	n := 100000
	x := make([]float64, n)
	y := make([]float64, n)
	for i := range x {
		x[i] = float64(i)
		y[i] = math.Sin(float64(i) * 0.37)
	}
	y[54321] = 7  // a spike
	y[77777] = -9 // a dip
	cols := 500
	d := Decimate(Decimated{}, x, y, Ascending, 0, float64(n-1), cols)
	if len(d.X) > 2*cols+4 {
		t.Fatalf("%d points for %d columns", len(d.X), cols)
	}
	var hasSpike, hasDip bool
	for i := range d.X {
		hasSpike = hasSpike || (d.X[i] == 54321 && d.Y[i] == 7)
		hasDip = hasDip || (d.X[i] == 77777 && d.Y[i] == -9)
		if i > 0 && d.X[i] < d.X[i-1] {
			t.Fatalf("x not in original order at %d", i)
		}
	}
	if !hasSpike || !hasDip {
		t.Errorf("extremes lost: spike %v dip %v", hasSpike, hasDip)
	}
}

func TestDecimateBreaksAtNaN(t *testing.T) {
	x := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}
	y := []float64{1, 2, 3, math.NaN(), math.NaN(), 5, 6, 7, 8, 9}
	// more columns than points: every point survives, plus one break
	d := Decimate(Decimated{}, x, y, Ascending, 0, 9, 100)
	if len(d.X) != 9 {
		t.Fatalf("got %d points: %v", len(d.X), d.Y)
	}
	if !math.IsNaN(d.Y[3]) || d.Y[2] != 3 || d.Y[4] != 5 {
		t.Errorf("gap not kept as a break: %v", d.Y)
	}
	// few columns: the gap still separates the two sides
	d = Decimate(Decimated{}, x, y, Ascending, 0, 9, 2)
	nan := 0
	for _, v := range d.Y {
		if math.IsNaN(v) {
			nan++
		}
	}
	if nan != 1 {
		t.Errorf("want one break, got %v", d.Y)
	}
}

func TestDecimateZoomUsesNeighbours(t *testing.T) {
	x := make([]float64, 1000)
	y := make([]float64, 1000)
	for i := range x {
		x[i] = float64(i)
		y[i] = float64(i % 7)
	}
	d := Decimate(Decimated{}, x, y, Ascending, 100.5, 110.5, 50)
	// points 101..110 plus the neighbours 100 and 111
	if d.X[0] != 100 || d.X[len(d.X)-1] != 111 || len(d.X) != 12 {
		t.Errorf("zoomed points %v", d.X)
	}
	// descending wavelengths give the same points, reversed
	rx := make([]float64, len(x))
	ry := make([]float64, len(y))
	for i := range x {
		rx[len(x)-1-i], ry[len(x)-1-i] = x[i], y[i]
	}
	if OrderOf(rx) != Descending {
		t.Fatal("order")
	}
	dd := Decimate(Decimated{}, rx, ry, Descending, 100.5, 110.5, 50)
	if len(dd.X) != 12 || dd.X[0] != 111 || dd.X[11] != 100 {
		t.Errorf("descending zoom %v", dd.X)
	}
	// unordered input is scanned whole and gives the same visible points
	du := Decimate(Decimated{}, x, y, Unordered, 100.5, 110.5, 50)
	inside := 0
	for _, v := range du.X {
		if v > 100.5 && v < 110.5 {
			inside++
		}
	}
	if inside != 10 {
		t.Errorf("unordered: %d inside, %v", inside, du.X)
	}
}

func TestDecimateBand(t *testing.T) {
	n := 10000
	x := make([]float64, n)
	y := make([]float64, n)
	e := make([]float64, n)
	for i := range x {
		x[i], y[i], e[i] = float64(i), 1, 0.1
	}
	e[5000] = 2
	y[7000] = math.NaN()
	b := DecimateBand(Band{}, x, y, e, Ascending, 0, float64(n-1), 100)
	if len(b.X) > 103 {
		t.Fatalf("%d band points", len(b.X))
	}
	var wide, gap bool
	for i := range b.X {
		wide = wide || b.Hi[i] == 3
		gap = gap || math.IsNaN(b.X[i])
	}
	if !wide || !gap {
		t.Errorf("band lost the wide error (%v) or the gap (%v)", wide, gap)
	}
}

func TestUnits(t *testing.T) {
	for _, c := range []struct {
		from, to string
		k        float64
	}{{"nm", "Angstrom", 10}, {"Angstrom", "nm", 0.1}, {"um", "nm", 1000}, {"0.1 nm", "micron", 1e-4}, {"m", "Angstrom", 1e10}} {
		v, err := convertWave([]float64{2}, c.from, c.to)
		if err != nil || math.Abs(v[0]-2*c.k)/(2*c.k) > 1e-12 {
			t.Errorf("%s->%s: %v %v", c.from, c.to, v, err)
		}
	}
	if _, err := convertWave([]float64{1}, "Hz", "nm"); err == nil {
		t.Error("Hz to nm should fail")
	}
	if u, ok := CanonicalXUnit("Å"); !ok || u != UnitAngstrom {
		t.Errorf("Å -> %q", u)
	}
}

func BenchmarkDecimate300k(b *testing.B) {
	s := synth(300000, 300, 1000)
	var d Decimated
	b.ReportAllocs()
	for b.Loop() {
		d = Decimate(d, s.Wave, s.Flux, Ascending, 300, 1000, 1200)
	}
}
