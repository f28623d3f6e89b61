package previewpane

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// stripTile is one item in the pane's strip: thumbnail (or state) and
// title; tapping it makes the item the large preview.
type stripTile struct {
	widget.BaseWidget
	img   *canvas.Image
	state *widget.Label
	title *widget.Label
	frame *canvas.Rectangle
	onTap func()
	root  fyne.CanvasObject
}

var stripTileSize = fyne.NewSize(104, 78)

func newStripTile(onTap func()) *stripTile {
	t := &stripTile{onTap: onTap}
	t.img = &canvas.Image{FillMode: canvas.ImageFillContain, ScaleMode: canvas.ImageScaleSmooth}
	t.img.SetMinSize(stripTileSize)
	t.img.Hide()
	t.state = widget.NewLabel("")
	t.state.Alignment = fyne.TextAlignCenter
	t.title = widget.NewLabel("")
	t.title.Truncation = fyne.TextTruncateEllipsis
	t.title.Alignment = fyne.TextAlignCenter
	// The selected tile is outlined.
	t.frame = canvas.NewRectangle(color.Transparent)
	t.frame.StrokeColor = theme.Color(theme.ColorNamePrimary)
	t.frame.StrokeWidth = 2
	t.frame.CornerRadius = 0
	// A hidden image has no size: this keeps the tile's.
	space := canvas.NewRectangle(color.Transparent)
	space.SetMinSize(stripTileSize)
	pic := container.NewStack(space, t.img, container.NewCenter(t.state))
	// Inset so the scroll around the strip does not clip the outline.
	frame := container.New(layout.NewCustomPaddedLayout(1, 1, 1, 1), t.frame)
	t.root = container.NewStack(container.NewBorder(nil, t.title, nil, nil, pic), frame)
	t.ExtendBaseWidget(t)
	return t
}

func (t *stripTile) set(title string, r result, selected bool) {
	t.title.SetText(title)
	switch {
	case !r.done:
		t.state.SetText("…")
	case r.err != nil:
		t.state.SetText("error")
	default:
		t.state.SetText("")
	}
	t.state.Hidden = t.state.Text == ""
	if t.img.Image != r.thumb {
		t.img.Image = r.thumb
		t.img.Hidden = r.thumb == nil // the painters fail on an empty image
		t.img.Refresh()
	}
	t.frame.Hidden = !selected
	t.frame.Refresh()
}

func (t *stripTile) Tapped(*fyne.PointEvent) { t.onTap() }

func (t *stripTile) MinSize() fyne.Size {
	return fyne.NewSize(stripTileSize.Width+8, t.root.MinSize().Height)
}

func (t *stripTile) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(t.root)
}
