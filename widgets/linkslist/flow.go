package linkslist

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// flow stacks objects vertically like a VBox, but measures each one at the
// width it will get: wrapped text only knows its height once it has a
// width, so a plain VBox in a scroll clips or overlaps multi-line rows.
type flow struct {
	width func() float32 // the width the box will be given (the scroll's)
}

func (f flow) heights(objs []fyne.CanvasObject, w float32) ([]float32, float32) {
	hs := make([]float32, len(objs))
	var total float32
	n := 0
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		h := o.MinSize().Height
		if w > 0 {
			o.Resize(fyne.NewSize(w, h)) // lay out at the final width, then ask again
			h = o.MinSize().Height
		}
		hs[i] = h
		total += h
		n++
	}
	if n > 1 {
		total += float32(n-1) * theme.Padding()
	}
	return hs, total
}

func (f flow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		if o.Visible() {
			w = fyne.Max(w, o.MinSize().Width)
		}
	}
	_, h := f.heights(objs, f.width())
	return fyne.NewSize(w, h)
}

func (f flow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	hs, _ := f.heights(objs, size.Width)
	var y float32
	for i, o := range objs {
		if !o.Visible() {
			continue
		}
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, hs[i]))
		y += hs[i] + theme.Padding()
	}
}
