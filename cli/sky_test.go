package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"esodesk/internal/testbedenv"
	"esodesk/preview/skyrender"
	"esodesk/preview/skytable"
	"esodesk/services/healpix"
	"esodesk/services/hips"
	"esodesk/services/tap"
	"esodesk/services/votable"
)

// runSkyCmd runs 'esodesk sky ARGS' with a fresh HiPS cache.
func runSkyCmd(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(ctx, append([]string{"sky"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func freshCache(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("ESODESK_HIPS_URL", "")
}

// synthHiPS serves a HiPS whose tiles are made on request: every HiPS pixel
// has the colour colourAt(its centre), so what a rendered view should show
// at a sky position is known without our renderer.
type synthHiPS struct {
	srv       *httptest.Server
	order     int
	width     int
	formats   string
	colourAt  func(ra, dec float64) color.NRGBA
	tileHits  atomic.Int64
	holdTiles chan struct{} // when set, tile requests wait for it (or the client giving up)
	garbage   bool          // tiles that are not images
	allsky    bool          // serve Norder3/Allsky.png (16-pixel tiles, 27 a row)
	allskyHit atomic.Int64
}

func newSynthHiPS(t *testing.T, order, width int, colourAt func(ra, dec float64) color.NRGBA) *synthHiPS {
	s := &synthHiPS{order: order, width: width, formats: "png fits", colourAt: colourAt}
	tileRE := regexp.MustCompile(`^/Norder(\d+)/Dir\d+/Npix(\d+)\.png$`)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/properties" {
			fmt.Fprintf(w, "creator_did = ivo://test/synth\nobs_title = synthetic\nhips_frame = equatorial\nhips_order = %d\nhips_order_min = 0\nhips_tile_width = %d\nhips_tile_format = %s\n", s.order, s.width, s.formats)
			return
		}
		if r.URL.Path == "/Norder3/Allsky.png" && s.allsky {
			s.allskyHit.Add(1)
			png.Encode(w, s.allskyImage())
			return
		}
		m := tileRE.FindStringSubmatch(r.URL.Path)
		if m == nil {
			http.NotFound(w, r)
			return
		}
		s.tileHits.Add(1)
		if s.holdTiles != nil {
			select {
			case <-s.holdTiles:
			case <-r.Context().Done():
				return
			}
		}
		if s.garbage {
			w.Write([]byte("not a png"))
			return
		}
		order, _ := strconv.Atoi(m[1])
		npix, _ := strconv.ParseInt(m[2], 10, 64)
		w.Header().Set("Content-Type", "image/png")
		png.Encode(w, s.tile(order, npix))
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *synthHiPS) tile(order int, npix int64) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, s.width, s.width))
	sub := order + int(math.Log2(float64(s.width)))
	for y := range s.width {
		for x := range s.width {
			ra, dec := healpix.Pix2AngNest(sub, healpix.TilePixelNest(order, s.width, npix, x, y))
			img.SetNRGBA(x, y, s.colourAt(ra, dec))
		}
	}
	return img
}

// allskyImage is the order-3 Allsky: the 768 tiles at 16x16 pixels, 27 a
// row, as HiPS 1.0 lays them out.
func (s *synthHiPS) allskyImage() image.Image {
	const tw, cols = 16, 27
	img := image.NewNRGBA(image.Rect(0, 0, cols*tw, (768+cols-1)/cols*tw))
	for n := range int64(768) {
		ox, oy := int(n%cols)*tw, int(n/cols)*tw
		for y := range tw {
			for x := range tw {
				ra, dec := healpix.Pix2AngNest(3+4, healpix.TilePixelNest(3, tw, n, x, y))
				img.SetNRGBA(ox+x, oy+y, s.colourAt(ra, dec))
			}
		}
	}
	return img
}

// waves varies steeply enough that a flipped or shifted view shows.
func waves(ra, dec float64) color.NRGBA {
	r := 128 + 100*math.Sin(30*ra*math.Pi/180)
	g := 128 + 100*math.Sin(30*dec*math.Pi/180)
	return color.NRGBA{uint8(math.Round(r)), uint8(math.Round(g)), 128, 255}
}

func skyRGB(c color.Color) [3]int {
	r, g, b, _ := c.RGBA()
	return [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
}

func maxDiff(a, b [3]int) int {
	d := 0
	for i := range a {
		d = max(d, iabs(a[i]-b[i]))
	}
	return d
}

func iabs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// cellCentre is the centre of the HiPS pixel (at the deepest order) around
// (ra, dec): a view centred there shows that pixel's colour at its centre
// whatever the renderer's sampling.
func cellCentre(order, width int, ra, dec float64) (float64, float64) {
	sub := order + int(math.Log2(float64(width)))
	return healpix.Pix2AngNest(sub, healpix.Ang2PixNest(sub, ra, dec))
}

// TestSkyDrawsSyntheticHiPS: the PNG has the requested size; its centre is
// the colour of the HiPS pixel there, and every sampled pixel has the
// colour of the HiPS pixel its sky position falls in (within a pixel's
// variation), so the projection, orientation and tile addressing are right.
// A second run fetches no tile again (the disk cache).
func TestSkyDrawsSyntheticHiPS(t *testing.T) {
	freshCache(t)
	s := newSynthHiPS(t, 3, 64, waves)
	ra, dec := cellCentre(3, 64, 204.25, -29.87)
	out := filepath.Join(t.TempDir(), "sky.png")
	args := []string{"--hips", s.srv.URL, "--center", fmt.Sprintf("%.10f,%.10f", ra, dec), "--fov", "2", "--width", "300", "--height", "200", "--out", out}
	code, _, stderr := runSkyCmd(t, context.Background(), args...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	img := readPNG(t, out)
	if b := img.Bounds(); b.Dx() != 300 || b.Dy() != 200 {
		t.Fatalf("PNG is %dx%d, want 300x200", b.Dx(), b.Dy())
	}
	v := skyrender.View{Center: [2]float64{ra, dec}, FOV: 2, Projection: "TAN", Width: 300, Height: 200}
	if order, _ := skyrender.Needed(v, hips.Properties{Order: 3, TileWidth: 64, Frame: "equatorial", Formats: []string{"png"}}); order != 3 {
		t.Fatalf("the view wants order %d; the test expects the survey's deepest, 3", order)
	}
	cx, cy, ok := v.Project(ra, dec)
	if !ok {
		t.Fatal("centre does not project")
	}
	if got, want := skyRGB(img.At(int(cx), int(cy))), skyRGB(waves(ra, dec)); maxDiff(got, want) > 3 {
		t.Errorf("centre pixel %v, the HiPS pixel there is %v", got, want)
	}
	// A HiPS pixel at order 9 is ~0.11°; waves change by ≤ 52 levels per degree.
	const tol = 12
	bad := 0
	for y := 5; y < 200; y += 19 {
		for x := 5; x < 300; x += 23 {
			pra, pdec, ok := v.Unproject(float64(x)+0.5, float64(y)+0.5)
			if !ok {
				continue
			}
			cra, cdec := cellCentre(3, 64, pra, pdec)
			if d := maxDiff(skyRGB(img.At(x, y)), skyRGB(waves(cra, cdec))); d > tol {
				bad++
				if bad < 5 {
					t.Errorf("pixel (%d,%d) = %v, the HiPS pixel at %.4f,%.4f is %v", x, y, skyRGB(img.At(x, y)), pra, pdec, skyRGB(waves(cra, cdec)))
				}
			}
		}
	}
	first := s.tileHits.Load()
	if first == 0 {
		t.Fatal("no tile fetched")
	}
	if code, _, stderr := runSkyCmd(t, context.Background(), args...); code != ExitOK {
		t.Fatalf("second run: exit %d: %s", code, stderr)
	}
	if n := s.tileHits.Load(); n != first {
		t.Errorf("second run fetched %d tiles again; the cache should have them", n-first)
	}
}

// TestSkyAitoffWholeSky: --projection ait --fov 360 draws the whole sky in
// an ellipse from the survey's Allsky image (or, without one, its order-3
// tiles): the centre has the HiPS colour, the corners stay empty.
func TestSkyAitoffWholeSky(t *testing.T) {
	for _, withAllsky := range []bool{true, false} {
		t.Run(fmt.Sprintf("allsky=%v", withAllsky), func(t *testing.T) {
			freshCache(t)
			s := newSynthHiPS(t, 3, 16, waves) // small tiles: the fallback fetches all 768
			s.allsky = withAllsky
			const depth = 3 + 4 // the pixels of the tiles and of the Allsky's 16-pixel tiles
			sub := func(ra, dec float64) (float64, float64) {
				return healpix.Pix2AngNest(depth, healpix.Ang2PixNest(depth, ra, dec))
			}
			ra, dec := sub(30, 10)
			out := filepath.Join(t.TempDir(), "ait.png")
			code, _, stderr := runSkyCmd(t, context.Background(), "--hips", s.srv.URL, "--center", fmt.Sprintf("%.10f,%.10f", ra, dec),
				"--fov", "360", "--projection", "ait", "--width", "400", "--height", "200", "--out", out)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if withAllsky && s.tileHits.Load() != 0 {
				t.Errorf("%d tiles fetched: the Allsky is enough for the whole sky", s.tileHits.Load())
			}
			if !withAllsky && !strings.Contains(stderr, "No Allsky image") {
				t.Errorf("stderr %q does not say the Allsky is missing", stderr)
			}
			img := readPNG(t, out)
			if b := img.Bounds(); b.Dx() != 400 || b.Dy() != 200 {
				t.Fatalf("PNG is %dx%d, want 400x200", b.Dx(), b.Dy())
			}
			v := skyrender.View{Center: [2]float64{ra, dec}, FOV: 360, Projection: "AIT", Width: 400, Height: 200}
			bad, compared := 0, 0
			for y := 3; y < 200; y += 11 {
				for x := 3; x < 400; x += 13 {
					pra, pdec, ok := v.Unproject(float64(x)+0.5, float64(y)+0.5)
					if !ok || math.Abs(pdec) > 60 { // near the poles RA (and the waves) change too fast within a pixel
						continue
					}
					compared++
					// A screen pixel here is ~0.9°, several HiPS pixels: compare
					// with their mean colour, sampled.
					var sum [3]float64
					for k := range 9 {
						qra, qdec, _ := v.Unproject(float64(x)+float64(k%3+1)/4, float64(y)+float64(k/3+1)/4)
						c := skyRGB(waves(sub(qra, qdec)))
						for i := range sum {
							sum[i] += float64(c[i]) / 9
						}
					}
					want := [3]int{int(sum[0]), int(sum[1]), int(sum[2])}
					if d := maxDiff(skyRGB(img.At(x, y)), want); d > 45 {
						bad++
						if bad < 4 {
							t.Errorf("pixel (%d,%d) at %.2f,%.2f = %v, the HiPS there ≈ %v", x, y, pra, pdec, skyRGB(img.At(x, y)), want)
						}
					}
				}
			}
			if compared < 200 {
				t.Fatalf("only %d pixels compared", compared)
			}
			if _, _, ok := v.Unproject(0.5, 0.5); ok {
				t.Fatal("the corner of an Aitoff whole-sky view unprojects")
			}
			// Outside the ellipse is one plain background; the sky there would differ.
			corner := skyRGB(img.At(0, 0))
			for _, c := range [][2]int{{399, 0}, {0, 199}, {399, 199}} {
				if got := skyRGB(img.At(c[0], c[1])); got != corner {
					t.Errorf("corners %v and (0,0) differ (%v, %v): sky drawn outside the ellipse?", c, got, corner)
				}
			}
		})
	}
}

// TestSkyTestbedCentrePixel: against the testbed's whole-sky HiPS (made by
// healpy), the centre of the PNG is the tile pixel of that position's cell,
// read from the tile as served (healpix.TilePixel, checked against healpy).
func TestSkyTestbedCentrePixel(t *testing.T) {
	tb := testbedenv.URL(t)
	for _, c := range []struct {
		survey string
		pos    [][2]float64
	}{
		{"allsky", [][2]float64{{204.25, -29.87}, {10, 41}, {280, 70}}}, // healpy's map
		{"images", [][2]float64{{204.25, -29.87}, {204.27, -29.85}}},    // HipsGen over M83's images
	} {
		t.Run(c.survey, func(t *testing.T) { testbedCentrePixel(t, tb+"/hips/q/s/static/"+c.survey, c.pos) })
	}
}

func testbedCentrePixel(t *testing.T, base string, positions [][2]float64) {
	resp, err := http.Get(base + "/properties")
	if err != nil || resp.StatusCode != 200 {
		t.Skipf("the testbed has no HiPS at %s (S1's surveys): %v", base, err)
	}
	props, err := hips.ParseProperties(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	props.Base = base
	freshCache(t)
	const w, h = 240, 160
	for _, pos := range positions {
		// A field so small that the deepest order's pixel covers many screen pixels.
		fov := healpix.PixelSize(props.Order+int(math.Log2(float64(props.TileWidth)))) * 12
		ra, dec := cellCentre(props.Order, props.TileWidth, pos[0], pos[1])
		v := skyrender.View{Center: [2]float64{ra, dec}, FOV: fov, Projection: "TAN", Width: w, Height: h}
		order, _ := skyrender.Needed(v, props)
		out := filepath.Join(t.TempDir(), "tb.png")
		code, _, stderr := runSkyCmd(t, context.Background(), "--hips", base, "--center", fmt.Sprintf("%.10f,%.10f", ra, dec),
			"--fov", strconv.FormatFloat(fov, 'g', -1, 64), "--width", fmt.Sprint(w), "--height", fmt.Sprint(h), "--out", out)
		if code != ExitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		img := readPNG(t, out)
		if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
			t.Fatalf("PNG is %dx%d", b.Dx(), b.Dy())
		}
		sub := order + int(math.Log2(float64(props.TileWidth)))
		tile, x, y := healpix.TilePixel(order, props.TileWidth, healpix.Ang2PixNest(sub, ra, dec))
		tresp, err := http.Get(hips.TileURL(base, order, tile, "png"))
		if err != nil || tresp.StatusCode != 200 {
			t.Fatalf("tile %d/%d: %v", order, tile, err)
		}
		timg, err := png.Decode(tresp.Body)
		tresp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		cx, cy, _ := v.Project(ra, dec)
		got, want := skyRGB(img.At(int(cx), int(cy))), skyRGB(timg.At(x, y))
		if maxDiff(got, want) > 3 {
			t.Errorf("%v: centre pixel %v, tile Norder%d/Npix%d (%d,%d) has %v", pos, got, order, tile, x, y, want)
		}
	}
}

// m83Footprints asks the testbed's ivoa.obscore for the images around M83
// and writes them as a VOTable (services/votable's writer).
func m83Footprints(t *testing.T) (string, *votable.Table) {
	tb := testbedenv.URL(t)
	res, err := tap.New(tb+"/tap", nil).Sync(context.Background(), tap.Query{ADQL: `SELECT obs_publisher_did, s_ra, s_dec, s_fov, s_region FROM ivoa.obscore
		WHERE dataproduct_type = 'image' AND 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 204.25, -29.87, 0.5))`}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Table.NumRows() == 0 {
		t.Fatal("the testbed has no images around M83")
	}
	path := filepath.Join(t.TempDir(), "m83.vot")
	var b bytes.Buffer
	if err := votable.WriteVOTable(&b, res.Table, nil, nil, "TABLEDATA"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, res.Table
}

// astropyVertices puts s_region polygon vertices (and their edges'
// midpoints in the tangent plane) on pixels with astropy's TAN WCS of the
// same view: image x right, y down, (0,0) the top-left pixel's centre.
const astropyVertices = `
import json, sys
import numpy as np
from astropy.wcs import WCS
a = json.load(sys.stdin)
w = WCS(naxis=2)
w.wcs.ctype = ["RA---TAN", "DEC--TAN"]
w.wcs.crval = [a["ra"], a["dec"]]
# FOV across the width in the projection plane: CDELT = FOV/W.
s = a["fov"] / a["w"]
w.wcs.cdelt = [-s, s]
w.wcs.crpix = [(a["w"]+1)/2, (a["h"]+1)/2]
out = []
for poly in a["polys"]:
    ra = np.array([p[0] for p in poly]); dec = np.array([p[1] for p in poly])
    x, y = w.all_world2pix(ra, dec, 0)
    y = a["h"] - 1 - y
    pts = []
    n = len(x)
    for i in range(n):
        j = (i+1) % n
        pts.append([float(x[i]), float(y[i])])
        pts.append([float((x[i]+x[j])/2), float((y[i]+y[j])/2)])  # great circles are straight in TAN
    out.append(pts)
json.dump(out, sys.stdout)
`

// TestSkyFootprintsWhereAstropyPutsThem: the outlines of the testbed's M83
// images (s_region from ivoa.obscore, through a VOTable file) are drawn where
// astropy's TAN WCS of the same view puts their vertices and edges (±1 px).
func TestSkyFootprintsWhereAstropyPutsThem(t *testing.T) {
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("/usr/bin/python3 is missing: the reference positions come from its astropy")
	}
	path, table := m83Footprints(t)
	freshCache(t)
	dark := func(ra, dec float64) color.NRGBA { return color.NRGBA{0, 0, 0, 255} }
	s := newSynthHiPS(t, 3, 64, dark)
	const ra0, dec0, fov, w, h = 204.25, -29.87, 0.3, 400, 360
	out := filepath.Join(t.TempDir(), "fp.png")
	code, _, stderr := runSkyCmd(t, context.Background(), "--hips", s.srv.URL, "--center", fmt.Sprintf("%g,%g", ra0, dec0),
		"--fov", fmt.Sprint(fov), "--width", fmt.Sprint(w), "--height", fmt.Sprint(h), "--footprints", path, "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	img := readPNG(t, out)

	// The vertices as the file has them, parsed here by hand (not services/region).
	si := table.FieldIndex("s_region")
	var polys [][][2]float64
	for i := range table.NumRows() {
		f := strings.Fields(table.Columns[si].String(i))
		if len(f) < 2 || !strings.EqualFold(f[0], "polygon") {
			continue
		}
		nums := f[1:]
		if _, err := strconv.ParseFloat(nums[0], 64); err != nil {
			nums = nums[1:] // the frame
		}
		var poly [][2]float64
		for k := 0; k+1 < len(nums); k += 2 {
			a, _ := strconv.ParseFloat(nums[k], 64)
			b, _ := strconv.ParseFloat(nums[k+1], 64)
			poly = append(poly, [2]float64{a, b})
		}
		polys = append(polys, poly)
	}
	if len(polys) == 0 {
		t.Fatal("no polygon s_region around M83 in the testbed")
	}
	in, _ := json.Marshal(map[string]any{"ra": ra0, "dec": dec0, "fov": fov, "w": w, "h": h, "polys": polys})
	cmd := exec.Command("/usr/bin/python3", "-c", astropyVertices)
	cmd.Stdin = bytes.NewReader(in)
	res, err := cmd.Output()
	if err != nil {
		t.Skipf("astropy: %v", err)
	}
	var expected [][][2]float64
	if err := json.Unmarshal(res, &expected); err != nil {
		t.Fatal(err)
	}
	lit := func(x, y int) bool {
		if x < 0 || y < 0 || x >= w || y >= h {
			return false
		}
		c := skyRGB(img.At(x, y))
		return c[0]+c[1]+c[2] > 90 // the background is black
	}
	checked := 0
	for p, pts := range expected {
		for _, pt := range pts {
			if pt[0] < 2 || pt[1] < 2 || pt[0] > w-3 || pt[1] > h-3 {
				continue
			}
			x, y := int(math.Round(pt[0])), int(math.Round(pt[1]))
			found := false
			for dy := -1; dy <= 1 && !found; dy++ {
				for dx := -1; dx <= 1 && !found; dx++ {
					found = lit(x+dx, y+dy)
				}
			}
			checked++
			if !found {
				t.Errorf("footprint %d: nothing drawn within 1 px of (%.1f, %.1f), where astropy puts its outline", p, pt[0], pt[1])
			}
		}
	}
	if checked < 8 {
		t.Fatalf("only %d outline points inside the view", checked)
	}
	for _, c := range [][2]int{{3, 3}, {w - 4, 3}, {3, h - 4}, {w - 4, h - 4}} {
		if lit(c[0], c[1]) {
			t.Errorf("pixel %v, far from every footprint, is drawn", c)
		}
	}
}

// TestSkyRegionADQLOnTestbed: the printed ADQL, run on the testbed's TAP,
// returns the same products as an independent hand-written query.
func TestSkyRegionADQLOnTestbed(t *testing.T) {
	tb := testbedenv.URL(t)
	svc := tap.New(tb+"/tap", nil)
	ids := func(adql, col string) []string {
		t.Helper()
		res, err := svc.Sync(context.Background(), tap.Query{ADQL: adql}, nil)
		if err != nil {
			t.Fatalf("%s\n%v", adql, err)
		}
		ci := res.Table.FieldIndex(col)
		if ci < 0 {
			t.Fatalf("%s: no column %s in the result", adql, col)
		}
		var out []string
		for i := range res.Table.NumRows() {
			out = append(out, res.Table.Columns[ci].String(i))
		}
		sort.Strings(out)
		return out
	}
	cases := []struct {
		name, id string
		args     []string
		indep    string
		nonEmpty bool
	}{
		{"circle intersects obscore", "obs_publisher_did", []string{"--region", "circle 204.25 -29.87 0.05"},
			`SELECT obs_publisher_did FROM ivoa.obscore WHERE 1 = INTERSECTS(CIRCLE('ICRS', 204.25, -29.87, 0.05), s_region)`, true},
		{"polygon intersects obscore", "obs_publisher_did", []string{"--region", "polygon 204.1 -30.0 204.4 -30.0 204.4 -29.7 204.1 -29.7"},
			`SELECT obs_publisher_did FROM ivoa.obscore WHERE 1 = INTERSECTS(s_region, POLYGON('ICRS', 204.1, -30.0, 204.4, -30.0, 204.4, -29.7, 204.1, -29.7))`, true},
		{"footprints containing the target", "obs_publisher_did", []string{"--region", "circle 204.25 -29.87 0.01", "--condition", "contains"},
			`SELECT obs_publisher_did FROM ivoa.obscore WHERE 1 = CONTAINS(POINT('ICRS', 204.25, -29.87), s_region)`, true},
		{"raw frames in a circle", "dp_id", []string{"--region", "circle 204.25 -29.87 2", "--table", "dbo.raw"},
			`SELECT dp_id FROM dbo.raw WHERE DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', 204.25, -29.87)) <= 2`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runSkyCmd(t, context.Background(), append(c.args, "--adql")...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			got, want := ids(strings.TrimSpace(stdout), c.id), ids(c.indep, c.id)
			if c.nonEmpty && len(want) == 0 {
				t.Fatalf("the independent query finds nothing; the test needs products there")
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("esodesk's ADQL\n%s\nfinds %v,\nthe independent query %v", stdout, got, want)
			}
		})
	}
}

// TestSkyOverlapNote: overlap:X prints its ADQL and says on stderr that the
// exact overlap is left to esodesk.
func TestSkyOverlapNote(t *testing.T) {
	code, stdout, stderr := runSkyCmd(t, context.Background(), "--region", "circle 204.25 -29.87 0.1", "--adql", "--condition", "overlap:0.001", "--area")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(strings.ToUpper(stdout), "INTERSECTS") || strings.TrimSpace(stderr) == "" {
		t.Errorf("stdout %q, stderr %q", stdout, stderr)
	}
}

// TestSkyUsageErrors: each wrong use fails before any network with exit 2
// and a one-line reason.
func TestSkyUsageErrors(t *testing.T) {
	freshCache(t)
	out := filepath.Join(t.TempDir(), "x.png")
	base := []string{"--hips", "http://127.0.0.1:1/none", "--out", out}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--fov", "1", "--out", out}, "--center is required"},
		{append([]string{"--center", "10,20"}, base...), "--fov is required"},
		{append([]string{"--center", "10,20", "--fov", "0"}, base...), "above 0 and at most 360"},
		{append([]string{"--center", "10,20", "--fov", "-3"}, base...), "above 0 and at most 360"},
		{append([]string{"--center", "10,20", "--fov", "400", "--projection", "ait"}, base...), "above 0 and at most 360"},
		{append([]string{"--center", "10,20", "--fov", "200"}, base...), "too wide for a tan"},
		{append([]string{"--center", "10,20", "--fov", "1", "--projection", "mercator"}, base...), `--projection "mercator"`},
		{append([]string{"--center", "400,95", "--fov", "1"}, base...), "--center"},
		{append([]string{"--center", "12:00:00 +95:00:00", "--fov", "1"}, base...), "--center"},
		{[]string{"--center", "10,20", "--fov", "1"}, "--out is required"},
		{[]string{"--center", "10,20", "--fov", "1", "--out", "x.jpg"}, "use a .png"},
		{append([]string{"--center", "10,20", "--fov", "1", "--width", "30000"}, base...), "--width and --height"},
		{append([]string{"--center", "10,20", "--fov", "1", "--colour-by", "x"}, base...), "--colour-by colours the --footprints"},
		{[]string{"--center", "10,20", "--fov", "1", "--hips", "ftp://x", "--out", out}, "--hips"},
		{[]string{"--region", "circle 1 2 3"}, "--region goes with --adql"},
		{[]string{"--adql"}, "--adql needs --region"},
		{[]string{"--region", "triangle 1 2 3", "--adql"}, "--region"},
		{[]string{"--region", "circle 1 2", "--adql"}, "--region"},
		{[]string{"--region", "polygon 1 2 3 4", "--adql"}, "--region"},
		{[]string{"--region", "circle 1 2 3", "--adql", "--condition", "near"}, "--condition"},
		{[]string{"--region", "circle 1 2 3", "--adql", "--condition", "overlap:-1"}, "overlap"},
		{[]string{"--region", "circle 1 2 3", "--adql", "--table", "x; DROP"}, "--table"},
		{[]string{"--region", "circle 1 2 3", "--adql", "--out", out}, "--out draws a view"},
		{[]string{"--center", "10,20", "--fov", "1", "--out", out, "--table", "dbo.raw"}, "--table goes with --region"},
		{[]string{"stray"}, "unexpected argument"},
	}
	for _, c := range cases {
		code, stdout, stderr := runSkyCmd(t, context.Background(), c.args...)
		first, _, _ := strings.Cut(stderr, "\n")
		if code != ExitUsage || !strings.Contains(first, c.want) || stdout != "" {
			t.Errorf("%q: exit %d, first line %q; want exit 2 and %q", c.args, code, first, c.want)
		}
	}
	if code, _, stderr := runSkyCmd(t, context.Background(), "-h"); code != ExitOK || !strings.Contains(stderr, "usage: esodesk sky") {
		t.Errorf("-h: exit %d, %q", code, stderr)
	}
}

// TestSkyRunErrors: failures while drawing are one clear line and exit 1
// (130 when interrupted), and leave no PNG behind.
func TestSkyRunErrors(t *testing.T) {
	freshCache(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "sky.png")
	s := newSynthHiPS(t, 3, 64, waves)
	view := []string{"--center", "204.25,-29.87", "--fov", "1", "--width", "64", "--out", out}

	noPos := filepath.Join(dir, "nopos.csv")
	os.WriteFile(noPos, []byte("name,flux\na,1\nb,2\n"), 0o644)
	notVOT := filepath.Join(dir, "bad.vot")
	os.WriteFile(notVOT, []byte("<html>no</html>"), 0o644)

	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(404)
		io.WriteString(w, "<html><body>Not here</body></html>")
	}))
	defer page.Close()
	fitsOnly := newSynthHiPS(t, 3, 64, waves)
	fitsOnly.formats = "fits"
	garbage := newSynthHiPS(t, 3, 64, waves)
	garbage.garbage = true

	cases := []struct {
		name string
		args []string
		want string
	}{
		{"unreadable HiPS", append([]string{"--hips", page.URL + "/nohips"}, view...), "cannot read the HiPS"},
		{"FITS-only HiPS", append([]string{"--hips", fitsOnly.srv.URL}, view...), "no PNG or JPEG tiles"},
		{"tile not an image", append([]string{"--hips", garbage.srv.URL}, view...), "not a readable PNG"},
		{"footprints without positions", append([]string{"--hips", s.srv.URL, "--footprints", noPos}, view...), "no positions to draw"},
		{"footprints not a VOTable", append([]string{"--hips", s.srv.URL, "--footprints", notVOT}, view...), "not a readable VOTable"},
		{"footprints missing", append([]string{"--hips", s.srv.URL, "--footprints", filepath.Join(dir, "none.vot")}, view...), "--footprints"},
		{"colour-by unknown column", append([]string{"--hips", s.srv.URL, "--footprints", noPos, "--colour-by", "nope"}, view...), `--colour-by "nope": no such column`},
		{"output folder missing", []string{"--hips", s.srv.URL, "--center", "1,2", "--fov", "1", "--out", filepath.Join(dir, "no", "x.png")}, "does not exist"},
	}
	for _, c := range cases {
		code, _, stderr := runSkyCmd(t, context.Background(), c.args...)
		if code != ExitError || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 1 {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 and %q", c.name, code, stderr, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%s: %s was written", c.name, out)
		}
	}

	// A survey that never answers: the timeout says so.
	slow := newSynthHiPS(t, 3, 64, waves)
	slow.holdTiles = make(chan struct{})
	defer close(slow.holdTiles)
	code, _, stderr := runSkyCmd(t, context.Background(), append([]string{"--hips", slow.srv.URL, "--timeout", "400ms"}, view...)...)
	if code != ExitError || !strings.Contains(stderr, "took longer than 400ms") {
		t.Errorf("timeout: exit %d, %q", code, stderr)
	}

	// Ctrl+C while tiles are on their way.
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	go func() {
		for slow.tileHits.Load() < 2 {
			time.Sleep(5 * time.Millisecond)
		}
		once.Do(cancel)
	}()
	code, _, stderr = runSkyCmd(t, ctx, append([]string{"--hips", slow.srv.URL}, view...)...)
	once.Do(cancel)
	if code != ExitCanceled || !strings.Contains(stderr, "cancelled") {
		t.Errorf("Ctrl+C: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s written after a failure", out)
	}
}

// TestFootprintsFromCSV: positions from a CSV's ra/dec columns become
// markers; s_region becomes outlines; --colour-by ramps numbers.
func TestFootprintsFromCSV(t *testing.T) {
	dir := t.TempDir()
	pts := filepath.Join(dir, "raw.csv")
	os.WriteFile(pts, []byte("dp_id,ra,dec,exptime\na,10.5,-20,1\nb,,,2\nc,11,-21,3\n"), 0o644)
	tab, err := readFootprintTable(pts)
	if err != nil {
		t.Fatal(err)
	}
	fps, skipped, err := footprintsFromTable(tab, "exptime")
	if err != nil {
		t.Fatal(err)
	}
	if len(fps) != 2 || skipped != 1 || !fps[0].Point || fps[0].Outline[0] != [2]float64{10.5, -20} || fps[1].Row != 2 {
		t.Fatalf("footprints %+v, skipped %d", fps, skipped)
	}
	if want, _ := skytable.Colours(tab, "exptime"); fps[0].Colour != want[0] || fps[1].Colour != want[2] || fps[0].Colour == fps[1].Colour {
		t.Errorf("colour by exptime: %v %v, want the ramp's ends %v %v", fps[0].Colour, fps[1].Colour, want[0], want[2])
	}

	regs := filepath.Join(dir, "obs.csv")
	os.WriteFile(regs, []byte("obs_id,s_region\nx,\"POLYGON ICRS 10 10 11 10 11 11 10 11\"\ny,CIRCLE ICRS 20 -5 0.5\nz,junk\n"), 0o644)
	tab, err = readFootprintTable(regs)
	if err != nil {
		t.Fatal(err)
	}
	fps, skipped, err = footprintsFromTable(tab, "obs_id")
	if err != nil {
		t.Fatal(err)
	}
	if len(fps) != 2 || skipped != 1 || fps[0].Point || len(fps[0].Outline) < 4 || len(fps[1].Outline) < 20 {
		t.Fatalf("footprints %+v, skipped %d", fps, skipped)
	}
	if fps[0].Colour == fps[1].Colour {
		t.Errorf("two obs_id values, one colour")
	}
}

// TestSkyCentreByName: --center NAME asks Sesame (the settings' url.sesame)
// and centres there; an unknown name is a one-line error.
func TestSkyCentreByName(t *testing.T) {
	freshCache(t)
	s := newSynthHiPS(t, 3, 64, waves)
	ra, dec := cellCentre(3, 64, 204.2538, -29.8658)
	sesame := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<?xml version="1.0"?><Sesame><Target><name>`+r.URL.RawQuery+`</name>`)
		if r.URL.RawQuery == "M83" {
			fmt.Fprintf(w, `<Resolver name="S=Simbad"><oname>M 83</oname><jradeg>%.10f</jradeg><jdedeg>%.10f</jdedeg></Resolver>`, ra, dec)
		} else {
			io.WriteString(w, `<Resolver name="S=Simbad"><INFO>*** Nothing found ***</INFO></Resolver>`)
		}
		io.WriteString(w, `</Target></Sesame>`)
	}))
	defer sesame.Close()
	t.Setenv("ESODESK_SESAME_URL", sesame.URL)
	out := filepath.Join(t.TempDir(), "m83.png")
	code, _, stderr := runSkyCmd(t, context.Background(), "--hips", s.srv.URL, "--center", "M83", "--fov", "2", "--width", "120", "--out", out)
	if code != ExitOK || !strings.Contains(stderr, "M83 resolved to") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	img := readPNG(t, out)
	if b := img.Bounds(); b.Dx() != 120 || b.Dy() != 120 {
		t.Fatalf("PNG is %dx%d, want 120x120 (a missing --height equals --width)", b.Dx(), b.Dy())
	}
	if got, want := skyRGB(img.At(60, 60)), skyRGB(waves(ra, dec)); maxDiff(got, want) > 3 {
		t.Errorf("centre pixel %v, the HiPS pixel at M83 is %v", got, want)
	}
	code, _, stderr = runSkyCmd(t, context.Background(), "--hips", s.srv.URL, "--center", "NoSuchGalaxy", "--fov", "2", "--out", out+"2.png")
	if code != ExitError || !strings.Contains(stderr, "NoSuchGalaxy") || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
		t.Errorf("unknown name: exit %d, %q", code, stderr)
	}
}
