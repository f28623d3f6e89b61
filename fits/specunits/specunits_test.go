package specunits

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"esodesk/fits"
	"esodesk/internal/fixtures"
	"esodesk/internal/testbedenv"
)

const python = "/usr/bin/python3"

var conventions = []string{Optical, Radio, Relativistic}

const restHalpha = 6562.8e-10 // m

// reference is what astropy says about one real spectrum.
type reference struct {
	s   *fits.Spectrum
	err []float64
	dir string
}

func (r *reference) read(t *testing.T, name string) []float64 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(r.dir, name))
	if err != nil {
		t.Fatalf("reference %s: %v", name, err)
	}
	out := make([]float64, len(b)/8)
	for i := range out {
		out[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return out
}

func writeF64(t *testing.T, path string, v []float64) {
	t.Helper()
	b := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// astropyReference runs testdata/reference.py on s's arrays.
func astropyReference(t *testing.T, s *fits.Spectrum) *reference {
	t.Helper()
	if _, err := os.Stat(python); err != nil {
		t.Skipf("%s is missing: the reference values come from its astropy.units", python)
	}
	r := &reference{s: s, dir: t.TempDir(), err: s.Err}
	if r.err == nil {
		r.err = make([]float64, len(s.Flux))
	}
	writeF64(t, filepath.Join(r.dir, "wave.bin"), s.Wave)
	writeF64(t, filepath.Join(r.dir, "flux.bin"), s.Flux)
	writeF64(t, filepath.Join(r.dir, "err.bin"), r.err)
	job, _ := json.Marshal(map[string]any{
		"wave_unit": s.WaveUnit, "flux_unit": s.FluxUnit, "rest_m": restHalpha,
		"spectral": SpectralUnits, "conventions": conventions, "flux": FluxUnits,
	})
	jobPath := filepath.Join(r.dir, "job.json")
	if err := os.WriteFile(jobPath, job, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, "testdata/reference.py", jobPath, r.dir).CombinedOutput()
	if err != nil {
		t.Fatalf("astropy reference: %v\n%s", err, out)
	}
	return r
}

// realSpectra are the X-Shooter fixture and, with the testbed running, an
// ESO HARPS spectrum as its SSAP service delivers it.
func realSpectra(t *testing.T) map[string]func(t *testing.T) *fits.Spectrum {
	return map[string]func(t *testing.T) *fits.Spectrum{
		"xshooter": func(t *testing.T) *fits.Spectrum {
			s, err := fits.Open(fixtures.Path(t, "linetools/XShooter_XQ100.fits.gz"))
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
		"harps-testbed": func(t *testing.T) *fits.Spectrum {
			url := testbedenv.URL(t) + "/getproduct/specs/data/sdp_hd100546_harps.fits"
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %s", url, resp.Status)
			}
			path := filepath.Join(t.TempDir(), "harps.fits")
			f, _ := os.Create(path)
			if _, err := io.Copy(f, resp.Body); err != nil {
				t.Fatal(err)
			}
			f.Close()
			s, err := fits.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			return s
		},
	}
}

func forEachRealSpectrum(t *testing.T, test func(t *testing.T, r *reference)) {
	for name, load := range realSpectra(t) {
		t.Run(name, func(t *testing.T) {
			s := load(t)
			if s.Len() < 1000 {
				t.Fatalf("only %d pixels", s.Len())
			}
			test(t, astropyReference(t, s))
		})
	}
}

// near compares to 1e-9 relative; values that are not finite in astropy
// (an AB magnitude of a flux ≤ 0) must not be finite here either.
func near(got, want []float64, tol float64) (int, float64) {
	worst, at := 0.0, -1
	if len(got) != len(want) {
		return 0, math.Inf(1)
	}
	for i := range want {
		g, w := got[i], want[i]
		if !finite(w) || !finite(g) {
			if finite(w) != finite(g) {
				return i, math.Inf(1)
			}
			continue
		}
		if d := math.Abs(g-w) / math.Max(math.Abs(w), tol); d > worst {
			worst, at = d, i
		}
	}
	return at, worst
}

type spectralCase struct {
	name string
	axis Axis
	ref  string // reference file
}

func spectralCases() []spectralCase {
	var cs []spectralCase
	for i, u := range SpectralUnits {
		if SpectralKind(u) != KindVelocity {
			cs = append(cs, spectralCase{u, Axis{Unit: u}, fmt.Sprintf("spec_%d.bin", i)})
			continue
		}
		for _, c := range conventions {
			cs = append(cs, spectralCase{u + " " + c, Axis{Unit: u, Rest: restHalpha, Convention: c}, fmt.Sprintf("spec_%d_%s.bin", i, c)})
		}
	}
	return cs
}

// TestConvertSpectralMatchesAstropy: every pair of spectral units
// (velocities in each Doppler convention around Hα) on real spectra, as
// astropy's spectral() and doppler_* equivalencies convert them.
func TestConvertSpectralMatchesAstropy(t *testing.T) {
	forEachRealSpectrum(t, func(t *testing.T, r *reference) {
		cases := spectralCases()
		for _, to := range cases {
			want := r.read(t, to.ref)
			got, err := ConvertSpectral(r.s.Wave, r.s.WaveUnit, to.axis)
			if err != nil {
				t.Fatalf("%s → %s: %v", r.s.WaveUnit, to.name, err)
			}
			if i, d := near(got, want, 0); d > 1e-9 {
				t.Errorf("%s → %s: pixel %d off by %.3g relative", r.s.WaveUnit, to.name, i, d)
			}
			for _, from := range cases {
				in := r.read(t, from.ref)
				got, err := ConvertSpectralAxis(in, from.axis, to.axis)
				if err != nil {
					t.Fatalf("%s → %s: %v", from.name, to.name, err)
				}
				if i, d := near(got, want, 0); d > 1e-9 {
					t.Errorf("%s → %s: pixel %d (%g) gives %g, astropy %g (%.3g relative)", from.name, to.name, i, in[max(i, 0)], got[max(i, 0)], want[max(i, 0)], d)
				}
			}
		}
	})
}

// TestConvertFluxMatchesAstropy: every pair of flux units (F_λ, F_ν, νF_ν,
// AB) on real spectra, against astropy's spectral_density; errors likewise
// (AB: 2.5/ln10 σ/F).
func TestConvertFluxMatchesAstropy(t *testing.T) {
	forEachRealSpectrum(t, func(t *testing.T, r *reference) {
		s := r.s
		for j, to := range FluxUnits {
			want := r.read(t, fmt.Sprintf("flux_%d.bin", j))
			got, err := ConvertFlux(s.Flux, s.FluxUnit, s.Wave, s.WaveUnit, to)
			if err != nil {
				t.Fatalf("%s → %s: %v", s.FluxUnit, to, err)
			}
			if i, d := near(got, want, 0); d > 1e-9 {
				t.Errorf("%s → %s: pixel %d off by %.3g relative", s.FluxUnit, to, i, d)
			}
			wantErr := r.read(t, fmt.Sprintf("err_%d.bin", j))
			gotErr, err := ConvertFluxErr(r.err, s.Flux, s.FluxUnit, s.Wave, s.WaveUnit, to)
			if err != nil {
				t.Fatalf("errors %s → %s: %v", s.FluxUnit, to, err)
			}
			if i, d := near(gotErr, wantErr, 0); d > 1e-9 {
				t.Errorf("errors %s → %s: pixel %d off by %.3g relative", s.FluxUnit, to, i, d)
			}
			for k, from := range FluxUnits {
				in := r.read(t, fmt.Sprintf("flux_%d.bin", k))
				got, err := ConvertFlux(in, from, s.Wave, s.WaveUnit, to)
				if err != nil {
					t.Fatalf("%s → %s: %v", from, to, err)
				}
				want := want
				if from == ABMag { // astropy's AB of a flux < 0 is NaN: lost for good
					want = append([]float64(nil), want...)
					for i := range in {
						if math.IsNaN(in[i]) {
							want[i] = math.NaN()
						}
					}
				}
				if i, d := near(got, want, 0); d > 1e-9 {
					t.Errorf("%s → %s: pixel %d off by %.3g relative", from, to, i, d)
				}
			}
		}
	})
}

// TestAirVacuumMatchesEdlen: both directions against the same published
// formula computed in numpy, and the round trip to 1e-9 Å.
func TestAirVacuumMatchesEdlen(t *testing.T) {
	forEachRealSpectrum(t, func(t *testing.T, r *reference) {
		s := r.s
		toAA, _ := fits.UnitFactor(s.WaveUnit, "Angstrom")
		air := VacuumToAir(s.Wave, s.WaveUnit)
		if i, d := near(air, r.read(t, "vac2air.bin"), 0); d > 1e-12 {
			t.Errorf("vacuum → air: pixel %d off by %.3g relative", i, d)
		}
		vac := AirToVacuum(s.Wave, s.WaveUnit)
		if i, d := near(vac, r.read(t, "air2vac.bin"), 0); d > 1e-12 {
			t.Errorf("air → vacuum: pixel %d off by %.3g relative", i, d)
		}
		back := VacuumToAir(vac, s.WaveUnit)
		worst := 0.0
		for i := range back {
			worst = math.Max(worst, math.Abs(back[i]-s.Wave[i])*toAA)
		}
		if worst > 1e-9 {
			t.Errorf("air → vacuum → air: off by %.3g Å", worst)
		}
		// the shift is the textbook one: Hα 6562.80 Å in air is 6564.61 in vacuum
		if v := AirToVacuum([]float64{656.280}, "nm")[0]; math.Abs(v-656.461) > 0.001 {
			t.Errorf("Hα in vacuum: %.4f nm", v)
		}
	})
}

// TestNormalize: the median divisor is numpy's nanmedian; at a wavelength,
// the median of the nearest pixels.
func TestNormalize(t *testing.T) {
	forEachRealSpectrum(t, func(t *testing.T, r *reference) {
		s := r.s
		out, d := Normalize(s.Flux, s.Wave, math.NaN())
		if want := r.read(t, "median.bin")[0]; d != want || out == nil {
			t.Fatalf("median divisor %g, numpy %g", d, want)
		}
		if m := median(out); math.Abs(m-1) > 1e-12 {
			t.Errorf("normalised median %g", m)
		}
		mid := s.Wave[s.Len()/2]
		if _, d := Normalize(s.Flux, s.Wave, mid); !(d > 0) {
			t.Errorf("divisor at %g: %g", mid, d)
		}
		if out, d := Normalize(s.Flux, s.Wave, -5); out != nil || !math.IsNaN(d) {
			t.Errorf("outside the range: %v %g", out == nil, d)
		}
	})
	if out, d := Normalize([]float64{1, 2, 3, 4, 100}, []float64{1, 2, 3, 4, 5}, 2); d != 3 || out[4] != 100.0/3 {
		t.Errorf("5 pixels at 2: %g %v", d, out)
	}
	if out, d := Normalize([]float64{0, 0, math.NaN()}, nil, math.NaN()); out != nil || d != 0 {
		t.Errorf("zero median: %v %g", out, d)
	}
}

func TestFluxKind(t *testing.T) {
	for u, want := range map[string]string{
		"erg cm**(-2) s**(-1) angstrom**(-1)": FluxLambda, "10**(-17) erg/s/cm2/Angstrom": FluxLambda,
		"W.m**-2.um**-1": FluxLambda, "1e-17 erg s^-1 cm^-2 Å^-1": FluxLambda,
		"Jy": FluxNu, "mJy": FluxNu, "uJy": FluxNu, "erg/s/cm2/Hz": FluxNu, "W/m2/Hz": FluxNu,
		"erg/s/cm2": FluxNuFnu, "W m-2": FluxNuFnu, "ABmag": FluxABMag, "mag(AB)": FluxABMag,
		"counts": FluxCounts, "ADU": FluxCounts, "electrons/s": FluxCounts,
		"relative": FluxRelative, "normalized": FluxRelative, "1e-17": FluxRelative,
		"": "", "furlongs": "", "erg": "",
	} {
		if got := FluxKind(u); got != want {
			t.Errorf("FluxKind(%q) = %q, want %q", u, got, want)
		}
	}
	for _, u := range FluxUnits {
		if FluxKind(u) == "" {
			t.Errorf("menu unit %q unknown", u)
		}
	}
	for _, u := range SpectralUnits {
		if SpectralKind(u) == "" {
			t.Errorf("menu unit %q unknown", u)
		}
	}
}

// TestErrorsSayWhatAndWhy: what cannot be converted is named, with why.
func TestErrorsSayWhatAndWhy(t *testing.T) {
	w := []float64{5000, 6000}
	f := []float64{1, 2}
	for _, c := range []struct {
		from, waveUnit, to string
		want               []string
	}{
		{"counts", "Angstrom", "Jy", []string{"counts", "not calibrated"}},
		{"relative", "Angstrom", "Jy", []string{"relative", "only calibrated"}},
		{"", "Angstrom", "Jy", []string{"no unit"}},
		{"Jy", "Angstrom", "furlongs", []string{`"furlongs"`, "not a flux unit"}},
		{"Jy", "km/s", "erg/s/cm2/Angstrom", []string{"velocity", "wavelengths or frequencies"}},
		{"Jy", "parsec", "erg/s/cm2/Angstrom", []string{`"parsec"`, "not a spectral unit"}},
	} {
		_, err := ConvertFlux(f, c.from, w, c.waveUnit, c.to)
		for _, want := range c.want {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s (%s) → %s: %v, want %q", c.from, c.waveUnit, c.to, err, want)
			}
		}
	}
	if _, err := ConvertSpectral(w, "Angstrom", Axis{Unit: "km/s"}); err == nil || !strings.Contains(err.Error(), "rest wavelength") {
		t.Errorf("velocity without rest: %v", err)
	}
	if _, err := ConvertSpectral(w, "Angstrom", Axis{Unit: "km/s", Rest: 1, Convention: "sideways"}); err == nil || !strings.Contains(err.Error(), "sideways") {
		t.Errorf("bad convention: %v", err)
	}
	if _, err := ConvertFlux(f, "Jy", w[:1], "Angstrom", "erg/s/cm2/Angstrom"); err == nil || !strings.Contains(err.Error(), "1 wavelengths for 2 fluxes") {
		t.Errorf("length mismatch: %v", err)
	}
}
