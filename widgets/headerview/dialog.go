package headerview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"esodesk/fits"
)

// ShowDialog shows the headers in a resizable dialog over win and focuses
// the search box. It returns the view (for tests).
func ShowDialog(win fyne.Window, title string, headers []fits.Header) *View {
	v := New()
	v.SetHeaders(headers)
	d := dialog.NewCustom(title, "Close", v, win)
	s := win.Canvas().Size()
	d.Resize(fyne.NewSize(max(s.Width*0.8, 600), max(s.Height*0.8, 400)))
	d.Show()
	win.Canvas().Focus(v.search)
	return v
}

// NewWindow opens the headers in a window of their own.
func NewWindow(title string, headers []fits.Header) fyne.Window {
	w := fyne.CurrentApp().NewWindow(title)
	v := New()
	v.SetHeaders(headers)
	w.SetContent(v)
	w.Resize(fyne.NewSize(820, 600))
	return w
}
