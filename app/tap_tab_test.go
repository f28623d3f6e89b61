package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"esodesk/app/tapctl"
	"esodesk/internal/testbedenv"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

const queryTimeout = 90 * time.Second

// referenceQuery asks the testbed directly, without the GUI, for what the
// GUI should show.
func referenceQuery(t *testing.T, adql string, maxrec int) (*tap.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	return tap.New(testbedenv.URL(t)+"/tap", vohttp.Default).Sync(ctx, tap.Query{ADQL: adql, MaxRec: maxrec}, nil)
}

// runInGUI types the query into the editor, presses Ctrl+Enter in it and
// waits until the tab is idle again.
func runInGUI(t testing.TB, u *UI, adql, maxrec, mode string) {
	t.Helper()
	eventually(t, "the tables of the testbed", queryTimeout, func() bool {
		return u.tap.ctl.Snapshot().Service.URL != "" // service chosen; tables may still be loading
	})
	onUI(func() {
		u.tap.editor.SetText(adql)
		u.tap.maxrec.SetText(maxrec)
		u.tap.mode.SetSelected(mode)
		u.win.Canvas().Focus(u.tap.editor)
		u.tap.editor.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierControl})
		if !u.tap.ctl.Snapshot().Run.Running {
			t.Error("Ctrl+Enter in the editor did not start the query")
		}
	})
	eventually(t, "the query to finish", queryTimeout, func() bool { return !u.tap.ctl.Snapshot().Run.Running })
	u.tap.results.WaitIdle()
}

func columnValues(tab *votable.Table, name string) []string {
	col := tab.Columns[tab.FieldIndex(name)]
	out := make([]string, col.Len())
	for i := range out {
		out[i] = col.String(i)
	}
	return out
}

// shownMatches checks that the result table shows the reference rows (by
// dp_id, in order) and returns the text on screen.
func shownMatches(t *testing.T, u *UI, want *tap.Result) (*votable.Table, string) {
	t.Helper()
	var shown *votable.Table
	var screen string
	onUI(func() {
		shown = u.tap.results.Table()
		screen = visibleText(u.win.Content())
	})
	if shown == nil {
		t.Fatalf("no table shown; screen:\n%s", screen)
	}
	if got, exp := columnValues(shown, "dp_id"), columnValues(want.Table, "dp_id"); strings.Join(got, ",") != strings.Join(exp, ",") {
		t.Fatalf("GUI rows differ from the service's:\n got %v\nwant %v", got, exp)
	}
	return shown, screen
}

func TestTapTabSyncQueryShowsTheServersRows(t *testing.T) {
	u := newTestUI(t)
	const adql = "SELECT TOP 12 dp_id, instrument, exposure FROM dbo.raw ORDER BY dp_id"
	want, err := referenceQuery(t, adql, 0)
	if err != nil {
		t.Fatal(err)
	}
	runInGUI(t, u, adql, "", modeSync)

	shown, screen := shownMatches(t, u, want)
	if len(columnValues(shown, "dp_id")) != 12 {
		t.Fatalf("want 12 rows, got %d", shown.NumRows())
	}
	first := columnValues(want.Table, "dp_id")[0]
	for _, s := range []string{first, "Completed", "12 rows", "dp_id"} {
		if !strings.Contains(screen, s) {
			t.Errorf("screen does not show %q:\n%s", s, screen)
		}
	}
	if strings.Contains(screen, "MAXREC=") {
		t.Error("overflow banner shown for a complete result")
	}
	// the query is remembered for the Recent menu
	var recent []string
	onUI(func() { recent = u.tap.ctl.Snapshot().Recent })
	if len(recent) == 0 || recent[0] != adql {
		t.Errorf("recent queries = %q", recent)
	}
}

func TestTapTabSortsResultByAnyColumn(t *testing.T) {
	u := newTestUI(t)
	runInGUI(t, u, "SELECT TOP 40 dp_id, exposure, object FROM dbo.raw ORDER BY dp_id", "", modeSync)

	var tab *votable.Table
	onUI(func() { tab = u.tap.results.Table() })
	if tab == nil {
		t.Fatal("no table")
	}
	exposure := tab.FieldIndex("exposure")
	object := tab.FieldIndex("object")

	onUI(func() { u.tap.results.SortBy(exposure, false) })
	u.tap.results.WaitIdle()
	var prev float64 = 1e300
	onUI(func() {
		for v := 0; v < u.tap.results.VisibleRows(); v++ {
			x, ok := tab.Columns[exposure].Float(u.tap.results.ViewRow(v))
			if !ok {
				continue // nulls sort last
			}
			if x > prev {
				t.Fatalf("exposure not descending at view row %d: %v after %v", v, x, prev)
			}
			prev = x
		}
	})

	onUI(func() { u.tap.results.SortBy(object, true) })
	u.tap.results.WaitIdle()
	onUI(func() {
		prevS := ""
		for v := 0; v < u.tap.results.VisibleRows(); v++ {
			s := tab.Columns[object].String(u.tap.results.ViewRow(v))
			if s == "" {
				continue
			}
			if s < prevS {
				t.Fatalf("object not ascending at view row %d: %q after %q", v, s, prevS)
			}
			prevS = s
		}
	})
}

func TestTapTabOverflowBanner(t *testing.T) {
	u := newTestUI(t)
	const adql = "SELECT dp_id FROM dbo.raw"
	want, err := referenceQuery(t, adql, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !want.Overflow() {
		t.Fatal("testbed: MAXREC=7 on dbo.raw should overflow")
	}
	runInGUI(t, u, adql, "7", modeSync)

	var screen string
	var rows int
	onUI(func() {
		screen = visibleText(u.win.Content())
		rows = u.tap.results.Table().NumRows()
	})
	if rows != 7 {
		t.Fatalf("want the 7 rows the service sent, got %d", rows)
	}
	if !strings.Contains(screen, "First 7 rows") || !strings.Contains(screen, "MAXREC") {
		t.Fatalf("overflow banner missing:\n%s", screen)
	}
}

func TestTapTabErrorBannerKeepsTheQuery(t *testing.T) {
	u := newTestUI(t)
	const bad = "SELECT no_such_column FROM dbo.raw"
	_, err := referenceQuery(t, bad, 0)
	var verr *vohttp.Error
	if !errors.As(err, &verr) || verr.Message == "" {
		t.Fatalf("testbed should reject %q with a message, got %v", bad, err)
	}
	runInGUI(t, u, bad, "", modeSync)

	var screen string
	onUI(func() { screen = visibleText(u.win.Content()) })
	if !strings.Contains(screen, verr.Message) {
		t.Fatalf("error banner does not carry the server's message %q:\n%s", verr.Message, screen)
	}
	if !strings.Contains(screen, "Failed") {
		t.Errorf("job panel does not say Failed:\n%s", screen)
	}

	// The user edits the query elsewhere, then asks for the failed one back.
	onUI(func() {
		u.tap.editor.SetText("something else")
		u.tap.results.OnEditQuery(bad)
	})
	var text string
	onUI(func() { text = u.tap.editor.Text })
	if text != bad {
		t.Fatalf("Edit query gave %q, want the failed query", text)
	}
}

func TestTapTabAsyncQuery(t *testing.T) {
	u := newTestUI(t)
	const adql = "SELECT TOP 25 dp_id, instrument FROM dbo.raw ORDER BY dp_id DESC"
	want, err := referenceQuery(t, adql, 0)
	if err != nil {
		t.Fatal(err)
	}
	runInGUI(t, u, adql, "", modeAsync)

	_, screen := shownMatches(t, u, want)
	if !strings.Contains(screen, "Job COMPLETED") {
		t.Errorf("job panel should say Job COMPLETED:\n%s", screen)
	}
}

func TestTapTabLoadsSchemaAndInsertsNames(t *testing.T) {
	u := newTestUI(t)
	eventually(t, "the schema browser to list dbo", queryTimeout, func() bool {
		return strings.Contains(visibleText(u.tap.browser), "dbo")
	})
	onUI(func() {
		u.tap.editor.SetText("SELECT * FROM ")
		u.tap.editor.CursorRow, u.tap.editor.CursorColumn = 0, len("SELECT * FROM ")
		u.tap.browser.OnInsert("dbo.raw")
	})
	var text string
	onUI(func() { text = u.tap.editor.Text })
	if text != "SELECT * FROM dbo.raw" {
		t.Fatalf("inserting a table name gave %q", text)
	}
}

func TestTapTabExamplesIncludeOursForESO(t *testing.T) {
	u := newTestUI(t)
	var names []string
	onUI(func() {
		for _, e := range u.tap.ctl.Snapshot().Examples {
			names = append(names, e.Name)
		}
	})
	ours := tapctl.OurExamples(tapctl.ESOObs)
	if len(names) < len(ours) {
		t.Fatalf("ESO observations service should offer our examples, got %v", names)
	}
	// Every example of ours must run on the testbed, which mirrors ESO's tables.
	for _, ex := range ours {
		res, err := referenceQuery(t, ex.Query, 50)
		if err != nil {
			t.Errorf("example %q fails on the testbed: %v", ex.Name, err)
		} else if res.Rows() == 0 {
			t.Errorf("example %q returns no rows on the testbed", ex.Name)
		}
	}
}

func TestEmptyQuerySaysWhatToDo(t *testing.T) {
	u := newTestUI(t)
	onUI(func() {
		u.tap.editor.SetText("   ")
		u.tap.runQuery()
	})
	var screen string
	onUI(func() { screen = visibleText(u.win.Content()) })
	if !strings.Contains(screen, "The query is empty") {
		t.Fatalf("no message for an empty query:\n%s", screen)
	}
}

func TestTapTabResumesAJobFromItsURL(t *testing.T) {
	u := newTestUI(t)
	const adql = "SELECT TOP 9 dp_id FROM dbo.raw WHERE dp_cat = 'CALIB' ORDER BY dp_id"
	want, err := referenceQuery(t, adql, 0)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	svc := tap.New(testbedenv.URL(t)+"/tap", vohttp.Default)
	job, err := svc.SubmitJob(ctx, tap.Query{ADQL: adql})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.DeleteJob(context.Background(), job.URL)

	eventually(t, "a service to be chosen", queryTimeout, func() bool { return u.tap.ctl.Snapshot().Service.URL != "" })
	onUI(func() { u.tap.ctl.Resume(job.URL) })
	eventually(t, "the resumed job to finish", queryTimeout, func() bool { return !u.tap.ctl.Snapshot().Run.Running })
	u.tap.results.WaitIdle()

	shownMatches(t, u, want)
}

func TestTapTabAbortStopsTheJobOnTheServer(t *testing.T) {
	u := newTestUI(t)
	eventually(t, "a service to be chosen", queryTimeout, func() bool { return u.tap.ctl.Snapshot().Service.URL != "" })
	onUI(func() {
		u.tap.editor.SetText(slowQuery)
		u.tap.mode.SetSelected(modeAsync)
		u.tap.runQuery()
	})
	var jobURL string
	eventually(t, "the job to start executing", queryTimeout, func() bool {
		run := u.tap.ctl.Snapshot().Run
		if !run.Running {
			return true // finished early: reported below
		}
		jobURL = run.JobURL
		return jobURL != "" && strings.Contains(u.tap.job.phase.Text, "EXECUTING")
	})
	if jobURL == "" {
		t.Fatal("the job ended before it could be aborted")
	}
	onUI(func() { u.tap.abort() })
	eventually(t, "the tab to be idle", queryTimeout, func() bool { return !u.tap.ctl.Snapshot().Run.Running })

	var screen string
	onUI(func() { screen = visibleText(u.win.Content()) })
	if !strings.Contains(screen, "Aborted") {
		t.Errorf("job panel does not say Aborted:\n%s", screen)
	}
	waitAborted(t, jobURL)
}

// The window must fit a laptop screen (1366x768) whatever the tabs show; a
// wrapped label laid out at its minimum width once made it over 1000 px tall.
func TestWindowFitsALaptopScreen(t *testing.T) {
	u := newTestUI(t)
	for _, tab := range []string{"TAP", "Spectra"} {
		var min fyne.Size
		onUI(func() {
			u.selectTab(tab)
			min = u.win.Content().MinSize()
		})
		if min.Width > 1300 || min.Height > 700 {
			t.Errorf("%s tab needs at least %v: more than a 1366x768 screen offers", tab, min)
		}
	}
}
