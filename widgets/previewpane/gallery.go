package previewpane

import (
	"context"
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"esodesk/preview"
)

// GalleryItem is one result of the page shown in the gallery.
type GalleryItem struct {
	Key   string // handed to OnSelected (e.g. the row's dp_id)
	Title string
	URL   string // "" when the result has no preview
}

const (
	galleryThumb       = 160 // thumbnail size in image pixels
	galleryConcurrency = 4   // thumbnails loading at once
	// NoPreviewText labels a tile without a preview.
	NoPreviewText = "no preview"
)

// Gallery shows a grid of thumbnails for a page of results. Only tiles
// scrolled into view load, at most four at a time.
type Gallery struct {
	widget.BaseWidget

	// OnSelected is called with the Key of the tapped tile.
	OnSelected func(key string)

	win   fyne.Window
	cache *preview.Cache
	grid  *widget.GridWrap

	// UI goroutine state.
	items  []GalleryItem
	thumbs []thumbState
	loaded int
	gen    uint64
	ctx    context.Context
	cancel context.CancelFunc
	sem    chan struct{}

	idle idle
	// run hands background results to the UI goroutine: the app's bridge
	// (never Fyne's Do directly), a test's runner in tests.
	run func(func())
}

type thumbState struct {
	started, done bool
	img           image.Image
	err           error
}

// NewGallery makes an empty gallery.
func NewGallery(win fyne.Window, cache *preview.Cache, run func(func())) *Gallery {
	g := &Gallery{win: win, cache: cache, run: run}
	g.grid = widget.NewGridWrap(
		func() int { return len(g.items) },
		func() fyne.CanvasObject { return newGalleryTile() },
		func(id widget.GridWrapItemID, o fyne.CanvasObject) { g.update(id, o.(*galleryTile)) },
	)
	g.grid.OnSelected = func(id widget.GridWrapItemID) {
		if id >= 0 && id < len(g.items) && g.OnSelected != nil {
			g.OnSelected(g.items[id].Key)
		}
	}
	g.ExtendBaseWidget(g)
	return g
}

func (g *Gallery) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(g.grid)
}

// SetItems replaces the page, cancelling the loads of the previous one.
func (g *Gallery) SetItems(items []GalleryItem) {
	if g.cancel != nil {
		g.cancel()
	}
	g.gen++
	g.ctx, g.cancel = context.WithCancel(context.Background())
	g.sem = make(chan struct{}, galleryConcurrency)
	g.items = append([]GalleryItem(nil), items...)
	g.thumbs = make([]thumbState, len(items))
	g.loaded = 0
	g.grid.UnselectAll()
	g.grid.Refresh()
	g.grid.ScrollToTop()
}

// Loaded is how many tiles have finished loading (with a thumbnail or
// showing "no preview").
func (g *Gallery) Loaded() int { return g.loaded }

// update fills a tile, starting its load the first time it is in view.
func (g *Gallery) update(id int, t *galleryTile) {
	if id < 0 || id >= len(g.items) {
		return
	}
	it, st := g.items[id], &g.thumbs[id]
	if it.URL == "" && !st.done {
		st.started, st.done = true, true
		g.loaded++
	}
	if !st.started {
		st.started = true
		g.load(id)
	}
	t.set(it.Title, *st)
}

func (g *Gallery) load(id int) {
	ctx, sem, gen, url := g.ctx, g.sem, g.gen, g.items[id].URL
	g.idle.work.Add(1)
	go func() {
		defer g.idle.work.Done()
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		if ctx.Err() != nil { // both were ready: select picked at random
			<-sem
			return
		}
		pv, err := g.cache.Thumbnail(ctx, url, galleryThumb)
		<-sem
		if ctx.Err() != nil {
			return
		}
		g.run(func() {
			if g.gen != gen {
				return
			}
			st := &g.thumbs[id]
			st.done, st.err = true, err
			if err == nil {
				st.img = pv.Image
			}
			g.loaded++
			g.grid.RefreshItem(id)
		})
	}()
}

// WaitIdle waits until the loads started so far have finished and are on
// screen. For tests.
func (g *Gallery) WaitIdle() { g.idle.wait() }

// galleryTile is one grid cell: thumbnail (or a grey "no preview" box)
// over the title.
type galleryTile struct {
	widget.BaseWidget
	img   *canvas.Image
	grey  *canvas.Rectangle
	note  *canvas.Text
	title *widget.Label
	root  fyne.CanvasObject
}

var galleryTileSize = fyne.NewSize(galleryThumb, galleryThumb*3/4)

func newGalleryTile() *galleryTile {
	t := &galleryTile{}
	t.img = &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth}
	t.img.SetMinSize(galleryTileSize)
	t.img.Hide()
	t.grey = canvas.NewRectangle(color.NRGBA{0x80, 0x80, 0x80, 0x50})
	t.note = canvas.NewText("", color.NRGBA{0x80, 0x80, 0x80, 0xff})
	t.note.Alignment = fyne.TextAlignCenter
	t.title = widget.NewLabel("")
	t.title.Truncation = fyne.TextTruncateEllipsis
	t.title.Alignment = fyne.TextAlignCenter
	// A hidden image has no size: this keeps the tile's.
	space := canvas.NewRectangle(color.Transparent)
	space.SetMinSize(galleryTileSize)
	pic := container.NewStack(space, t.grey, t.img, container.NewCenter(t.note))
	t.root = container.NewBorder(nil, t.title, nil, nil, pic)
	t.ExtendBaseWidget(t)
	return t
}

func (t *galleryTile) set(title string, st thumbState) {
	t.title.SetText(title)
	note := ""
	switch {
	case !st.done:
		note = "…"
	case st.img == nil:
		note = NoPreviewText
	}
	t.note.Text = note
	t.note.Refresh()
	t.grey.Hidden = st.img != nil
	t.grey.Refresh()
	if t.img.Image != st.img {
		t.img.Image = st.img
		t.img.Hidden = st.img == nil // the painters fail on an empty image
		t.img.Refresh()
	}
}

func (t *galleryTile) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(t.root)
}
