package measure

import (
	"encoding/json"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"testing"

	"esodesk/fits"
	"esodesk/internal/fixtures"
)

// gaussLine samples c0 + c1(x - 5000) + a·exp(-(x-mu)²/2σ²) on a fine grid.
func gaussLine(a, mu, sigma, c0, c1, noise float64, seed int64) (x, y, e []float64) {
	rng := rand.New(rand.NewSource(seed))
	for v := 4900.0; v <= 5100; v += 0.05 {
		x = append(x, v)
		f := c0 + c1*(v-5000) + a*math.Exp(-sq(v-mu)/(2*sigma*sigma))
		if noise > 0 {
			f += noise * rng.NormFloat64()
			e = append(e, noise)
		}
		y = append(y, f)
	}
	return
}

func near(t *testing.T, what string, got, want, rel float64) {
	t.Helper()
	if math.Abs(got-want) > rel*math.Abs(want) {
		t.Errorf("%s = %.10g, want %.10g (within %g)", what, got, want, rel)
	}
}

// TestMeasureAnalytic: noiseless Gaussians, emission and absorption, on a
// flat and a sloped continuum, give the analytic line flux a·σ√(2π), EW
// (flat continuum: -flux/c0), centroid mu and FWHM 2√(2 ln2)σ to 0.1%.
func TestMeasureAnalytic(t *testing.T) {
	for _, c := range []struct {
		name             string
		a, slope         float64
		continuumOptions Options
	}{
		{"emission flat", 40, 0, Options{}},
		{"absorption flat", -60, 0, Options{}},
		{"emission sloped, side bands", 40, 0.2, Options{Continuum: []Range{{4950, 4970}, {5030, 5050}}}},
		{"absorption sloped, end points", -60, -0.2, Options{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			const mu, sigma, c0 = 5001.3, 2.5, 100.0
			x, y, _ := gaussLine(c.a, mu, sigma, c0, c.slope, 0, 0)
			r, err := Measure(x, y, nil, Range{4975, 5025}, c.continuumOptions)
			if err != nil {
				t.Fatal(err)
			}
			flux := c.a * sigma * math.Sqrt(2*math.Pi)
			near(t, "line flux", r.LineFlux, flux, 1e-3)
			cAt := c0 + c.slope*(mu-5000)
			near(t, "continuum", r.Continuum, cAt, 1e-3)
			if c.slope == 0 {
				near(t, "EW", r.EquivalentWidth, -flux/c0, 1e-3)
			} else {
				// On a slope: EW = ∫ -aG/C dx; C varies by < 1% over the line.
				near(t, "EW", r.EquivalentWidth, -flux/cAt, 2e-3)
			}
			near(t, "centroid", r.Centroid, mu, 1e-6)
			near(t, "FWHM", r.FWHM, gaussFWHM*sigma, 1e-3)
			near(t, "FWHM (Gaussian fit)", r.FWHMGauss, gaussFWHM*sigma, 1e-3)
		})
	}
}

// TestMeasureNoise: with noise, the values scatter around the truth by
// about their propagated errors (5σ), and S/N is the median F/err.
func TestMeasureNoise(t *testing.T) {
	const a, mu, sigma, c0, noise = 30.0, 5000.0, 3.0, 100.0, 1.0
	x, y, e := gaussLine(a, mu, sigma, c0, 0, noise, 7)
	r, err := Measure(x, y, e, Range{4980, 5020}, Options{Continuum: []Range{{4920, 4975}, {5025, 5080}}})
	if err != nil {
		t.Fatal(err)
	}
	flux := a * sigma * math.Sqrt(2*math.Pi)
	if r.LineFluxErr <= 0 || math.Abs(r.LineFlux-flux) > 5*r.LineFluxErr+0.01*flux {
		t.Errorf("line flux %g ± %g, want %g", r.LineFlux, r.LineFluxErr, flux)
	}
	if r.EWErr <= 0 || math.Abs(r.EquivalentWidth+flux/c0) > 5*r.EWErr+0.01*flux/c0 {
		t.Errorf("EW %g ± %g, want %g", r.EquivalentWidth, r.EWErr, -flux/c0)
	}
	if r.CentroidErr <= 0 || math.Abs(r.Centroid-mu) > 5*r.CentroidErr {
		t.Errorf("centroid %g ± %g, want %g", r.Centroid, r.CentroidErr, mu)
	}
	near(t, "FWHM (Gaussian fit)", r.FWHMGauss, gaussFWHM*sigma, 0.03)
	if r.SNR < 95 || r.SNR > 115 {
		t.Errorf("S/N = %g, want about 100-ish (median F/err)", r.SNR)
	}
	// Without errors: the continuum over the side-band scatter (≈ c0/noise).
	r2, _ := Measure(x, y, nil, Range{4980, 5020}, Options{Continuum: []Range{{4920, 4975}, {5025, 5080}}})
	near(t, "S/N from side bands", r2.SNR, c0/noise, 0.1)
}

func TestMeasureErrors(t *testing.T) {
	x, y, _ := gaussLine(10, 5000, 2, 100, 0, 0, 0)
	for name, f := range map[string]func() error{
		"reversed range": func() error { _, err := Measure(x, y, nil, Range{5010, 4990}, Options{}); return err },
		"outside":        func() error { _, err := Measure(x, y, nil, Range{6000, 6010}, Options{}); return err },
		"empty bands": func() error {
			_, err := Measure(x, y, nil, Range{4990, 5010}, Options{Continuum: []Range{{7000, 7001}}})
			return err
		},
		"lengths": func() error { _, err := Measure(x, y[:3], nil, Range{4990, 5010}, Options{}); return err },
	} {
		if err := f(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestFitRecovers: LM recovers the parameters of noiseless Gaussian and
// Lorentzian profiles from a rough start.
func TestFitRecovers(t *testing.T) {
	var x, g, l []float64
	want := []Profile{
		{Kind: "gaussian", Amplitude: -42, Center: 6564.6, Sigma: 1.7, Continuum: 12},
		{Kind: "lorentzian", Amplitude: 17, Center: 6563.1, Gamma: 0.9, Continuum: 3},
	}
	for v := 6540.0; v < 6590; v += 0.1 {
		x, g, l = append(x, v), append(g, want[0].At(v)), append(l, want[1].At(v))
	}
	for i, y := range [][]float64{g, l} {
		p, err := Fit(x, y, Range{6540, 6590}, want[i].Kind)
		if err != nil {
			t.Fatal(err)
		}
		w := want[i]
		near(t, w.Kind+" amplitude", p.Amplitude, w.Amplitude, 1e-6)
		near(t, w.Kind+" center", p.Center, w.Center, 1e-9)
		near(t, w.Kind+" width", p.Sigma+p.Gamma, w.Sigma+w.Gamma, 1e-6)
		near(t, w.Kind+" continuum", p.Continuum, w.Continuum, 1e-6)
	}
	if _, err := Fit(x, g, Range{6540, 6590}, "voigt"); err == nil {
		t.Error("voigt: no error")
	}
}

func TestSmoothNaNAndRebin(t *testing.T) {
	y := []float64{1, 2, 3, math.NaN(), 5, 6, 7}
	for _, k := range []string{"boxcar", "gaussian", "savgol2", "savgol3"} {
		s, err := Smooth(y, k, 5)
		if err != nil {
			t.Fatal(k, err)
		}
		if !math.IsNaN(s[3]) {
			t.Errorf("%s: the NaN pixel became %g", k, s[3])
		}
		for i, v := range s {
			if i != 3 && math.IsNaN(v) {
				t.Errorf("%s: NaN spread to pixel %d", k, i)
			}
		}
	}
	// A straight line survives every smoothing (the NaN left out).
	for _, k := range []string{"boxcar", "savgol2", "savgol3"} {
		s, _ := Smooth([]float64{1, 2, 3, math.NaN(), 5, 6, 7, 8, 9}, k, 3)
		for i, v := range s {
			if i != 3 && math.Abs(v-float64(i+1)) > 1e-12 && !(k == "boxcar" && (i == 0 || i == 8 || i == 2 || i == 4)) {
				t.Errorf("%s: pixel %d = %g, want %d", k, i, v, i+1)
			}
		}
	}
	if _, err := Smooth(y, "savgol3", 4); err == nil {
		t.Error("even savgol width: no error")
	}
	if _, err := Smooth(y, "median", 3); err == nil {
		t.Error("unknown kind: no error")
	}
	x, r := Rebin([]float64{1, 2, 3, 4, 5}, []float64{2, math.NaN(), 6, 8, 10}, 2)
	if len(x) != 3 || x[0] != 1.5 || r[0] != 2 || r[1] != 7 || x[2] != 5 || r[2] != 10 {
		t.Errorf("Rebin = %v, %v", x, r)
	}
}

// TestSavgolMatchesScipy: on NaN-free data our Savitzky–Golay equals
// scipy.signal.savgol_filter (mode="interp") for orders 2 and 3.
func TestSavgolMatchesScipy(t *testing.T) {
	py := python(t, "import scipy.signal")
	rng := rand.New(rand.NewSource(3))
	y := make([]float64, 60)
	for i := range y {
		y[i] = math.Sin(float64(i)/5) + 0.3*rng.NormFloat64()
	}
	in, _ := json.Marshal(y)
	out, err := exec.Command(py, "-c", `
import json, sys, numpy as np
from scipy.signal import savgol_filter
y = np.array(json.loads(sys.argv[1]))
json.dump([savgol_filter(y, 7, 2).tolist(), savgol_filter(y, 9, 3).tolist()], sys.stdout)`, string(in)).Output()
	if err != nil {
		t.Fatal(err)
	}
	var want [2][]float64
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for k, c := range []struct {
		kind  string
		width int
	}{{"savgol2", 7}, {"savgol3", 9}} {
		got, _ := Smooth(y, c.kind, c.width)
		for i := range got {
			if math.Abs(got[i]-want[k][i]) > 1e-9 {
				t.Fatalf("%s pixel %d: %g, scipy %g", c.kind, i, got[i], want[k][i])
			}
		}
	}
}

func python(t *testing.T, imports string) string {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("no " + py)
	}
	if err := exec.Command(py, "-c", imports).Run(); err != nil {
		t.Skipf("%s cannot %q (apt install python3-specutils python3-scipy): %v", py, imports, err)
	}
	return py
}

// specutilsScript measures the X-Shooter spectrum with specutils 1.9
// (specutils.analysis). Like with like: the continuum is ours by
// definition (a straight line fitted to the side bands, here with
// numpy.polyfit, not our code), then
//   - equivalent_width on F/C (specutils' documented use: a continuum-
//     normalised spectrum, continuum=1);
//   - line_flux and centroid on F - C (specutils integrates and weights the
//     flux it is given; we subtract the continuum first);
//   - fwhm on ±(F - C), flipped for absorption: specutils takes the raw
//     flux's maximum, we take the continuum-subtracted bump's.
const specutilsScript = `
import json, sys, warnings
import numpy as np
import astropy.units as u
from astropy.io import fits
from specutils import Spectrum1D, SpectralRegion
from specutils.analysis import equivalent_width, line_flux, centroid, fwhm
warnings.simplefilter("ignore")
d = fits.open(sys.argv[1])[1].data
w = d["WAVE"][0].astype(float); f = d["FLUX"][0].astype(float)
out = []
for lo, hi, bands in json.loads(sys.argv[2]):
    m = np.zeros(len(w), bool)
    for a, b in bands:
        m |= (w >= a) & (w <= b)
    b1, b0 = np.polyfit(w[m], f[m], 1)
    c = b0 + b1 * w
    reg = SpectralRegion(lo * u.nm, hi * u.nm)
    unit = u.Unit("erg s-1 cm-2 nm-1")
    norm = Spectrum1D(flux=f / c * u.dimensionless_unscaled, spectral_axis=w * u.nm)
    sub = Spectrum1D(flux=(f - c) * unit, spectral_axis=w * u.nm)
    lf = line_flux(sub, regions=reg).value
    flip = Spectrum1D(flux=np.sign(lf) * (f - c) * unit, spectral_axis=w * u.nm)
    out.append({"ew": equivalent_width(norm, regions=reg).value, "flux": lf,
                "centroid": centroid(sub, regions=reg).value, "fwhm": fwhm(flip, regions=reg).value})
json.dump(out, sys.stdout)
`

// xshooterRanges are features in the XQ-100 NIR spectrum of BR J2349-3712
// (nm): two narrow absorption lines and a broad telluric-affected trough.
var xshooterRanges = []struct {
	r     Range
	bands []Range
}{
	{Range{1232.05, 1232.95}, []Range{{1231.0, 1231.9}, {1233.1, 1234.0}}},
	{Range{1171.15, 1172.05}, []Range{{1169.8, 1170.9}, {1172.3, 1173.4}}},
	{Range{1124.0, 1128.0}, []Range{{1120.0, 1123.5}, {1128.5, 1132.0}}},
}

// TestMeasureMatchesSpecutils: on the real X-Shooter spectrum our EW, line
// flux, centroid and FWHM agree with specutils' within 1%.
func TestMeasureMatchesSpecutils(t *testing.T) {
	py := python(t, "import specutils.analysis")
	path := fixtures.Path(t, "linetools/XShooter_XQ100.fits.gz")
	s, err := fits.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var arg [][]any
	for _, c := range xshooterRanges {
		var b [][2]float64
		for _, r := range c.bands {
			b = append(b, [2]float64{r.Lo, r.Hi})
		}
		arg = append(arg, []any{c.r.Lo, c.r.Hi, b})
	}
	js, _ := json.Marshal(arg)
	out, err := exec.Command(py, "-c", specutilsScript, path, string(js)).Output()
	if err != nil {
		t.Fatalf("specutils: %v", err)
	}
	var want []map[string]float64
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	for i, c := range xshooterRanges {
		got, err := MeasureSpectrum(s, c.r, Options{Continuum: c.bands})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%v: ours %+v; specutils %v", c.r, got, want[i])
		near(t, "EW", got.EquivalentWidth, want[i]["ew"], 0.01)
		near(t, "line flux", got.LineFlux, want[i]["flux"], 0.01)
		// 1% of a wavelength would allow ~150 pixels: the centroid is held to
		// 1% of the line's width instead
		if d := math.Abs(got.Centroid - want[i]["centroid"]); d > 0.01*want[i]["fwhm"] {
			t.Errorf("centroid = %.10g, specutils %.10g: %.3g apart, more than 1%% of the FWHM %.4g", got.Centroid, want[i]["centroid"], d, want[i]["fwhm"])
		}
		near(t, "FWHM", got.FWHM, want[i]["fwhm"], 0.01)
		if got.Unit != "nm" || got.SNR <= 0 {
			t.Errorf("unit %q, S/N %g", got.Unit, got.SNR)
		}
	}
}
