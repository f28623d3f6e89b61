package downloadlist

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// bar is a progress bar that turns to the error colour when what it
// measures cannot complete (a failed file, a batch with failures), so a
// long bar is never read as "on its way" or "done".
type bar struct {
	*widget.ProgressBar
	look   *container.ThemeOverride
	failed bool
}

// newBar makes a bar whose text is format's (set before the first draw).
func newBar(format func() string) *bar {
	b := &bar{ProgressBar: &widget.ProgressBar{Max: 1, TextFormatter: format}}
	b.ExtendBaseWidget(b.ProgressBar)
	b.look = container.NewThemeOverride(b.ProgressBar, barTheme{})
	return b
}

// Hide, Show and Visible act on the bar as laid out (its theme wrapper).
func (b *bar) Hide()         { b.look.Hide() }
func (b *bar) Show()         { b.look.Show() }
func (b *bar) Visible() bool { return b.look.Visible() }

// set shows value v (0..1) in the normal or the error colour.
func (b *bar) set(v float64, failed bool) {
	if failed != b.failed {
		b.failed = failed
		b.look.Theme = barTheme{failed: failed}
		b.look.Refresh()
	}
	if b.Value != v {
		b.SetValue(v)
	}
}

// barTheme is the app's theme, with the error colour as the bar's colour
// when failed.
type barTheme struct{ failed bool }

func (t barTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.failed {
		switch n {
		case theme.ColorNamePrimary:
			n = theme.ColorNameError
		case theme.ColorNameForegroundOnPrimary:
			n = theme.ColorNameForegroundOnError
		}
	}
	return appTheme().Color(n, v)
}

func (barTheme) Font(s fyne.TextStyle) fyne.Resource { return appTheme().Font(s) }

func (barTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return appTheme().Icon(n) }

func (barTheme) Size(n fyne.ThemeSizeName) float32 { return appTheme().Size(n) }

// appTheme is the app's own theme (theme.Current would answer this one
// while it draws).
func appTheme() fyne.Theme {
	if a := fyne.CurrentApp(); a != nil && a.Settings().Theme() != nil {
		return a.Settings().Theme()
	}
	return theme.DefaultTheme()
}
