package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/tapctl"
	"esodesk/internal/testbedenv"
	"esodesk/internal/uitest"
	"esodesk/services/config"
	"esodesk/services/tap"
	"esodesk/services/uws"
	"esodesk/services/vohttp"
)

// pressKey delivers a key without modifier the way the desktop driver does
// (glfw window.processKeyPressed): to the focused widget if there is one,
// else to the canvas. Canvas shortcuts never see it.
func pressKey(u *UI, name fyne.KeyName) {
	ev := &fyne.KeyEvent{Name: name}
	c := u.win.Canvas()
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if h := c.OnTypedKey(); h != nil {
		h(ev)
	}
}

// pressShortcut delivers a Ctrl+key the way the desktop driver does (glfw
// window.triggersShortcut): the main menu's shortcuts first, then the
// focused widget if it takes shortcuts (whether or not it knows this one),
// else the canvas.
func pressShortcut(u *UI, s fyne.Shortcut) {
	if item := menuShortcut(u.win.MainMenu().Items, s); item != nil {
		item.Action()
		return
	}
	if f, ok := u.win.Canvas().Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	u.win.Canvas().(fyne.Shortcutable).TypedShortcut(s)
}

func menuShortcut(menus []*fyne.Menu, s fyne.Shortcut) *fyne.MenuItem {
	for _, m := range menus {
		for _, i := range m.Items {
			if i.Shortcut != nil && i.Shortcut.ShortcutName() == s.ShortcutName() && i.Action != nil {
				return i
			}
			if i.ChildMenu != nil {
				if found := menuShortcut([]*fyne.Menu{i.ChildMenu}, s); found != nil {
					return found
				}
			}
		}
	}
	return nil
}

func ctrl(key fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierControl}
}

// slowQuery is a six-way self join of dbo.raw: far longer than a test waits.
const slowQuery = "SELECT COUNT(*) AS n FROM dbo.raw AS a, dbo.raw AS b, dbo.raw AS c, dbo.raw AS d, dbo.raw AS e, dbo.raw AS f"

// waitForService waits until the TAP tab has chosen its service.
func waitForService(t *testing.T, u *UI) {
	t.Helper()
	eventually(t, "a service to be chosen", queryTimeout, func() bool { return u.tap.ctl.Snapshot().Service.URL != "" })
}

// Issue 11: after Ctrl+Enter the focus stays in the editor, which swallowed
// Esc; no Abort button showed; and aborting wiped the previous result.
func TestEscInTheEditorAbortsAndKeepsThePreviousResult(t *testing.T) {
	u := newTestUI(t)
	runInGUI(t, u, "SELECT TOP 6 dp_id FROM dbo.raw ORDER BY dp_id", "", modeSync)
	var before *tableRows
	onUI(func() { before = rowsOf(u) })
	if before.n != 6 {
		t.Fatalf("first query shows %d rows", before.n)
	}

	onUI(func() {
		if !u.tap.abortBtn.Disabled() {
			t.Error("Abort enabled while no query runs")
		}
		u.tap.mode.SetSelected(modeAsync)
		u.tap.editor.SetText("")
		u.win.Canvas().Focus(u.tap.editor)
		test.Type(u.tap.editor, slowQuery)
		pressShortcut(u, ctrl(fyne.KeyReturn))
	})
	var jobURL string
	eventually(t, "the job to execute", queryTimeout, func() bool {
		run := u.tap.ctl.Snapshot().Run
		jobURL = run.JobURL
		return !run.Running || jobURL != "" && run.Phase == "Job EXECUTING"
	})
	onUI(func() {
		if !u.tap.ctl.Snapshot().Run.Running {
			t.Fatal("the slow job ended before it could be aborted")
		}
		if len(uitest.Find(u.tap.content, func(b *widget.Button) bool { return b == u.tap.abortBtn })) != 1 || u.tap.abortBtn.Disabled() {
			t.Error("no Abort button to press while the query runs")
		}
		if u.win.Canvas().Focused() != u.tap.editor {
			t.Fatalf("focus is on %T, not in the editor", u.win.Canvas().Focused())
		}
		pressKey(u, fyne.KeyEscape)
	})

	onUI(func() {
		s := u.tap.ctl.Snapshot()
		if s.Run.Running {
			t.Fatal("Esc with the focus in the editor did not abort the query")
		}
		if !u.tap.abortBtn.Disabled() {
			t.Error("Abort still enabled after the query ended")
		}
		uitest.Shows(t, u.tap.job.content, tapctl.PhaseAbortedKept)
		if after := rowsOf(u); after.table != before.table || after.n != 6 {
			t.Errorf("the previous result was not kept: %d rows", after.n)
		}
	})
	waitAborted(t, jobURL)
}

// Sibling: a click on Async leaves the focus on that button, which swallowed
// Esc; starting the query puts the focus where Esc is heard.
func TestEscAbortsAfterAClickOnTheModeButtons(t *testing.T) {
	u := newTestUI(t)
	waitForService(t, u)
	onUI(func() {
		u.tap.editor.SetText(slowQuery)
		u.tap.mode.SetSelected(modeAsync)
		var item fyne.Focusable
		uitest.Walk(u.tap.mode, func(o fyne.CanvasObject) bool {
			if f, ok := o.(fyne.Focusable); ok && item == nil && o != fyne.CanvasObject(u.tap.mode) {
				item = f
			}
			return true
		})
		if item == nil {
			t.Fatal("no focusable radio item")
		}
		u.win.Canvas().Focus(item) // what a click on it does on the desktop
		pressShortcut(u, ctrl(fyne.KeyReturn))
	})
	var jobURL string
	eventually(t, "the job to exist", queryTimeout, func() bool {
		jobURL = u.tap.ctl.Snapshot().Run.JobURL
		return jobURL != "" || !u.tap.ctl.Snapshot().Run.Running
	})
	onUI(func() { pressKey(u, fyne.KeyEscape) })
	onUI(func() {
		if s := u.tap.ctl.Snapshot(); s.Run.Running || s.Run.Phase != tapctl.PhaseAborted {
			t.Fatalf("Esc after a click on Async: %+v", s.Run)
		}
	})
	waitAborted(t, jobURL)
}

type tableRows struct {
	table any
	n     int
}

func rowsOf(u *UI) *tableRows {
	tab := u.tap.results.Table()
	if tab == nil {
		return &tableRows{}
	}
	return &tableRows{tab, tab.NumRows()}
}

// waitAborted waits until the job is ABORTED on the testbed, then deletes it.
func waitAborted(t *testing.T, jobURL string) {
	t.Helper()
	svc := tap.New(testbedenv.URL(t)+"/tap", vohttp.Default)
	defer svc.DeleteJob(context.Background(), jobURL)
	deadline := time.Now().Add(30 * time.Second)
	for {
		job, err := svc.JobStatus(context.Background(), jobURL)
		if err != nil {
			t.Fatal(err)
		}
		if job.Phase == uws.Aborted {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("job still %s on the server after Abort", job.Phase)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Issue 11: F1, a key without modifier, never reached a canvas shortcut.
// It must open the list with or without a focused widget, once, whole.
func TestF1ListsTheShortcutsWhereverTheFocusIs(t *testing.T) {
	u := newTestUI(t)
	for _, tc := range []struct {
		where string
		focus fyne.Focusable
	}{{"nothing focused", nil}, {"the ADQL editor", u.tap.editor}, {"MAXREC", u.tap.maxrec}, {"the Spectra target", u.spectra.target}, {"the Raw data position", u.raw.position}} {
		c := u.win.Canvas()
		onUI(func() {
			if tc.focus == nil {
				c.Unfocus()
			} else {
				c.Focus(tc.focus)
			}
			pressKey(u, fyne.KeyF1)
			pressKey(u, fyne.KeyF1) // a second press does not stack a second list
		})
		onUI(func() {
			overlays := c.Overlays().List()
			if len(overlays) != 1 {
				t.Fatalf("F1 with %s: %d overlays", tc.where, len(overlays))
			}
			d := overlays[0]
			uitest.Shows(t, d, "Keyboard shortcuts")
			for _, s := range shortcutHelp {
				uitest.Shows(t, d, s[1])
			}
			// sized to its content: every line whole, the dialog inside the window
			lines := uitest.Find(d, func(l *widget.Label) bool { return isShortcutLine(l.Text) })
			if len(lines) != 2*len(shortcutHelp) {
				t.Errorf("%d of %d shortcut labels on show", len(lines), 2*len(shortcutHelp))
			}
			for _, l := range lines {
				if l.Size().Width < l.MinSize().Width-0.5 {
					t.Errorf("%q is cut: %v wide, needs %v", l.Text, l.Size().Width, l.MinSize().Width)
				}
			}
			if tc.focus == nil {
				pressKey(u, fyne.KeyEscape)
			} else {
				for _, b := range uitest.Find(d, func(b *widget.Button) bool { return b.Text == "Close" }) {
					test.Tap(b)
				}
			}
			if c.Overlays().Top() != nil {
				t.Fatal("Esc or Close left the list open")
			}
		})
	}
}

func isShortcutLine(text string) bool {
	for _, s := range shortcutHelp {
		if text == s[0] || text == s[1] {
			return true
		}
	}
	return false
}

// Issue 11 sibling: an Entry with the focus swallowed Ctrl+Enter, Ctrl+L and
// Ctrl+F (it takes shortcuts, and drops those it does not know).
func TestQueryShortcutsWorkWithTheFocusInAnEntry(t *testing.T) {
	u := newTestUI(t)
	waitForService(t, u)
	c := u.win.Canvas()
	onUI(func() {
		c.Focus(u.tap.maxrec)
		pressShortcut(u, ctrl(fyne.KeyL))
		if c.Focused() != u.tap.editor {
			t.Errorf("Ctrl+L from MAXREC: focus on %T", c.Focused())
		}
		c.Focus(u.tap.maxrec)
		u.tap.editor.SetText("SELECT TOP 3 dp_id FROM dbo.raw ORDER BY dp_id")
		pressShortcut(u, ctrl(fyne.KeyReturn))
		if !u.tap.ctl.Snapshot().Run.Running {
			t.Error("Ctrl+Enter from MAXREC did not run the query")
		}
	})
	eventually(t, "the query to finish", queryTimeout, func() bool { return !u.tap.ctl.Snapshot().Run.Running })
	u.tap.results.WaitIdle()
	onUI(func() {
		c.Focus(u.tap.maxrec)
		pressShortcut(u, ctrl(fyne.KeyF))
		if _, ok := c.Focused().(*widget.Entry); !ok {
			t.Errorf("Ctrl+F from MAXREC: focus on %T, not the result filter", c.Focused())
		}

		// Run query acts on the TAP tab only; elsewhere it is greyed out
		u.selectTab("Spectra")
		if !u.runItem.Disabled {
			t.Error("Run query enabled on the Spectra tab")
		}
		seq := u.tap.ctl.Snapshot().Result.Seq
		pressShortcut(u, ctrl(fyne.KeyReturn))
		if u.tap.ctl.Snapshot().Run.Running || u.tap.ctl.Snapshot().Result.Seq != seq {
			t.Error("Ctrl+Enter on the Spectra tab ran the hidden TAP query")
		}
	})
}

// Issue 11: on the first run the editor's placeholder looked like a query,
// and Ctrl+Enter said the query was empty.
func TestFirstRunEditorHoldsAQueryThatRuns(t *testing.T) {
	u := newTestUI(t)
	waitForService(t, u)
	onUI(func() {
		if want := tapctl.StarterQuery(tapctl.ESOObs); u.tap.editor.Text != want {
			t.Errorf("first-run editor holds %q, want our first example", u.tap.editor.Text)
		}
		if strings.Contains(strings.ToUpper(u.tap.editor.PlaceHolder), "SELECT") {
			t.Errorf("placeholder looks like a query: %q", u.tap.editor.PlaceHolder)
		}
		u.win.Canvas().Focus(u.tap.editor)
		pressShortcut(u, ctrl(fyne.KeyReturn))
	})
	eventually(t, "the query to finish", queryTimeout, func() bool { return !u.tap.ctl.Snapshot().Run.Running })
	u.tap.results.WaitIdle()
	onUI(func() {
		s := u.tap.ctl.Snapshot()
		if s.Result.Result == nil || s.Result.Result.Rows() == 0 {
			t.Fatalf("the first-run query gave no rows: %q", s.Result.Error)
		}
	})

	// A user who cleared the editor keeps it cleared, and is told what to do.
	onUI(func() {
		u.tap.editor.SetText("")
		u.tap.runQuery()
		uitest.Shows(t, u.win.Content(), "pick a query from Examples")
	})
	onUI(func() {
		if got := u.app.Preferences().StringWithFallback("tap.editor", "unset"); got != "" {
			t.Errorf("cleared editor saved as %q: the next start would bring the example back", got)
		}
	})
}

// urlEntry is the one Entry of the dialog on top, with its dialog.
func urlEntry(t *testing.T, u *UI) (*widget.Entry, fyne.CanvasObject) {
	t.Helper()
	d := u.win.Canvas().Overlays().Top()
	if d == nil {
		t.Fatal("no dialog")
	}
	entries := uitest.Find[*widget.Entry](d, nil)
	if len(entries) != 1 {
		t.Fatalf("want one URL field, found %d", len(entries))
	}
	return entries[0], d
}

// Issue 11: the URL field of "Other TAP service…" was 60 px wide and Enter
// did nothing.
func TestOtherServiceDialogIsWideAndEnterUsesTheURL(t *testing.T) {
	u := newTestUI(t)
	waitForService(t, u)
	onUI(func() { u.tap.servicePick.SetSelected(svcOtherItem) })
	url := testbedenv.URL(t) + "/tap"
	onUI(func() {
		e, d := urlEntry(t, u)
		if e.Size().Width < 420 {
			t.Errorf("URL field is %v px wide", e.Size().Width)
		}
		if u.win.Canvas().Focused() != e {
			t.Error("the URL field does not have the focus")
		}
		e.SetText("archive.example.org/tap")
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if u.win.Canvas().Overlays().Top() != d {
			t.Fatal("Enter closed the dialog on a bad URL")
		}
		uitest.Shows(t, d, "Not a usable URL")
		for _, b := range uitest.Find(d, func(b *widget.Button) bool { return b.Text == "Use" }) {
			test.Tap(b)
		}
		if u.win.Canvas().Overlays().Top() != d {
			t.Fatal("Use closed the dialog on a bad URL")
		}
		e.SetText(url)
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if u.win.Canvas().Overlays().Top() != nil {
			t.Fatal("Enter did not confirm a good URL")
		}
		if s := u.tap.ctl.Snapshot().Service; s.URL != url || u.tap.servicePick.Selected != url {
			t.Errorf("service in use %+v, picker %q", s, u.tap.servicePick.Selected)
		}
	})
}

// Sibling: the Resume dialog's URL field, same width and Enter.
func TestResumeDialogEnterResumesTheJob(t *testing.T) {
	u := newTestUI(t)
	waitForService(t, u)
	const adql = "SELECT TOP 4 dp_id FROM dbo.raw ORDER BY dp_id"
	svc := tap.New(testbedenv.URL(t)+"/tap", vohttp.Default)
	job, err := svc.SubmitJob(context.Background(), tap.Query{ADQL: adql})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.DeleteJob(context.Background(), job.URL)

	onUI(func() {
		u.tap.askResumeJob()
		e, _ := urlEntry(t, u)
		if e.Size().Width < 420 {
			t.Errorf("job URL field is %v px wide", e.Size().Width)
		}
		e.SetText(job.URL)
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if u.win.Canvas().Overlays().Top() != nil {
			t.Fatal("Enter did not resume")
		}
	})
	eventually(t, "the resumed job to finish", queryTimeout, func() bool {
		s := u.tap.ctl.Snapshot()
		return !s.Run.Running && s.Result.Result != nil
	})
}

// Sibling: Enter in a field of the Settings dialog saves, as in a form, and
// a bad URL keeps the dialog open with the reason.
func TestSettingsEnterSavesAndABadURLKeepsTheDialog(t *testing.T) {
	u := newTestUI(t)
	const url = "https://tap.example.org/tap"
	onUI(func() {
		u.showSettings()
		d := u.win.Canvas().Overlays().Top()
		entries := uitest.Find[*widget.Entry](d, func(e *widget.Entry) bool { return !e.Disabled() })
		if len(entries) == 0 {
			t.Fatal("no URL fields")
		}
		entries[0].SetText("archive.example.org")
		entries[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if u.win.Canvas().Overlays().Top() != d {
			t.Fatal("a bad URL closed the dialog: the edits are lost")
		}
		uitest.Shows(t, d, "Nothing was saved yet")
		entries[0].SetText(url)
		entries[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if u.win.Canvas().Overlays().Top() != nil {
			t.Fatal("Enter did not save")
		}
		saved := false
		for _, e := range config.Entries {
			saved = saved || e.Get(u.settings) == url
		}
		if !saved {
			t.Errorf("settings not saved: %+v", u.settings)
		}
	})
}
