package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/uitest"
)

// The Raw data form at the default window width and at 1000 px: it fits
// the window, and every entry shows its placeholder and usual values
// whole beside its check mark, with no scroll bar under it (a single-line
// entry's scroller shows one when its text is wider than the entry).
func TestRawFormFitsItsTexts(t *testing.T) {
	u := newTestUI(t)
	r := u.raw
	onUI(func() { u.selectTab("Raw data") })
	fields := []struct {
		name    string
		obj     fyne.CanvasObject // what the form holds
		e       *widget.Entry
		samples []string
	}{
		{"instrument", r.instrument, &r.instrument.Entry, []string{"XSHOOTER"}}, // walked as the SelectEntry it is
		{"programme", r.progID, &r.progID.Entry, []string{"0102.D-0105(A)"}},
		{"night from", r.nightFrom, &r.nightFrom.Entry, []string{"2019-03-04"}},
		{"night to", r.nightTo, &r.nightTo.Entry, []string{"2019-03-18"}},
		{"object", r.object, &r.object.Entry, []string{"NGC 300"}},
		{"position", r.position, &r.position.Entry, []string{"10:45:03.6 -59:41:04"}},
		{"radius", r.radius, &r.radius.Entry, []string{"5", "10.5"}},
		{"type", r.dpType, &r.dpType.Entry, []string{"FLAT,LAMP"}},
		{"technique", r.dpTech, &r.dpTech.Entry, []string{"ECHELLE"}},
		{"max rows", r.maxrec, &r.maxrec.Entry, []string{"1000", "100000"}},
	}
	for _, width := range []float32{1280, 1000} {
		onUI(func() {
			u.win.Resize(fyne.NewSize(width, 820))
			need := r.content.MinSize().Width + 2*theme.Padding()
			if need > width {
				t.Errorf("at %v px: the Raw data tab needs %v", width, need)
			}
			t.Logf("the Raw data tab needs %v px", need)
			for _, f := range fields {
				kept := f.e.Text
				for _, text := range append([]string{""}, f.samples...) { // "": the placeholder
					f.e.SetText(text)
					f.e.Validate() // as after typing: the check mark shows
					checkEntryShows(t, f.name, f.obj, f.e, text, width)
				}
				f.e.SetText(kept)
			}
			for _, sel := range []*widget.Select{r.category, r.datasets.mode} {
				kept := sel.Selected
				for _, o := range sel.Options {
					sel.SetSelected(o)
					var shown []string
					for _, x := range uitest.Find[*canvas.Text](sel, nil) {
						shown = append(shown, x.Text)
					}
					if got := strings.Join(shown, ""); got != o {
						t.Errorf("at %v px: the choice %q shows as %q", width, o, got)
					}
				}
				sel.SetSelected(kept)
			}
		})
	}
}

// checkEntryShows fails unless e lies inside the window and its scroller
// holds what it shows without scrolling.
func checkEntryShows(t *testing.T, name string, obj fyne.CanvasObject, e *widget.Entry, text string, width float32) {
	t.Helper()
	what := name + " " + text
	if text == "" {
		what = name + " placeholder " + e.PlaceHolder
	}
	if p := fyne.CurrentApp().Driver().AbsolutePositionForObject(obj); p.X+e.Size().Width > width {
		t.Errorf("at %v px: the %s entry ends at %v, outside the window", width, name, p.X+e.Size().Width)
	}
	scrolls := uitest.Find[*container.Scroll](obj, nil)
	if len(scrolls) != 1 {
		t.Fatalf("the %s entry has %d scrollers", name, len(scrolls))
	}
	s := scrolls[0]
	if need, has := s.Content.MinSize().Width, s.Size().Width; need > has {
		t.Errorf("at %v px: %s needs %v px, the entry shows %v (clipped, with a scroll bar)", width, what, need, has)
	}
}

// While CalSelector works, the progress and Cancel take the mode's place:
// the bar under the frames still fits a 1000 px window.
func TestRawAssociateBarFitsWhileAssociating(t *testing.T) {
	u, standinURL := newRawUI(t)
	if searchRaw(t, u, "SINFONI", "2019-03-01", "2019-03-21") == 0 {
		t.Fatal("no SINFONI science frames on the testbed")
	}
	good := u.settings.CalSelector
	onUI(func() {
		u.win.Resize(fyne.NewSize(1000, 820))
		u.raw.results.SelectAll()
		// slow, not hang: the stand-in notices a POST's client leave only at its end
		u.settings.CalSelector = standinURL + "/fault/slow:5000/calselector/v1/associations"
		test.Tap(u.raw.datasets.associateBtn)
	})
	defer onUI(func() { u.settings.CalSelector = good })
	eventually(t, "the association to start", queryTimeout, func() bool { return u.raw.ctl.Snapshot().Associating })
	onUI(func() {
		d := u.raw.datasets
		if !d.progressBox.Visible() || !d.cancelBtn.Visible() || d.modeBox.Visible() {
			t.Errorf("while associating: progress %v, cancel %v, mode %v", d.progressBox.Visible(), d.cancelBtn.Visible(), d.modeBox.Visible())
		}
		if need := u.raw.content.MinSize().Width + 2*theme.Padding(); need > 1000 {
			t.Errorf("while associating the Raw data tab needs %v px", need)
		}
		for _, b := range []*widget.Button{d.cancelBtn, d.associateBtn} {
			if p := fyne.CurrentApp().Driver().AbsolutePositionForObject(b); p.X+b.Size().Width > 1000 {
				t.Errorf("%q ends at %v, outside the window", b.Text, p.X+b.Size().Width)
			}
		}
		test.Tap(d.cancelBtn)
	})
	eventually(t, "the association to stop", queryTimeout, func() bool { return !u.raw.ctl.Snapshot().Associating })
	onUI(func() {
		if !u.raw.datasets.modeBox.Visible() {
			t.Error("the mode is not back after the association")
		}
	})
}
