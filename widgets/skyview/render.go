package skyview

import (
	"fmt"
	"image"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"esodesk/fits/wcs"
	"esodesk/internal/latest"
	"esodesk/preview/skyrender"
	"esodesk/services/healpix"
)

const (
	// fullDelay: after this long without a view change, the fast frames of
	// a drag or wheel are redrawn at full quality.
	fullDelay = 150 * time.Millisecond
	// tileDelay gathers tiles arriving close together into one render.
	tileDelay = 80 * time.Millisecond
	// maxTilesWanted bounds the tiles asked for at once, below the memory
	// cache's size so that the view's own tiles never evict each other.
	maxTilesWanted = tileCacheSize * 2 / 3
)

// renderQueue tells tile arrivals whether a render that will see them is
// already waiting to start (then they need not ask for another).
type renderQueue struct{ queued atomic.Bool }

// framePool recycles frames of one size: a frame is several MB, and a drag
// renders tens a second.
type framePool struct {
	mu   sync.Mutex
	free []*image.RGBA
}

func (p *framePool) get(w, h int) *image.RGBA {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.free) > 0 {
		img := p.free[len(p.free)-1]
		p.free = p.free[:len(p.free)-1]
		if img.Rect.Dx() == w && img.Rect.Dy() == h {
			return img
		}
	}
	return image.NewRGBA(image.Rect(0, 0, w, h))
}

func (p *framePool) put(img *image.RGBA) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.free) < 2 {
		p.free = append(p.free, img)
	}
}

// requestRender draws the current view, layer and survey after delay, off
// the UI goroutine (a newer request supersedes it), and asks the loader
// for the tiles that view needs. fast: an interactive frame, redrawn at
// full quality once the view rests.
func (s *SkyView) requestRender(fast bool, delay time.Duration) {
	v := s.view
	if v.Width <= 0 || v.Height <= 0 {
		return
	}
	var bg *skyrender.Background // nil: no survey (yet)
	var ld *loader
	if sv := s.survey; sv != nil {
		bg, ld = sv.bg, sv.loader
	}
	layer, opt := s.layer, s.opt
	opt.Fast = fast
	s.fullTask.Stop()
	s.renderQ.queued.Store(true)
	s.renderTask.StartAfter(delay, func(j latest.Job) {
		s.renderQ.queued.Store(false)
		s.renderMu.Lock() // a drag supersedes faster than frames finish
		defer s.renderMu.Unlock()
		if !j.Current() {
			return
		}
		if ld != nil {
			ld.want(neededTiles(v, bg))
		}
		img := s.frames.get(v.Width, v.Height)
		skyrender.Render(img, v, bg, layer, opt)
		j.FinishOr(func() { s.showFrame(img, fast) }, func() { s.frames.put(img) })
	})
}

// neededTiles is what the view shows of the survey, nearest the centre
// first (they are fetched in this order), at most maxTilesWanted.
func neededTiles(v skyrender.View, bg *skyrender.Background) []tileKey {
	order, tiles := skyrender.Needed(v, bg.Props)
	c := v.Center
	if bg.Props.Frame == "galactic" {
		c[0], c[1] = wcs.ICRSToGalactic(c[0], c[1])
	} // (ecliptic surveys: the order is only a little less good)
	cv := unit(c[0], c[1])
	dist := make(map[int64]float64, len(tiles))
	for _, t := range tiles {
		lon, lat := healpix.Pix2AngNest(order, t)
		dist[t] = -dot(cv, unit(lon, lat))
	}
	sort.Slice(tiles, func(i, j int) bool { return dist[tiles[i]] < dist[tiles[j]] })
	if len(tiles) > maxTilesWanted {
		tiles = tiles[:maxTilesWanted]
	}
	keys := make([]tileKey, len(tiles))
	for i, t := range tiles {
		keys[i] = tileKey{order, t}
	}
	return keys
}

// showFrame puts a finished frame on screen (the previous one goes back
// to the pool) and, after a fast one, plans the full-quality frame.
func (s *SkyView) showFrame(img *image.RGBA, fast bool) {
	old := s.shown
	s.shown = img
	s.area.setImage(img)
	if old != nil && old != img {
		s.frames.put(old)
	}
	if fast {
		s.fullTask.StartAfter(fullDelay, func(j latest.Job) {
			j.Finish(func() { s.requestRender(false, 0) })
		})
	}
	if s.area.mouseInside {
		s.hover(s.area.lastMouse)
	}
}

// tilesArrived renders the new tiles, unless a render that will read them
// is already waiting.
func (s *SkyView) tilesArrived() {
	if s.renderQ.queued.Load() {
		return
	}
	s.requestRender(s.area.dragging(), tileDelay)
}

// setBusy shows how many tiles are being fetched.
func (s *SkyView) setBusy(n int) {
	if n <= 0 {
		if s.busy.Visible() {
			s.busy.Hide()
		}
		return
	}
	t := fmt.Sprintf("Loading %d tiles…", n)
	if n == 1 {
		t = "Loading 1 tile…"
	}
	if s.busy.Text != t {
		s.busy.SetText(t)
	}
	if !s.busy.Visible() {
		s.busy.Show()
	}
}

// areaResized is called by the area's layout: the frames take its size in
// device pixels.
func (s *SkyView) areaResized(size fyne.Size) {
	scale := 1.0
	if c := fyne.CurrentApp().Driver().CanvasForObject(s.area); c != nil && c.Scale() > 0 {
		scale = float64(c.Scale())
	}
	W, H := int(math.Round(float64(size.Width)*scale)), int(math.Round(float64(size.Height)*scale))
	if W == s.view.Width && H == s.view.Height && scale == s.scale {
		return
	}
	s.scale = scale
	s.view.Width, s.view.Height = W, H
	s.viewChanged(false)
}

// viewChanged keeps the view within its limits, renders it and refreshes
// what follows it (the readout, a polygon being drawn).
func (s *SkyView) viewChanged(fast bool) {
	if !(s.view.FOV > 0) {
		s.view.FOV = defaultView.FOV
	}
	s.clampFOV()
	s.view.Center[0] = normRA(s.view.Center[0])
	s.view.Center[1] = math.Max(-90, math.Min(90, s.view.Center[1]))
	s.requestRender(fast, 0)
	s.area.viewChanged()
	if s.area.mouseInside {
		s.hover(s.area.lastMouse)
	}
}
