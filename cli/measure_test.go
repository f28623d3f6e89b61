package cli

import (
	"strconv"
	"strings"
	"testing"

	"esodesk/fits"
	"esodesk/fits/measure"
	"esodesk/internal/fixtures"
)

func TestMeasureUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"measure"},
		{"measure", "x.fits"},
		{"measure", "x.fits", "--range", "5,4"},
		{"measure", "x.fits", "--range", "4,5", "--format", "json"},
		{"measure", "x.fits", "--range", "4,5", "--xunit", "parsec"},
		{"measure", "x.fits", "--range", "4,5", "--continuum", "1,2,3"},
	} {
		code, out, errText := run(t, args...)
		if code != ExitUsage || out != "" || !strings.Contains(errText, "usage: esodesk measure") {
			t.Errorf("%q: exit %d, stderr %q", args, code, errText)
		}
	}
	if code, _, errText := run(t, "measure", "/nonexistent.fits", "--range", "4,5"); code != ExitError || !strings.Contains(errText, "/nonexistent.fits") {
		t.Errorf("missing file: exit %d, stderr %q", code, errText)
	}
}

// TestMeasureFixture: the command's rows (ranges given in Ångström, so
// converted to the file's nm) equal measure.MeasureSpectrum's on the
// X-Shooter spectrum.
func TestMeasureFixture(t *testing.T) {
	path := fixtures.Path(t, "linetools/XShooter_XQ100.fits.gz")
	code, out, errText := run(t, "measure", path, "--xunit", "Angstrom", "--range", "12320.5,12329.5",
		"--range", "11240,11280", "--continuum", "12310,12319,12331,12340")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || lines[0] != "range_lo,range_hi,unit,continuum,ew,ew_err,line_flux,line_flux_err,centroid,fwhm,fwhm_gauss,snr" {
		t.Fatalf("output:\n%s", out)
	}
	s, err := fits.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	opts := measure.Options{Continuum: []measure.Range{{Lo: 1231, Hi: 1231.9}, {Lo: 1233.1, Hi: 1234}}}
	for i, r := range []measure.Range{{Lo: 1232.05, Hi: 1232.95}, {Lo: 1124, Hi: 1128}} {
		want, err := measure.MeasureSpectrum(s, r, opts)
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Split(lines[i+1], ",")
		if f[2] != "nm" {
			t.Errorf("unit %q", f[2])
		}
		for k, w := range []float64{r.Lo, r.Hi, 0, want.Continuum, want.EquivalentWidth, want.EWErr, want.LineFlux, want.LineFluxErr, want.Centroid, want.FWHM, want.FWHMGauss, want.SNR} {
			if k == 2 {
				continue
			}
			got, err := strconv.ParseFloat(f[k], 64)
			if err != nil || (got-w) > 1e-8*abs(w) || (w-got) > 1e-8*abs(w) {
				t.Errorf("row %d column %d: %s, want %g", i, k, f[k], w)
			}
		}
	}
	if code, out, _ := run(t, "measure", path, "--range", "1232.05,1232.95", "--format", "text"); code != ExitOK || !strings.HasPrefix(out, "range_lo  range_hi") {
		t.Errorf("text: exit %d:\n%s", code, out)
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
