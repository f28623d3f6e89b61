package uitest

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Texts is every non-empty text a user reads below obj, in drawing order:
// labels, rich text, buttons, checks and bare canvas text. The text
// widgets are not walked into, so each text is listed once.
func Texts(obj fyne.CanvasObject) []string {
	var out []string
	add := func(s string) {
		if s != "" {
			out = append(out, s)
		}
	}
	Walk(obj, func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widget.Label:
			add(x.Text)
		case *widget.RichText:
			add(x.String())
		case *widget.Button:
			add(x.Text)
		case *widget.Check:
			add(x.Text)
		case *canvas.Text:
			add(x.Text)
		default:
			return true
		}
		return false
	})
	return out
}

// Shows fails the test unless some text below obj contains want.
func Shows(t testing.TB, obj fyne.CanvasObject, want string) {
	t.Helper()
	ts := Texts(obj)
	for _, s := range ts {
		if strings.Contains(s, want) {
			return
		}
	}
	t.Errorf("does not show %q; it shows:\n%s", want, strings.Join(ts, "\n"))
}

// Hides fails the test for every text below obj that contains unwanted.
func Hides(t testing.TB, obj fyne.CanvasObject, unwanted string) {
	t.Helper()
	for _, s := range Texts(obj) {
		if strings.Contains(s, unwanted) {
			t.Errorf("shows %q in %q", unwanted, s)
		}
	}
}
