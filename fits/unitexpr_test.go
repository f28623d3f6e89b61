package fits

import (
	"bytes"
	"encoding/json"
	"math"
	"os/exec"
	"strings"
	"testing"
)

func TestPrettyUnit(t *testing.T) {
	cases := map[string]string{
		// ESO SDP and the testbed
		"erg cm**(-2) s**(-1) angstrom**(-1)": "erg cm⁻² s⁻¹ Å⁻¹",
		"erg s**(-1) cm**(-2) nm**(-1)":       "erg s⁻¹ cm⁻² nm⁻¹",
		// slashes divide by the next term only
		"erg/s/cm2/Angstrom": "erg s⁻¹ cm⁻² Å⁻¹",
		"erg/s/cm2/A":        "erg s⁻¹ cm⁻² Å⁻¹",
		"erg/(s cm2 A)":      "erg s⁻¹ cm⁻² Å⁻¹",
		"ERG/CM2/S/A":        "erg cm⁻² s⁻¹ Å⁻¹",
		// VOUnit and caret powers
		"erg.s**-1.cm**-2.Angstrom**-1": "erg s⁻¹ cm⁻² Å⁻¹",
		"W.m**-2.um**-1":                "W m⁻² µm⁻¹",
		"erg cm^-2 s^-1 A^-1":           "erg cm⁻² s⁻¹ Å⁻¹",
		"W m-2 nm-1":                    "W m⁻² nm⁻¹",
		"W/m^2/micron":                  "W m⁻² µm⁻¹",
		// scale factors
		"10**(-17) erg/s/cm2/Angstrom": "×10⁻¹⁷ erg s⁻¹ cm⁻² Å⁻¹",
		"1e-17 erg/s/cm2/Angstrom":     "×10⁻¹⁷ erg s⁻¹ cm⁻² Å⁻¹",
		"1E-16 erg s^-1 cm^-2 A^-1":    "×10⁻¹⁶ erg s⁻¹ cm⁻² Å⁻¹",
		"2.5e-17 W m-2 nm-1":           "2.5×10⁻¹⁷ W m⁻² nm⁻¹",
		"10^-17 erg/s/cm^2/Å":          "×10⁻¹⁷ erg s⁻¹ cm⁻² Å⁻¹",
		// wavelength units, and what it does not know keeps its spelling
		"angstrom": "Å", "um": "µm", "micron": "µm", "nm": "nm", "Hz": "Hz", "mJy": "mJy",
		"adu": "adu", "ct/s": "ct s⁻¹", "photon/s/cm2/A": "photon s⁻¹ cm⁻² Å⁻¹",
		// already pretty: unchanged
		"erg cm⁻² s⁻¹ Å⁻¹": "erg cm⁻² s⁻¹ Å⁻¹",
		// unreadable or empty: as it is
		"": "", "relative": "relative", "erg//s": "erg//s", "[erg/s]": "erg s⁻¹", "log(erg)": "log(erg)",
	}
	for in, want := range cases {
		if got := PrettyUnit(in); got != want {
			t.Errorf("PrettyUnit(%q) = %q, want %q", in, got, want)
		}
	}
}

// unitPairs are conversions with the same quantity written for astropy
// (which reads "A" as the ampere, hence Angstrom there).
var unitPairs = []struct {
	from, to           string
	astroFrom, astroTo string
	factor             float64
	convertible        bool
}{
	{"erg s**(-1) cm**(-2) nm**(-1)", "erg cm**(-2) s**(-1) angstrom**(-1)", "erg s-1 cm-2 nm-1", "erg cm-2 s-1 Angstrom-1", 0.1, true},
	{"erg cm**(-2) s**(-1) angstrom**(-1)", "erg s**(-1) cm**(-2) nm**(-1)", "erg cm-2 s-1 Angstrom-1", "erg s-1 cm-2 nm-1", 10, true},
	{"erg/s/cm2/A", "W m-2 nm-1", "erg s-1 cm-2 Angstrom-1", "W m-2 nm-1", 0.01, true},
	{"W.m**-2.um**-1", "W m-2 nm-1", "W m-2 um-1", "W m-2 nm-1", 1e-3, true},
	{"W m-2 um-1", "erg/s/cm2/Angstrom", "W m-2 um-1", "erg s-1 cm-2 Angstrom-1", 0.1, true},
	{"1e-17 erg/s/cm2/Angstrom", "erg/s/cm2/Angstrom", "1e-17 erg s-1 cm-2 Angstrom-1", "erg s-1 cm-2 Angstrom-1", 1e-17, true},
	{"10**(-17) erg/s/cm2/Angstrom", "W m-2 nm-1", "1e-17 erg s-1 cm-2 Angstrom-1", "W m-2 nm-1", 1e-19, true},
	{"mJy", "Jy", "mJy", "Jy", 1e-3, true},
	{"Jy", "erg s-1 cm-2 Hz-1", "Jy", "erg s-1 cm-2 Hz-1", 1e-23, true},
	// F_nu and F_lambda need the wavelength: a later issue
	{"Jy", "erg/s/cm2/A", "Jy", "erg s-1 cm-2 Angstrom-1", 0, false},
	{"erg/s/cm2/Hz", "erg/s/cm2/A", "erg s-1 cm-2 Hz-1", "erg s-1 cm-2 Angstrom-1", 0, false},
	// a flux and an energy are different things
	{"erg/s/cm2", "erg/s/cm2/A", "erg s-1 cm-2", "erg s-1 cm-2 Angstrom-1", 0, false},
}

func TestUnitFactor(t *testing.T) {
	for _, c := range unitPairs {
		k, ok := UnitFactor(c.from, c.to)
		if ok != c.convertible || (ok && k != c.factor) {
			t.Errorf("UnitFactor(%q, %q) = %v, %v; want %v, %v", c.from, c.to, k, ok, c.factor, c.convertible)
		}
	}
	// counts, relative fluxes and no unit never convert to a physical one …
	for _, pair := range [][2]string{{"adu", "erg/s/cm2/A"}, {"", "erg/s/cm2/A"}, {"relative", ""}, {"MJy", "mJy"}, {"ADU", "adu"}} {
		if _, ok := UnitFactor(pair[0], pair[1]); ok {
			t.Errorf("UnitFactor(%q, %q) converts", pair[0], pair[1])
		}
	}
	// … but a unit is itself, whatever it is
	for _, u := range []string{"", "adu", "relative", "erg  cm**(-2) s**(-1) angstrom**(-1)"} {
		if k, ok := UnitFactor(u, strings.Join(strings.Fields(u), " ")); !ok || k != 1 {
			t.Errorf("UnitFactor(%q, itself) = %v, %v", u, k, ok)
		}
	}
}

// TestUnitFactorMatchesAstropy checks every factor (and every refusal)
// against astropy.units.
func TestUnitFactorMatchesAstropy(t *testing.T) {
	needAstropy(t)
	type pair struct{ From, To string }
	var pairs []pair
	for _, c := range unitPairs {
		pairs = append(pairs, pair{c.astroFrom, c.astroTo})
	}
	in, _ := json.Marshal(pairs)
	script := `
import json, sys
import astropy.units as u
out = []
for p in json.load(sys.stdin):
    try:
        out.append(u.Unit(p["From"]).to(u.Unit(p["To"])))
    except u.UnitConversionError:
        out.append(None)
json.dump(out, sys.stdout)
`
	cmd := exec.Command(python, "-c", script)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("astropy: %v\n%s", err, stderr.String())
	}
	var want []*float64
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for i, c := range unitPairs {
		k, ok := UnitFactor(c.from, c.to)
		switch {
		case want[i] == nil && ok:
			t.Errorf("%s → %s: we convert (×%v), astropy refuses", c.from, c.to, k)
		case want[i] != nil && !ok:
			t.Errorf("%s → %s: astropy converts (×%v), we refuse", c.from, c.to, *want[i])
		case want[i] != nil && math.Abs(k-*want[i]) > 1e-12*math.Abs(*want[i]):
			t.Errorf("%s → %s: ×%v, astropy ×%v", c.from, c.to, k, *want[i])
		}
	}
}

func TestAngstromAssumedOnlyWhenPlausible(t *testing.T) {
	flux := make([]float32, 100)
	for i := range flux {
		flux[i] = 1
	}
	table := func(lo, step float64) []byte {
		wave := make([]float64, 100)
		for i := range wave {
			wave[i] = lo + step*float64(i)
		}
		return sdpFile("SPECTRUM V2.0", []tcolumn{
			{name: "WAVE", form: "100D", ucd: "em.wl", utype: "spec:Data.SpectralAxis.Value", values: wave},
			{name: "FLUX", form: "100E", unit: "erg/s/cm2/A", ucd: "phot.flux.density", utype: "spec:Data.FluxAxis.Value", values: flux},
		})
	}
	cases := []struct {
		name    string
		file    []byte
		unit    string
		assumed bool
	}{
		{"table 4000-5000 without unit", table(4000, 10), UnitAngstrom, true},
		{"table 300-400 without unit (nm?)", table(300, 1), "", false},
		{"image without CUNIT1", image1D(-32, flux, kv{"CRVAL1", 6000.0}, kv{"CDELT1", 1.0}, kv{"CTYPE1", "LINEAR"}), UnitAngstrom, true},
		{"image of pixel numbers", image1D(-32, flux, kv{"CRVAL1", 1.0}, kv{"CDELT1", 1.0}), "", false},
		{"image in nm", image1D(-32, flux, kv{"CRVAL1", 6000.0}, kv{"CDELT1", 1.0}, kv{"CUNIT1", "nm"}), UnitNM, false},
	}
	for _, c := range cases {
		s := mustRead(t, c.file, c.name)
		if s.WaveUnit != c.unit || s.WaveUnitAssumed != c.assumed || s.Axis != "wavelength" {
			t.Errorf("%s: unit %q assumed %v axis %q; want %q %v", c.name, s.WaveUnit, s.WaveUnitAssumed, s.Axis, c.unit, c.assumed)
		}
	}
}
