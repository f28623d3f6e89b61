package previewpane

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// openViewer shows the large preview at full size in a dialog covering
// most of the window.
func (p *Pane) openViewer() {
	_, img := p.Current()
	if img == nil || p.win == nil {
		return
	}
	title := p.req.items[p.selected].Title
	if title == "" {
		title = "Preview"
	}
	v := NewViewer(img, p.run)
	p.viewer = v
	d := dialog.NewCustom(title, "Close", ViewerWithToolbar(v), p.win)
	s := p.win.Canvas().Size()
	d.Resize(fyne.NewSize(s.Width*0.9, s.Height*0.9))
	d.Show()
	p.win.Canvas().Focus(v)
}

// ViewerWithToolbar puts v under a bar with Fit, 1:1, zoom buttons and the
// image size and zoom.
func ViewerWithToolbar(v *Viewer) fyne.CanvasObject {
	w, h := v.ImageSize()
	status := widget.NewLabel("")
	update := func() {
		status.SetText(fmt.Sprintf("%d × %d px · zoom %.0f %% · wheel: zoom, drag: pan, keys + − 0 1", w, h, v.Scale()*100))
	}
	prev := v.OnChanged
	v.OnChanged = func() {
		update()
		if prev != nil {
			prev()
		}
	}
	update()
	centre := func(f float64) func() {
		return func() { v.zoomAtPixel(v.vw/2, v.vh/2, f) }
	}
	bar := container.NewHBox(
		widget.NewButton("Fit", v.Fit),
		widget.NewButton("1:1", v.Actual),
		widget.NewButton("−", centre(1/keyZoom)),
		widget.NewButton("+", centre(keyZoom)),
		status,
	)
	return container.NewBorder(bar, nil, nil, nil, v)
}
