package app

import (
	"encoding/json"
	"math"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"esodesk/app/imagesctl"
	"esodesk/internal/testbedenv"
)

// searchImages runs the Images tab's form on service against target.
func searchImages(t *testing.T, u *UI, service, target, radius string) *imagesctl.Result {
	t.Helper()
	onUI(func() {
		u.selectTab("Images")
		u.images.servicePick.SetSelected(service)
		u.images.target.SetText(target)
		u.images.radius.SetText(radius)
		u.images.radiusUnit.SetSelected("arcmin")
		u.images.product.SetSelected(imagesctl.AnyProduct)
		u.images.search()
	})
	eventually(t, "the image search", queryTimeout, func() bool {
		s := u.images.ctl.Snapshot()
		return !s.Searching && s.Result != nil
	})
	var r *imagesctl.Result
	onUI(func() { r = u.images.ctl.Snapshot().Result })
	if r.Err != "" {
		t.Fatalf("search failed: %s", r.Err)
	}
	u.images.results.WaitIdle()
	return r
}

// openRow double-clicks a row (OnRowActivated) and waits for the viewer.
func openRow(t *testing.T, u *UI, row int) *imagesctl.Image {
	t.Helper()
	onUI(func() { u.images.results.OnRowActivated(row) })
	eventually(t, "the image on show", queryTimeout, func() bool {
		im := u.images.ctl.Snapshot().Image
		return im != nil && im.Phase != imagesctl.ImageLoading
	})
	var im *imagesctl.Image
	onUI(func() { im = u.images.ctl.Snapshot().Image })
	if im.Phase != imagesctl.ImageShown {
		t.Fatalf("image: %s", im.Message)
	}
	u.images.viewer.WaitIdle()
	return im
}

// readoutDegrees reads the ICRS degrees and the value out of a readout line.
var readoutRe = regexp.MustCompile(`value (\S+).*\(([-−\d.]+)° ([-−\d.]+)°\)`)

func parseReadout(t *testing.T, s string) (value, ra, dec float64) {
	t.Helper()
	m := readoutRe.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("readout %q has no value and degrees", s)
	}
	num := func(x string) float64 {
		v, err := strconv.ParseFloat(strings.ReplaceAll(x, "−", "-"), 64)
		if err != nil {
			t.Fatalf("readout %q: %v", s, err)
		}
		return v
	}
	return num(m[1]), num(m[2]), num(m[3])
}

// astropyPixels is astropy's view of FITS pixels (1-based): the value and
// the ICRS position with every distortion (all_pix2world).
const astropyPixels = `
import json, sys
from astropy.io import fits
from astropy.wcs import WCS
from astropy.coordinates import SkyCoord
import astropy.units as u
path, pts = sys.argv[1], json.loads(sys.argv[2])
with fits.open(path) as hl:
    h = next(h for h in hl if h.data is not None and h.data.ndim >= 2)
    w = WCS(h.header)
    out = []
    for x, y in pts:
        lon, lat = w.all_pix2world([[x, y]], 1)[0]
        frame = "galactic" if w.wcs.ctype[0].startswith("GLON") else "icrs"
        c = SkyCoord(lon*u.deg, lat*u.deg, frame=frame).icrs
        out.append([float(h.data[y-1, x-1]), float(c.ra.deg), float(c.dec.deg)])
    print(json.dumps(out))
`

// TestImagesTabViewerAgreesWithAstropy: images found through the testbed's
// SIA 2 open in the viewer; the readout's pixel value and sky position are
// astropy's for the same pixel (a TAN-SIP image, a Galactic one); a cube
// from ESO's ObsCore gives a spectrum under the viewer when a box is drawn.
func TestImagesTabViewerAgreesWithAstropy(t *testing.T) {
	testbedenv.URL(t)
	if _, err := exec.LookPath("/usr/bin/python3"); err != nil {
		t.Skip("/usr/bin/python3 is missing: install python3-astropy (scripts/deps.sh test)")
	}
	u := newTestUI(t)
	var siaName string
	onUI(func() {
		for _, s := range u.images.services {
			if s.Kind == imagesctl.KindSIA {
				siaName = s.Name
			}
		}
	})
	if siaName == "" {
		t.Fatal("the picker offers no SIA service (the settings' SIA URL)")
	}
	for _, c := range []struct{ target, file string }{
		{"40.6696 -0.0133", "ngc1068_tan_sip"},
		{"266.4165 -29.0079", "galcen_gal_tan"},
	} {
		res := searchImages(t, u, siaName, c.target, "3")
		row := -1
		for i, rec := range res.Records {
			if strings.Contains(rec.AccessURL, c.file) {
				row = i
			}
		}
		if row < 0 {
			t.Fatalf("%s not found around %s (%d records)", c.file, c.target, len(res.Records))
		}
		im := openRow(t, u, row)
		if im.WCS == nil {
			t.Fatalf("%s: no WCS: %s", c.file, im.NoWCS)
		}
		w, h, _ := im.File.Size()
		pts := [][2]int{{1, 1}, {w / 2, h / 3}, {w, h}, {w / 5, h - 7}}
		js, _ := json.Marshal(pts)
		out, err := exec.Command("/usr/bin/python3", "-c", astropyPixels, im.Path, string(js)).Output()
		if err != nil {
			t.Fatalf("astropy: %v", err)
		}
		var want [][3]float64
		if err := json.Unmarshal(out, &want); err != nil {
			t.Fatalf("astropy said %q", out)
		}
		for i, p := range pts {
			var line string
			onUI(func() { line = u.images.viewer.Readout(float64(p[0]), float64(p[1])) })
			v, ra, dec := parseReadout(t, line)
			if math.Abs(v-want[i][0]) > 5e-4*math.Max(1e-30, math.Abs(want[i][0])) ||
				math.Abs(math.Remainder(ra-want[i][1], 360)) > 6e-6 || math.Abs(dec-want[i][2]) > 6e-6 {
				t.Errorf("%s pixel %v: readout %q; astropy value %g at %.6f %.6f", c.file, p, line, want[i][0], want[i][1], want[i][2])
			}
		}
	}

	// a cube: the box drawn gives a spectrum with one value per plane
	res := searchImages(t, u, imagesctl.ESOService.Name, "173.356 -70.195", "2")
	row := -1
	for i, rec := range res.Records {
		if rec.DataProductType == "cube" {
			row = i
		}
	}
	if row < 0 {
		t.Fatal("no ESO cube around HD 100546")
	}
	im := openRow(t, u, row)
	_, _, planes := im.File.Size()
	onUI(func() {
		if !u.images.cubeArea.Visible() || u.images.viewer.Planes() != planes {
			t.Errorf("cube: plot shown %v, viewer planes %d of %d", u.images.cubeArea.Visible(), u.images.viewer.Planes(), planes)
		}
		u.images.viewer.OnRegion(3, 4, 6, 8)
	})
	eventually(t, "the cube spectrum", 30*time.Second, func() bool { return len(u.images.cubePlot.Spectra()) == 1 })
	onUI(func() {
		s := u.images.cubePlot.Spectra()[0]
		if len(s.Flux) != planes || !strings.Contains(s.Title, "box (4..7, 5..9)") {
			t.Errorf("spectrum %q with %d values, cube %d planes", s.Title, len(s.Flux), planes)
		}
	})

}
