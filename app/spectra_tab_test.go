package app

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"esodesk/fits"
	"esodesk/internal/fixtures"
	"esodesk/services/datalink"
	"esodesk/services/ssap"
	"esodesk/services/vohttp"
	"esodesk/testbed/standin"
)

// newSpectraUI is newTestUI with Sesame answered by the project's ESO
// stand-in and a private download cache.
func newSpectraUI(t *testing.T) *UI {
	t.Helper()
	testbedURL(t)
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
	eventually(t, "the search to end", queryTimeout, func() bool { return u.spectra.searchCancel == nil || !u.spectra.searchBtn.Disabled() })
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
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	d, _ := ssap.Diameter(30, ssap.Arcsec)
	want, err := ssap.New(testbedURL(t)+"/specs/q/ssa/ssap.xml", vohttp.Default).Search(ctx,
		ssap.Query{Pos: &ssap.Pos{RA: 173.3560008, Dec: -70.1947883}, Size: d, MaxRec: 500})
	if err != nil {
		t.Fatal(err)
	}
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
		first = u.spectra.records[0].DataLinkURL
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
