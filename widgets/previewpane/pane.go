// Package previewpane shows the preview images of the selected result row
// (Pane), a full-size viewer with zoom and pan (Viewer) and a gallery of
// thumbnails for a page of results (Gallery). Images come decoded from the
// preview package's cache on background goroutines; the widgets only hand
// them to canvas objects on the UI goroutine.
//
// All methods must be called on the UI goroutine (other goroutines go through the app's bridge).
package previewpane

import (
	"context"
	"fmt"
	"image"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"esodesk/preview"
)

// Item is one preview of a result row.
type Item struct {
	URL   string
	Title string // e.g. the original file name or the category
}

// DefaultEmptyText is shown when the row has no preview.
const DefaultEmptyText = "No preview for this row"

// Pane shows the previews of one result row: the selected one large (tap
// it for the full-size viewer), all of them as a strip of thumbnails when
// there are several.
type Pane struct {
	widget.BaseWidget

	// Debounce is how long Show waits for the selection to settle before
	// fetching (default 150 ms; 0 fetches at once).
	Debounce time.Duration
	// OnShown is called on the UI goroutine when the large preview is on
	// screen, with the time since Show (or ShowImage) was called.
	OnShown func(url string, took time.Duration)
	// OnError is called on the UI goroutine for each preview that failed.
	OnError func(url string, err error)

	win   fyne.Window
	cache *preview.Cache

	// UI goroutine state.
	gen      atomic.Uint64 // current request; older results are dropped
	cancel   context.CancelFunc
	timer    *time.Timer
	req      *request
	selected int
	viewer   *Viewer
	v        *paneView

	idle idle
	// run hands background results to the UI goroutine: the app's bridge
	// (never Fyne's Do directly), a test's runner in tests.
	run func(func())
}

// request is one Show: its items and what has arrived for each.
type request struct {
	gen     uint64
	items   []Item
	results []result
	start   time.Time
	shown   bool // OnShown already called
}

type result struct {
	done  bool
	img   image.Image // full size
	thumb image.Image // for the strip (several items only)
	err   error
}

// New makes an empty pane. win is the parent of the full-size viewer.
func New(win fyne.Window, cache *preview.Cache, run func(func())) *Pane {
	p := &Pane{win: win, cache: cache, Debounce: 150 * time.Millisecond}
	p.run = run
	p.v = newPaneView(p)
	p.ExtendBaseWidget(p)
	p.render()
	return p
}

func (p *Pane) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(p.v.root)
}

// SetEmptyText sets the text shown when there is no preview.
func (p *Pane) SetEmptyText(s string) {
	p.v.empty.SetText(s)
}

// ShowItems displays items' previews. The fetch starts once Show has not been
// called again for Debounce; a newer ShowItems or ShowImage cancels it. Calling
// ShowItems with the items already shown does nothing.
func (p *Pane) ShowItems(items []Item) {
	if p.req != nil && p.req.local() == nil && sameItems(p.req.items, items) {
		return
	}
	r := p.newRequest(append([]Item(nil), items...))
	p.render()
	if len(items) == 0 {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	// Images already decoded in memory need no network: the selection has
	// nothing to settle for, they go on screen now.
	if p.Debounce <= 0 || p.allInMemory(items) {
		p.fetch(ctx, r)
		return
	}
	p.idle.work.Add(1)
	p.timer = time.AfterFunc(p.Debounce, func() {
		defer p.idle.work.Done()
		p.fetch(ctx, r)
	})
}

func (p *Pane) allInMemory(items []Item) bool {
	for _, it := range items {
		if _, ok := p.cache.InMemory(it.URL); !ok {
			return false
		}
	}
	return true
}

// ShowImage displays a local image (e.g. a FITS quick look) as the only
// preview, cancelling any fetch.
func (p *Pane) ShowImage(img image.Image, title string) {
	r := p.newRequest([]Item{{Title: title}})
	r.results[0] = result{done: true, img: img}
	p.render()
}

// newRequest cancels the current request and makes r the current one.
func (p *Pane) newRequest(items []Item) *request {
	if p.timer != nil && p.timer.Stop() {
		p.idle.work.Done() // the debounced fetch will never run
	}
	p.timer = nil
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	r := &request{gen: p.gen.Add(1), items: items, results: make([]result, len(items)), start: time.Now()}
	p.req, p.selected = r, 0
	return r
}

// local returns the image of a ShowImage request, nil for a Show.
func (r *request) local() image.Image {
	if len(r.items) == 1 && r.items[0].URL == "" && r.results[0].done {
		return r.results[0].img
	}
	return nil
}

// fetch loads every item of r on a goroutine of its own.
func (p *Pane) fetch(ctx context.Context, r *request) {
	thumbs := len(r.items) > 1
	for i, it := range r.items {
		p.idle.work.Add(1)
		go func() {
			defer p.idle.work.Done()
			res := result{done: true}
			if it.URL == "" {
				res.err = fmt.Errorf("this preview has no address")
			} else if pv, err := p.cache.Get(ctx, it.URL); err != nil {
				res.err = err
			} else {
				res.img = pv.Image
				if thumbs {
					// From the full image just loaded; kept in the cache's memory.
					if tp, err := p.cache.Thumbnail(ctx, it.URL, thumbPixels); err == nil {
						res.thumb = tp.Image
					}
				}
			}
			if ctx.Err() != nil {
				return // not wanted any more: say nothing
			}
			p.run(func() { p.arrived(r, i, res) })
		}()
	}
}

// arrived stores one item's result if its request is still current.
func (p *Pane) arrived(r *request, i int, res result) {
	if p.req != r || p.gen.Load() != r.gen {
		return
	}
	r.results[i] = res
	p.render()
	if res.err != nil && p.OnError != nil {
		p.OnError(r.items[i].URL, res.err)
	}
}

// Select makes item i the large preview.
func (p *Pane) Select(i int) {
	if p.req == nil || i < 0 || i >= len(p.req.items) || i == p.selected {
		return
	}
	p.selected = i
	p.req.shown = false
	p.req.start = time.Now()
	p.render()
}

// Current returns the URL and image of the large preview on screen ("" for
// a local image; nil while loading, on error or with no preview).
func (p *Pane) Current() (url string, img image.Image) {
	if p.req == nil || len(p.req.items) == 0 {
		return "", nil
	}
	return p.req.items[p.selected].URL, p.v.main.orig
}

// Viewer returns the full-size viewer opened last, or nil.
func (p *Pane) Viewer() *Viewer { return p.viewer }

// WaitIdle waits until pending fetches have finished and their results are
// on screen. For tests.
func (p *Pane) WaitIdle() { p.idle.wait() }

func sameItems(a, b []Item) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
