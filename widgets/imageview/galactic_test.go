package imageview

import (
	"encoding/json"
	"esodesk/fits/wcs"
	"fmt"
	"math"
	"os/exec"
	"strings"
	"testing"
)

// The readout's Galactic coordinates are astropy's (ICRS -> Galactic).
func TestGalacticMatchesAstropy(t *testing.T) {
	if _, err := exec.LookPath("/usr/bin/python3"); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	points := [][2]float64{{168.78013, -61.26004}, {0, 0}, {266.40499, -28.93617}, {192.85948, 27.12825},
		{83.63308, 22.0145}, {10.68471, 41.26875}, {359.9, -89.5}, {300, 60}}
	in, _ := json.Marshal(points)
	script := `
import json, sys
from astropy.coordinates import SkyCoord
import astropy.units as u
pts = json.loads(sys.argv[1])
c = SkyCoord([p[0] for p in pts]*u.deg, [p[1] for p in pts]*u.deg, frame="icrs").galactic
print(json.dumps([[float(l), float(b)] for l, b in zip(c.l.deg, c.b.deg)]))
`
	out, err := exec.Command("/usr/bin/python3", "-c", script, string(in)).Output()
	if err != nil {
		t.Skipf("astropy not usable: %v", err)
	}
	var want [][2]float64
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatalf("astropy said %q: %v", out, err)
	}
	const tol = 0.05 / 3600
	for i, p := range points {
		l, b := wcs.ICRSToGalactic(p[0], p[1])
		dl := math.Abs(math.Remainder(l-want[i][0], 360)) * math.Cos(b*math.Pi/180)
		if dl > tol || math.Abs(b-want[i][1]) > tol {
			t.Errorf("%v: l,b %.7f %.7f, astropy %.7f %.7f", p, l, b, want[i][0], want[i][1])
		}
	}
	// the readout prints them
	f := newFixture(t, &gradient{w: 20, h: 20, planes: 1}, &tan{crpix1: 10, crpix2: 10, crval1: points[0][0], crval2: points[0][1], cdelt: 1e-4})
	got := f.v.Readout(10, 10)
	if w := fmt.Sprintf("l %.4f b %s", want[0][0], minus(fmt.Sprintf("%.4f", want[0][1]))); !strings.Contains(got, w) {
		t.Errorf("readout %q lacks astropy's %q", got, w)
	}
}
