package detailsctl

import (
	"fmt"
	"testing"
	"time"

	"esodesk/services/datalink"
)

// The gallery shows, for the rows on show, each one's first preview image
// as its links document lists it, titled by the row's dp_id.
func TestGalleryItems(t *testing.T) {
	h := newHarness(t)
	srv := newLinksServer(t)
	rows := srv.esoRows(t)
	h.SetRows(rows)
	page := []int{3, 2, 1, 0} // the table sorted the other way round
	h.LoadGallery(page)
	if s := h.Snapshot(); s.Header != "Finding the previews of the first 4 rows …" {
		t.Errorf("header %q", s.Header)
	}
	h.settle()

	s := h.Snapshot()
	if len(s.Gallery.Items) != len(page) {
		t.Fatalf("%d items for %d rows", len(s.Gallery.Items), len(page))
	}
	previews := 0
	for i, r := range page {
		want := GalleryItem{ViewRow: i, Title: rows.Table.Columns[0].String(r)}
		if ps := fetchLinks(t, rows.Links.URL(r)).Previews(); len(ps) > 0 {
			want.PreviewURL = ps[0].AccessURL
			previews++
		}
		if s.Gallery.Items[i] != want {
			t.Errorf("item %d: %+v, want %+v", i, s.Gallery.Items[i], want)
		}
	}
	if previews == 0 {
		t.Fatal("none of the testbed's products has a preview")
	}
	if want := fmt.Sprintf("Gallery: %d of the first 4 rows have a preview; tap one to select its row.", previews); s.Header != want {
		t.Errorf("header %q, want %q", s.Header, want)
	}

	h.SetRows(Rows{Table: rows.Table, Links: datalink.NewFinder(nil, rows.Table, "")}) // no links
	h.LoadGallery(page)
	if s := h.Snapshot(); len(s.Gallery.Items) != 0 {
		t.Errorf("rows without links: %d gallery items", len(s.Gallery.Items))
	}
}

// The selection moves quickly from row to row while links load: the last
// row's links end on show (run with -race: the background work uses only
// what it was given).
func TestSelectionMovesWhileLinksLoad(t *testing.T) {
	h := newHarness(t)
	srv := newLinksServer(t)
	rows := srv.esoRows(t)
	h.SetRows(rows)
	n := rows.Table.NumRows()
	for i := 0; i < 12; i++ {
		h.Select([]int{i % n, (i + 1) % n})
		h.q.Drain() // some fetches come back in between
		time.Sleep(time.Duration(i%4) * Debounce / 2)
		if i == 6 {
			h.SetRows(srv.esoRows(t)) // a new result meanwhile
		}
		h.q.Drain()
	}
	h.settle()
	s := h.Snapshot()
	if last := 11 % n; s.Links.URL != rows.Links.URL(last) || s.Links.Doc == nil {
		t.Errorf("links on show %+v, want row %d's", s.Links, last+1)
	}
	if s.Files.Products != 2 || s.Files.Err != nil {
		t.Errorf("files %+v", s.Files)
	}
}

// The links cache forgets the documents used longest ago.
func TestLinksCacheKeepsTheRecentlyUsed(t *testing.T) {
	c := newLinksCache(2)
	a, b, d := &datalink.Links{}, &datalink.Links{}, &datalink.Links{}
	c.put("a", a)
	c.put("b", b)
	if c.get("a") != a { // a is now the most recent
		t.Fatal("a not kept")
	}
	c.put("d", d)
	if c.get("b") != nil || c.get("a") != a || c.get("d") != d {
		t.Error("the cache did not forget b, the one used longest ago")
	}
}
