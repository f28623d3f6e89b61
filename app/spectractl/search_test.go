package spectractl

import (
	"strings"
	"testing"
	"time"

	"esodesk/internal/testbedenv"
	"esodesk/internal/testserver"
	"esodesk/services/ssap"
)

func TestSearchResolvesTheNameAndListsTheServicesSpectra(t *testing.T) {
	r := newRig(t)
	f := cone("HD 100546", "30", ssap.Arcsec)
	s := r.search(f)
	if !strings.Contains(s.Status, "HD 100546 resolved to 11:33:25") || !strings.Contains(s.Status, "spectra · select rows to plot them (Ctrl/Shift+click to overplot up to 8)") {
		t.Fatalf("status %q", s.Status)
	}
	if s.Searching || s.Result == nil || s.Result.Err != "" {
		t.Fatalf("searching %v, result %+v", s.Searching, s.Result)
	}
	want := serviceAnswer(t, testbedSSAP(t), 173.3560008, -70.1947883, f)
	got := s.Result
	if len(want.Records) < 2 || len(got.Records) != len(want.Records) || got.Table.NumRows() != len(want.Records) {
		t.Fatalf("controller lists %d spectra (%d rows), the service %d", len(got.Records), got.Table.NumRows(), len(want.Records))
	}
	acc := got.Table.FieldIndex("access_url")
	for i, rec := range want.Records {
		if got.Records[i].AccessURL != rec.AccessURL || got.Table.Columns[acc].String(i) != rec.AccessURL {
			t.Errorf("row %d: %s, the service %s", i, got.Records[i].AccessURL, rec.AccessURL)
		}
	}
	if !got.Links.Available() || got.Links.URL(0) != want.Records[0].DataLinkURL || got.MaxRec != 500 {
		t.Errorf("links %v %q, maxrec %d", got.Links.Available(), got.Links.URL(0), got.MaxRec)
	}
}

func TestSearchSaysWhatIsWrongWithTheTarget(t *testing.T) {
	r := newRig(t)
	for _, c := range []struct{ target, want string }{
		{"Nonexistent Star 4711", "Cannot search: Sesame does not know 'Nonexistent Star 4711'"},
		{"25:00:00 -10:00:00", "0–23"},
		{"10:00:00 -95:00:00", "declination"},
	} {
		s := r.search(cone(c.target, "30", ssap.Arcsec))
		if !strings.HasPrefix(s.Status, "Cannot search: ") || !strings.Contains(s.Status, c.want) {
			t.Errorf("target %q: status %q does not say %q", c.target, s.Status, c.want)
		}
		if s.Searching || s.Result != nil {
			t.Errorf("target %q: searching %v, result %+v: the form is the user's to fix", c.target, s.Searching, s.Result)
		}
	}
}

func TestInvalidFormSearchesNothing(t *testing.T) {
	r := newRig(t)
	r.c.Search(cone(hd100546, "-3", ssap.Arcsec))
	s := r.c.Snapshot()
	if s.Status != `Cannot search: the radius "-3" is not a number above 0.` || s.Searching {
		t.Fatalf("status %q, searching %v", s.Status, s.Searching)
	}
}

func TestSearchFailureShowsTheServicesMessage(t *testing.T) {
	r := newRig(t)
	r.settings.SSAP = testbedenv.URL(t) + "/specs/q/nonexistent/ssap.xml"
	s := r.search(cone(hd100546, "30", ssap.Arcsec))
	if !strings.HasPrefix(s.Status, "Search failed: ") || s.Result == nil || s.Result.Err == "" || !strings.Contains(s.Status, s.Result.Err) {
		t.Fatalf("status %q, result %+v", s.Status, s.Result)
	}
	if !strings.Contains(s.Result.Err, "404") {
		t.Errorf("the service's answer is not in %q", s.Result.Err)
	}
}

// heldSSAP serves the testbed's real answer for the form at HD 100546,
// holding every request until release is closed.
func heldSSAP(t *testing.T, f Form, release chan struct{}) (*testserver.Files, string) {
	srv := testserver.New(t)
	u := srv.Put("/ssap", "text/xml", rawAnswer(t, testbedSSAP(t), 173.356, -70.1948, f))
	srv.Hold("/ssap", release)
	return srv, u
}

// Regression: the first search's end used to turn Search back on and
// Cancel off while the second one still ran.
func TestSupersededSearchLeavesTheNewerOneRunning(t *testing.T) {
	r := newRig(t)
	posted := make(chan struct{}, 100)
	r.c = New(r.c.deps, func(f func()) { r.q.Run(f); posted <- struct{}{} })
	t.Cleanup(r.c.Close)
	f := cone(hd100546, "30", ssap.Arcsec)
	first, firstURL := heldSSAP(t, f, make(chan struct{})) // never answers
	release := make(chan struct{})
	second, secondURL := heldSSAP(t, f, release)

	r.settings.SSAP = firstURL
	r.c.Search(f)
	first.WaitFor(t, "/ssap", testTimeout)
	r.settings.SSAP = secondURL
	r.c.Search(f)
	second.WaitFor(t, "/ssap", testTimeout)

	// Each search posts its "searching" status; the first then ends (its
	// request given up on) and posts its last word: three in all.
	for i := 0; i < 3; i++ {
		select {
		case <-posted:
		case <-time.After(testTimeout):
			t.Fatalf("the first search did not end (%d posts)", i)
		}
	}
	r.q.Drain()
	eventually(t, "the first search's request to be given up on", func() bool { return first.Canceled.Load() == 1 })
	if s := r.c.Snapshot(); !s.Searching || s.Result != nil || !strings.HasSuffix(s.Status, "searching for spectra …") {
		t.Fatalf("after the first search ended: searching %v, status %q, result %v", s.Searching, s.Status, s.Result)
	}

	close(release)
	r.settle()
	s := r.c.Snapshot()
	if s.Searching || s.Result == nil || len(s.Result.Records) < 2 || !strings.Contains(s.Status, "spectra") {
		t.Fatalf("after the second search: searching %v, status %q, result %+v", s.Searching, s.Status, s.Result)
	}
}

func TestCancelSearchDropsItsResult(t *testing.T) {
	r := newRig(t)
	f := cone(hd100546, "30", ssap.Arcsec)
	srv, u := heldSSAP(t, f, make(chan struct{}))
	r.settings.SSAP = u
	r.c.Search(f)
	srv.WaitFor(t, "/ssap", testTimeout)
	r.c.CancelSearch()
	r.settle()
	if s := r.c.Snapshot(); s.Searching || s.Status != "Search cancelled." || s.Result != nil {
		t.Fatalf("searching %v, status %q, result %+v", s.Searching, s.Status, s.Result)
	}
	eventually(t, "the request to be given up on", func() bool { return srv.Canceled.Load() == 1 })
}
