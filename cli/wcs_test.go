package cli

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// wcsFixture has astropy write a FITS file (an empty primary HDU and a
// TAN-SIP image extension in FK5 J2000) and print, as JSON, the ICRS
// positions of some pixels and the pixels of some ICRS positions.
const wcsFixture = `
import json, sys, warnings
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
from astropy.coordinates import SkyCoord
import astropy.units as u
warnings.simplefilter("ignore")
h = fits.Header()
h["CTYPE1"], h["CTYPE2"] = "RA---TAN-SIP", "DEC--TAN-SIP"
h["CRPIX1"], h["CRPIX2"] = 512.0, 256.0
h["CRVAL1"], h["CRVAL2"] = 83.63308, 22.0145
h["CD1_1"], h["CD1_2"], h["CD2_1"], h["CD2_2"] = -5.5e-5, 1.1e-6, 1.2e-6, 5.5e-5
h["RADESYS"], h["EQUINOX"] = "FK5", 2000.0
h["A_ORDER"], h["B_ORDER"] = 2, 2
h["A_2_0"], h["A_1_1"], h["A_0_2"] = 2.1e-6, -1.3e-6, 4.0e-7
h["B_2_0"], h["B_1_1"], h["B_0_2"] = -6.0e-7, 1.9e-6, -2.2e-6
fits.HDUList([fits.PrimaryHDU(), fits.ImageHDU(np.zeros((512, 1024), dtype=np.float32), header=h, name="SCI")]).writeto(sys.argv[1], overwrite=True)
w = WCS(fits.open(sys.argv[1])[1].header)
pix = np.array([[1, 1], [512, 256], [1024.5, 512.25], [100.3, 400.7]])
fk5 = w.all_pix2world(pix, 1)
icrs = SkyCoord(fk5[:, 0] * u.deg, fk5[:, 1] * u.deg, frame="fk5", equinox="J2000").icrs
world = np.array([[83.61, 22.0], [83.65, 22.03]])
back = SkyCoord(world[:, 0] * u.deg, world[:, 1] * u.deg, frame="icrs").transform_to("fk5")
wpix = w.all_world2pix(np.column_stack([back.ra.deg, back.dec.deg]), 1, tolerance=1e-10)
json.dump({"pix": pix.tolist(), "sky": np.column_stack([icrs.ra.deg, icrs.dec.deg]).tolist(),
           "world": world.tolist(), "wpix": wpix.tolist()}, sys.stdout)
`

func astropyWCSFile(t *testing.T) (string, map[string][][]float64) {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("no " + py + ": skipping the comparison with astropy")
	}
	if exec.Command(py, "-c", "import astropy.wcs").Run() != nil {
		t.Skip(py + " has no astropy (apt install python3-astropy): skipping the comparison with astropy")
	}
	file := filepath.Join(t.TempDir(), "sip.fits")
	out, err := exec.Command(py, "-c", wcsFixture, file).Output()
	if err != nil {
		t.Fatalf("astropy: %v", err)
	}
	var want map[string][][]float64
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	return file, want
}

// TestWCSMatchesAstropy: --pix and --world on a SIP image in an extension
// (found without --hdu) give astropy's ICRS positions and pixels.
func TestWCSMatchesAstropy(t *testing.T) {
	file, want := astropyWCSFile(t)
	args := []string{"wcs", file}
	for _, p := range want["pix"] {
		args = append(args, "--pix", strconv.FormatFloat(p[0], 'g', -1, 64)+","+strconv.FormatFloat(p[1], 'g', -1, 64))
	}
	for _, p := range want["world"] {
		args = append(args, "--world", strconv.FormatFloat(p[0], 'g', -1, 64)+","+strconv.FormatFloat(p[1], 'g', -1, 64))
	}
	code, out, errText := run(t, args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(want["pix"])+len(want["world"]) {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	for i, line := range lines {
		var f [4]float64
		for k, s := range strings.Fields(line) {
			f[k], _ = strconv.ParseFloat(s, 64)
		}
		if i < len(want["pix"]) {
			sky := want["sky"][i]
			if math.Abs(f[2]-sky[0]) > 2e-9 || math.Abs(f[3]-sky[1]) > 2e-9 {
				t.Errorf("line %q: astropy's ICRS %.9f %.9f", line, sky[0], sky[1])
			}
			continue
		}
		p := want["wpix"][i-len(want["pix"])]
		if math.Abs(f[2]-p[0]) > 2e-6 || math.Abs(f[3]-p[1]) > 2e-6 {
			t.Errorf("line %q: astropy's pixel %.9f %.9f", line, p[0], p[1])
		}
	}
	// The primary HDU has no axes: asking for it is an error, not a crash.
	if code, _, errText := run(t, "wcs", file, "--hdu", "1", "--pix", "1,1"); code != ExitError || !strings.Contains(errText, "no WCS keywords") {
		t.Errorf("--hdu 1: exit %d, %q", code, errText)
	}
	if code, _, errText := run(t, "wcs", file, "--hdu", "3", "--pix", "1,1"); code != ExitError || !strings.Contains(errText, "no HDU 3") {
		t.Errorf("--hdu 3: exit %d, %q", code, errText)
	}
}

func TestWCSUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"wcs"},
		{"wcs", "a.fits"},
		{"wcs", "a.fits", "b.fits", "--pix", "1,2"},
		{"wcs", "a.fits", "--pix", "1"},
		{"wcs", "a.fits", "--pix", "1,x"},
		{"wcs", "a.fits", "--world", "1,2,3"},
		{"wcs", "a.fits", "--pix", "1,2", "--hdu", "-1"},
		{"wcs", "a.fits", "--frobnicate"},
	} {
		code, out, errText := run(t, args...)
		if code != ExitUsage || out != "" || !strings.Contains(errText, "usage: esodesk wcs") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errText)
		}
	}
	if code, out, _ := run(t, "wcs", "-h"); code != ExitOK || !strings.Contains(out, "--world RA,DEC") {
		t.Errorf("-h: exit %d, %q", code, out)
	}
	if code, _, errText := run(t, "wcs", filepath.Join(t.TempDir(), "none.fits"), "--pix", "1,1"); code != ExitError || !strings.Contains(errText, "no such file") {
		t.Errorf("missing file: exit %d, %q", code, errText)
	}
}
