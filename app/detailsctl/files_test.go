package detailsctl

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"esodesk/services/datalink"
	"esodesk/services/download"
)

// The Files tab lists what phase3v2.product_files says of the selected
// products, every one of them.
func TestProductFilesOfTheSelection(t *testing.T) {
	h := newHarness(t)
	ids := selectTwoProducts(t, h)

	f := h.Snapshot().Files
	if f.Err != nil || f.Products != 2 {
		t.Fatalf("files: %+v", f)
	}
	want := query(t, "SELECT archive_id FROM phase3v2.product_files WHERE product_id IN ('"+strings.Join(ids, "', '")+"')")
	var wantIDs, got []string
	for r := 0; r < want.Table.NumRows(); r++ {
		wantIDs = append(wantIDs, strings.TrimSpace(want.Table.Columns[0].String(r)))
	}
	for _, file := range f.Files {
		got = append(got, file.ArchiveID)
		if !slices.Contains(ids, file.ProductID) {
			t.Errorf("%s belongs to %s, not a selected product", file.ArchiveID, file.ProductID)
		}
	}
	slices.Sort(wantIDs)
	slices.Sort(got)
	if len(wantIDs) == 0 || !slices.Equal(got, wantIDs) {
		t.Errorf("files %v, product_files has %v", got, wantIDs)
	}

	h.SetRows(obscoreRows(t))
	if f := h.Snapshot().Files; f.Products != 0 || len(f.Files) != 0 {
		t.Errorf("a new result kept the files: %+v", f)
	}
}

// selectTwoProducts shows the testbed's images and selects the product
// with ESO's real preview and the next one; it returns their ids.
func selectTwoProducts(t *testing.T, h *harness) []string {
	rows := obscoreRows(t)
	h.SetRows(rows)
	a := rowOf(t, rows.Table, realPreviewProduct)
	b := (a + 1) % rows.Table.NumRows()
	h.Select([]int{a, b})
	h.settle()
	return []string{realPreviewProduct, rows.Table.Columns[rows.Table.FieldIndex("dp_id")].String(b)}
}

// A Ctrl+A over many products asks product_files about the first
// MaxProducts only, and the header says so.
func TestProductFilesAreBounded(t *testing.T) {
	h := newHarness(t)
	asked := make(chan string, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/sync" {
			asked <- r.FormValue("QUERY")
		}
		http.Error(w, "no TAP here", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	var ids [][]string
	sel := make([]int, 1000)
	for i := range sel {
		sel[i] = i
		ids = append(ids, []string{fmt.Sprintf("ADP.2020-01-01T00:00:%02d.%03d", i/1000, i%1000)})
	}
	rows := Rows{Table: stringTable(t, []string{"dp_id"}, ids...), TapURL: srv.URL}
	rows.Links = datalink.NewFinder(nil, rows.Table, srv.URL+"/links")
	h.SetRows(rows)
	h.Select(sel)
	h.settle()
	if f := h.Snapshot().Files; f.Products != MaxProducts || f.Err == nil {
		t.Errorf("files: %+v, want %d products asked and the service's error", f, MaxProducts)
	}
	q := <-asked
	if n := strings.Count(q, "'ADP."); n != MaxProducts || !strings.Contains(q, ids[0][0]) {
		t.Errorf("product_files asked about %d products", n)
	}
}

// Links and files go to the download queue; files without a URL are left
// out, and a refused queue is reported.
func TestDownloadsGoToTheQueue(t *testing.T) {
	h := newHarness(t)
	h.DownloadLinks([]datalink.Link{
		{AccessURL: "https://x/a.fits", ContentLength: 2000},
		{ServiceDef: "cutout"}, // a service, not a file
		{AccessURL: "https://x/b.png", ContentLength: -1},
		// ESO's round figure for a preview: the queue must not hold the
		// server to it (it fails a download whose size differs)
		{AccessURL: "https://x/preview.pdf", ContentLength: 1000000, LengthEstimated: true},
	})
	want := []download.Job{{URL: "https://x/a.fits", Size: 2000, NeedsToken: true}, {URL: "https://x/b.png", NeedsToken: true},
		{URL: "https://x/preview.pdf", NeedsToken: true}}
	if len(h.queued) != 1 || !slices.Equal(h.queued[0], want) {
		t.Errorf("queued %+v, want %+v", h.queued, want)
	}

	h.DownloadFiles([]string{"https://x/c.fits", "", ""})
	if len(h.queued) != 2 || !slices.Equal(h.queued[1], []download.Job{{URL: "https://x/c.fits", NeedsToken: true}}) {
		t.Errorf("queued %+v", h.queued)
	}
	if got := h.Snapshot().Header; !strings.HasPrefix(got, "2 files have no download URL") {
		t.Errorf("header %q", got)
	}

	h.refuse = errors.New("the disk is full")
	h.DownloadFiles([]string{"https://x/d.fits"})
	if got := h.Snapshot().Header; got != "Could not queue the downloads: the disk is full" {
		t.Errorf("header %q", got)
	}
	h.DownloadFiles(nil) // nothing to queue: nothing asked
	if len(h.queued) != 3 {
		t.Errorf("%d calls to the queue", len(h.queued))
	}
}

// A file listed both in the row's links and among the product's files
// shows one size in both tabs: the DataLink's exact bytes, not
// product_files' estimate; files no links document covers keep their
// estimate, marked as one.
func TestFilesAndLinksShowOneSize(t *testing.T) {
	h := newHarness(t)
	selectTwoProducts(t, h)
	s := h.Snapshot()
	if s.Links.Doc == nil || len(s.Files.Files) == 0 {
		t.Fatalf("links %+v, files %+v", s.Links, s.Files)
	}
	exact := map[string]int64{} // archive id → the links' exact size
	for _, l := range fetchLinks(t, s.Links.URL).Rows {
		if strings.Contains(l.AccessURL, "/dataPortal/file/") && l.ContentLength >= 0 && !l.LengthEstimated {
			exact[l.AccessURL[strings.LastIndex(l.AccessURL, "/")+1:]] = l.ContentLength
		}
	}
	listed := map[string]int64{} // what product_files says
	res := query(t, "SELECT archive_id, access_estsize FROM phase3v2.product_files WHERE product_id = '"+realPreviewProduct+"'")
	for r := 0; r < res.Table.NumRows(); r++ {
		kb, _ := res.Table.Columns[1].Float(r)
		listed[strings.TrimSpace(res.Table.Columns[0].String(r))] = int64(kb * 1000)
	}
	differ := 0
	for _, f := range s.Files.Files {
		n, ok := exact[f.ArchiveID]
		switch {
		case f.ProductID != realPreviewProduct:
			if !f.Estimated {
				t.Errorf("%s of %s: no links read, yet an exact size", f.ArchiveID, f.ProductID)
			}
		case !ok:
			t.Errorf("%s: not in its product's links", f.ArchiveID)
		case f.Size != n || f.Estimated:
			t.Errorf("%s: Files shows %d bytes (estimated %v), Links %d", f.ArchiveID, f.Size, f.Estimated, n)
		case n != listed[f.ArchiveID]:
			differ++
		}
	}
	if differ == 0 {
		t.Error("product_files' estimates equal the exact sizes: the test shows nothing")
	}
}
