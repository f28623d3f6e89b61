package fits

import (
	"fmt"
	"math"
	"strings"
)

// Spectral-axis units the plot can convert between. NormalizeUnit maps the
// many spellings found in files onto these names.
const (
	UnitAngstrom = "Angstrom"
	UnitNM       = "nm"
	UnitUM       = "um"
	UnitMM       = "mm"
	UnitCM       = "cm"
	UnitM        = "m"
	UnitHz       = "Hz"
	UnitKHz      = "kHz"
	UnitMHz      = "MHz"
	UnitGHz      = "GHz"
	UnitEV       = "eV"
	UnitKeV      = "keV"
)

// metres per unit for wavelengths, Hz per unit for frequencies, eV per unit
// for energies.
var unitScale = map[string]struct {
	axis  string
	scale float64
}{
	UnitAngstrom: {"wavelength", 1e-10},
	UnitNM:       {"wavelength", 1e-9},
	UnitUM:       {"wavelength", 1e-6},
	UnitMM:       {"wavelength", 1e-3},
	UnitCM:       {"wavelength", 1e-2},
	UnitM:        {"wavelength", 1},
	UnitHz:       {"frequency", 1},
	UnitKHz:      {"frequency", 1e3},
	UnitMHz:      {"frequency", 1e6},
	UnitGHz:      {"frequency", 1e9},
	UnitEV:       {"energy", 1},
	UnitKeV:      {"energy", 1e3},
}

var unitSpellings = map[string]string{
	"angstrom": UnitAngstrom, "angstroms": UnitAngstrom, "angstroem": UnitAngstrom,
	"angstroems": UnitAngstrom, "a": UnitAngstrom, "aa": UnitAngstrom, "å": UnitAngstrom,
	"ang": UnitAngstrom, "0.1nm": UnitAngstrom, "1e-10m": UnitAngstrom, "10**(-10)m": UnitAngstrom,
	"nm": UnitNM, "nanometer": UnitNM, "nanometers": UnitNM, "nanometre": UnitNM, "1e-9m": UnitNM,
	"um": UnitUM, "micron": UnitUM, "microns": UnitUM, "micrometer": UnitUM, "micrometers": UnitUM,
	"micrometre": UnitUM, "µm": UnitUM, "μm": UnitUM, "mum": UnitUM, "1e-6m": UnitUM,
	"mm": UnitMM, "cm": UnitCM,
	"m": UnitM, "meter": UnitM, "meters": UnitM, "metre": UnitM,
	"hz": UnitHz, "khz": UnitKHz, "mhz": UnitMHz, "ghz": UnitGHz,
	"ev": UnitEV, "kev": UnitKeV,
}

// NormalizeUnit returns the canonical name of a spectral unit ("nm",
// "Angstrom", "um", ...) for the spellings files use ("NM", "angstroms",
// "Angstroem", "0.1 nm", "micron", ...), or "" when it is not a known
// spectral unit. Case matters only to tell "mHz" apart from "MHz", which no
// spectrum uses, so it is ignored.
func NormalizeUnit(u string) string {
	s := strings.ToLower(strings.TrimSpace(u))
	s = strings.ReplaceAll(s, " ", "")
	s = strings.Trim(s, "[]")
	if c, ok := unitSpellings[s]; ok {
		return c
	}
	return ""
}

// UnitAxis says which kind of axis a spectral unit measures: "wavelength",
// "frequency", "energy", or "" when unknown.
func UnitAxis(u string) string {
	return unitScale[NormalizeUnit(u)].axis
}

// ConvertWave converts spectral coordinates between units of the same kind
// (wavelength to wavelength, frequency to frequency, energy to energy). It
// returns a new slice; NaN stays NaN.
func ConvertWave(values []float64, from, to string) ([]float64, error) {
	f, t := NormalizeUnit(from), NormalizeUnit(to)
	if f == "" {
		return nil, fmt.Errorf("unknown spectral unit %q", from)
	}
	if t == "" {
		return nil, fmt.Errorf("unknown spectral unit %q", to)
	}
	fs, ts := unitScale[f], unitScale[t]
	if fs.axis != ts.axis {
		return nil, fmt.Errorf("cannot convert %s (%s) to %s (%s)", from, fs.axis, to, ts.axis)
	}
	out := make([]float64, len(values))
	if f == t {
		copy(out, values)
		return out, nil
	}
	k := fs.scale / ts.scale
	for i, v := range values {
		out[i] = v * k
	}
	return out, nil
}

// Wavelengths between these values, with no unit in the file, are taken as
// Ångström: optical and near-infrared spectra in Å fall there, while nm
// (300–2500) and µm (0.3–5) do not start as high.
const (
	assumeAngstromMin = 1000
	assumeAngstromMax = 100000
)

// assumeWaveUnit gives a wavelength axis without a unit Ångström, and says
// it was assumed, when its values are plausible for Å; otherwise the unit
// stays unknown ("").
func assumeWaveUnit(s *Spectrum) {
	if s.WaveUnit != "" || (s.Axis != "" && s.Axis != "wavelength") {
		return
	}
	lo, hi, found := math.Inf(1), math.Inf(-1), false
	for _, w := range s.Wave {
		if !math.IsNaN(w) && !math.IsInf(w, 0) {
			lo, hi, found = math.Min(lo, w), math.Max(hi, w), true
		}
	}
	if found && lo >= assumeAngstromMin && hi <= assumeAngstromMax {
		s.WaveUnit, s.WaveUnitAssumed, s.Axis = UnitAngstrom, true, "wavelength"
	}
}
