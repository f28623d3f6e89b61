package app

import (
	"sync"
	"testing"
	"time"
)

// BenchmarkDetailsPreviewFollowsSelection moves the TAP table's selection
// from product to product (ObsCore rows of the testbed, each with a preview
// PNG from the stand-in), one row per iteration, after a first pass has
// filled the caches. ns/op is the time from the selection change to the
// preview on screen (the goal: under 100 ms for a cached preview);
// max-ui-ms is the longest the UI goroutine was held by any one piece of
// work during the moves (decoding must not happen there).
func BenchmarkDetailsPreviewFollowsSelection(b *testing.B) {
	var mu sync.Mutex
	var longest time.Duration
	plain := testPoster
	testPoster = func(f func()) {
		plain(func() {
			start := time.Now()
			f()
			if d := time.Since(start); d > 0 {
				mu.Lock()
				longest = max(longest, d)
				mu.Unlock()
			}
		})
	}
	b.Cleanup(func() { testPoster = plain })

	u := newProductsUI(b)
	runInGUI(b, u, "SELECT dp_id, access_url, access_format FROM ivoa.obscore WHERE dataproduct_type IN ('image', 'cube') ORDER BY dp_id", "1000", modeSync)
	var rows int
	shown := make(chan string, 64)
	onUI(func() {
		rows = u.tap.results.VisibleRows()
		u.tap.details.previews.OnShown = func(url string, _ time.Duration) { shown <- url }
	})
	if rows < 2 {
		b.Fatalf("%d products", rows)
	}
	move := func(v int) {
		onUI(func() { u.tap.results.SelectRow(v) })
		select {
		case <-shown:
		case <-time.After(queryTimeout):
			b.Fatalf("row %d: no preview on screen after %v", v, queryTimeout)
		}
	}
	for v := 0; v < rows; v++ { // the first pass fetches and caches
		move(v)
	}
	mu.Lock()
	longest = 0
	mu.Unlock()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		move(i % rows)
	}
	b.StopTimer()
	mu.Lock()
	b.ReportMetric(float64(longest.Microseconds())/1000, "max-ui-ms")
	mu.Unlock()
}
