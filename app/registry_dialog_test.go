package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/testbedenv"
	"esodesk/internal/uitest"
	"esodesk/services/config"
	"esodesk/services/ssap"
)

// findInRegistry searches the open "Find services…" dialog for words (Enter
// in the keyword field), selects the row whose details show the access URL
// url (with or without a final "?") and presses "Use this service".
func findInRegistry(t *testing.T, u *UI, words, url string) {
	t.Helper()
	var d fyne.CanvasObject
	onUI(func() {
		d = u.win.Canvas().Overlays().Top()
		if d == nil {
			t.Fatal("no dialog open")
		}
		uitest.Shows(t, d, "Use this service")
		e := uitest.Find(d, func(e *widget.Entry) bool { return true })[0]
		e.SetText(words)
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	var list *widget.List
	eventually(t, "the registry's answer", queryTimeout, func() bool {
		list = uitest.Find(d, func(l *widget.List) bool { return true })[0]
		return list.Length() > 0
	})
	onUI(func() {
		row := -1
		for i := 0; i < list.Length(); i++ {
			list.ScrollTo(i)
			list.Select(i)
			if strings.Contains(visibleText(d), "Access URL: "+url) {
				row = i
				break
			}
		}
		if row < 0 {
			t.Fatalf("no %q among the results:\n%s", url, visibleText(d))
		}
		for _, b := range uitest.Find(d, func(b *widget.Button) bool { return b.Text == "Use this service" }) {
			test.Tap(b)
		}
		if u.win.Canvas().Overlays().Top() == d {
			t.Fatal("Use this service left the dialog open")
		}
	})
}

// Issue 12: a TAP service found in the registry joins the picker like one
// typed in "Other TAP service…", and queries run on it.
func TestFindTAPServiceInTheRegistry(t *testing.T) {
	u := newTestUI(t)
	waitForService(t, u)
	url := testbedenv.URL(t) + "/tap"
	onUI(func() { u.tap.servicePick.SetSelected(svcFindItem) })
	findInRegistry(t, u, "", url)
	onUI(func() {
		s := u.tap.ctl.Snapshot()
		if s.Service.URL != url || u.tap.servicePick.Selected != url || !strings.Contains(strings.Join(s.Choices, "\n"), url) {
			t.Fatalf("service in use %+v, picker %q, choices %q", s.Service, u.tap.servicePick.Selected, s.Choices)
		}
	})
	if got := u.app.Preferences().String("tap.custom_urls"); !strings.Contains(got, url) {
		t.Errorf("the service is not remembered: %q", got)
	}
	const adql = "SELECT TOP 3 dp_id FROM dbo.raw ORDER BY dp_id"
	want, err := referenceQuery(t, adql, 0)
	if err != nil {
		t.Fatal(err)
	}
	runInGUI(t, u, adql, "", modeSync)
	shownMatches(t, u, want)
}

// The Spectra tab's searches go to the SSA service picked in the registry,
// saved as Settings.SSAP.
func TestFindSSAServiceSetsTheSpectraService(t *testing.T) {
	u := newSpectraUI(t)
	url := testbedenv.URL(t) + "/specs/q/ssa/ssap.xml"
	onUI(func() {
		u.settings.SSAP = "http://127.0.0.1:9/ssap" // something else before the pick
		for _, b := range uitest.Find(u.spectra.content, func(b *widget.Button) bool { return b.Text == "Find SSA services…" }) {
			test.Tap(b)
		}
	})
	findInRegistry(t, u, "spectra", url)
	var got string
	onUI(func() { got = u.settings.SSAP })
	// SSA access URLs end in "?" in the registry
	if strings.TrimSuffix(got, "?") != url {
		t.Fatalf("Settings.SSAP = %q, want %q", got, url)
	}
	if saved := config.LoadFrom(prefStore{u.app.Preferences()}).SSAP; saved != got {
		t.Errorf("saved SSAP = %q", saved)
	}
	searchInGUI(t, u, "HD 100546", "30", ssap.Arcsec)
	var shown int
	onUI(func() { shown = u.spectra.results.Table().NumRows() })
	if want := len(hd100546Spectra(t).Records); shown != want {
		t.Errorf("GUI lists %d spectra, the service %d", shown, want)
	}
}
