package previewpane

import (
	"fmt"
	"image"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"esodesk/internal/imagetest"
	"esodesk/internal/testserver"
	"esodesk/internal/uitest"
	"esodesk/preview"
)

func TestShowsRealPreviewPixelForPixel(t *testing.T) {
	data, want := realPreview(t)
	s := testserver.New(t)
	url := s.Put("/preview/ADP.2025-12-18T13_16_13.402.png", "image/png", data)
	p, w := newPane(t, newCache(t))
	var shown []string
	p.OnShown = func(u string, took time.Duration) { shown = append(shown, u) }

	p.ShowItems([]Item{{URL: url, Title: "ADP.2025-12-18T13_16_13.402.png"}})
	if !slices.Contains(uitest.Texts(p), LoadingText) {
		t.Errorf("no %q while loading: %q", LoadingText, uitest.Texts(p))
	}
	settle(p)
	gotURL, img := p.Current()
	if gotURL != url {
		t.Errorf("Current URL %q, want %q", gotURL, url)
	}
	imagetest.SamePixels(t, img, want) // Current: the full-size preview
	imgs := shownImages(p)
	if len(imgs) != 1 {
		t.Fatalf("%d images on screen, want the current one", len(imgs))
	}
	// On screen: the same picture fitted to the pane's pixels (off the UI
	// goroutine), so Fyne has nothing left to scale.
	b, size := imgs[0].Bounds(), p.v.main.Size()
	if b.Dx() > int(size.Width) || b.Dy() > int(size.Height) || (b.Dx() < int(size.Width)-1 && b.Dy() < int(size.Height)-1) {
		t.Errorf("the image on screen is %v for a %v pane", b.Size(), size)
	}
	imagetest.SamePixels(t, imgs[0], preview.Thumbnail(want, max(b.Dx(), b.Dy())))
	if !slices.Equal(shown, []string{url}) {
		t.Errorf("OnShown calls %q, want one for %s", shown, url)
	}
	all := strings.Join(uitest.Texts(p), "\n")
	for _, s := range []string{"ADP.2025-12-18T13_16_13.402.png", "1771 × 1240 px"} {
		if !strings.Contains(all, s) {
			t.Errorf("pane texts lack %q:\n%s", s, all)
		}
	}
	if strings.Contains(all, LoadingText) && slices.Contains(uitest.Texts(p), LoadingText) {
		t.Errorf("still loading: %q", uitest.Texts(p))
	}
	capture(t, w, "pane-single.png")
}

func TestRapidSelectionFetchesOnlyTheLast(t *testing.T) {
	data, want := realPreview(t)
	s := testserver.New(t)
	var urls []string
	for i := range 20 {
		urls = append(urls, s.Put(fmt.Sprintf("/p/%d.png", i), "image/png", data))
	}
	p, _ := newPane(t, newCache(t))
	p.Debounce = 300 * time.Millisecond
	for _, u := range urls {
		p.ShowItems([]Item{{URL: u, Title: u}})
	}
	settle(p)
	if n := s.Total.Load(); n != 1 {
		t.Errorf("%d requests for 20 quick selections, want 1 (the last)", n)
	}
	if s.Requests("/p/19.png") != 1 {
		t.Errorf("the last selection was not fetched")
	}
	u, img := p.Current()
	if u != urls[19] {
		t.Errorf("showing %q, want the last %q", u, urls[19])
	}
	imagetest.SamePixels(t, img, want)
}

func TestNewSelectionCancelsFetch(t *testing.T) {
	data, want := realPreview(t)
	s := testserver.New(t)
	slow := s.Put("/slow.png", "image/png", data)
	fast := s.Put("/fast.png", "image/png", data)
	release := make(chan struct{})
	defer close(release)
	s.Hold("/slow.png", release)
	p, _ := newPane(t, newCache(t))
	p.Debounce = 0
	p.ShowItems([]Item{{URL: slow}})
	if got := <-s.Arrived; got != "/slow.png" {
		t.Fatalf("first request for %s", got)
	}
	p.ShowItems([]Item{{URL: fast}})
	settle(p)
	if s.Canceled.Load() != 1 {
		t.Errorf("the request no longer wanted was not cancelled")
	}
	u, img := p.Current()
	if u != fast {
		t.Errorf("showing %q, want %q", u, fast)
	}
	imagetest.SamePixels(t, img, want)
}

func TestErrorsShowTheirMessages(t *testing.T) {
	s := testserver.New(t)
	html := s.Put("/login.png", "text/html; charset=utf-8", []byte("<html><head><title>ESO Login</title></head><body><h1>Please log in</h1></body></html>"))
	missing := s.URL + "/missing.png"
	cases := []struct {
		url  string
		want []string
	}{
		{html, []string{"HTML page", "Please log in"}},
		{missing, []string{"404"}},
	}
	for _, c := range cases {
		p, w := newPane(t, newCache(t))
		p.Debounce = 0
		var errs []error
		p.OnError = func(u string, err error) { errs = append(errs, err) }
		p.ShowItems([]Item{{URL: c.url, Title: "preview"}})
		settle(p)
		all := strings.Join(uitest.Texts(p), "\n")
		for _, want := range c.want {
			if !strings.Contains(all, want) {
				t.Errorf("%s: pane texts lack %q:\n%s", c.url, want, all)
			}
		}
		if _, img := p.Current(); img != nil {
			t.Errorf("%s: an image is shown", c.url)
		}
		if len(errs) != 1 {
			t.Errorf("%s: OnError called %d times", c.url, len(errs))
		}
		if c.url == html {
			capture(t, w, "pane-error.png")
		}
	}
}

func TestSeveralItems(t *testing.T) {
	data, want := realPreview(t)
	s := testserver.New(t)
	items := []Item{
		{URL: s.Put("/a.png", "image/png", data), Title: "ANCILLARY.PREVIEW a.png"},
		{URL: s.Put("/b.png", "image/png", data), Title: "ANCILLARY.PREVIEW b.png"},
		{URL: s.URL + "/gone.png", Title: "ANCILLARY.PREVIEW gone.png"},
	}
	p, w := newPane(t, newCache(t))
	p.Debounce = 0
	p.ShowItems(items)
	settle(p)
	all := strings.Join(uitest.Texts(p), "\n")
	for _, it := range items {
		if !strings.Contains(all, it.Title) {
			t.Errorf("title %q missing:\n%s", it.Title, all)
		}
	}
	u, img := p.Current()
	if u != items[0].URL {
		t.Errorf("large preview %q, want the first", u)
	}
	imagetest.SamePixels(t, img, want)
	// Two thumbnails and the large image.
	if n := len(shownImages(p)); n != 3 {
		t.Errorf("%d images on screen, want 3", n)
	}
	capture(t, w, "pane-several.png")

	// Tapping the third tile shows its error in place of the image.
	test.Tap(p.v.tiles[2])
	if u, img := p.Current(); u != items[2].URL || img != nil {
		t.Errorf("after tapping the third tile: %q, image %v", u, img != nil)
	}
	if all := strings.Join(uitest.Texts(p), "\n"); !strings.Contains(all, "Cannot show this preview") {
		t.Errorf("no error in place:\n%s", all)
	}
	test.Tap(p.v.tiles[1])
	if u, _ := p.Current(); u != items[1].URL {
		t.Errorf("after tapping the second tile: %q", u)
	}
}

func TestEmptyAndLocalImage(t *testing.T) {
	p, w := newPane(t, newCache(t))
	p.SetEmptyText("No preview for this row")
	p.ShowItems(nil)
	if !slices.Contains(uitest.Texts(p), "No preview for this row") {
		t.Errorf("no placeholder: %q", uitest.Texts(p))
	}
	if u, img := p.Current(); u != "" || img != nil {
		t.Errorf("Current with no items: %q %v", u, img)
	}
	capture(t, w, "pane-empty.png")

	ql := image.NewGray(image.Rect(0, 0, 300, 200))
	for i := range ql.Pix {
		ql.Pix[i] = uint8(i % 251)
	}
	var took []string
	p.OnShown = func(u string, _ time.Duration) { took = append(took, u) }
	p.ShowImage(ql, "quick look")
	if u, img := p.Current(); u != "" || img != ql {
		t.Errorf("Current after ShowImage: %q, same image %v", u, img == ql)
	}
	if len(took) != 1 {
		t.Errorf("OnShown called %d times for ShowImage", len(took))
	}
}
