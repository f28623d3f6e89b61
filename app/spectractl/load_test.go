package spectractl

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"esodesk/fits"
	"esodesk/internal/fixtures"
	"esodesk/internal/testbedenv"
	"esodesk/internal/testserver"
	"esodesk/services/ssap"
)

func allRows(n int) []int {
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	return rows
}

func TestSelectionPlotsTheSelectedSpectra(t *testing.T) {
	r := newRig(t)
	recs := r.search(cone(hd100546, "30", ssap.Arcsec)).Result.Records
	if len(recs) < 2 {
		t.Fatalf("testbed: want several spectra around HD 100546, got %d", len(recs))
	}
	plots := watch(r.c)
	r.c.Select(allRows(len(recs)))
	if s := r.c.Snapshot(); !s.Loading || !s.CanDownload {
		t.Fatalf("right after selecting: loading %v, can download %v", s.Loading, s.CanDownload)
	}
	r.settle()
	s := r.c.Snapshot()
	if s.Loading || s.Plot == nil || s.Plot.Phase != PlotDrawn || len(s.Plot.Spectra) != len(recs) {
		t.Fatalf("loading %v, plot %+v", s.Loading, s.Plot)
	}
	if first := plots()[0]; first.Phase != PlotLoading || first.Message != "Fetching 3 spectra …" {
		t.Errorf("first plot state %+v", first)
	}
	titles := map[string]bool{}
	for i, sp := range s.Plot.Spectra {
		if sp.Source != recs[i].AccessURL {
			t.Errorf("spectrum %d from %s, want %s", i, sp.Source, recs[i].AccessURL)
		}
		// the plotted data are the file's: read the same file independently
		p, ok := r.c.deps.Cache.Cached(recs[i].AccessURL)
		if !ok {
			t.Fatalf("%s not in the cache after plotting", recs[i].AccessURL)
		}
		ref, err := fits.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		if sp.Len() != ref.Len() || sp.Wave[0] != ref.Wave[0] || sp.Flux[sp.Len()/2] != ref.Flux[ref.Len()/2] {
			t.Errorf("%s: plotted %d points, the file has %d", recs[i].AccessURL, sp.Len(), ref.Len())
		}
		if titles[sp.Title] {
			t.Errorf("two legend entries read %q", sp.Title)
		}
		titles[sp.Title] = true
	}

	// an empty selection leaves the plot as it is
	r.c.Select(nil)
	r.settle()
	if s2 := r.c.Snapshot(); s2.Plot != s.Plot || s2.CanDownload {
		t.Errorf("after clearing the selection: plot %+v, can download %v", s2.Plot, s2.CanDownload)
	}
}

func TestSelectionOverplotsAtMostEight(t *testing.T) {
	r := newRig(t)
	recs := r.search(cone("0.0 -90.0", "45", ssap.Degree)).Result.Records
	if len(recs) <= maxOverplot {
		t.Fatalf("testbed: want more than %d spectra in the southern sky, got %d", maxOverplot, len(recs))
	}
	plots := watch(r.c)
	r.c.Select(allRows(len(recs)))
	r.settle()
	if first := plots()[0]; first.Message != "Fetching 8 spectra (the first 8 of the selected rows) …" {
		t.Errorf("loading message %q", first.Message)
	}
	s := r.c.Snapshot()
	if s.Plot.Phase != PlotDrawn || len(s.Plot.Spectra) != maxOverplot {
		t.Fatalf("plot %+v", s.Plot)
	}
	for i, sp := range s.Plot.Spectra {
		if sp.Source != recs[i].AccessURL {
			t.Errorf("spectrum %d from %s, want %s", i, sp.Source, recs[i].AccessURL)
		}
	}
}

// proxied serves the testbed's SSAP answer around HD 100546 and its
// spectra from a test server (so that a download can be held), and points
// the rig's SSAP at it. It returns the records, with the server's URLs.
func proxied(t *testing.T, r *rig) (*testserver.Files, []ssap.Record) {
	t.Helper()
	f := cone(hd100546, "30", ssap.Arcsec)
	srv := testserver.New(t)
	for _, rec := range serviceAnswer(t, testbedSSAP(t), 173.356, -70.1948, f).Records {
		srv.Put(path(t, rec.AccessURL), "application/fits", get(t, rec.AccessURL))
	}
	answer := strings.ReplaceAll(string(rawAnswer(t, testbedSSAP(t), 173.356, -70.1948, f)), testbedenv.URL(t), srv.URL)
	r.settings.SSAP = srv.Put("/ssap", "text/xml", []byte(answer))
	recs := r.search(f).Result.Records
	if len(recs) < 2 || !strings.HasPrefix(recs[0].AccessURL, srv.URL) {
		t.Fatalf("proxied search: %d records", len(recs))
	}
	return srv, recs
}

// Regression: Ctrl+click to overplot B while A still downloads asked the
// cache for A again, which joined A's download running under the first
// selection's (cancelled) context: "A: download failed: cancelled".
func TestOverplotWhileTheFirstSpectrumDownloads(t *testing.T) {
	r := newRig(t)
	srv, recs := proxied(t, r)
	a, b := recs[0].AccessURL, recs[1].AccessURL
	release := make(chan struct{})
	srv.Hold(path(t, a), release)

	r.c.Select([]int{0})
	srv.WaitFor(t, path(t, a), testTimeout)
	r.c.Select([]int{0, 1})
	time.Sleep(2 * selectDebounce) // the new selection is fetching: it waits for A
	close(release)
	r.settle()

	s := r.c.Snapshot()
	if s.Plot.Phase != PlotDrawn || len(s.Plot.Spectra) != 2 || s.Plot.Spectra[0].Source != a || s.Plot.Spectra[1].Source != b {
		t.Fatalf("plot %+v, status %q", s.Plot, s.Status)
	}
	if strings.Contains(strings.ToLower(s.Status), "cancel") {
		t.Errorf("status %q", s.Status)
	}
	t.Logf("requests for A: %d", srv.Requests(path(t, a)))
}

func TestCancelLoadKeepsThePlot(t *testing.T) {
	r := newRig(t)
	srv, recs := proxied(t, r)
	srv.Hold(path(t, recs[0].AccessURL), make(chan struct{}))
	r.c.Select([]int{0})
	srv.WaitFor(t, path(t, recs[0].AccessURL), testTimeout)
	r.q.Drain()
	if s := r.c.Snapshot(); !s.Loading || s.Plot.Phase != PlotLoading {
		t.Fatalf("while downloading: loading %v, plot %+v", s.Loading, s.Plot)
	}
	r.c.CancelLoad()
	r.settle()
	if s := r.c.Snapshot(); s.Loading || s.Plot.Phase != PlotIdle {
		t.Fatalf("after cancelling: loading %v, plot %+v", s.Loading, s.Plot)
	}
	eventually(t, "the download to be given up on", func() bool { return srv.Canceled.Load() == 1 })
}

func TestOpenFilesPlotsThemAndNamesTheUnreadable(t *testing.T) {
	xsh := fixtures.Path(t, "linetools/XShooter_XQ100.fits.gz")
	bad := filepath.Join(t.TempDir(), "notes.fits")
	if err := os.WriteFile(bad, []byte("this is not FITS"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := newRig(t)
	r.c.OpenFiles([]string{xsh, bad})
	if s := r.c.Snapshot(); !s.Loading || s.Plot.Phase != PlotLoading || s.Plot.Message != "Reading 2 file(s) …" || s.Plot.Progress >= 0 {
		t.Fatalf("while reading: %+v", s.Plot)
	}
	r.settle()
	s := r.c.Snapshot()
	if s.Plot.Phase != PlotDrawn || len(s.Plot.Spectra) != 1 || s.Plot.Spectra[0].Len() != 9771 {
		t.Fatalf("plot %+v", s.Plot)
	}
	if !strings.HasPrefix(s.Status, "Some spectra could not be read: ") || !strings.Contains(s.Status, "notes.fits") {
		t.Errorf("status %q", s.Status)
	}

	r.c.OpenFiles([]string{xsh})
	r.settle()
	if s := r.c.Snapshot(); s.Status != "Opened "+xsh+"." {
		t.Errorf("status %q", s.Status)
	}
	r.c.OpenFiles([]string{bad})
	r.settle()
	if s := r.c.Snapshot(); s.Plot.Phase != PlotFailed || !strings.HasPrefix(s.Plot.Message, "Could not plot the selection:\n") {
		t.Errorf("plot %+v", s.Plot)
	}
}

func TestDownloadSelectedQueuesTheFiles(t *testing.T) {
	r := newRig(t)
	recs := r.search(cone(hd100546, "30", ssap.Arcsec)).Result.Records
	r.c.Select([]int{0, 1})
	r.c.DownloadSelected()
	r.settle()
	if r.folder != "spectra" || len(r.queued) != 2 {
		t.Fatalf("queued %+v in %q", r.queued, r.folder)
	}
	for i, j := range r.queued {
		if j.URL != recs[i].AccessURL || j.Size != recs[i].Size {
			t.Errorf("job %d: %+v, want %s (%d bytes)", i, j, recs[i].AccessURL, recs[i].Size)
		}
	}
	if s := r.c.Snapshot(); s.Status != "Queued 2 files in the Downloads tab." {
		t.Errorf("status %q", s.Status)
	}

	r.queueErr = errors.New("the download folder is read-only")
	r.c.DownloadSelected()
	r.settle()
	if s := r.c.Snapshot(); s.Status != "Could not queue the downloads: the download folder is read-only" {
		t.Errorf("status %q", s.Status)
	}
}

// A row whose access URL is a DataLink document is fetched, plotted and
// queued as the file its #this link names.
func TestDataLinkRowsAreResolvedToTheirFile(t *testing.T) {
	r := newRig(t)
	recs := r.search(cone(hd100546, "30", ssap.Arcsec)).Result.Records
	rec := recs[0]
	if rec.DataLinkURL == "" {
		t.Fatal("the testbed's SSAP answer gives no DataLink")
	}
	// the same record as a service answering with DataLink documents shows it
	links := rec
	links.AccessURL, links.Format, links.DataLinkURL = rec.DataLinkURL, "application/x-votable+xml;content=datalink", ""
	r.c.update(func(s *State) { s.Result = &Result{Records: []ssap.Record{links}} })

	r.c.Select([]int{0})
	r.c.DownloadSelected()
	r.settle()
	if len(r.queued) != 1 || r.queued[0].URL != rec.AccessURL || r.queued[0].Size != 0 {
		t.Fatalf("queued %+v, want %s", r.queued, rec.AccessURL)
	}
	if s := r.c.Snapshot(); s.Plot.Phase != PlotDrawn || len(s.Plot.Spectra) != 1 || s.Plot.Spectra[0].Source != rec.AccessURL {
		t.Fatalf("plot %+v", s.Plot)
	}
}

// TestShowSpectraReplacesALoad: spectra made elsewhere (a cube's spaxel)
// are plotted at once, and a fetch still on its way does not replace them.
func TestShowSpectraReplacesALoad(t *testing.T) {
	xsh := fixtures.Path(t, "linetools/XShooter_XQ100.fits.gz")
	r := newRig(t)
	r.c.OpenFiles([]string{xsh}) // still reading when the cube spectrum comes
	s := &fits.Spectrum{Title: "spaxel (3, 4)", Axis: "wavelength", WaveUnit: "Angstrom",
		Wave: []float64{5000, 5001, 5002}, Flux: []float64{1, 2, 3}}
	r.c.ShowSpectra([]*fits.Spectrum{s}, "Spectrum of spaxel (3, 4)")
	r.settle()
	st := r.c.Snapshot()
	if st.Loading || st.Plot.Phase != PlotDrawn || len(st.Plot.Spectra) != 1 || st.Plot.Spectra[0] != s || st.Status != "Spectrum of spaxel (3, 4)" {
		t.Errorf("state %+v, plot %+v", st, st.Plot)
	}
}
