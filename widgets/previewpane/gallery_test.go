package previewpane

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"esodesk/internal/imagetest"
	"esodesk/internal/testserver"
	"esodesk/internal/uitest"
	"esodesk/preview"
)

func TestGallery(t *testing.T) {
	data, img := realPreview(t)
	s := testserver.New(t)
	const n = 8
	var items []GalleryItem
	for i := range n {
		items = append(items, GalleryItem{Key: fmt.Sprintf("ADP.%02d", i), Title: fmt.Sprintf("ADP.%02d", i),
			URL: s.Put(fmt.Sprintf("/g/%d.png", i), "image/png", data)})
	}
	items = append(items, GalleryItem{Key: "none", Title: "no URL"}, GalleryItem{Key: "gone", Title: "404", URL: s.URL + "/g/gone.png"})

	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	g := NewGallery(w, newCache(t), uiQueue.Run)
	w.SetContent(g)
	w.Resize(fyne.NewSize(1200, 900))
	var picked []string
	g.OnSelected = func(key string) { picked = append(picked, key) }
	g.SetItems(items)
	settle(g)

	if g.Loaded() != len(items) {
		t.Fatalf("Loaded %d, want %d", g.Loaded(), len(items))
	}
	if p := s.Peak.Load(); p > galleryConcurrency {
		t.Errorf("%d requests at once, want at most %d", p, galleryConcurrency)
	}
	if got := s.Total.Load(); got != n+1 {
		t.Errorf("%d requests, want %d (one per URL)", got, n+1)
	}
	want := preview.Thumbnail(img, galleryThumb)
	imgs := shownImages(g)
	if len(imgs) != n {
		t.Fatalf("%d thumbnails shown, want %d", len(imgs), n)
	}
	for _, m := range imgs {
		imagetest.SamePixels(t, m, want)
	}
	if c := strings.Count(strings.Join(uitest.Texts(g), "\n"), NoPreviewText); c != 2 {
		t.Errorf("%d %q tiles, want 2", c, NoPreviewText)
	}
	capture(t, w, "gallery.png")

	// Tap the fourth tile.
	tile := findTile(g, "ADP.03")
	if tile == nil {
		t.Fatal("no tile titled ADP.03")
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(tile).Add(fyne.NewPos(20, 20))
	test.TapCanvas(w.Canvas(), pos)
	if !slices.Equal(picked, []string{"ADP.03"}) {
		t.Errorf("OnSelected got %q, want ADP.03", picked)
	}

	// A new page cancels the loads of the old one still running.
	release := make(chan struct{})
	var slow []GalleryItem
	for i := range 6 {
		path := fmt.Sprintf("/slow/%d.png", i)
		s.Hold(path, release)
		slow = append(slow, GalleryItem{Key: path, Title: path, URL: s.Put(path, "image/png", data)})
	}
	for len(s.Arrived) > 0 {
		<-s.Arrived
	}
	g.SetItems(slow)
	for range galleryConcurrency {
		<-s.Arrived // four requests in flight, two waiting for a slot
	}
	g.SetItems(nil)
	settle(g)
	// The server notices the cancellations on its own goroutines (a
	// request never cancelled hangs here until the test times out).
	for s.Active.Load() > 0 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	if c := s.Canceled.Load(); c != galleryConcurrency {
		t.Errorf("%d requests cancelled by SetItems, want %d", c, galleryConcurrency)
	}
	requested := 0
	for _, it := range slow {
		requested += s.Requests(it.Key)
	}
	if requested != galleryConcurrency {
		t.Errorf("%d requests for the replaced page, want only the %d in flight", requested, galleryConcurrency)
	}

	// A new page replaces the old.
	g.SetItems(items[:2])
	settle(g)
	if g.Loaded() != 2 || len(shownImages(g)) != 2 {
		t.Errorf("after SetItems of 2: Loaded %d, %d images", g.Loaded(), len(shownImages(g)))
	}
}

func findTile(g *Gallery, title string) fyne.CanvasObject {
	var found fyne.CanvasObject
	for _, t := range uitest.Find(g, func(t *galleryTile) bool { return t.title.Text == title }) {
		found = t
	}
	return found
}
