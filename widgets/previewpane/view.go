package previewpane

import (
	"errors"
	"fmt"
	"image"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"esodesk/preview"
	"esodesk/services/vohttp"
)

// thumbPixels is the size of the strip's thumbnails, in image pixels.
const thumbPixels = 128

// LoadingText is shown while a preview is on its way.
const LoadingText = "Loading preview…"

// paneView holds the pane's canvas objects; render fills them from the
// current request.
type paneView struct {
	root    *fyne.Container
	empty   *widget.Label
	content *fyne.Container

	main     *bigImage
	loading  *fyne.Container
	activity *widget.Activity
	errText  *widget.Label
	title    *widget.Label
	info     *widget.Label
	strip    *fyne.Container
	scroll   *container.Scroll
	tiles    []*stripTile
}

func newPaneView(p *Pane) *paneView {
	v := &paneView{}
	v.empty = widget.NewLabel(DefaultEmptyText)
	v.empty.Alignment = fyne.TextAlignCenter
	v.empty.Wrapping = fyne.TextWrapWord

	v.main = newBigImage(p)
	v.activity = widget.NewActivity()
	v.loading = container.NewCenter(container.NewVBox(v.activity, widget.NewLabel(LoadingText)))
	v.errText = widget.NewLabel("")
	v.errText.Wrapping = fyne.TextWrapWord
	v.errText.Importance = widget.DangerImportance
	v.title = widget.NewLabel("")
	v.title.TextStyle.Bold = true
	v.title.Wrapping = fyne.TextWrapWord
	v.info = widget.NewLabel("")
	v.info.Importance = widget.LowImportance

	v.strip = container.NewHBox()
	v.scroll = container.NewHScroll(v.strip)
	centre := container.NewStack(v.main, v.loading, container.NewVScroll(v.errText))
	below := container.NewVBox(v.title, v.info, v.scroll)
	v.content = container.New(&columnLayout{aspect: v.aspect}, centre, below)
	v.root = container.NewStack(container.NewCenter(v.empty), v.content)
	return v
}

// aspect is the large image's width/height, 0 when none is shown.
func (v *paneView) aspect() float32 {
	if v.main.orig == nil {
		return 0
	}
	b := v.main.orig.Bounds()
	return float32(b.Dx()) / float32(b.Dy())
}

// render shows the current request's state.
func (p *Pane) render() {
	v, r := p.v, p.req
	if r == nil || len(r.items) == 0 {
		v.empty.Show()
		v.content.Hide()
		v.activity.Stop()
		v.main.set(nil, nil)
		return
	}
	v.empty.Hide()
	v.content.Show()
	it, res := r.items[p.selected], r.results[p.selected]

	v.title.SetText(it.Title)
	v.title.Hidden = it.Title == ""
	switch {
	case !res.done:
		v.main.set(nil, nil)
		v.errText.Hide()
		v.loading.Show()
		v.activity.Start()
		v.info.SetText("")
	case res.err != nil:
		v.main.set(nil, nil)
		v.loading.Hide()
		v.activity.Stop()
		v.errText.SetText("Cannot show this preview: " + message(res.err))
		v.errText.Show()
		v.info.SetText("")
	default:
		v.loading.Hide()
		v.activity.Stop()
		v.errText.Hide()
		v.main.set(res.img, func() { p.shown(r, it.URL) })
		b := res.img.Bounds()
		v.info.SetText(fmt.Sprintf("%d × %d px · tap to enlarge", b.Dx(), b.Dy()))
	}
	v.title.Refresh()
	p.renderStrip()
	// Titles, errors and the strip change the heights below the image:
	// lay out again without refreshing (re-uploading) the large image.
	v.content.Layout.Layout(v.content.Objects, v.content.Size())

}

// shown reports r's large preview on screen, once.
func (p *Pane) shown(r *request, url string) {
	if p.req != r || r.shown {
		return
	}
	r.shown = true
	if p.OnShown != nil {
		p.OnShown(url, time.Since(r.start))
	}
}

// renderStrip shows one tile per item when there are several.
func (p *Pane) renderStrip() {
	v, r := p.v, p.req
	if len(r.items) < 2 {
		v.scroll.Hide()
		return
	}
	for len(v.tiles) < len(r.items) {
		i := len(v.tiles)
		t := newStripTile(func() { p.Select(i) })
		v.tiles = append(v.tiles, t)
	}
	objs := make([]fyne.CanvasObject, len(r.items))
	for i, it := range r.items {
		t := v.tiles[i]
		t.set(it.Title, r.results[i], i == p.selected)
		objs[i] = t
	}
	v.strip.Objects = objs
	v.strip.Refresh()
	v.scroll.Show()
}

// message is err's text for the pane: vohttp errors without the URL,
// which the pane's caller shows elsewhere.
func message(err error) string {
	var ve *vohttp.Error
	if errors.As(err, &ve) && ve.Message != "" {
		if ve.StatusCode != 0 {
			return fmt.Sprintf("%s (HTTP %d)", ve.Message, ve.StatusCode)
		}
		return ve.Message
	}
	return err.Error()
}

// bigImage is the large preview; tapping it opens the viewer.
//
// Fyne scales an image larger than its place on the render thread (Catmull-
// Rom: about 60 ms for ESO's 1771x1240 previews, each time one is shown or
// the pane resized). So the image on the canvas is a copy fitted to the
// widget's pixel size, made on a goroutine; Fyne then has nothing to scale.
type bigImage struct {
	widget.BaseWidget
	img  *canvas.Image
	pane *Pane

	// UI goroutine state
	orig    image.Image // the full-size preview (what Current returns)
	fitted  fyne.Size   // the pixel size img.Image was fitted to
	fitting fyne.Size   // the pixel size of the fit in progress
	gen     int         // the latest fit asked for; older ones are dropped
	// onShown is called once the current orig is on screen.
	onShown func()
}

func newBigImage(p *Pane) *bigImage {
	b := &bigImage{pane: p, img: &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth}}
	b.img.Hidden = true
	b.ExtendBaseWidget(b)
	return b
}

// set shows img (nil: nothing); onShown runs when it is on screen.
func (b *bigImage) set(img image.Image, onShown func()) {
	if b.orig == img {
		if img != nil && b.img.Image != nil && onShown != nil {
			onShown()
		} else if onShown != nil {
			b.onShown = onShown
		}
		return
	}
	b.orig, b.onShown = img, onShown
	b.fitted, b.fitting = fyne.Size{}, fyne.Size{}
	b.gen++
	b.img.Image = nil
	b.img.Hidden = true
	b.img.Refresh()
	if img != nil {
		b.fit()
	}
}

func (b *bigImage) Resize(size fyne.Size) {
	b.BaseWidget.Resize(size)
	if b.orig != nil {
		b.fit()
	}
}

// pixelSize is the widget's size in device pixels.
func (b *bigImage) pixelSize() fyne.Size {
	scale := float32(1)
	if app := fyne.CurrentApp(); app != nil {
		if c := app.Driver().CanvasForObject(b); c != nil {
			scale = c.Scale()
		}
	}
	s := b.Size()
	return fyne.NewSize(float32(math.Ceil(float64(s.Width*scale))), float32(math.Ceil(float64(s.Height*scale))))
}

// fit makes (in the background) the copy of orig that fits the widget.
func (b *bigImage) fit() {
	target := b.pixelSize()
	if (target == b.fitted && b.img.Image != nil) || target == b.fitting {
		return
	}
	orig := b.orig
	ob := orig.Bounds()
	if target.Width < 1 || target.Height < 1 || (float32(ob.Dx()) <= target.Width && float32(ob.Dy()) <= target.Height) {
		b.show(orig, target) // not laid out yet, or small enough: nothing to scale
		return
	}
	b.gen++
	gen := b.gen
	b.fitting = target
	factor := math.Min(float64(target.Width)/float64(ob.Dx()), float64(target.Height)/float64(ob.Dy()))
	longest := int(math.Max(1, math.Floor(factor*float64(max(ob.Dx(), ob.Dy())))))
	p := b.pane
	p.idle.work.Add(1)
	go func() {
		defer p.idle.work.Done()
		fitted := preview.Thumbnail(orig, longest)
		p.run(func() {
			if gen == b.gen && b.orig == orig {
				b.show(fitted, target)
			}
		})
	}()
}

func (b *bigImage) show(img image.Image, size fyne.Size) {
	b.fitted, b.fitting = size, fyne.Size{}
	b.img.Image = img
	b.img.Hidden = false
	b.img.Refresh()
	if f := b.onShown; f != nil {
		b.onShown = nil
		f()
	}
}

func (b *bigImage) Tapped(*fyne.PointEvent) {
	if b.orig != nil {
		b.pane.openViewer()
	}
}

func (b *bigImage) MinSize() fyne.Size { return fyne.NewSize(160, 120) }

func (b *bigImage) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(b.img)
}
