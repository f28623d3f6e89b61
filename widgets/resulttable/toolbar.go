package resulttable

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// FilterMinWidth is the least width of the filter box, however narrow the
// table: room for a search word and most of its placeholder.
const FilterMinWidth = 200

// minCut is the least room worth showing a cut label in: less shows
// little more than its ellipsis.
const minCut = 72

// filterRow lays out the filter box and, after it, the status (the sort or
// filter activity, the row count, where the rows came from) at full width
// while the box keeps FilterMinWidth; past that the provenance goes and the
// count is cut (ellipsis). Its MinSize depends on neither the labels' text
// nor the activity, so a count that grows ("24 rows" → "24 rows, 1
// selected") neither squeezes the box nor moves a split beside the table.
type filterRow struct {
	entry  *widget.Entry
	status []fyne.CanvasObject // in order of importance
	cut    *widget.Label       // the status label shown cut rather than not at all
}

func (r *filterRow) MinSize([]fyne.CanvasObject) fyne.Size {
	h := r.entry.MinSize().Height
	for _, o := range r.status {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(FilterMinWidth, h)
}

func (r *filterRow) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	x := min(size.Width, FilterMinWidth) // the box's width so far
	room := size.Width - x
	widths := make([]float32, len(r.status))
	for i, o := range r.status {
		switch w := fullWidth(o); {
		case w <= room:
			widths[i] = w
		case o == r.cut && room >= minCut:
			widths[i] = room
		}
		room -= widths[i]
	}
	x += room // what the labels leave goes to the box
	r.entry.Move(fyne.NewPos(0, 0))
	r.entry.Resize(fyne.NewSize(x, size.Height))
	for i, o := range r.status {
		h := size.Height
		if _, ok := o.(*widget.Label); !ok {
			h = o.MinSize().Height // the activity keeps its shape
		}
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		o.Resize(fyne.NewSize(widths[i], h))
		x += widths[i]
	}
}

// fullWidth is what o needs: a label, to show its text uncut; 0 when hidden.
func fullWidth(o fyne.CanvasObject) float32 {
	l, ok := o.(*widget.Label)
	switch {
	case !o.Visible():
		return 0
	case !ok:
		return o.MinSize().Width
	case l.Text == "":
		return 0
	}
	// an uncut twin's width, rounded up: Fyne cuts a label's text to whole
	// pixels, so a width of fractions of a pixel too few cuts its last letters
	twin := widget.NewLabelWithStyle(l.Text, l.Alignment, l.TextStyle)
	twin.SizeName = l.SizeName
	return float32(math.Ceil(float64(twin.MinSize().Width))) + 1
}
