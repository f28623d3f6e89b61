package fits

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Every layout is written by astropy/numpy (testdata/make_layouts.py), which
// also prints the arrays it wrote; the reader must give them back.

type layoutWant struct {
	Wave, Flux, Err []float64
	WaveUnit        string `json:"wave_unit"`
	FluxUnit        string `json:"flux_unit"`
	Assumed         bool
	Count           int
	Extra           map[string][]float64
}

func makeLayouts(t *testing.T) (string, map[string]layoutWant) {
	t.Helper()
	needAstropy(t)
	dir := t.TempDir()
	cmd := exec.Command(python, filepath.Join("testdata", "make_layouts.py"), dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("make_layouts.py: %v\n%s", err, stderr.String())
	}
	var want map[string]layoutWant
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	return dir, want
}

// close enough: float32 values survive exactly; wavelengths computed from
// the dispersion keywords differ from numpy's in the last bits.
func checkValues(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, wrote %d", what, len(got), len(want))
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9*math.Max(1, math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %v, wrote %v", what, i, got[i], want[i])
		}
	}
}

func TestLayoutsWrittenByAstropy(t *testing.T) {
	dir, want := makeLayouts(t)
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			all, err := OpenAll(context.Background(), filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != w.Count {
				t.Fatalf("%d spectra, wrote %d", len(all), w.Count)
			}
			s := all[0]
			checkValues(t, "wave", s.Wave, w.Wave)
			checkValues(t, "flux", s.Flux, w.Flux)
			if w.Err == nil {
				if s.Err != nil {
					t.Errorf("err read but none written")
				}
			} else {
				checkValues(t, "err", s.Err, w.Err)
			}
			if s.WaveUnit != w.WaveUnit || s.FluxUnit != w.FluxUnit || s.WaveUnitAssumed != w.Assumed || s.Axis != "wavelength" {
				t.Errorf("units %q (assumed %v) / %q axis %q, wrote %q (assumed %v) / %q",
					s.WaveUnit, s.WaveUnitAssumed, s.FluxUnit, s.Axis, w.WaveUnit, w.Assumed, w.FluxUnit)
			}
			if w2, ok := w.Extra["ap2_wave"]; ok {
				checkValues(t, "aperture 2 wave", all[1].Wave, w2)
				checkValues(t, "aperture 2 flux", all[1].Flux, w.Extra["ap2_flux"])
				checkValues(t, "aperture 2 err", all[1].Err, w.Extra["ap2_err"])
				if len(s.Extra) != 2 || s.Extra[0].Name != "raw - none" || s.Extra[1].Name != "background - fit" {
					t.Errorf("multispec extras %+v", s.Extra)
				}
				if !strings.HasSuffix(all[1].Title, "aperture 2") {
					t.Errorf("aperture 2 title %q", all[1].Title)
				}
			}
			// Open gives the default (first) spectrum.
			one, err := Open(filepath.Join(dir, name))
			if err != nil || len(one.Flux) != len(s.Flux) || one.Flux[0] != s.Flux[0] {
				t.Errorf("Open differs from OpenAll[0]: %v", err)
			}
		})
	}
}

func TestLayoutErrorsNameWhatIsMissing(t *testing.T) {
	needAstropy(t)
	dir := t.TempDir()
	script := `
import sys, numpy as np
from astropy.io import fits
d = sys.argv[1]
fits.HDUList([fits.PrimaryHDU(), fits.ImageHDU(np.arange(5.0) + 4000, name="WAVE"),
              fits.ImageHDU(np.ones(5), name="ERR")]).writeto(d + "/nowave.fits")
fits.HDUList([fits.PrimaryHDU(), fits.ImageHDU(np.ones(5), name="FLUX")]).writeto(d + "/nodisp.fits")
fits.HDUList([fits.PrimaryHDU(), fits.CompImageHDU(np.ones(5, np.float32))]).writeto(d + "/oned.fits.fz")
`
	if out, err := exec.Command(python, "-c", script, dir).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	cases := map[string]string{
		"nowave.fits":  "nowave.fits: no FLUX column or HDU (an image HDU named FLUX, SCI or DATA) next to HDU 1 (WAVE); the HDUs are: the primary HDU has no data; HDU 1 (WAVE) is a 1-D image of 5 pixels; HDU 2 (ERR)",
		"nodisp.fits":  "nodisp.fits: no WAVE HDU",
		"oned.fits.fz": "oned.fits.fz: HDU 1 (COMPRESSED_IMAGE) is a tile-compressed 1-D image (ZNAXIS = 1)",
	}
	for name, msg := range cases {
		_, err := Open(filepath.Join(dir, name))
		if err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%s: got %v, want %q", name, err, msg)
		}
	}
	// A text table without a wavelength column says which columns it has.
	p := filepath.Join(dir, "x.csv")
	os.WriteFile(p, []byte("time,flux\n1,2\n3,4\n"), 0o644)
	if _, err := Open(p); err == nil || !strings.Contains(err.Error(), "x.csv: text table: no wavelength column") || !strings.Contains(err.Error(), "time, flux") {
		t.Errorf("csv: %v", err)
	}
}

// FuzzReadText: any text gives a spectrum or an error, never a panic.
func FuzzReadText(f *testing.F) {
	f.Add([]byte("wavelength[A],flux (erg/s/cm2/A),err\n4000,1,0.1\n4001,nan,0.2\n"))
	f.Add([]byte("# lambda flux sigma\n4000 1 0.1\n4001 2 0.2\n"))
	f.Add([]byte("wave(nm)\tflux\n400\t1\n"))
	f.Add([]byte(",,,\n1,2\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Read(bytes.NewReader(b), "fuzz.csv")
		if err == nil && (len(s.Wave) != len(s.Flux) || len(s.Wave) == 0) {
			t.Fatalf("inconsistent spectrum: %d wave, %d flux", len(s.Wave), len(s.Flux))
		}
		if err != nil && strings.Contains(err.Error(), "reader bug") {
			t.Fatal(err)
		}
	})
}
