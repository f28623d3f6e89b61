package resulttable

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/uitest"
	"esodesk/services/votable"
)

// airmassTable has a wide text column and a numeric one whose header is
// much wider than its values, as ObsCore's and dbo.raw's often are.
func airmassTable() *votable.Table {
	return &votable.Table{
		Fields: []votable.Field{
			{Name: "obs_title", Datatype: "char", Arraysize: "*"},
			{Name: "tel_airm_start_and_more", Datatype: "double", Unit: "deg"},
		},
		Columns: []votable.Column{
			stringColumn{[]string{"FORS2 image of 47 Tuc with a long title", "MUSE cube of NGC 300 with a long title", "UVES spectrum of HD 100546 long"}},
			floats(1.25, 2.5, 1.125),
		},
	}
}

// inkIn counts the pixels of r (window coordinates) that differ clearly
// from bg: the text drawn there.
func inkIn(img image.Image, r image.Rectangle, bg color.Color) int {
	br, bgg, bb, _ := bg.RGBA()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if absDiff(cr, br)+absDiff(cg, bgg)+absDiff(cb, bb) > 0x6000 {
				n++
			}
		}
	}
	return n
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// A numeric column cut by the table's right edge showed its header and
// empty cells: its numbers were right-aligned at the cell's far (hidden)
// edge. They are right-aligned within the width of the column's values,
// from its left edge, so the visible part shows them.
func TestPartlyVisibleNumericColumnShowsItsNumbers(t *testing.T) {
	test.NewTempApp(t)
	rt, w := newShown(t, airmassTable(), Info{})
	if rt.widths[1] < 150 {
		t.Fatalf("the numeric column is %v wide: the test needs one wider than the room left", rt.widths[1])
	}
	// show only ~70 px of the numeric column
	d := fyne.CurrentApp().Driver()
	first := renderedCells(w.Content())[widget.TableCellID{Row: 0, Col: 1}]
	w.Resize(fyne.NewSize(d.AbsolutePositionForObject(first).X+70+theme.ScrollBarSize(), 300))
	cells := renderedCells(w.Content())
	gridPos := d.AbsolutePositionForObject(rt.grid)
	right := gridPos.X + rt.grid.Size().Width - theme.ScrollBarSize()
	img := w.Canvas().Capture()
	scale := float32(img.Bounds().Dx()) / w.Canvas().Size().Width
	bg := rt.grid.Theme().Color(theme.ColorNameBackground, fyne.CurrentApp().Settings().ThemeVariant())
	for row := range 3 {
		c := cells[widget.TableCellID{Row: row, Col: 1}]
		if c == nil {
			t.Fatalf("no cell on screen for row %d of the numeric column", row)
		}
		pos := d.AbsolutePositionForObject(c.text)
		if pos.X >= right-10 {
			t.Fatalf("row %d: the column's visible part starts at %v, the grid ends at %v", row, pos.X, right)
		}
		// the visible part of the cell's text band, in pixels
		band := image.Rect(int(pos.X*scale), int(pos.Y*scale), int(right*scale), int((pos.Y+c.text.Size().Height)*scale))
		if ink := inkIn(img, band, bg); ink < 20 {
			t.Errorf("row %d (%q): nothing drawn in the visible part of the cell %v", row, c.full, band)
		}
		if c.text.Alignment != fyne.TextAlignTrailing {
			t.Errorf("row %d: numbers are no longer aligned on their last digit", row)
		}
	}
	// the numbers still line up on their last digit: each text box is as wide
	if a, b := cells[widget.TableCellID{Row: 0, Col: 1}].text, cells[widget.TableCellID{Row: 1, Col: 1}].text; a.Size() != b.Size() || a.Position() != b.Position() {
		t.Errorf("the numbers' boxes differ: %v@%v and %v@%v", a.Size(), a.Position(), b.Size(), b.Position())
	}
}

// The filter box kept shrinking to a few characters when the table was
// narrow: the count and the provenance took their full width first.
func TestFilterBoxKeepsItsWidthWhenNarrow(t *testing.T) {
	test.NewTempApp(t)
	rt, w := newShown(t, starTable(), Info{Service: "http://127.0.0.1:8080/tap", Elapsed: 470e6})
	min := rt.MinSize()
	rt.SelectAll() // "4 rows, 4 selected": a longer count
	if got := rt.MinSize(); got != min {
		t.Errorf("the table's minimum size changed with the count's text: %v → %v", min, got)
	}
	w.SetPadded(false)
	w.Resize(fyne.NewSize(min.Width, 400))
	if got := rt.filterEntry.Size().Width; got < FilterMinWidth {
		t.Errorf("the filter box is %v wide at the table's minimum width, want at least %v", got, FilterMinWidth)
	}
	for _, l := range []*widget.Label{rt.countLabel, rt.infoLabel} {
		if d := drawn(l); l.Size().Width > 0 && l.Visible() && (d == "…" || l == rt.infoLabel && d != l.Text) {
			t.Errorf("%q shows as %q in a narrow table: cut to nothing", l.Text, d)
		}
	}
	w.Resize(fyne.NewSize(800, 400))
	for _, l := range []*widget.Label{rt.countLabel, rt.infoLabel} {
		if shown := drawn(l); shown != l.Text {
			t.Errorf("%q is cut to %q in a wide table", l.Text, shown)
		}
	}
	if got := rt.filterEntry.Size().Width; got < FilterMinWidth {
		t.Errorf("filter box %v wide", got)
	}
	// The activity shown while sorting neither moves the minimum.
	rt.setBusy(true)
	if got := rt.MinSize(); got != min {
		t.Errorf("the minimum size changed with the activity: %v → %v", min, got)
	}
	rt.setBusy(false)
}

// drawn is the text a label draws (cut with "…" when it is too narrow).
func drawn(l *widget.Label) string {
	out := ""
	for _, c := range uitest.Find(l, func(*canvas.Text) bool { return true }) {
		out += c.Text
	}
	return out
}
