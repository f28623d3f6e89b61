package app

import (
	"testing"

	"fyne.io/fyne/v2/widget"

	"esodesk/internal/uitest"
)

// File › Open spectrum (Ctrl+O) and the Downloads tab's Folder… open Fyne's
// file dialogs. Resizing one before it was shown crashed the app (a nil
// dereference inside Fyne 2.8.1); both must open.
func TestFileDialogsOpen(t *testing.T) {
	u := newTestUI(t)
	for name, open := range map[string]func(){
		"Open spectrum": u.showOpenSpectrum,
		"Folder…":       u.downloads.chooseFolder,
	} {
		onUI(func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: the dialog crashed: %v", name, r)
				}
			}()
			open()
			overlays := u.win.Canvas().Overlays().List()
			if len(overlays) == 0 {
				t.Errorf("%s: no dialog on show", name)
				return
			}
			top := overlays[len(overlays)-1]
			if len(uitest.Find(top, func(*widget.Button) bool { return true })) == 0 {
				t.Errorf("%s: the dialog shows no buttons", name)
			}
			u.win.Canvas().Overlays().Remove(top)
		})
	}
}
