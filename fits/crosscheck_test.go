package fits

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"esodesk/internal/fixtures"
)

// The real X-Shooter SDP spectrum must read with exactly the values astropy
// gives (float32 data, so equality, not a tolerance).

const python = "/usr/bin/python3"

func needAstropy(t *testing.T) {
	t.Helper()
	if err := exec.Command(python, "-c", "import astropy.io.fits").Run(); err == nil {
		return
	}
	msg := "missing python3-astropy (" + python + "): run `make test`, which installs it"
	if os.Getenv("ESODESK_ALLOW_MISSING_TOOLS") == "1" {
		t.Skip(msg)
	}
	t.Fatal(msg)
}

type astropyDump struct {
	Wave, Flux, Err    []*float64
	WaveUnit           string `json:"wave_unit"`
	FluxUnit           string `json:"flux_unit"`
	ErrUnit            string `json:"err_unit"`
	Object, Instrument string
}

func TestXShooterMatchesAstropy(t *testing.T) {
	path := fixtures.Path(t, "linetools/XShooter_XQ100.fits.gz")
	needAstropy(t)
	cmd := exec.Command(python, filepath.Join("testdata", "dump_spectrum.py"), path, "WAVE", "FLUX", "ERR_FLUX")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("dump_spectrum.py: %v\n%s", err, stderr.String())
	}
	var want astropyDump
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	check := func(what string, got []float64, want []*float64) {
		t.Helper()
		if len(got) != len(want) || len(want) == 0 {
			t.Fatalf("%s: %d values, astropy has %d", what, len(got), len(want))
		}
		for i, w := range want {
			if w == nil {
				if !math.IsNaN(got[i]) {
					t.Fatalf("%s[%d] = %v, astropy has NaN", what, i, got[i])
				}
				continue
			}
			if got[i] != *w {
				t.Fatalf("%s[%d] = %v, astropy has %v", what, i, got[i], *w)
			}
		}
	}
	check("wave", s.Wave, want.Wave)
	check("flux", s.Flux, want.Flux)
	check("err", s.Err, want.Err)
	if s.WaveUnit != want.WaveUnit || s.FluxUnit != want.FluxUnit {
		t.Errorf("units %q / %q, astropy %q / %q", s.WaveUnit, s.FluxUnit, want.WaveUnit, want.FluxUnit)
	}
	if s.WaveUnit != "nm" || s.Axis != "wavelength" || s.Air {
		t.Errorf("axis %s %s air=%v", s.Axis, s.WaveUnit, s.Air)
	}
	if s.Object != want.Object || s.Title != want.Object+" ("+want.Instrument+")" {
		t.Errorf("object %q title %q", s.Object, s.Title)
	}
	var extras []string
	for _, a := range s.Extra {
		extras = append(extras, a.Name)
		if len(a.Values) != s.Len() {
			t.Errorf("extra %s has %d values", a.Name, len(a.Values))
		}
	}
	if len(extras) != 3 || extras[0] != "CONTINUUM" || extras[1] != "FLUX_TELL_CORR" || extras[2] != "ERR_FLUX_TELL_CORR" {
		t.Errorf("extras %v", extras)
	}
	if len(s.Headers) != 2 || len(s.Headers[0].Cards) == 0 || s.Headers[1].Name != "SPECTRUM" {
		t.Errorf("headers: %d", len(s.Headers))
	}
}
