package standin

import (
	"bytes"
	"context"
	"encoding/json"
	"esodesk/services/coords"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/astrogo/fitsio"
)

const (
	testCube     = "ADP.2020-05-09T04:46:53.348"
	testWhite    = "ADP.2020-05-09T04:46:53.349"
	testSpectrum = "ADP.2020-05-07T01:02:03.456"
)

// sodaProducts: testProducts' FORS2 image, a MUSE cube and a UVES
// spectrum, with the ObsCore geometry of the testbed's rows.
func sodaProducts() []ArchiveProduct {
	return append(testProducts(),
		ArchiveProduct{DPID: testCube, Instrument: "MUSE", Target: "47 Tuc", Type: "cube",
			RA: 6.02447, Dec: -72.080389, FoV: 0.02357, EmMin: 4.65e-07, EmMax: 9.3e-07,
			Files: []ProductFile{{ArchiveID: testCube, Category: "SCIENCE.CUBE.IFS", Extension: "FITS", OrigFile: "MU_SCBC_47Tuc.fits"},
				{ArchiveID: testWhite, Category: "ANCILLARY.IMAGE.WHITELIGHT", Extension: "FITS", OrigFile: "r.MU_47Tuc_WHITE.fits"}}},
		ArchiveProduct{DPID: testSpectrum, Instrument: "UVES", Target: "TW Hya", Type: "spectrum",
			RA: 165.466279, Dec: -34.70473, FoV: 0.000278, EmMin: 3.26e-07, EmMax: 6.8e-07,
			Files: []ProductFile{{ArchiveID: testSpectrum, Category: "SCIENCE.SPECTRUM", Extension: "FITS"}}},
	)
}

func newSODAServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	s := New(Options{Frames: testFrames(), Products: sodaProducts()})
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

// fitsHDU is one image HDU as astrogo/fitsio (not the stand-in) reads it.
type fitsHDU struct {
	name string
	axes []int
	raw  []byte // big-endian float32 pixels
}

func readFITS(t *testing.T, b []byte) []fitsHDU {
	t.Helper()
	f, err := fitsio.Open(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("fitsio cannot read the file: %v", err)
	}
	defer f.Close()
	var out []fitsHDU
	for _, h := range f.HDUs() {
		img, ok := h.(fitsio.Image)
		if !ok {
			t.Fatalf("HDU %q is not an image", h.Name())
		}
		if bp := h.Header().Bitpix(); bp != -32 && len(h.Header().Axes()) > 0 {
			t.Fatalf("HDU %q: BITPIX %d, want -32", h.Name(), bp)
		}
		out = append(out, fitsHDU{name: h.Name(), axes: h.Header().Axes(), raw: img.Raw()})
	}
	return out
}

// dataHDU is the index of the HDU holding the pixels (DATA in cubes).
func dataHDU(hdus []fitsHDU) int {
	for i, h := range hdus {
		if len(h.axes) >= 2 {
			return i
		}
	}
	return -1
}

func dims(h fitsHDU) (nx, ny, nz int) {
	nz = 1
	if len(h.axes) > 2 {
		nz = h.axes[2]
	}
	return h.axes[0], h.axes[1], nz
}

// findOffset finds where the cutout's pixels sit in the full array: the
// one offset at which every cutout pixel equals the full file's.
func findOffset(t *testing.T, full, cut fitsHDU) [3]int {
	t.Helper()
	fx, fy, fz := dims(full)
	cx, cy, cz := dims(cut)
	var found [][3]int
	for z0 := 0; z0+cz <= fz; z0++ {
		for y0 := 0; y0+cy <= fy; y0++ {
		next:
			for x0 := 0; x0+cx <= fx; x0++ {
				for z := 0; z < cz; z++ {
					for y := 0; y < cy; y++ {
						c := cut.raw[4*((z*cy+y)*cx) : 4*((z*cy+y)*cx+cx)]
						o := 4 * (((z0+z)*fy+y0+y)*fx + x0)
						if !bytes.Equal(c, full.raw[o:o+4*cx]) {
							continue next
						}
					}
				}
				found = append(found, [3]int{x0, y0, z0})
			}
		}
	}
	if len(found) != 1 {
		t.Fatalf("the cutout (%dx%dx%d) matches the full file (%dx%dx%d) at %d offsets %v, want exactly one", cx, cy, cz, fx, fy, fz, len(found), found)
	}
	return found[0]
}

// astropy runs testdata/wcscheck.py on one request.
func astropy(t *testing.T, req map[string]any, out any) {
	t.Helper()
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("no /usr/bin/python3 (astropy)")
	}
	in, _ := json.Marshal(req)
	cmd := exec.Command("/usr/bin/python3", "testdata/wcscheck.py")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("wcscheck.py: %v: %s", err, stderr.String())
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("wcscheck.py answer %q: %v", b, err)
	}
}

// TestSkyProductFiles: the #this file of an image or cube product is a FITS
// image/cube that fitsio reads, whose WCS (per astropy) is centred on
// s_ra/s_dec, spans the s_region square and, for cubes, em_min..em_max;
// Server.FileBytes, DataLink's content_length and Range requests agree with it.
func TestSkyProductFiles(t *testing.T) {
	s, srv := newSODAServer(t)
	dir := t.TempDir()
	for _, p := range sodaProducts()[:2] {
		cube := p.Type == "cube"
		resp, body := fetchURL(t, srv.URL+DataPortalPath+p.DPID)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/x-fits" || resp.ContentLength != int64(len(body)) {
			t.Fatalf("%s: HTTP %d %q, %d bytes", p.DPID, resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
		size, open := s.FileBytes(context.Background(), p.DPID)
		want, _ := io.ReadAll(open())
		if size != int64(len(body)) || !bytes.Equal(want, body) {
			t.Fatalf("%s: Server.FileBytes (%d bytes) differs from the served file (%d)", p.DPID, size, len(body))
		}
		if s.FileSHA256(context.Background(), p.DPID) == FileSHA256(p.DPID) {
			t.Errorf("%s: served the id-only generic file, not the image", p.DPID)
		}
		rows := links(t, srv.URL, p.DPID).Rows
		if rows[0].Semantics != "#this" || rows[0].ContentLength != int64(len(body)) {
			t.Errorf("%s: #this content_length %d, file %d bytes", p.DPID, rows[0].ContentLength, len(body))
		}
		r, part := fetch(t, "GET", srv.URL+DataPortalPath+p.DPID, map[string]string{"Range": "bytes=3000-9999"})
		if r.StatusCode != http.StatusPartialContent || !bytes.Equal(part, body[3000:10000]) {
			t.Errorf("%s: Range: HTTP %d, %d bytes", p.DPID, r.StatusCode, len(part))
		}

		hdus := readFITS(t, body)
		d := dataHDU(hdus)
		nx, ny, nz := dims(hdus[d])
		switch {
		case !cube && (len(hdus) != 1 || len(hdus[0].axes) != 2 || nx < 250 || nx > 350 || ny < 250 || ny > 350):
			t.Fatalf("image %s: HDUs %d, axes %v", p.DPID, len(hdus), hdus[0].axes)
		case cube && (len(hdus) != 3 || len(hdus[0].axes) != 0 || hdus[1].name != "DATA" || hdus[2].name != "STAT" ||
			nx < 25 || nx > 40 || ny < 25 || ny > 40 || nz < 140 || nz > 170):
			t.Fatalf("cube %s: %d HDUs, %s %v", p.DPID, len(hdus), hdus[d].name, hdus[d].axes)
		}
		if cube && !bytes.Contains(body, []byte("BUNIT   = '10**(-20)*erg/s/cm**2/Angstrom'")) {
			t.Errorf("cube %s: no MUSE BUNIT", p.DPID)
		}
		// Not constant: sources stand out of the background.
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := 0; i < len(hdus[d].raw); i += 4 {
			v := float64(math.Float32frombits(uint32(hdus[d].raw[i])<<24 | uint32(hdus[d].raw[i+1])<<16 | uint32(hdus[d].raw[i+2])<<8 | uint32(hdus[d].raw[i+3])))
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		if !(hi-lo > 30) || math.IsNaN(lo) {
			t.Errorf("%s: pixels %g..%g: no sources", p.DPID, lo, hi)
		}

		path := filepath.Join(dir, p.DPID+".fits")
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		var a struct {
			RA, Dec, Width, Height float64
			Planes                 []float64
		}
		astropy(t, map[string]any{"mode": "full", "file": path, "hdu": d}, &a)
		if coords.Separation(a.RA, a.Dec, p.RA, p.Dec) > 1e-9 {
			t.Errorf("%s: reference pixel at (%.9f, %.9f), want s_ra/s_dec (%.9f, %.9f)", p.DPID, a.RA, a.Dec, p.RA, p.Dec)
		}
		if side := p.FoV / math.Sqrt2; math.Abs(math.Max(a.Width, a.Height)-side) > 1e-3*side {
			t.Errorf("%s: spans %g x %g deg, want %g (s_fov/sqrt 2)", p.DPID, a.Width, a.Height, side)
		}
		if cube {
			if len(a.Planes) != nz || math.Abs(a.Planes[0]/p.EmMin-1) > 1e-12 || math.Abs(a.Planes[nz-1]/p.EmMax-1) > 1e-12 {
				t.Errorf("%s: %d planes %g..%g m, want %d over em_min..em_max %g..%g", p.DPID, len(a.Planes), a.Planes[0], a.Planes[len(a.Planes)-1], nz, p.EmMin, p.EmMax)
			}
		}
	}
}

// TestSODACutoutMatchesFile: a SODA cutout is exactly one sub-box of the
// full file (found by searching the full array), that box is the one
// astropy's projection of the circle gives (clipped to the image), its WCS
// maps each pixel to the same sky position and wavelength as the full
// file's WCS at the matching pixel (astropy, 1e-9 deg), and BAND keeps
// exactly the planes inside the band.
func TestSODACutoutMatchesFile(t *testing.T) {
	_, srv := newSODAServer(t)
	dir := t.TempDir()
	img, cube := sodaProducts()[0], sodaProducts()[1]
	cases := []struct {
		name     string
		p        ArchiveProduct
		path     string
		q        url.Values
		circle   [3]float64
		band     []float64
		clipped  bool
		wantSide float64 // cutout side in pixels, about 2r/scale (0: not checked)
	}{
		{name: "image circle", p: img, path: SODAPath, circle: [3]float64{13.70, -37.70, 0.01}},
		{name: "image at the edge", p: img, path: SODAESOPath, circle: [3]float64{13.722579, -37.683259 + 0.055, 0.02}, clipped: true},
		{name: "cube circle", p: cube, path: SODAESOPath, circle: [3]float64{6.0262, -72.0798, 0.002}},
		{name: "cube H-alpha", p: cube, path: SODAESOPath, circle: [3]float64{6.02447, -72.080389, 0.003}, band: []float64{6.50e-7, 6.62e-7}},
		{name: "cube corner, red end", p: cube, path: SODAPath, circle: [3]float64{6.02447 - 0.006/math.Cos(72.08*math.Pi/180), -72.080389 - 0.006, 0.004}, band: []float64{9.0e-7, 1e-6}, clipped: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := url.Values{"ID": {ivoPrefix + c.p.DPID}, "CIRCLE": {fmt.Sprintf("%.9f %.9f %g", c.circle[0], c.circle[1], c.circle[2])}}
			if c.band != nil {
				q.Set("BAND", fmt.Sprintf("%g %g", c.band[0], c.band[1]))
			}
			resp, cutBody := fetchURL(t, srv.URL+c.path+"?"+q.Encode())
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/fits" {
				t.Fatalf("HTTP %d %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), cutBody)
			}
			_, fullBody := fetchURL(t, srv.URL+DataPortalPath+c.p.DPID)
			full, cut := readFITS(t, fullBody), readFITS(t, cutBody)
			if len(full) != len(cut) {
				t.Fatalf("cutout has %d HDUs, the file %d", len(cut), len(full))
			}
			d := dataHDU(full)
			off := findOffset(t, full[d], cut[d])
			for i := range full { // STAT is cut the same way
				if i != d && len(full[i].axes) > 0 && findOffset(t, full[i], cut[i]) != off {
					t.Errorf("HDU %s cut elsewhere than %s", full[i].name, full[d].name)
				}
			}
			fp, cp := filepath.Join(dir, "full.fits"), filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".fits")
			if err := os.WriteFile(fp, fullBody, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(cp, cutBody, 0o644); err != nil {
				t.Fatal(err)
			}
			var a struct {
				MaxSepDeg  float64   `json:"max_sep_deg"`
				MaxSpecRel float64   `json:"max_spec_rel"`
				BoxLo      []int     `json:"box_lo"`
				BoxHi      []int     `json:"box_hi"`
				CutPlanes  []float64 `json:"cut_planes"`
				FullPlanes []float64 `json:"full_planes"`
			}
			astropy(t, map[string]any{"mode": "cut", "full": fp, "cut": cp, "hdu": d, "offset": off, "circle": c.circle}, &a)
			if a.MaxSepDeg > 1e-9 || a.MaxSpecRel > 1e-12 {
				t.Errorf("cutout WCS differs from the file's at matching pixels: %g deg, %g (relative, spectral)", a.MaxSepDeg, a.MaxSpecRel)
			}
			cx, cy, cz := dims(cut[d])
			fx, fy, fz := dims(full[d])
			if off[0] != a.BoxLo[0] || off[1] != a.BoxLo[1] || off[0]+cx-1 != a.BoxHi[0] || off[1]+cy-1 != a.BoxHi[1] {
				t.Errorf("cutout box x %d-%d y %d-%d, astropy bounds the circle by x %d-%d y %d-%d",
					off[0], off[0]+cx-1, off[1], off[1]+cy-1, a.BoxLo[0], a.BoxHi[0], a.BoxLo[1], a.BoxHi[1])
			}
			atEdge := off[0] == 0 || off[1] == 0 || off[0]+cx == fx || off[1]+cy == fy
			if atEdge != c.clipped {
				t.Errorf("box x %d+%d of %d, y %d+%d of %d: clipped %v, want %v", off[0], cx, fx, off[1], cy, fy, atEdge, c.clipped)
			}
			if c.band == nil {
				if cz != fz {
					t.Errorf("no BAND: %d planes of %d", cz, fz)
				}
				return
			}
			if cz >= fz || len(a.CutPlanes) != cz {
				t.Fatalf("BAND kept %d planes of %d", cz, fz)
			}
			for i, w := range a.CutPlanes {
				if w < c.band[0] || w > c.band[1] {
					t.Errorf("cutout plane %d at %g m is outside BAND %v", i, w, c.band)
				}
			}
			if off[2] > 0 && a.FullPlanes[off[2]-1] >= c.band[0] {
				t.Errorf("plane %d (%g m) is in the band but was left out", off[2]-1, a.FullPlanes[off[2]-1])
			}
			if e := off[2] + cz; e < fz && a.FullPlanes[e] <= c.band[1] {
				t.Errorf("plane %d (%g m) is in the band but was left out", e, a.FullPlanes[e])
			}
		})
	}
}

// TestSODAForms: POS=CIRCLE and CIRCLE, the bare id and the ivo:// id, both
// paths and POST give the same cutout.
func TestSODAForms(t *testing.T) {
	_, srv := newSODAServer(t)
	first := ""
	for _, u := range []string{
		SODAPath + "?ID=" + url.QueryEscape(ivoPrefix+testCube) + "&CIRCLE=6.0245+-72.0804+0.002&BAND=6.5e-7+6.7e-7",
		SODAESOPath + "?ID=" + testCube + "&POS=" + url.QueryEscape("CIRCLE 6.0245 -72.0804 0.002") + "&BAND=6.5e-7%206.7e-7",
	} {
		resp, body := fetchURL(t, srv.URL+u)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: HTTP %d: %s", u, resp.StatusCode, body)
		}
		if first == "" {
			first = string(body)
		} else if string(body) != first {
			t.Errorf("%s: another cutout than the first form", u)
		}
	}
	resp, err := http.PostForm(srv.URL+SODAESOPath, url.Values{"ID": {testCube}, "CIRCLE": {"6.0245 -72.0804 0.002"}, "BAND": {"6.5e-7 6.7e-7"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != first {
		t.Errorf("POST: HTTP %d, same cutout %v", resp.StatusCode, string(body) == first)
	}
}

// TestSODAErrors: ESO-like text errors for bad requests.
func TestSODAErrors(t *testing.T) {
	_, srv := newSODAServer(t)
	cases := []struct {
		q      string
		status int
		says   string
	}{
		{"ID=" + testCube, 400, "missing CIRCLE"},
		{"ID=" + testCube + "&CIRCLE=6.02+-72.08", 400, "three numbers"},
		{"ID=" + testCube + "&CIRCLE=6.02+abc+0.01", 400, "not a number"},
		{"ID=" + testCube + "&CIRCLE=6.02+-95+0.01", 400, "dec"},
		{"ID=" + testCube + "&CIRCLE=6.02+-72.08+0", 400, "radius"},
		{"ID=" + testCube + "&POS=RANGE+6+6.1+-72.1+-72", 400, "only circles"},
		{"ID=" + testCube + "&CIRCLE=10.0+-72.08+0.01", 400, "no overlap"},
		{"ID=" + testCube + "&CIRCLE=186.0+72.08+10", 400, "no overlap"},
		{"ID=" + testCube + "&CIRCLE=6.0245+-72.0804+0.002&BAND=1e-6+2e-6", 400, "no overlap"},
		{"ID=" + testCube + "&CIRCLE=6.0245+-72.0804+0.002&BAND=7e-7+6e-7", 400, "lower bound"},
		{"ID=" + testCube + "&CIRCLE=6.0245+-72.0804+0.002&BAND=7e-7", 400, "<lo> <hi>"},
		{"ID=" + testCube + "&CIRCLE=6.0245+-72.0804+0.002&BAND=9.2e-7+Inf", 200, "SIMPLE"},
		{"ID=" + testProduct + "&CIRCLE=13.7+-37.7+0.01&BAND=2e-6+3e-6", 400, "no overlap"},
		{"ID=ADP.2099-01-01T00:00:00.000&CIRCLE=6.02+-72.08+0.01", 404, "NotFoundFault"},
		{"ID=" + testSpectrum + "&CIRCLE=165.466+-34.705+0.001", 400, "spectrum"},
		{"CIRCLE=6.02+-72.08+0.01", 400, "missing ID"},
	}
	for _, c := range cases {
		resp, body := fetchURL(t, srv.URL+SODAESOPath+"?"+c.q)
		ctype := "text/plain"
		if c.status == 200 {
			ctype = "application/fits"
		}
		if resp.StatusCode != c.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) || !strings.Contains(string(body), c.says) {
			t.Errorf("%s: HTTP %d %q %.200q, want %d saying %q", c.q, resp.StatusCode, resp.Header.Get("Content-Type"), body, c.status, c.says)
		}
	}
	// A circle covering the whole field gives the whole file, byte for byte.
	resp, body := fetchURL(t, srv.URL+SODAPath+"?ID="+testCube+"&CIRCLE=6.02447+-72.080389+1")
	_, full := fetchURL(t, srv.URL+DataPortalPath+testCube)
	if resp.StatusCode != 200 || !bytes.Equal(body, full) {
		t.Errorf("a circle around the whole cube: HTTP %d, %d bytes, want the whole file (%d)", resp.StatusCode, len(body), len(full))
	}
}

// TestWhiteLightImage: a cube's ANCILLARY.IMAGE.WHITELIGHT file is a 2-D
// image whose pixels are the mean of the cube's DATA planes (computed here
// from the cube as fitsio reads it) and whose WCS cards are the cube's
// spatial ones.
func TestWhiteLightImage(t *testing.T) {
	_, srv := newSODAServer(t)
	_, cubeBody := fetchURL(t, srv.URL+DataPortalPath+testCube)
	resp, whiteBody := fetchURL(t, srv.URL+DataPortalPath+testWhite)
	if resp.StatusCode != 200 {
		t.Fatalf("HTTP %d", resp.StatusCode)
	}
	cube, white := readFITS(t, cubeBody)[1], readFITS(t, whiteBody)
	nx, ny, nz := dims(cube)
	if len(white) != 1 || len(white[0].axes) != 2 || white[0].axes[0] != nx || white[0].axes[1] != ny {
		t.Fatalf("white-light image: %d HDUs, axes %v, cube %dx%d", len(white), white[0].axes, nx, ny)
	}
	f32 := func(b []byte, i int) float32 {
		return math.Float32frombits(uint32(b[4*i])<<24 | uint32(b[4*i+1])<<16 | uint32(b[4*i+2])<<8 | uint32(b[4*i+3]))
	}
	for i := 0; i < nx*ny; i++ {
		sum := 0.0
		for z := 0; z < nz; z++ {
			sum += float64(f32(cube.raw, z*nx*ny+i))
		}
		if got, want := f32(white[0].raw, i), float32(sum/float64(nz)); got != want {
			t.Fatalf("pixel %d: %g, want the mean of the planes %g", i, got, want)
		}
	}
	cards := func(b []byte) map[string]string {
		m := map[string]string{}
		for i := 0; i+80 <= len(b) && !bytes.HasPrefix(b[i:], []byte("END ")); i += 80 {
			m[strings.TrimSpace(string(b[i:i+8]))] = string(b[i : i+80])
		}
		return m
	}
	ch, wh := cards(cubeBody[2880:]), cards(whiteBody)
	for _, k := range []string{"CTYPE1", "CTYPE2", "CRPIX1", "CRPIX2", "CRVAL1", "CRVAL2", "CD1_1", "CD2_2", "BUNIT"} {
		if ch[k] == "" || ch[k] != wh[k] {
			t.Errorf("%s: cube %q, white-light %q", k, ch[k], wh[k])
		}
	}
}
