package previewpane

import (
	"fyne.io/fyne/v2"
)

// columnLayout stacks the image area over the text below it: the image
// area is only as tall as the image at full width needs (so the title sits
// right under the picture), at most what the text leaves free.
type columnLayout struct {
	aspect func() float32 // width / height of the shown image; 0 when none
}

func (l *columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	top, below := objs[0], objs[1]
	bh := below.MinSize().Height
	if !below.Visible() {
		bh = 0
	}
	h := max(size.Height-bh, 0)
	if a := l.aspect(); a > 0 {
		h = min(h, size.Width/a)
	}
	top.Move(fyne.NewPos(0, 0))
	top.Resize(fyne.NewSize(size.Width, h))
	below.Move(fyne.NewPos(0, h))
	below.Resize(fyne.NewSize(size.Width, bh))
}

func (l *columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(max(a.Width, b.Width), a.Height+b.Height)
}
