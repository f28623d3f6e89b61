package previewpane

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"esodesk/internal/testserver"
)

// BenchmarkShowCached measures ShowItems to image on screen (OnShown) with
// a warm memory cache and no debounce; ns/op is that latency, alternating
// between two previews so each Show changes the picture.
func BenchmarkShowCached(b *testing.B) {
	data, _ := realPreview(b)
	s := testserver.New(b)
	urls := []string{s.Put("/a.png", "image/png", data), s.Put("/b.png", "image/png", data)}
	cache := newCache(b)
	for _, u := range urls {
		if _, err := cache.Get(context.Background(), u); err != nil {
			b.Fatal(err)
		}
	}
	a := test.NewApp()
	defer a.Quit()
	w := test.NewWindow(nil)
	p := New(w, cache, uiQueue.Run)
	w.SetContent(p)
	w.Resize(fyne.NewSize(450, 700))
	p.Debounce = 0
	// The benchmark goroutine waits on shown while the result is applied,
	// so running it inline on the fetch goroutine does not race.
	shown := make(chan time.Duration, 1)
	p.OnShown = func(_ string, took time.Duration) { shown <- took }
	var total time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p.ShowItems([]Item{{URL: urls[i%2], Title: "preview"}})
		total += <-shown
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N), "µs-to-shown")
	settle(p)
}

// BenchmarkViewerRender draws one 1200x800 frame of the real preview at
// 3x: the cost of every zoom or pan step.
func BenchmarkViewerRender(b *testing.B) {
	_, img := realPreview(b)
	v := NewViewer(img, uiQueue.Run)
	v.scale, v.ox, v.oy = 3, 300, 200
	for b.Loop() {
		v.Render(1200, 800)
	}
}
