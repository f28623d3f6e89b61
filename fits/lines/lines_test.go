package lines

import (
	"math"
	"strings"
	"testing"
)

// TestBuiltinAirVacuum: every built-in line's air and vacuum wavelengths
// agree with the IAU conversion (Morton 1991), both ways.
func TestBuiltinAirVacuum(t *testing.T) {
	lists := Builtin()
	if len(lists) < 6 {
		t.Fatalf("%d lists", len(lists))
	}
	for _, l := range lists {
		for _, ln := range l.Lines {
			if math.Abs(VacuumToAir(ln.Vacuum)-ln.Air) > 1e-16 || math.Abs(AirToVacuum(ln.Air)-ln.Vacuum) > 1e-16 {
				t.Errorf("%s %s: vacuum %g air %g", l.Name, ln.Name, ln.Vacuum, ln.Air)
			}
			if ln.Kind == "telluric" && !ln.IsBand() {
				t.Errorf("%s: a telluric band without extent", ln.Name)
			}
		}
	}
}

// TestNIST: air wavelengths computed from our vacuum values match the air
// values of the NIST Atomic Spectra Database to 0.02 Å:
// Hα 6562.79 Å (H I, NIST ASD), [O III] 5006.843 Å, Na I D2 5889.950 Å,
// Ca II K 3933.663 Å.
func TestNIST(t *testing.T) {
	want := map[string]float64{"Hα": 6562.79, "[O III] 5007": 5006.843, "Na D2": 5889.950, "Ca II K": 3933.663}
	found := 0
	for _, l := range Builtin() {
		for _, ln := range l.Lines {
			if w, ok := want[ln.Name]; ok {
				found++
				if math.Abs(ln.Air*1e10-w) > 0.02 {
					t.Errorf("%s: air %.3f Å, NIST %.3f", ln.Name, ln.Air*1e10, w)
				}
			}
		}
	}
	if found < 4 {
		t.Errorf("found %d of the NIST lines", found)
	}
}

func TestReadCSV(t *testing.T) {
	l, err := ReadCSV(strings.NewReader("# my lines\nname,wavelength (nm),air,kind\nHα,656.279,yes,emission\nX,500,no,absorption\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Lines) != 2 || math.Abs(l.Lines[0].Air-656.279e-9) > 1e-18 || math.Abs(l.Lines[0].Vacuum-6564.6e-10) > 0.02e-10 || l.Lines[1].Kind != "absorption" || math.Abs(l.Lines[1].Vacuum-500e-9) > 1e-18 {
		t.Errorf("%+v", l)
	}
	l, err = ReadCSV(strings.NewReader("line,wave,unit\nA,1.2,um\nB,12000,Angstrom\n"))
	if err != nil || math.Abs(l.Lines[0].Vacuum-l.Lines[1].Vacuum) > 1e-18 {
		t.Errorf("%+v %v", l, err)
	}
	for in, msg := range map[string]string{
		"":                                   "empty",
		"name,wavelength\nA,5\n":             "line 1: the header gives no wavelength unit",
		"wavelength_A\n5\n":                  "no name column",
		"name,flux\nA,5\n":                   "no wavelength column",
		"name,wavelength_A\nA,abc\n":         "line 2: A: wavelength: \"abc\" is not a number",
		"name,wavelength_A\nA,5\nB,6,7\n":    "line 3: 3 fields",
		"name,wavelength_parsec\nA,5\n":      "not a wavelength unit",
		"name,wavelength_A,air\nA,5,maybe\n": "line 2: A: \"maybe\" does not say air or vacuum",
		"name,wavelength_A\n":                "no lines",
	} {
		_, err := ReadCSV(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%q: error %v, want %q", in, err, msg)
		}
	}
}

func TestRedshiftVelocity(t *testing.T) {
	for _, z := range []float64{0, 0.001, 0.5, 3.2} {
		o := Observed(6564.61e-10, z)
		if math.Abs(Redshift(o, 6564.61e-10)-z) > 1e-12 {
			t.Errorf("z %g round trip: %g", z, Redshift(o, 6564.61e-10))
		}
		if math.Abs(VelocityToZ(ZToVelocity(z))-z) > 1e-12 {
			t.Errorf("z %g velocity round trip", z)
		}
	}
	// Relativistic: 0.6c gives 1+z = 2 exactly.
	if math.Abs(VelocityToZ(0.6*speedOfLight)-1) > 1e-12 {
		t.Errorf("0.6c: z = %g", VelocityToZ(0.6*speedOfLight))
	}
}
