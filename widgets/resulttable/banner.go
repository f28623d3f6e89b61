package resulttable

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

type bannerKind int

const (
	warningBanner bannerKind = iota
	errorBanner
)

// banner is a tinted strip with an icon, a wrapped message and an optional
// action (e.g. "Edit query"). The tint follows the theme.
type banner struct {
	widget.BaseWidget
	kind   bannerKind
	label  *widget.Label
	action fyne.CanvasObject
}

func newBanner(kind bannerKind, action fyne.CanvasObject) *banner {
	b := &banner{kind: kind, label: widget.NewLabel(""), action: action}
	b.label.Wrapping = fyne.TextWrapWord
	b.ExtendBaseWidget(b)
	b.Hide()
	return b
}

// Text is the message shown.
func (b *banner) Text() string { return b.label.Text }

func (b *banner) SetText(text string) { b.label.SetText(text) }

func (b *banner) setActionVisible(show bool) {
	if b.action == nil {
		return
	}
	if show {
		b.action.Show()
	} else {
		b.action.Hide()
	}
}

func (b *banner) CreateRenderer() fyne.WidgetRenderer {
	icon := theme.WarningIcon()
	if b.kind == errorBanner {
		icon = theme.ErrorIcon()
	}
	var right fyne.CanvasObject
	if b.action != nil {
		right = container.NewCenter(b.action)
	}
	bg := canvas.NewRectangle(color.Transparent)
	r := &bannerRenderer{b: b, bg: bg}
	inner := container.NewBorder(nil, nil, container.NewCenter(widget.NewIcon(icon)), right, b.label)
	r.objects = []fyne.CanvasObject{bg, container.NewPadded(inner)}
	r.Refresh()
	return r
}

type bannerRenderer struct {
	b       *banner
	bg      *canvas.Rectangle
	objects []fyne.CanvasObject
}

func (r *bannerRenderer) Layout(s fyne.Size) {
	for _, o := range r.objects {
		o.Resize(s)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (r *bannerRenderer) MinSize() fyne.Size { return r.objects[1].MinSize() }

func (r *bannerRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *bannerRenderer) Destroy() {}

func (r *bannerRenderer) Refresh() {
	name := theme.ColorNameWarning
	if r.b.kind == errorBanner {
		name = theme.ColorNameError
	}
	c := color.NRGBAModel.Convert(r.b.Theme().Color(name, fyne.CurrentApp().Settings().ThemeVariant())).(color.NRGBA)
	c.A = 0x40
	r.bg.FillColor = c
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.bg.Refresh()
	r.objects[1].Refresh()
}
