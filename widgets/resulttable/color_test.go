package resulttable

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// The grid refreshes a cell's text object, not the cell's renderer, so the
// colour must be right from the first paint (it once showed black on dark).
func TestCellTextUsesTheThemeForeground(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DarkTheme())
	_, w := newShown(t, starTable(), Info{})
	want := theme.DarkTheme().Color(theme.ColorNameForeground, theme.VariantDark)

	found := 0
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *canvas.Text:
			if v.Text == "Sirius" || v.Text == "beta Cen" {
				found++
				if v.Color != want {
					t.Errorf("cell %q painted in %v, want the theme foreground %v", v.Text, v.Color, want)
				}
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(w.Content())
	if found == 0 {
		t.Fatal("no data cell found on screen")
	}
}
