package fits

import (
	"math"
	"testing"
)

func TestNormalizeUnit(t *testing.T) {
	cases := map[string]string{
		"nm": UnitNM, "NM": UnitNM, "nanometer": UnitNM,
		"Angstrom": UnitAngstrom, "angstrom": UnitAngstrom, "Angstroem": UnitAngstrom, "ANGSTROMS": UnitAngstrom,
		"A": UnitAngstrom, "0.1 nm": UnitAngstrom, "1e-10 m": UnitAngstrom, "Å": UnitAngstrom,
		"um": UnitUM, "micron": UnitUM, "Microns": UnitUM, "µm": UnitUM,
		"m": UnitM, "cm": UnitCM, "Hz": UnitHz, "GHz": UnitGHz, "keV": UnitKeV,
		"": "", "adu": "", "erg/s/cm2/A": "",
	}
	for in, want := range cases {
		if got := NormalizeUnit(in); got != want {
			t.Errorf("NormalizeUnit(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConvertWave(t *testing.T) {
	in := []float64{500, math.NaN(), 1000}
	cases := []struct {
		from, to string
		want     []float64
	}{
		{"nm", "Angstrom", []float64{5000, math.NaN(), 10000}},
		{"NM", "um", []float64{0.5, math.NaN(), 1}},
		{"nm", "m", []float64{5e-7, math.NaN(), 1e-6}},
		{"nm", "cm", []float64{5e-5, math.NaN(), 1e-4}},
		{"Angstroem", "0.1 nm", []float64{500, math.NaN(), 1000}},
		{"micron", "nm", []float64{500000, math.NaN(), 1000000}},
		{"GHz", "Hz", []float64{5e11, math.NaN(), 1e12}},
	}
	for _, c := range cases {
		got, err := ConvertWave(in, c.from, c.to)
		if err != nil {
			t.Fatalf("%s->%s: %v", c.from, c.to, err)
		}
		for i := range got {
			if math.IsNaN(c.want[i]) != math.IsNaN(got[i]) || (!math.IsNaN(got[i]) && math.Abs(got[i]-c.want[i]) > 1e-12*math.Abs(c.want[i])) {
				t.Errorf("%s->%s [%d] = %v, want %v", c.from, c.to, i, got[i], c.want[i])
			}
		}
	}
	if in[0] != 500 {
		t.Error("input modified")
	}
	for _, bad := range [][2]string{{"nm", "Hz"}, {"adu", "nm"}, {"nm", "parsec"}} {
		if _, err := ConvertWave(in, bad[0], bad[1]); err == nil {
			t.Errorf("%s->%s: no error", bad[0], bad[1])
		}
	}
}
