package resulttable

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"esodesk/internal/uitest"
)

// The grid refreshes a cell's text object, not the cell's renderer, so the
// colour must be right from the first paint (it once showed black on dark).
func TestCellTextUsesTheThemeForeground(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DarkTheme())
	_, w := newShown(t, starTable(), Info{})
	want := theme.DarkTheme().Color(theme.ColorNameForeground, theme.VariantDark)

	found := 0
	uitest.Walk(w.Content(), func(o fyne.CanvasObject) bool {
		if v, ok := o.(*canvas.Text); ok {
			if v.Text == "Sirius" || v.Text == "beta Cen" {
				found++
				if v.Color != want {
					t.Errorf("cell %q painted in %v, want the theme foreground %v", v.Text, v.Color, want)
				}
			}
		}
		return true
	})
	if found == 0 {
		t.Fatal("no data cell found on screen")
	}
}
