package uitest

import "fyne.io/fyne/v2"

// Find is every visible object of type T below obj that keep accepts
// (keep may be nil), parents first.
func Find[T fyne.CanvasObject](obj fyne.CanvasObject, keep func(T) bool) []T {
	var out []T
	Walk(obj, func(o fyne.CanvasObject) bool {
		if x, ok := o.(T); ok && (keep == nil || keep(x)) {
			out = append(out, x)
		}
		return true
	})
	return out
}
