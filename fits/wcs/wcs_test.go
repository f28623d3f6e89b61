//go:build cgo

package wcs

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"esodesk/fits"
)

// oracleCase is one header with astropy's answers (testdata/oracle.py).
type oracleCase struct {
	Name    string       `json:"name"`
	Group   string       `json:"group"`
	Header  string       `json:"header"`
	Pix     [][]float64  `json:"pix"`
	World   [][]*float64 `json:"world"`    // all_pix2world, null where NaN
	PixBack [][]*float64 `json:"pix_back"` // all_world2pix of World
	ICRS    [][]*float64 `json:"icrs"`     // SkyCoord(...).icrs of World (frame cases)
	// Undistorted is the world without the distortion (distortion cases).
	Undistorted [][]*float64 `json:"undistorted"`
	Frame       string       `json:"frame"`
	Lng         *int         `json:"lng"`
	Lat         *int         `json:"lat"`
	Spec        *struct {
		Axis  int    `json:"axis"`
		CType string `json:"ctype"`
		Unit  string `json:"unit"`
	} `json:"spec"`
}

const python = "/usr/bin/python3"

var (
	oracleOnce  sync.Once
	oracleCases []oracleCase
	oracleSkip  string
	oracleErr   error
)

// oracle runs testdata/oracle.py once (astropy takes a second to import).
func oracle(t *testing.T) []oracleCase {
	t.Helper()
	oracleOnce.Do(func() {
		if _, err := os.Stat(python); err != nil {
			oracleSkip = "no " + python + ": skipping the comparison with astropy"
			return
		}
		if err := exec.Command(python, "-c", "import astropy.wcs").Run(); err != nil {
			oracleSkip = python + " has no astropy (apt install python3-astropy): skipping the comparison with astropy"
			return
		}
		out, err := exec.Command(python, "testdata/oracle.py").Output()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				err = fmt.Errorf("%v: %s", err, ee.Stderr)
			}
			oracleErr = err
			return
		}
		oracleErr = json.Unmarshal(out, &oracleCases)
	})
	if oracleSkip != "" {
		t.Skip(oracleSkip)
	}
	if oracleErr != nil {
		t.Fatalf("testdata/oracle.py: %v", oracleErr)
	}
	return oracleCases
}

// angleDiff is |a-b| in degrees, modulo 360 (longitudes wrap).
func angleDiff(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 360)
	return math.Min(d, 360-d)
}

type diffs struct{ world, pix, back, icrs float64 }

// compare checks one case both ways and returns the largest differences:
// world (deg, or the spectral axis' SI unit), pixel from astropy's world
// against astropy's all_world2pix (px), and our round trip (px).
func compare(t *testing.T, c oracleCase) diffs {
	t.Helper()
	w, err := FromHeader(c.Header)
	if err != nil {
		t.Fatalf("%s: FromHeader: %v", c.Name, err)
	}
	defer w.Close()
	n := w.NAxis()
	if n != len(c.Pix[0]) {
		t.Fatalf("%s: NAxis %d, astropy %d", c.Name, n, len(c.Pix[0]))
	}
	lng, lat, _ := w.Celestial()
	if c.Lng != nil && (lng != *c.Lng || lat != *c.Lat) {
		t.Errorf("%s: celestial axes %d,%d, astropy %d,%d", c.Name, lng, lat, *c.Lng, *c.Lat)
	}
	flat := make([]float64, 0, len(c.Pix)*n)
	for _, p := range c.Pix {
		flat = append(flat, p...)
	}
	world, err := w.PixelsToWorld(flat)
	if err != nil {
		t.Fatalf("%s: PixelsToWorld: %v", c.Name, err)
	}
	var d diffs
	var valid []float64
	var validIdx []int
	for i, want := range c.World {
		for k := 0; k < n; k++ {
			got := world[i*n+k]
			if want[k] == nil {
				if !math.IsNaN(got) {
					t.Errorf("%s: pixel %v: astropy has no world coordinate, we give %v", c.Name, c.Pix[i], world[i*n:i*n+n])
				}
				continue
			}
			if math.IsNaN(got) {
				t.Errorf("%s: pixel %v: no world coordinate, astropy gives %v", c.Name, c.Pix[i], *want[k])
				continue
			}
			diff := math.Abs(got - *want[k])
			if k == lng {
				diff = angleDiff(got, *want[k])
			}
			tol := 1e-7
			if k != lng && k != lat {
				tol = 1e-9 * math.Max(1, math.Abs(*want[k])) // spectral: relative
			}
			if diff > tol {
				t.Errorf("%s: pixel %v axis %d: %.12g, astropy %.12g", c.Name, c.Pix[i], k+1, got, *want[k])
			}
			if k == lng || k == lat {
				d.world = math.Max(d.world, diff)
			}
		}
		if want[0] != nil {
			for k := 0; k < n; k++ {
				valid = append(valid, *want[k])
			}
			validIdx = append(validIdx, i)
		}
	}
	if c.Undistorted != nil {
		// The distortion must matter: our world differs from the
		// header's linear part alone (SIP ignored, or TPV read as TAN).
		most := 0.0
		for i, u := range c.Undistorted {
			most = math.Max(most, angleDiff(world[i*n], *u[0]))
		}
		if most < 1e-4 {
			t.Errorf("%s: the distortion moves no point by more than %g deg: is it applied?", c.Name, most)
		}
	}
	if len(validIdx) < len(c.Pix)/2 {
		t.Errorf("%s: only %d of %d pixels are valid: choose a better grid", c.Name, len(validIdx), len(c.Pix))
	}
	pix, err := w.WorldsToPixel(valid)
	if err != nil {
		t.Fatalf("%s: WorldsToPixel: %v", c.Name, err)
	}
	for j, i := range validIdx {
		for k := 0; k < n; k++ {
			got := pix[j*n+k]
			if ap := c.PixBack[i][k]; ap != nil {
				diff := math.Abs(got - *ap)
				d.pix = math.Max(d.pix, diff)
				if !(diff <= 1e-6) {
					t.Errorf("%s: world %v axis %d: pixel %.9f, astropy %.9f", c.Name, valid[j*n:j*n+n], k+1, got, *ap)
				}
			}
			rt := math.Abs(got - c.Pix[i][k])
			d.back = math.Max(d.back, rt)
			// CSC's forward and inverse are polynomial approximations of
			// each other (Paper II, sect. 5.6.2: errors up to 24" each way),
			// so its round trip is good to 0.02 px at 1°/px, in astropy too.
			tol := 1e-6
			if c.Name == "CSC" {
				tol = 0.02
			}
			if !(rt <= tol) {
				t.Errorf("%s: round trip of pixel %v axis %d gives %.9f", c.Name, c.Pix[i], k+1, got)
			}
		}
	}
	return d
}

// TestProjectionsAgainstAstropy: every projection, the linear forms, SIP,
// TPV and cubes give astropy's world coordinates to 1e-7 deg and its
// pixels to 1e-6 px, with the same invalid points; the table of the
// largest differences goes to the log.
func TestProjectionsAgainstAstropy(t *testing.T) {
	cases := oracle(t)
	var rows []string
	for _, c := range cases {
		if c.Group == "frame" {
			continue
		}
		d := compare(t, c)
		rows = append(rows, fmt.Sprintf("%-12s %-10s %9.2e %9.2e %9.2e", c.Name, c.Group, d.world, d.pix, d.back))
	}
	t.Logf("largest differences from astropy %s (world: deg on the sky; pix: against all_world2pix; round trip: px)", "5.2")
	t.Logf("%-12s %-10s %9s %9s %9s", "case", "group", "world", "pix", "roundtrip")
	for _, r := range rows {
		t.Logf("%s", r)
	}
}

// TestSpectralAxes: the cube's spectral axis, type and unit are astropy's.
func TestSpectralAxes(t *testing.T) {
	for _, c := range oracle(t) {
		if c.Group != "cube" {
			continue
		}
		w, err := FromHeader(c.Header)
		if err != nil {
			t.Fatal(err)
		}
		axis, ctype, unit, ok := w.Spectral()
		if !ok || c.Spec == nil || axis != c.Spec.Axis || ctype != c.Spec.CType || unit != c.Spec.Unit {
			t.Errorf("%s: Spectral() = %d %q %q %v, astropy %+v", c.Name, axis, ctype, unit, ok, c.Spec)
		}
		w.Close()
	}
}

// TestSkyAtFrames: SkyAt converts Galactic and FK5 J2000 to ICRS as
// astropy's SkyCoord does, and PixelAt inverts it.
func TestSkyAtFrames(t *testing.T) {
	var rows []string
	for _, c := range oracle(t) {
		if c.Group != "frame" {
			continue
		}
		d := compare(t, c)
		w, err := FromHeader(c.Header)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Frame(); got != c.Frame {
			t.Errorf("%s: Frame() = %q, astropy %q", c.Name, got, c.Frame)
		}
		for i, p := range c.Pix {
			ra, dec, err := w.SkyAt(p[0], p[1])
			if err != nil {
				t.Errorf("%s: SkyAt%v: %v", c.Name, p, err)
				continue
			}
			want := c.ICRS[i]
			diff := math.Max(angleDiff(ra, *want[0])*math.Cos(dec*math.Pi/180), math.Abs(dec-*want[1]))
			d.icrs = math.Max(d.icrs, diff)
			if diff > 1e-9 {
				t.Errorf("%s: SkyAt%v = %.10f %.10f, astropy %.10f %.10f", c.Name, p, ra, dec, *want[0], *want[1])
			}
			x, y, err := w.PixelAt(ra, dec)
			if err != nil || math.Abs(x-p[0]) > 1e-6 || math.Abs(y-p[1]) > 1e-6 {
				t.Errorf("%s: PixelAt(%.8f, %.8f) = %.9f %.9f (%v), want %v", c.Name, ra, dec, x, y, err, p)
			}
		}
		w.Close()
		rows = append(rows, fmt.Sprintf("%-12s %9.2e %9.2e %9.2e", c.Name, d.world, d.back, d.icrs))
	}
	t.Logf("%-12s %9s %9s %9s", "frame", "world", "roundtrip", "icrs(deg)")
	for _, r := range rows {
		t.Logf("%s", r)
	}
}

// TestCubePlane: SkyAt/PixelAt work on a cube plane set by SetPlane.
func TestCubePlane(t *testing.T) {
	for _, c := range oracle(t) {
		if c.Name != "CUBE-AWAV" {
			continue
		}
		w, err := FromHeader(c.Header)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		for i, p := range c.Pix {
			w.SetPlane(p[2])
			ra, dec, err := w.SkyAt(p[0], p[1])
			if err != nil {
				t.Fatal(err)
			}
			// FK5 J2000 header: compare in FK5 (astropy's world) after
			// undoing our ICRS conversion.
			l, b, _ := fromICRS("FK5", 2000, ra, dec)
			if angleDiff(l, *c.World[i][0]) > 1e-7 || math.Abs(b-*c.World[i][1]) > 1e-7 {
				t.Errorf("plane %g: SkyAt(%g,%g) in FK5 = %.9f %.9f, astropy %.9f %.9f", p[2], p[0], p[1], l, b, *c.World[i][0], *c.World[i][1])
			}
			x, y, err := w.PixelAt(ra, dec)
			if err != nil || math.Abs(x-p[0]) > 1e-6 || math.Abs(y-p[1]) > 1e-6 {
				t.Errorf("plane %g: PixelAt = %g %g (%v), want %g %g", p[2], x, y, err, p[0], p[1])
			}
		}
	}
}

// TestGalacticMatrix: ICRSToGalactic and GalacticToICRS invert each other
// and put the galactic centre where IAU puts it (astropy checks the rest).
func TestGalacticMatrix(t *testing.T) {
	ra, dec := GalacticToICRS(0, 0)
	if math.Abs(ra-266.40499) > 1e-4 || math.Abs(dec-(-28.93617)) > 1e-4 {
		t.Errorf("galactic centre at %.5f %.5f", ra, dec)
	}
	for _, p := range [][2]float64{{10, 20}, {359.9, -89}, {180, 45}} {
		l, b := ICRSToGalactic(p[0], p[1])
		r, d := GalacticToICRS(l, b)
		if angleDiff(r, p[0]) > 1e-12 || math.Abs(d-p[1]) > 1e-12 {
			t.Errorf("%v → %v %v → %v %v", p, l, b, r, d)
		}
	}
}

func card(k string, v string) string { return fmt.Sprintf("%-8s= %-70s", k, v) }

func tanHeader(extra ...string) string {
	cards := []string{card("NAXIS", "2"), card("CTYPE1", "'RA---TAN'"), card("CTYPE2", "'DEC--TAN'"),
		card("CRVAL1", "150.0"), card("CRVAL2", "2.0"), card("CRPIX1", "100"), card("CRPIX2", "100")}
	return strings.Join(append(cards, extra...), "")
}

// TestBadHeaders: headers wcslib cannot use give clear errors, no crash.
func TestBadHeaders(t *testing.T) {
	for _, tc := range []struct{ name, header, want string }{
		{"no WCS", card("NAXIS", "2") + card("NAXIS1", "10") + card("NAXIS2", "10") + card("OBJECT", "'M31'"), "no WCS keywords"},
		{"empty", "", "no WCS keywords"},
		{"unknown projection", strings.ReplaceAll(tanHeader(card("CDELT1", "-1e-4"), card("CDELT2", "1e-4")), "TAN", "XXX"), "CTYPE1 'RA---XXX' is not a known projection"},
		{"singular CD", tanHeader(card("CD1_1", "1e-4"), card("CD1_2", "2e-4"), card("CD2_1", "1e-4"), card("CD2_2", "2e-4")), "singular"},
		{"only alternate", card("NAXIS", "2") + card("CTYPE1A", "'RA---TAN'") + card("CTYPE2A", "'DEC--TAN'"), "no WCS keywords"},
	} {
		w, err := FromHeader(tc.header)
		if err == nil {
			w.Close()
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q does not say %q", tc.name, err, tc.want)
		}
	}
}

// TestInvalidPoints: a pixel off the projection's region is an error for
// PixelToWorld and NaN in PixelsToWorld; wrong lengths are errors.
func TestInvalidPoints(t *testing.T) {
	w, err := FromHeader(tanHeader(card("CTYPE1", "'RA---SIN'"), card("CTYPE2", "'DEC--SIN'"), card("CDELT1", "-1"), card("CDELT2", "1")))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.PixelToWorld([]float64{100 + 200, 100}); err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("pixel beyond SIN's horizon: %v", err)
	}
	out, err := w.PixelsToWorld([]float64{100, 100, 300, 100})
	if err != nil || math.IsNaN(out[0]) || !math.IsNaN(out[2]) {
		t.Errorf("PixelsToWorld: %v %v", out, err)
	}
	if _, err := w.PixelToWorld([]float64{1}); err == nil {
		t.Error("1 coordinate for 2 axes: no error")
	}
	if _, err := w.PixelsToWorld([]float64{1, 2, 3}); err == nil {
		t.Error("3 coordinates for 2 axes: no error")
	}
	w.Close()
	if _, err := w.PixelsToWorld([]float64{1, 2}); err == nil {
		t.Error("closed WCS: no error")
	}
}

// TestConcurrent: one WCS used from many goroutines (run with -race).
func TestConcurrent(t *testing.T) {
	w, err := FromHeader(tanHeader(card("CDELT1", "-1e-4"), card("CDELT2", "1e-4")))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	want, _ := w.PixelToWorld([]float64{12, 34})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				got, err := w.PixelToWorld([]float64{12, 34})
				if err != nil || got[0] != want[0] || got[1] != want[1] {
					t.Errorf("concurrent: %v %v", got, err)
					return
				}
				w.SkyAt(1, 1)
			}
		}()
	}
	wg.Wait()
}

// BenchmarkPixelsToWorld: 10^6 points of a SIP image in one call.
func BenchmarkPixelsToWorld(b *testing.B) {
	for _, name := range []string{"TAN", "SIP"} {
		b.Run(name, func(b *testing.B) {
			h := tanHeader(card("CDELT1", "-1e-4"), card("CDELT2", "1e-4"))
			if name == "SIP" {
				h = strings.Join([]string{card("NAXIS", "2"), card("CTYPE1", "'RA---TAN-SIP'"), card("CTYPE2", "'DEC--TAN-SIP'"),
					card("CRVAL1", "150.0"), card("CRVAL2", "2.0"), card("CRPIX1", "100"), card("CRPIX2", "100"),
					card("CDELT1", "-1e-4"), card("CDELT2", "1e-4")}, "") + card("A_ORDER", "2") + card("B_ORDER", "2") +
					card("A_2_0", "1e-6") + card("A_1_1", "-5e-6") + card("B_0_2", "2e-6") + card("B_1_1", "3e-6")
			}
			w, err := FromHeader(h)
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			if sky, _ := w.PixelToWorld([]float64{1000, 1000}); name == "SIP" && math.Abs(sky[1]-2.09) < 1e-4 {
				b.Fatalf("SIP not applied: %v", sky)
			}
			pix := make([]float64, 2e6)
			for i := 0; i < 1e6; i++ {
				pix[2*i], pix[2*i+1] = float64(i%1000+1), float64(i/1000+1)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := w.PixelsToWorld(pix); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestHeaderTextRoundTrip: cards parsed by package fits (values unquoted)
// and written back by HeaderText give the same WCS as the original text;
// newline-separated cards are read too.
func TestHeaderTextRoundTrip(t *testing.T) {
	for _, c := range oracle(t) {
		var lines []string
		for i := 0; i+80 <= len(c.Header); i += 80 {
			lines = append(lines, c.Header[i:i+80])
		}
		hdrs, err := fits.ParseHeaderText(strings.Join(lines, "\n"))
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range []string{HeaderText(hdrs[0].Cards), strings.Join(lines, "\n") + "\nEND\n"} {
			a, err1 := FromHeader(c.Header)
			b, err2 := FromHeader(text)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: %v / %v", c.Name, err1, err2)
			}
			pix := c.Pix[len(c.Pix)/3]
			wa, _ := a.PixelToWorld(pix)
			wb, _ := b.PixelToWorld(pix)
			for k := range wa {
				if wa[k] != wb[k] {
					t.Errorf("%s: %v from the cards, %v from the header", c.Name, wb, wa)
				}
			}
			a.Close()
			b.Close()
		}
	}
}
