// Package uitest holds helpers for headless Fyne tests: reading what a
// window really shows, through the widgets' own renderers.
package uitest

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Walk calls visit for every visible object below obj, parents first.
// When visit returns false the object's children are skipped.
func Walk(obj fyne.CanvasObject, visit func(fyne.CanvasObject) bool) {
	if obj == nil || !obj.Visible() || !visit(obj) {
		return
	}
	switch x := obj.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			Walk(c, visit)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			Walk(c, visit)
		}
	}
}
