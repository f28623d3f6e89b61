package detailsctl

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"esodesk/internal/esotables"
	"esodesk/internal/testserver"
	"esodesk/services/datalink"
)

// Selecting an ObsCore row shows the links document its access_url names,
// and the document's preview images.
func TestSelectShowsTheRowsLinks(t *testing.T) {
	h := newHarness(t)
	rows := obscoreRows(t)
	if !h.SetRows(rows) {
		t.Fatal("ObsCore rows with DataLink access_urls: no links")
	}
	r := rowOf(t, rows.Table, realPreviewProduct)
	h.Select([]int{r})
	if s := h.Snapshot(); s.Links.Message != "Loading links …" || s.Links.Doc != nil {
		t.Errorf("before the fetch: %+v", s.Links)
	}
	h.settle()

	want := fetchLinks(t, rows.Links.URL(r))
	s := h.Snapshot()
	if s.Links.URL != rows.Links.URL(r) || s.Links.Doc == nil || s.Links.Err != nil {
		t.Fatalf("links on show: %+v", s.Links)
	}
	if len(s.Links.Doc.Rows) != len(want.Rows) {
		t.Fatalf("%d links, the document has %d", len(s.Links.Doc.Rows), len(want.Rows))
	}
	for i, l := range want.Rows {
		if got := s.Links.Doc.Rows[i]; got.AccessURL != l.AccessURL || got.Semantics != l.Semantics {
			t.Errorf("link %d: %s %s, want %s %s", i, got.Semantics, got.AccessURL, l.Semantics, l.AccessURL)
		}
	}
	ps := want.Previews()
	if len(ps) == 0 || len(s.Previews.Items) != len(ps) || s.Previews.Items[0].URL != ps[0].AccessURL {
		t.Errorf("previews %+v, the document's %d", s.Previews.Items, len(ps))
	}
	if want := "links from the access_url"; !strings.Contains(s.Header, want) || !strings.Contains(s.Header, "Row ") {
		t.Errorf("header %q", s.Header)
	}
}

// Links read once show at once when the row is selected again: no
// debounce, no request.
func TestCachedLinksShowAtOnce(t *testing.T) {
	h := newHarness(t)
	srv := newLinksServer(t)
	rows := srv.esoRows(t)
	h.SetRows(rows)
	h.Select([]int{0})
	h.settle()
	first := h.Snapshot().Links.Doc
	h.Select([]int{1})
	h.settle()
	asked := srv.links.Load()
	if asked != 2 || first == nil {
		t.Fatalf("%d requests for two rows", asked)
	}

	h.Select([]int{0})
	s := h.Snapshot() // nothing run on the test's "UI goroutine" yet
	if s.Links.Doc != first || s.Links.URL != rows.Links.URL(0) {
		t.Fatalf("row 1's cached links are not on show at once: %+v", s.Links)
	}
	h.settle()
	if n := srv.links.Load(); n != asked {
		t.Errorf("%d more requests for cached links", n-asked)
	}
}

// A selection moved quickly (five rows within the debounce) fetches the
// links of the last row only.
func TestQuickSelectionsFetchOnce(t *testing.T) {
	h := newHarness(t)
	srv := newLinksServer(t)
	rows := srv.esoRows(t)
	h.SetRows(rows)
	start := time.Now()
	for r := 0; r < 5; r++ {
		h.Select([]int{r})
	}
	if time.Since(start) >= Debounce {
		t.Skip("the machine is too slow to select five rows within the debounce")
	}
	h.settle()
	if n := srv.links.Load(); n != 1 {
		t.Errorf("%d links requests for five quick selections, want 1", n)
	}
	if s := h.Snapshot(); s.Links.URL != rows.Links.URL(4) || s.Links.Doc == nil {
		t.Errorf("links on show: %+v, want row 5's", s.Links)
	}
}

// thisLinks is a links document of one #this file.
func thisLinks(t *testing.T, fileURL, contentType, size string) []byte {
	return esotables.DataLinkVOTable(t,
		[]string{"ID", "access_url", "service_def", "error_message", "semantics", "description", "content_type", "content_length"},
		[][]string{{"ivo://test/x", fileURL, "", "", "#this", "the file", contentType, size}})
}

// The fetch of a row the selection left is dropped: the next row's links,
// which came first, stay.
func TestSupersededLinksAreDropped(t *testing.T) {
	h := newHarness(t)
	srv := testserver.New(t)
	slow := srv.Put("/links/slow", datalinkType, thisLinks(t, "http://x/slow.fits", "application/fits", "100"))
	fast := srv.Put("/links/fast", datalinkType, thisLinks(t, "http://x/fast.fits", "application/fits", "100"))
	release := make(chan struct{})
	srv.Hold("/links/slow", release)
	defer close(release)
	h.SetRows(linkRows(stringTable(t, []string{"datalink_url"}, []string{slow}, []string{fast})))

	h.Select([]int{0})
	waitArrival(t, srv, "/links/slow")
	h.Select([]int{1})
	h.settle()
	s := h.Snapshot()
	if s.Links.URL != fast || s.Links.Doc == nil || s.Links.Err != nil {
		t.Fatalf("links on show: %+v, want row 2's", s.Links)
	}
	eventually(t, "the slow request given up", func() bool { return srv.Canceled.Load() == 1 })
	h.settle()
	if got := h.Snapshot().Links; got.Seq != s.Links.Seq {
		t.Errorf("the superseded fetch changed the links: %+v", got)
	}
}

// waitArrival waits until the server received a request for each of paths.
func waitArrival(t *testing.T, srv *testserver.Files, paths ...string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for len(paths) > 0 {
		select {
		case p := <-srv.Arrived:
			paths = slices.DeleteFunc(paths, func(w string) bool { return w == p })
		case <-timeout:
			t.Fatalf("no request for %v", paths)
		}
	}
}

// Follow goes to a progenitor's own links (ESO's next hop, with its
// CalSelector rows); Back returns to the product's, from memory.
func TestFollowAndBack(t *testing.T) {
	h := newHarness(t)
	rows := obscoreRows(t)
	h.SetRows(rows)
	h.Select([]int{0})
	h.settle()
	first := h.Snapshot().Links
	if first.Doc == nil {
		t.Fatalf("no links: %+v", first)
	}
	var hop string
	for _, l := range first.Doc.Rows {
		if l.ESODatalink != "" && l.IsA("#progenitor") {
			hop = l.ESODatalink
			break
		}
	}
	if hop == "" {
		t.Fatal("the product has no progenitor with a next hop")
	}

	h.Follow(hop)
	h.settle()
	next := h.Snapshot().Links
	if next.URL != hop || next.Doc == nil || !next.CanGoBack {
		t.Fatalf("after Follow: %+v", next)
	}
	if len(next.Doc.InGroup(datalink.GroupCalibrations)) == 0 {
		t.Error("a raw frame's links lack the CalSelector rows")
	}

	h.Back()
	back := h.Snapshot().Links // cached: no waiting
	if back.URL != first.URL || back.Doc != first.Doc || back.CanGoBack {
		t.Errorf("after Back: %+v", back)
	}
	h.Back() // nothing to go back to
	if h.Snapshot().Links.Seq != back.Seq {
		t.Error("Back without history changed the links")
	}
}

// Close cancels the requests in flight (links and product files), and
// nothing they might still answer is shown.
func TestCloseCancelsInFlightRequests(t *testing.T) {
	h := newHarness(t)
	arrived, cancelled := make(chan string, 2), make(chan string, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm() // a POST's client is watched for only once its body is read
		arrived <- r.URL.Path
		<-r.Context().Done()
		cancelled <- r.URL.Path
	}))
	defer srv.Close()
	rows := linkRows(stringTable(t, []string{"datalink_url", "dp_id"}, []string{srv.URL + "/links", realPreviewProduct}))
	rows.TapURL = srv.URL + "/tap"
	h.SetRows(rows)
	h.Select([]int{0})
	want := []string{"/links", "/tap/sync"}
	if got := receive(t, arrived, 2); !slices.Equal(got, want) {
		t.Fatalf("requests %v, want %v", got, want)
	}
	before := h.Snapshot()

	h.Close()
	if got := receive(t, cancelled, 2); !slices.Equal(got, want) {
		t.Fatalf("cancelled %v, want %v", got, want)
	}
	h.settle()
	after := h.Snapshot()
	if after.Links.Seq != before.Links.Seq || after.Files.Seq != before.Files.Seq {
		t.Errorf("closed, yet the pane changed: links %+v, files %+v", after.Links, after.Files)
	}
}

// receive takes n values from ch, sorted.
func receive(t *testing.T, ch chan string, n int) []string {
	t.Helper()
	var got []string
	timeout := time.After(10 * time.Second)
	for len(got) < n {
		select {
		case v := <-ch:
			got = append(got, v)
		case <-timeout:
			t.Fatalf("only %v arrived", got)
		}
	}
	slices.Sort(got)
	return got
}
