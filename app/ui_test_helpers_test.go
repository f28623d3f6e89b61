package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/bridge"
	"esodesk/internal/runtest"
	"esodesk/internal/testbedenv"
	"esodesk/internal/uitest"
)

// testPoster stands in for the UI goroutine: Fyne's test driver runs
// Fyne's Do inline on whichever goroutine calls it, so the window's bridge
// takes one lock (runtest.Serial) and so does the test, to touch widgets one
// at a time as the real driver would make them. Benchmarks wrap it.
var testPoster = runtest.Serial

// onUI runs f as if on the UI goroutine.
func onUI(f func()) { runtest.Serial(f) }

// newTestUI builds the whole window on a headless test app, pointed at the
// testbed, with a fresh preferences store.
func newTestUI(t testing.TB) *UI {
	t.Helper()
	testbedenv.URL(t)
	// the saved ESO login (keyring unavailable here: the file fallback) stays in the test's folder
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // previews and spectra caches
	if os.Getenv("SAMP_HUB") == "" {
		// never the desktop's hub: only the one a SAMP test starts
		t.Setenv("SAMP_HUB", "std-lockurl:file://"+filepath.Join(t.TempDir(), "no-hub"))
	}
	var u *UI
	onUI(func() {
		a := test.NewTempApp(t)
		a.Preferences().SetString("downloads.dir", t.TempDir())
		u = newUI(a, bridge.WithPoster(func(f func()) { testPoster(f) }))
		u.win.Resize(fyne.NewSize(1400, 900))
	})
	t.Cleanup(func() { onUI(u.close) })
	return u
}

// eventually polls cond (run as on the UI goroutine) until it holds.
func eventually(t testing.TB, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		var ok bool
		onUI(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// visibleText is every piece of text a user would see in obj, in tree order:
// labels, rich text, entries and canvas text of visible objects.
func visibleText(obj fyne.CanvasObject) string {
	var b strings.Builder
	uitest.Walk(obj, func(o fyne.CanvasObject) bool {
		switch v := o.(type) {
		case *canvas.Text:
			b.WriteString(v.Text + "\n")
			return false
		case *widget.Label:
			b.WriteString(v.Text + "\n")
			return false
		}
		return true
	})
	return b.String()
}
