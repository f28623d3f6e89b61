package imagesctl

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"esodesk/fits"
	"esodesk/fits/wcs"
	"esodesk/internal/runtest"
	"esodesk/internal/testbedenv"
	"esodesk/services/config"
	"esodesk/services/download"
	"esodesk/services/fetch"
	"esodesk/services/scs"
	"esodesk/services/sia"
	"esodesk/services/soda"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
	"esodesk/testbed/standin"
)

// rig is a controller on the testbed (ESO's ObsCore through its TAP, its
// SIA 2), Sesame answered by the stand-in in-process, a private cache and
// a recording download queue.
type rig struct {
	c        *Controller
	q        *runtest.Queue
	settings config.Settings
	queued   []download.Job
	folder   string
}

func newRig(t *testing.T) *rig {
	t.Helper()
	base := testbedenv.URL(t)
	sesame := httptest.NewServer(standin.New(standin.Options{}))
	t.Cleanup(sesame.Close)
	r := &rig{q: &runtest.Queue{}}
	r.settings = config.Defaults()
	r.settings.TapObs = base + "/tap"
	r.settings.SIA = base + "/__system__/siap2/sitewide/siap2.xml"
	r.settings.Sesame = sesame.URL + standin.SesamePath
	r.c = New(Deps{
		HTTP:     vohttp.Default,
		Settings: func() config.Settings { return r.settings },
		Cache:    fetch.New(t.TempDir(), nil),
		Enqueue: func(jobs []download.Job, folder string) error {
			r.queued, r.folder = append(r.queued, jobs...), folder
			return nil
		},
	}, r.q.Run)
	t.Cleanup(func() { r.c.Close(); r.settle() })
	return r
}

func (r *rig) settle() { r.q.Settle(r.c.Wait) }

func (r *rig) search(svc Service, f Form) State {
	r.c.SetService(svc)
	r.c.Search(f)
	r.settle()
	return r.c.Snapshot()
}

// hd100546 has an ESO image and two ESO cubes in the testbed's ObsCore.
const hd100546 = "173.356 -70.195"

func TestFormParse(t *testing.T) {
	good := Form{Target: "NGC 3603", Radius: "30", RadiusUnit: "arcsec", BandMin: "500", BandMax: "700",
		DateFrom: "2019-03-01", DateTo: "2019-03-01", Collection: "MUSE", Product: CubesOnly, MaxRec: "50"}
	r, err := good.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Radius-30.0/3600) > 1e-12 || len(r.Query.Band) != 1 || math.Abs(r.Query.Band[0].Lo-500e-9) > 1e-18 ||
		r.Query.Time[0].Hi-r.Query.Time[0].Lo != 1 || r.Query.Time[0].Lo != 58543 || r.Query.DPType[0] != "cube" ||
		r.Query.Collection[0] != "MUSE" || r.Query.MaxRec != 50 {
		t.Errorf("parsed %+v", r)
	}
	for _, bad := range []struct {
		f    Form
		want string
	}{
		{Form{Radius: "1"}, "type a target"},
		{Form{Target: "x", Radius: "-1"}, "not a number above 0"},
		{Form{Target: "x", Radius: "11", RadiusUnit: "deg"}, "above 10°"},
		{Form{Target: "x", Radius: "1", BandMin: "700", BandMax: "500"}, "wavelength range is empty"},
		{Form{Target: "x", Radius: "1", DateFrom: "2019-13-01"}, "not a date"},
		{Form{Target: "x", Radius: "1", DateFrom: "2019-03-02", DateTo: "2019-03-01"}, "date range is empty"},
		{Form{Target: "x", Radius: "1", MaxRec: "lots"}, ""},
	} {
		if _, err := bad.f.Parse(); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%+v: %v, want %q", bad.f, err, bad.want)
		}
	}
}

// TestSearchESOAndSIA: the ESO path (ObsCore through TAP) and the SIA 2
// path give what the services themselves give for the same cone.
func TestSearchESOAndSIA(t *testing.T) {
	r := newRig(t)
	s := r.search(ESOService, Form{Target: hd100546, Radius: "2", RadiusUnit: "arcmin", MaxRec: "100"})
	if s.Result == nil || s.Result.Err != "" {
		t.Fatalf("ESO search: %+v %s", s.Result, s.Status)
	}
	want := testbedenv.Count(t, "SELECT COUNT(*) FROM ivoa.obscore WHERE dataproduct_type IN ('image', 'cube') AND "+
		"1 = INTERSECTS(s_region, CIRCLE('ICRS', 173.356, -70.195, 0.0333333333))")
	if got := s.Result.Table.NumRows(); got != want || got < 3 {
		t.Errorf("ESO path: %d rows, the testbed's TAP counts %d", got, want)
	}
	if !strings.Contains(s.Status, "images and cubes") {
		t.Errorf("status %q", s.Status)
	}

	m83 := Form{Target: "204.25 -29.87", Radius: "10", RadiusUnit: "arcmin", MaxRec: "100"}
	siaSvc := Service{Kind: KindSIA, Name: "testbed SIA", URL: r.settings.SIA}
	s = r.search(siaSvc, m83)
	if s.Result == nil || s.Result.Err != "" {
		t.Fatalf("SIA search: %+v %s", s.Result, s.Status)
	}
	q := sia.Query{Pos: []sia.Shape{sia.Circle{RA: 204.25, Dec: -29.87, Radius: 10.0 / 60}}, MaxRec: 100}
	direct, err := sia.New(r.settings.SIA, nil).Search(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(s.Result.Records); got != len(direct.Records) || got < 4 {
		t.Errorf("SIA path: %d records, the service %d", got, len(direct.Records))
	}

	// the same cone on the ESO path finds the testbed's own images too (ObsCore holds both)
	viaTAP, err := sia.SearchTAP(t.Context(), tap.New(r.settings.TapObs, nil), q)
	if err != nil || len(viaTAP.Records) < len(direct.Records) {
		t.Errorf("ObsCore through TAP: %v records, %v", len(viaTAP.Records), err)
	}

	s = r.search(ESOService, Form{Target: "", Radius: "2"})
	if !strings.HasPrefix(s.Status, "Cannot search: type a target") {
		t.Errorf("status %q", s.Status)
	}
}

// rowOf finds the result row whose obs_id or access_url contains id.
func rowOf(t *testing.T, res *Result, dptype, id string) int {
	t.Helper()
	for i, rec := range res.Records {
		if rec.DataProductType == dptype && (strings.Contains(rec.ObsID, id) || strings.Contains(rec.AccessURL, id) || id == "") {
			return i
		}
	}
	t.Fatalf("no %s row with %q among %d", dptype, id, len(res.Records))
	return -1
}

// python runs Debian's python3 with astropy on script and decodes its JSON.
func python(t *testing.T, script string, args ...string) map[string]any {
	t.Helper()
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("/usr/bin/python3 is missing: install python3-astropy (scripts/deps.sh test)")
	}
	out, err := exec.Command("/usr/bin/python3", append([]string{"-c", script}, args...)...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("astropy: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("astropy said %q: %v", out, err)
	}
	return m
}

// cubeSums is astropy's and numpy's answer: the box's sum per plane and the
// wavelengths of the planes at the box's centre (metres).
const cubeSums = `
import json, sys
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
path, x0, y0, x1, y1 = sys.argv[1], *map(int, sys.argv[2:6])
with fits.open(path) as hl:
    h = next(h for h in hl if h.data is not None and h.data.ndim == 3)
    d = h.data.astype(np.float64)
    sums = np.nansum(d[:, y0:y1+1, x0:x1+1], axis=(1, 2))
    w = WCS(h.header)
    n = d.shape[0]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    world = w.pixel_to_world_values(np.full(n, cx), np.full(n, cy), np.arange(n))
    print(json.dumps({"sums": sums.tolist(), "wave": np.asarray(world[2]).tolist()}))
`

// TestCubeSpectrumMatchesAstropy: an ESO cube (served by the stand-in
// through its DataLink #this) opens as a cube, and the spectrum of a box is
// numpy's sum over the same pixels on astropy's wavelengths.
func TestCubeSpectrumMatchesAstropy(t *testing.T) {
	r := newRig(t)
	s := r.search(ESOService, Form{Target: hd100546, Radius: "2", RadiusUnit: "arcmin", Product: CubesOnly, MaxRec: "100"})
	row := rowOf(t, s.Result, "cube", "")
	r.c.OpenRow(row)
	if im := r.c.Snapshot().Image; im == nil || im.Phase != ImageLoading {
		t.Fatalf("while fetching: %+v", im)
	}
	r.settle()
	im := r.c.Snapshot().Image
	if im.Phase != ImageShown || !im.IsCube() || im.WCS == nil {
		t.Fatalf("image %+v", im)
	}
	if v, unit, ok := im.Spectral(0); !ok || unit != "Å" || math.Abs(v-s.Result.Records[row].EmMin*1e10) > 2 {
		t.Errorf("the plane label: %v %q %v (em_min %v m)", v, unit, ok, s.Result.Records[row].EmMin)
	}
	region := Region{X0: 10, Y0: 12, X1: 14, Y1: 15}
	var got *fits.Spectrum
	r.c.Spectrum(region, false, func(s *fits.Spectrum, err error) {
		if err != nil {
			t.Fatal(err)
		}
		got = s
	})
	r.settle()
	if got == nil {
		t.Fatal("no spectrum")
	}
	want := python(t, cubeSums, im.Path, "10", "12", "14", "15")
	sums, wave := want["sums"].([]any), want["wave"].([]any)
	if len(got.Flux) != len(sums) || got.Axis != "wavelength" || !got.Air || got.WaveUnit != "m" {
		t.Fatalf("spectrum: %d planes (astropy %d), axis %q air %v unit %q", len(got.Flux), len(sums), got.Axis, got.Air, got.WaveUnit)
	}
	for i := range sums {
		ws, ww := sums[i].(float64), wave[i].(float64)
		if math.Abs(got.Flux[i]-ws) > 1e-9*math.Max(1, math.Abs(ws)) || math.Abs(got.Wave[i]-ww) > 1e-12*ww {
			t.Fatalf("plane %d: flux %v wave %v; numpy %v, astropy %v", i, got.Flux[i], got.Wave[i], ws, ww)
		}
	}
	if !strings.Contains(got.Title, "box (11..15, 13..16)") {
		t.Errorf("title %q", got.Title)
	}
}

// cutoutMatches checks, with astropy, that every pixel of the cutout is the
// full cube's pixel at the same sky position and wavelength.
const cutoutMatches = `
import json, sys
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS
def cube(path):
    hl = fits.open(path)
    return next(h for h in hl if h.data is not None and h.data.ndim == 3)
full, cut = cube(sys.argv[1]), cube(sys.argv[2])
wf, wc = WCS(full.header), WCS(cut.header)
# the cutout's first pixel, found in the full cube
world = wc.pixel_to_world_values(0, 0, 0)
x, y, z = [int(round(float(v))) for v in wf.world_to_pixel_values(*world)]
nz, ny, nx = cut.data.shape
part = full.data[z:z+nz, y:y+ny, x:x+nx]
print(json.dumps({"shape": list(cut.data.shape), "offset": [x, y, z],
                  "equal": bool(part.shape == cut.data.shape and np.array_equal(part, cut.data, equal_nan=True))}))
`

// TestCutoutOfAnESOCube: the selected cube's DataLink offers ESO's SODA
// service; the cutout queued is the part of the full cube inside the circle
// and band (checked with astropy on the stand-in's answer).
func TestCutoutOfAnESOCube(t *testing.T) {
	r := newRig(t)
	s := r.search(ESOService, Form{Target: hd100546, Radius: "2", RadiusUnit: "arcmin", Product: CubesOnly, MaxRec: "100"})
	row := rowOf(t, s.Result, "cube", "")
	rec := s.Result.Records[row]
	r.c.Select([]int{row})
	if o := r.c.Snapshot().Cutout; o == nil || !o.Checking {
		t.Fatalf("offer while checking %+v", o)
	}
	r.settle()
	o := r.c.Snapshot().Cutout
	if o == nil || !o.Available || !o.Takes("CIRCLE") || !o.Takes("BAND") {
		t.Fatalf("offer %+v", o)
	}
	mid := (rec.EmMin + rec.EmMax) / 2
	band := &soda.Interval{Lo: mid - 20e-9, Hi: mid + 20e-9}
	if err := r.c.Cutout(soda.Circle{RA: rec.RA, Dec: rec.Dec, Radius: 10.0 / 3600}, band); err != nil {
		t.Fatal(err)
	}
	if len(r.queued) != 1 || r.folder != "cutouts" || !strings.HasSuffix(r.queued[0].Name, "_cutout.fits") {
		t.Fatalf("queued %+v in %q", r.queued, r.folder)
	}
	cut := fetchTo(t, r.queued[0].URL)
	r.c.OpenRow(row) // the full cube, through the cache
	r.settle()
	full := r.c.Snapshot().Image.Path
	got := python(t, cutoutMatches, full, cut)
	if got["equal"] != true {
		t.Errorf("the cutout is not the full cube's part: %v", got)
	}
	shape := got["shape"].([]any)
	if shape[0].(float64) < 2 || shape[1].(float64) < 5 {
		t.Errorf("cutout shape %v: too small for a 10\" circle and a 40 nm band", shape)
	}

	// a cone that misses the cube is the service's error, said in the status by the queue; a
	// row without DataLink has no offer
	r.c.Select(nil)
	if r.c.Snapshot().Cutout != nil {
		t.Error("offer kept without a selection")
	}
	if err := r.c.Cutout(soda.Circle{RA: 1, Dec: 1, Radius: 0.01}, nil); err == nil {
		t.Error("a cutout without an offer was queued")
	}
}

func fetchTo(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s: %s %s", u, resp.Status, b)
	}
	p := filepath.Join(t.TempDir(), "cutout.fits")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.Copy(f, resp.Body); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOpenFileSaysWhatIsWrong: a local file that is no FITS image says so
// in place of the image; a testbed image opens with its WCS.
func TestOpenFileSaysWhatIsWrong(t *testing.T) {
	r := newRig(t)
	bad := filepath.Join(t.TempDir(), "notes.fits")
	os.WriteFile(bad, []byte("not a FITS file"), 0o644)
	r.c.OpenFile(bad, 0)
	r.settle()
	if im := r.c.Snapshot().Image; im.Phase != ImageFailed || !strings.HasPrefix(im.Message, "notes.fits could not be read: ") {
		t.Errorf("image %+v", im)
	}
	img := fetchTo(t, testbedenv.URL(t)+"/getproduct/images/data/ngc3603_tan_cd.fits")
	r.c.OpenFile(img, 0)
	r.settle()
	im := r.c.Snapshot().Image
	if im.Phase != ImageShown || im.WCS == nil || im.IsCube() {
		t.Fatalf("image %+v", im)
	}
	ra, dec, err := im.WCS.SkyAt(1, 1)
	if err != nil || math.Abs(ra-168.78) > 0.2 || math.Abs(dec+61.26) > 0.2 {
		t.Errorf("pixel (1,1) at %v %v %v", ra, dec, err)
	}
	r.c.Spectrum(Region{}, false, func(_ *fits.Spectrum, err error) {
		if err == nil || !strings.Contains(err.Error(), "a spectrum needs a cube") {
			t.Errorf("spectrum of an image: %v", err)
		}
	})
	r.settle()

}

// TestCutoutOfADaCHSCube: the cube found through the testbed's SIA 2 is
// cut by DaCHS's own SODA service (its DataLink's descriptor); the answer is
// the part of the full cube inside the circle (astropy).
func TestCutoutOfADaCHSCube(t *testing.T) {
	r := newRig(t)
	svc := Service{Kind: KindSIA, Name: "testbed SIA", URL: r.settings.SIA}
	s := r.search(svc, Form{Target: "204.25 -29.87", Radius: "10", RadiusUnit: "arcmin", Product: CubesOnly, MaxRec: "100"})
	row := rowOf(t, s.Result, "cube", "m83_muse_cube")
	rec := s.Result.Records[row]
	r.c.Select([]int{row})
	r.settle()
	o := r.c.Snapshot().Cutout
	if o == nil || !o.Available {
		t.Fatalf("offer %+v", o)
	}
	if err := r.c.Cutout(soda.Circle{RA: rec.RA, Dec: rec.Dec, Radius: 2.0 / 3600}, nil); err != nil {
		t.Fatal(err)
	}
	cut := fetchTo(t, r.queued[len(r.queued)-1].URL)
	r.c.OpenRow(row)
	r.settle()
	im := r.c.Snapshot().Image
	if im.Phase != ImageShown || !im.IsCube() {
		t.Fatalf("the full cube: %+v", im)
	}
	got := python(t, cutoutMatches, im.Path, cut)
	if got["equal"] != true {
		t.Errorf("DaCHS's cutout is not the full cube's part: %v", got)
	}
}

// TestCircleAround: the circle a drawn box starts a cutout from is centred
// on the box and reaches its farthest corner.
func TestCircleAround(t *testing.T) {
	card := func(k, v string) string { return fmt.Sprintf("%-8s= %-70s", k, v) }
	hdr := card("NAXIS", "2") + card("NAXIS1", "100") + card("NAXIS2", "100") +
		card("CTYPE1", "'RA---TAN'") + card("CTYPE2", "'DEC--TAN'") + card("CRPIX1", "50.5") + card("CRPIX2", "50.5") +
		card("CRVAL1", "204.25") + card("CRVAL2", "-29.87") + card("CDELT1", "-0.0002777777777778") + card("CDELT2", "0.0002777777777778")
	w, err := wcs.FromHeader(hdr)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	c, ok := CircleAround(w, &Region{X0: 39, Y0: 39, X1: 60, Y1: 60}) // 22x22 px of 1": FITS 40..61 around 50.5
	if !ok || math.Abs(c.RA-204.25) > 1e-9 || math.Abs(c.Dec+29.87) > 1e-9 {
		t.Fatalf("circle %+v %v", c, ok)
	}
	if want := 11 * math.Sqrt2 / 3600; math.Abs(c.Radius-want) > 0.01/3600 {
		t.Errorf("radius %.3f\", want %.3f\"", c.Radius*3600, want*3600)
	}
	if _, ok := CircleAround(w, nil); ok {
		t.Error("a circle without a box")
	}
}

// mapStore is a config.Store in memory.
type mapStore map[string]string

func (m mapStore) String(k string) string { return m[k] }
func (m mapStore) SetString(k, v string)  { m[k] = v }

// TestConeSearchServiceIsRemembered: a cone search added to the picker is
// remembered and queried like the others; the sources come as rows, as the
// service gives them (compared with the scs client).
func TestConeSearchServiceIsRemembered(t *testing.T) {
	r := newRig(t)
	prefs := mapStore{}
	coneURL := testbedenv.URL(t) + "/images/q/cone/scs.xml"
	if _, err := AddService(prefs, KindSCS, "not a url"); err == nil {
		t.Error("a bad URL was added")
	}
	svc, err := AddService(prefs, KindSCS, coneURL)
	if err != nil {
		t.Fatal(err)
	}
	list := Services(r.settings, prefs)
	if len(list) != 3 || list[0] != ESOService || list[1].Kind != KindSIA || list[2] != svc || !strings.HasPrefix(svc.Name, "Cone search: 127.0.0.1") {
		t.Fatalf("services %+v", list)
	}
	s := r.search(svc, Form{Target: "168.78 -61.26", Radius: "3", RadiusUnit: "arcmin", MaxRec: "100"})
	if s.Result == nil || s.Result.Err != "" {
		t.Fatalf("cone search: %+v %s", s.Result, s.Status)
	}
	direct, err := scs.New(coneURL, nil).Search(t.Context(), scs.Query{RA: 168.78, Dec: -61.26, SR: 3.0 / 60, MaxRec: 100})
	if err != nil {
		t.Fatal(err)
	}
	if n := s.Result.Table.NumRows(); n != direct.Table.NumRows() || n == 0 || !strings.Contains(s.Status, "sources") {
		t.Errorf("%d sources, the service gives %d; status %q", n, direct.Table.NumRows(), s.Status)
	}
}
