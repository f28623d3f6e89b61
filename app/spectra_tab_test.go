package app

import (
	"context"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"esodesk/fits"
	"esodesk/internal/fixtures"
	"esodesk/internal/testbedenv"
	"esodesk/internal/testserver"
	"esodesk/services/coords"
	"esodesk/services/datalink"
	"esodesk/services/ssap"
	"esodesk/services/vohttp"
	"esodesk/testbed/standin"
)

// newSpectraUI is newTestUI with Sesame answered by the project's ESO
// stand-in and a private download cache.
func newSpectraUI(t *testing.T) *UI {
	t.Helper()
	testbedenv.URL(t)
	srv := httptest.NewServer(standin.New(standin.Options{}))
	t.Cleanup(srv.Close)
	t.Setenv("ESODESK_SESAME_URL", srv.URL+standin.SesamePath)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	u := newTestUI(t)
	onUI(func() { u.selectTab("Spectra") })
	return u
}

func searchInGUI(t *testing.T, u *UI, target, radius, unit string) string {
	t.Helper()
	onUI(func() {
		u.spectra.target.SetText(target)
		u.spectra.radius.SetText(radius)
		u.spectra.radiusUnit.SetSelected(unit)
		u.spectra.target.OnSubmitted(target) // Enter in the target box
	})
	eventually(t, "the search to end", queryTimeout, func() bool { return !u.spectra.ctl.Snapshot().Searching })
	u.spectra.results.WaitIdle()
	var status string
	onUI(func() { status = u.spectra.status.Text })
	return status
}

func TestSpectraTabFindsPlotsAndOverplotsSpectra(t *testing.T) {
	u := newSpectraUI(t)
	status := searchInGUI(t, u, "HD 100546", "30", ssap.Arcsec)
	if !strings.Contains(status, "resolved to 11:33:25") {
		t.Fatalf("name not resolved through Sesame: %q", status)
	}

	// what the service itself answers for the same cone
	want := hd100546Spectra(t)
	if len(want.Records) < 2 {
		t.Fatalf("testbed: expected several spectra around HD 100546, got %d", len(want.Records))
	}
	var shown int
	onUI(func() { shown = u.spectra.results.Table().NumRows() })
	if shown != len(want.Records) {
		t.Fatalf("GUI lists %d spectra, the service %d", shown, len(want.Records))
	}

	// the details pane follows the selection with the spectrum's DataLink
	var first string
	onUI(func() {
		first = u.spectra.ctl.Snapshot().Result.Records[0].DataLinkURL
		u.spectra.results.SelectRow(0)
	})
	if first == "" {
		t.Fatal("the testbed's SSAP answer gives no DataLink")
	}
	eventually(t, "the spectrum's links", queryTimeout, func() bool {
		ls := u.spectra.details.links.Links()
		return ls != nil && u.spectra.details.current == first && len(ls.InGroup(datalink.GroupThis)) > 0
	})

	// select every row: all are fetched and overplotted
	onUI(func() { u.spectra.results.SelectAll() })
	eventually(t, "the spectra to be plotted", queryTimeout, func() bool {
		return len(u.spectra.plot.Spectra()) == len(want.Records)
	})
	u.spectra.plot.WaitIdle()

	var plotted []*fits.Spectrum
	onUI(func() { plotted = u.spectra.plot.Spectra() })
	byURL := map[string]*fits.Spectrum{}
	for _, s := range plotted {
		byURL[s.Source] = s
	}
	titles := map[string]bool{}
	for _, rec := range want.Records {
		s := byURL[rec.AccessURL]
		if s == nil {
			t.Fatalf("%s not plotted", rec.AccessURL)
		}
		// the plotted data are the file's: read the same file independently
		path, ok := u.spectra.cache.Cached(rec.AccessURL)
		if !ok {
			t.Fatalf("%s not in the cache after plotting", rec.AccessURL)
		}
		ref, err := fits.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if s.Len() != ref.Len() || s.Wave[0] != ref.Wave[0] || s.Flux[s.Len()/2] != ref.Flux[ref.Len()/2] {
			t.Errorf("%s: plotted %d points, file has %d", rec.AccessURL, s.Len(), ref.Len())
		}
		if titles[s.Title] {
			t.Errorf("two legend entries read %q", s.Title)
		}
		titles[s.Title] = true
	}

	// a second selection of the same rows comes from the cache
	onUI(func() { u.spectra.results.ClearSelection(); u.spectra.plot.Clear() })
	before := countCached(t, u)
	onUI(func() { u.spectra.results.SelectAll() })
	eventually(t, "the spectra to be plotted again", queryTimeout, func() bool {
		return len(u.spectra.plot.Spectra()) == len(want.Records)
	})
	u.spectra.plot.WaitIdle()
	if after := countCached(t, u); after != before {
		t.Errorf("cache grew from %d to %d files on a second look", before, after)
	}
}

// hd100546Spectra is the testbed SSAP service's own answer for the
// spectra within 30" of HD 100546.
func hd100546Spectra(t *testing.T) *ssap.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	d, _ := ssap.Diameter(30, ssap.Arcsec)
	res, err := ssap.New(testbedenv.URL(t)+"/specs/q/ssa/ssap.xml", vohttp.Default).Search(ctx,
		ssap.Query{Pos: &ssap.Pos{RA: 173.3560008, Dec: -70.1947883}, Size: d, MaxRec: 500})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func countCached(t *testing.T, u *UI) int {
	entries, err := os.ReadDir(u.spectra.cache.Dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(entries)
}

func TestSpectraTabSaysWhatIsWrongWithTheTarget(t *testing.T) {
	u := newSpectraUI(t)
	for _, c := range []struct{ target, want string }{
		{"Nonexistent Star 4711", "Sesame does not know"},
		{"25:00:00 -10:00:00", "0–23"},
		{"10:00:00 -95:00:00", "declination"},
	} {
		status := searchInGUI(t, u, c.target, "30", ssap.Arcsec)
		if !strings.Contains(status, c.want) {
			t.Errorf("target %q: status %q does not say %q", c.target, status, c.want)
		}
	}
	onUI(func() { u.spectra.radius.SetText("-3") })
	var status string
	onUI(func() {
		u.spectra.target.SetText("161.265 -59.685")
		u.spectra.search()
		status = u.spectra.status.Text
	})
	if !strings.Contains(status, "radius") {
		t.Errorf("negative radius: status %q", status)
	}
}

func TestOpenLocalFilesPlotsThem(t *testing.T) {
	xsh := fixtures.Path(t, "linetools/XShooter_XQ100.fits.gz")
	u := newSpectraUI(t)
	bad := filepath.Join(t.TempDir(), "notes.fits")
	os.WriteFile(bad, []byte("this is not FITS"), 0o644)

	onUI(func() { u.OpenFiles([]string{xsh, bad}) })
	eventually(t, "the file to be plotted", queryTimeout, func() bool { return len(u.spectra.plot.Spectra()) == 1 })
	var s *fits.Spectrum
	var status string
	onUI(func() {
		s = u.spectra.plot.Spectra()[0]
		status = u.spectra.status.Text
	})
	if s.Len() != 9771 {
		t.Fatalf("X-Shooter spectrum has %d points, want 9771", s.Len())
	}
	if !strings.Contains(status, "notes.fits") {
		t.Errorf("the unreadable file is not named in the status: %q", status)
	}
	if u.currentTab() != "Spectra" {
		t.Errorf("opening files should show the Spectra tab, not %q", u.currentTab())
	}
}

// ngc1068 has exactly two spectra within 1 arcmin on the testbed.
const ngc1068 = "02:42:40.771 -00:00:47.84"

// heldSpectraService serves the testbed's SSAP answer around NGC 1068 and
// its spectra from a test server, which can hold requests, and points the
// Spectra tab's SSAP setting at it (call before newSpectraUI). It returns
// the answer's records, with the test server's URLs.
func heldSpectraService(t *testing.T) (*testserver.Files, []ssap.Record) {
	t.Helper()
	base := testbedenv.URL(t)
	ra, dec, err := coords.Parse(ngc1068)
	if err != nil {
		t.Fatal(err)
	}
	size, _ := ssap.Diameter(1, ssap.Arcmin)
	svc := ssap.New(base+"/specs/q/ssa/ssap.xml", vohttp.Default)
	q := ssap.Query{Pos: &ssap.Pos{RA: ra, Dec: dec}, Size: size, MaxRec: 500}
	reqURL, err := svc.RequestURL(q)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	res, err := svc.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 2 {
		t.Fatalf("testbed: want two spectra around NGC 1068, got %d", len(res.Records))
	}
	srv := testserver.New(t)
	for _, rec := range append(res.Records, ssap.Record{AccessURL: reqURL}) {
		resp, err := vohttp.Default.Get(ctx, rec.AccessURL)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if rec.AccessURL == reqURL {
			body = []byte(strings.ReplaceAll(string(body), base, srv.URL))
			t.Setenv("ESODESK_SSAP_URL", srv.Put("/ssap", "text/xml", body))
		} else {
			srv.Put(strings.TrimPrefix(rec.AccessURL, base), "application/fits", body)
		}
	}
	recs := res.Records
	for i := range recs {
		recs[i].AccessURL = strings.ReplaceAll(recs[i].AccessURL, base, srv.URL)
	}
	return srv, recs
}

// Regression: a search replaced by a newer one (Enter pressed again) used
// to turn Search back on and Cancel off when it ended, while the newer
// search still ran.
func TestSpectraSearchButtonsFollowTheNewestSearch(t *testing.T) {
	srv, _ := heldSpectraService(t)
	release := make(chan struct{})
	srv.Hold("/ssap", release)
	u := newSpectraUI(t)
	buttons := func() (search, cancel bool) {
		onUI(func() { search, cancel = !u.spectra.searchBtn.Disabled(), !u.spectra.cancelBtn.Disabled() })
		return
	}
	onUI(func() {
		u.spectra.target.SetText(ngc1068)
		u.spectra.radius.SetText("1")
		u.spectra.radiusUnit.SetSelected(ssap.Arcmin)
		u.spectra.target.OnSubmitted(ngc1068)
	})
	srv.WaitFor(t, "/ssap", queryTimeout)
	onUI(func() { u.spectra.target.OnSubmitted(ngc1068) }) // Enter again
	srv.WaitFor(t, "/ssap", queryTimeout)
	eventually(t, "the first search to be given up on", queryTimeout, func() bool { return srv.Canceled.Load() == 1 })
	for end := time.Now().Add(300 * time.Millisecond); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if search, cancel := buttons(); search || !cancel {
			t.Fatalf("while the second search runs: Search enabled %v, Cancel enabled %v", search, cancel)
		}
	}
	close(release)
	eventually(t, "the second search to end", queryTimeout, func() bool { return u.spectra.results.Table() != nil })
	if search, cancel := buttons(); !search || cancel {
		t.Fatalf("after the search: Search enabled %v, Cancel enabled %v", search, cancel)
	}
	var status string
	onUI(func() { status = u.spectra.status.Text })
	if !strings.Contains(status, "2 spectra") {
		t.Errorf("status %q", status)
	}
}

// Regression: Ctrl+click to overplot B while A still downloaded failed A
// with "download failed: cancelled": the second request for A joined the
// download running under the first selection's context, which the second
// selection had just cancelled.
func TestSpectraOverplotWhileTheFirstSpectrumDownloads(t *testing.T) {
	srv, recs := heldSpectraService(t)
	u := newSpectraUI(t)
	status := searchInGUI(t, u, ngc1068, "1", ssap.Arcmin)
	if !strings.Contains(status, "2 spectra") {
		t.Fatalf("status %q", status)
	}
	a := strings.TrimPrefix(recs[0].AccessURL, srv.URL)
	release := make(chan struct{})
	srv.Hold(a, release)
	onUI(func() { u.spectra.results.SelectRow(0) })
	srv.WaitFor(t, a, queryTimeout)
	onUI(func() { u.spectra.results.SelectAll() }) // A and B
	time.Sleep(400 * time.Millisecond)             // the selection has settled and is fetching
	close(release)
	eventually(t, "the spectra to be plotted", queryTimeout, func() bool {
		return len(u.spectra.plot.Spectra()) == 2 || strings.Contains(u.spectra.status.Text, "could not be read")
	})
	var plotted int
	onUI(func() { plotted, status = len(u.spectra.plot.Spectra()), u.spectra.status.Text })
	if plotted != 2 || strings.Contains(strings.ToLower(status), "cancel") {
		t.Errorf("%d spectra plotted; status %q", plotted, status)
	}
}
