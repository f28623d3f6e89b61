package previewpane

import (
	"errors"
	"fmt"
	"image"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

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

	v.main = newBigImage(p.openViewer)
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
	if v.main.img.Image == nil {
		return 0
	}
	b := v.main.img.Image.Bounds()
	return float32(b.Dx()) / float32(b.Dy())
}

// render shows the current request's state.
func (p *Pane) render() {
	v, r := p.v, p.req
	if r == nil || len(r.items) == 0 {
		v.empty.Show()
		v.content.Hide()
		v.activity.Stop()
		v.main.set(nil)
		return
	}
	v.empty.Hide()
	v.content.Show()
	it, res := r.items[p.selected], r.results[p.selected]

	v.title.SetText(it.Title)
	v.title.Hidden = it.Title == ""
	switch {
	case !res.done:
		v.main.set(nil)
		v.errText.Hide()
		v.loading.Show()
		v.activity.Start()
		v.info.SetText("")
	case res.err != nil:
		v.main.set(nil)
		v.loading.Hide()
		v.activity.Stop()
		v.errText.SetText("Cannot show this preview: " + message(res.err))
		v.errText.Show()
		v.info.SetText("")
	default:
		v.loading.Hide()
		v.activity.Stop()
		v.errText.Hide()
		v.main.set(res.img)
		b := res.img.Bounds()
		v.info.SetText(fmt.Sprintf("%d × %d px · tap to enlarge", b.Dx(), b.Dy()))
	}
	v.title.Refresh()
	p.renderStrip()
	// Titles, errors and the strip change the heights below the image:
	// lay out again without refreshing (re-uploading) the large image.
	v.content.Layout.Layout(v.content.Objects, v.content.Size())

	if res.done && res.err == nil && !r.shown {
		r.shown = true
		if p.OnShown != nil {
			p.OnShown(it.URL, time.Since(r.start))
		}
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
type bigImage struct {
	widget.BaseWidget
	img   *canvas.Image
	onTap func()
}

func newBigImage(onTap func()) *bigImage {
	b := &bigImage{onTap: onTap, img: &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth}}
	b.ExtendBaseWidget(b)
	return b
}

func (b *bigImage) set(img image.Image) {
	if b.img.Image == img {
		return
	}
	b.img.Image = img
	b.img.Hidden = img == nil
	b.img.Refresh()
}

func (b *bigImage) Tapped(*fyne.PointEvent) {
	if b.img.Image != nil {
		b.onTap()
	}
}

func (b *bigImage) MinSize() fyne.Size { return fyne.NewSize(160, 120) }

func (b *bigImage) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(b.img)
}
