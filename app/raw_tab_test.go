package app

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/fixtures"
	"esodesk/internal/testbedenv"
	"esodesk/internal/uitest"
	"esodesk/services/calselector"
	"esodesk/services/datalink"
	"esodesk/services/dataset"
	"esodesk/services/download"
	"esodesk/testbed/standin"
	"esodesk/widgets/datasetview"
	"esodesk/widgets/headerview"
)

// newRawUI is the window with every ESO-only service on an in-process
// stand-in whose archive is the DaCHS testbed's dbo.raw.
func newRawUI(t *testing.T) (*UI, string) {
	t.Helper()
	tb := testbedenv.URL(t)
	srv := httptest.NewServer(standin.New(standin.Options{ArchiveTAP: tb + "/tap", FixturesDir: fixtures.Dir()}))
	t.Cleanup(srv.Close)
	t.Setenv("ESODESK_STANDIN_URL", srv.URL)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	u := newTestUI(t)
	onUI(func() { u.selectTab("Raw data") })
	return u, srv.URL
}

// searchRaw fills the form and waits for the result.
func searchRaw(t *testing.T, u *UI, instrument, from, to string) int {
	t.Helper()
	eventually(t, "the instrument list", queryTimeout, func() bool {
		for _, o := range u.raw.ctl.Snapshot().Instruments {
			if o == instrument {
				return true
			}
		}
		return false
	})
	onUI(func() {
		u.raw.instrument.SetText(instrument)
		u.raw.category.SetSelected("SCIENCE")
		u.raw.nightFrom.SetText(from)
		u.raw.nightTo.SetText(to)
		test.Tap(u.raw.searchBtn)
	})
	var n int
	eventually(t, "the raw frames", queryTimeout, func() bool {
		if tbl := u.raw.results.Table(); tbl != nil && !u.raw.ctl.Snapshot().Searching {
			n = tbl.NumRows()
			return true
		}
		return strings.HasPrefix(u.raw.status.Text, "Search failed") && t.Failed()
	})
	return n
}

func associateInGUI(t *testing.T, u *UI, mode string) {
	t.Helper()
	onUI(func() {
		u.raw.datasets.mode.SetSelected(mode)
		test.Tap(u.raw.datasets.associateBtn)
	})
	eventually(t, "the association to finish", queryTimeout, func() bool { return !u.raw.ctl.Snapshot().Associating })
}

// dialogTexts is the text of the dialogs on show, and taps the button
// labelled tap (if any).
func dialogTexts(u *UI, tap string) string {
	var b strings.Builder
	for _, o := range u.win.Canvas().Overlays().List() {
		b.WriteString(visibleText(o))
		if tap != "" {
			uitest.Walk(o, func(c fyne.CanvasObject) bool {
				if btn, ok := c.(*widget.Button); ok && btn.Text == tap {
					test.Tap(btn)
					return false
				}
				return true
			})
		}
	}
	return b.String()
}

func TestRawFramesToDatasetsEndToEnd(t *testing.T) {
	u, standinURL := newRawUI(t)
	// SINFONI's sparse calibrations give every case: complete, incomplete,
	// extended, uncertified (the last nights), siblings
	n := searchRaw(t, u, "SINFONI", "2019-03-01", "2019-03-20")
	want := testbedenv.Count(t, "SELECT COUNT(*) FROM dbo.raw WHERE instrument = 'SINFONI' AND dp_cat = 'SCIENCE' AND night >= '2019-03-01' AND night <= '2019-03-20'")
	if n != want || n == 0 {
		t.Fatalf("the Raw tab lists %d frames, the testbed has %d", n, want)
	}

	var ids []string
	onUI(func() {
		u.raw.results.SelectAll()
		ids = u.raw.ctl.SelectedIDs()
	})
	associateInGUI(t, u, modeRawLabel)
	var ds []*dataset.Dataset
	onUI(func() { ds = u.raw.datasets.view.Datasets() })
	if len(ds) != len(ids) {
		t.Fatalf("%d datasets for %d frames (status %q)", len(ds), len(ids), u.raw.status.Text)
	}

	// The flags shown are what CalSelector's own trees say, asked independently.
	res, err := calselector.New(standinURL+"/calselector/v1/associations", nil).
		Associate(context.Background(), ids, calselector.Raw2Raw, calselector.Tree)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for i, d := range ds {
		tree := res.Trees[d.Science.DPID]
		if tree == nil {
			t.Fatalf("no tree for %s", d.Science.DPID)
		}
		if d.Incomplete() != tree.Incomplete() || d.Uncertified() != tree.Uncertified() ||
			!strings.EqualFold(d.ExecutedMode, tree.ExecutedMode()) {
			t.Errorf("%s: shown incomplete=%v uncertified=%v mode=%s; its tree says %v %v %s", d.Science.DPID,
				d.Incomplete(), d.Uncertified(), d.ExecutedMode, tree.Incomplete(), tree.Uncertified(), tree.ExecutedMode())
		}
		var text string
		onUI(func() { u.raw.datasets.view.Select(i) })
		// selecting a dataset loads its cascade; the tree's top category shows
		eventually(t, "the cascade of "+d.Science.DPID, queryTimeout, func() bool {
			text = visibleText(u.raw.datasets.view)
			return d.Tree != nil && strings.Contains(text, tree.Category)
		})
		check := func(flag bool, word string) {
			if flag {
				seen[word]++
				if !strings.Contains(text, word) {
					t.Errorf("%s: the view does not say %q:\n%s", d.Science.DPID, word, text)
				}
			}
		}
		check(tree.Incomplete(), "Incomplete")
		check(tree.Uncertified(), "Uncertified")
		check(tree.Extended(), "match=extended")
		check(len(d.Siblings) > 0, "sibling")
		check(!tree.Incomplete(), "Complete")
	}
	t.Logf("flags seen across %d datasets: %v", len(ds), seen)
	for _, word := range []string{"Incomplete", "Uncertified", "Complete"} {
		if seen[word] == 0 {
			t.Errorf("no dataset of this selection is %s: the test misses that case (choose other nights)", word)
		}
	}

	// Download: the layout ESO's web request uses, every file once.
	var plan *dataset.Plan
	onUI(func() {
		plan = u.raw.datasets.plan(datasetview.Options{Trees: true})
		u.raw.datasets.download(datasetview.Options{Trees: true})
	})
	var shown string
	onUI(func() { shown = dialogTexts(u, "Download") })
	if !strings.Contains(shown, plan.Summary()) {
		t.Errorf("the confirmation does not give the total first: %q", shown)
	}
	eventually(t, "the datasets to be queued", queryTimeout, func() bool {
		return len(u.downloads.queue.Snapshot()) == plan.Files
	})
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	if err := u.downloads.queue.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(u.downloads.dir(), dataset.RawFolder)
	urls := map[string]bool{}
	var total int64
	for _, st := range u.downloads.queue.Snapshot() {
		if st.State != download.Done {
			t.Fatalf("%s: %s (%s)", st.Job.URL, st.State, st.Error)
		}
		if urls[st.Job.URL] {
			t.Errorf("%s queued twice", st.Job.URL)
		}
		urls[st.Job.URL] = true
		if filepath.Dir(st.Path) != folder {
			t.Errorf("%s saved in %s, want %s", st.Job.URL, filepath.Dir(st.Path), folder)
		}
		fi, err := os.Stat(st.Path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(st.Path, ".xml") { // the plan's total is of data files; trees come on top
			total += fi.Size()
		}
	}
	entries, err := os.ReadDir(folder)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != plan.Files {
		t.Errorf("%d files in %s, the plan has %d", len(entries), folder, plan.Files)
	}
	if plan.Unknown == 0 && total != plan.Total {
		t.Errorf("%d bytes downloaded, the plan announced %d", total, plan.Total)
	}
	// every science frame and calibration of every dataset is there
	for _, d := range ds {
		for _, f := range d.Files() {
			if !urls[f.URL] {
				t.Errorf("%s (%s) of %s was not downloaded", f.DPID, f.Category, d.Science.DPID)
			}
		}
		if !urls[d.TreeURL] {
			t.Errorf("the association tree of %s was not downloaded", d.Science.DPID)
		}
	}
	if plan.Shared == 0 {
		t.Errorf("no calibration is shared between %d datasets: the test misses the download-once case", len(ds))
	}
}

func TestRawDowngradedAndFaults(t *testing.T) {
	u, standinURL := newRawUI(t)
	if n := searchRaw(t, u, "SINFONI", "2019-03-01", "2019-03-21"); n == 0 {
		t.Fatal("no SINFONI science frames on the testbed")
	}
	onUI(func() { u.raw.results.SelectAll() })
	associateInGUI(t, u, modeProcessedLabel)
	var ds []*dataset.Dataset
	var text string
	onUI(func() {
		ds = u.raw.datasets.view.Datasets()
		text = visibleText(u.raw.datasets.view)
	})
	if len(ds) == 0 || !ds[0].Downgraded() || !strings.Contains(text, "Downgraded") {
		t.Fatalf("SINFONI has no masters: the processed request must show as downgraded; view:\n%s", text)
	}
	// What was executed names the folder, and the view and the
	// confirmation say so.
	down := fmt.Sprintf("%d datasets were downgraded to raw calibrations: they go to data_with_raw_calibs/", len(ds))
	for _, want := range []string{"a download puts them in data_with_raw_calibs/", fmt.Sprintf("%d datasets (%d downgraded to raw calibrations) · ", len(ds), len(ds))} {
		if !strings.Contains(text, want) {
			t.Errorf("the datasets view does not say %q:\n%s", want, text)
		}
	}
	onUI(func() {
		u.raw.datasets.download(datasetview.Options{Trees: true})
		text = dialogTexts(u, "Cancel")
	})
	if want := "into " + filepath.Join(u.downloads.dir(), dataset.RawFolder) + "\n"; !strings.Contains(text, want) || !strings.Contains(text, down) {
		t.Errorf("the confirmation lacks %q or %q:\n%s", want, down, text)
	}
	onUI(func() { text = u.raw.status.Text })
	if !strings.HasPrefix(text, fmt.Sprintf("CalSelector associated raw calibrations with %d frames in ", len(ds))) {
		t.Errorf("status %q", text)
	}

	// 500: a retry is offered, and the datasets on show stay.
	good := u.settings.CalSelector
	onUI(func() { u.settings.CalSelector = standinURL + "/fault/500/calselector/v1/associations" })
	associateInGUI(t, u, modeRawLabel)
	onUI(func() {
		text = dialogTexts(u, "")
		if got := len(u.raw.datasets.view.Datasets()); got != len(ds) {
			t.Errorf("after the failure %d datasets are shown, before %d", got, len(ds))
		}
	})
	if !strings.Contains(text, "500") || !strings.Contains(text, "Retry") {
		t.Errorf("500: the dialog should offer a retry: %q", text)
	}
	onUI(func() {
		u.settings.CalSelector = good
		dialogTexts(u, "Retry")
	})
	eventually(t, "the retried association", queryTimeout, func() bool {
		v := u.raw.datasets.view.Datasets()
		return !u.raw.ctl.Snapshot().Associating && len(v) == len(ds) && v[0] != ds[0] && v[0].RequestedMode == calselector.Raw2Raw
	})

	// 400 gives the service's own words; malformed XML a clear message.
	for _, c := range []struct{ url, want string }{
		{standinURL + "/fault/400/calselector/v1/associations", "400"},
		{standinURL + "/fault/malformed/calselector/v1/associations", "VOTable"},
	} {
		onUI(func() {
			for _, o := range u.win.Canvas().Overlays().List() {
				u.win.Canvas().Overlays().Remove(o)
			}
			u.settings.CalSelector = c.url
		})
		associateInGUI(t, u, modeRawLabel)
		onUI(func() { text = dialogTexts(u, "") + u.raw.status.Text })
		if !strings.Contains(text, c.want) || strings.Contains(text, "Retry") {
			t.Errorf("%s: want a message naming %q without a retry, got %q", c.url, c.want, text)
		}
	}
	onUI(func() { u.settings.CalSelector = good })
}

// One selected frame: its FITS header from the header service, its dataset
// page; and the form's query goes to the TAP tab for editing.
func TestRawHeaderAndEditInTAP(t *testing.T) {
	u, _ := newRawUI(t)
	if searchRaw(t, u, "UVES", "2019-03-01", "2019-03-21") == 0 {
		t.Fatal("no UVES frames")
	}
	var id string
	onUI(func() {
		u.raw.results.SelectRow(0)
		id = u.raw.ctl.SelectedIDs()[0]
		test.Tap(u.raw.headerBtn)
	})
	var cards string
	eventually(t, "the header dialog", queryTimeout, func() bool {
		for _, o := range u.win.Canvas().Overlays().List() {
			uitest.Walk(o, func(c fyne.CanvasObject) bool {
				if v, ok := c.(*headerview.View); ok {
					cards = v.Text()
					return false
				}
				return true
			})
		}
		return cards != ""
	})
	if !strings.Contains(cards, "UVES") || !strings.Contains(cards, id) {
		t.Errorf("the header of %s does not name it:\n%s", id, cards)
	}

	// the frame's links (dbo.raw's datalink_url) beside the table
	eventually(t, "the frame's links", queryTimeout, func() bool {
		ls := u.raw.details.links.Links()
		return ls != nil && len(ls.InGroup(datalink.GroupCalibrations)) > 0 && strings.Contains(u.raw.details.current, id)
	})

	var adql string
	onUI(func() {
		adql = u.raw.ctl.Snapshot().Query
		u.raw.ctl.EditInTAP()
	})
	onUI(func() {
		if u.currentTab() != "TAP" || u.tap.editor.Text != adql || u.tap.serviceName != svcESOObs {
			t.Errorf("Edit in TAP tab: tab %q, editor %q", u.currentTab(), u.tap.editor.Text)
		}
	})
}

// A name in Position goes through Sesame (the stand-in) and becomes a cone.
func TestRawConeByName(t *testing.T) {
	u, _ := newRawUI(t)
	eventually(t, "the instrument list", queryTimeout, func() bool { return len(u.raw.ctl.Snapshot().Instruments) > 0 })
	onUI(func() {
		u.raw.instrument.SetText("")
		u.raw.category.SetSelected("SCIENCE")
		u.raw.nightFrom.SetText("")
		u.raw.nightTo.SetText("")
		u.raw.position.SetText("HD 100546")
		u.raw.radius.SetText("2")
		test.Tap(u.raw.searchBtn)
	})
	var n int
	eventually(t, "the cone search", queryTimeout, func() bool {
		if tbl := u.raw.results.Table(); tbl != nil && !u.raw.ctl.Snapshot().Searching {
			n = tbl.NumRows()
			return true
		}
		return false
	})
	want := testbedenv.Count(t, "SELECT COUNT(*) FROM dbo.raw WHERE dp_cat = 'SCIENCE' AND CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 173.356, -70.194778, 2.0/60)) = 1")
	var status string
	onUI(func() { status = u.raw.status.Text })
	if n != want || n == 0 || !strings.Contains(status, "HD 100546 resolved to 11:33:25") {
		t.Errorf("cone around HD 100546: %d frames (testbed: %d); status %q", n, want, status)
	}
}
