package datasetview

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/bytesize"
	"esodesk/internal/uitest"
	"esodesk/services/dataset"
)

// Each flag has its own line, in words, for the dataset that has it.
func TestFlagLines(t *testing.T) {
	v, w := newView(t)
	ds := newVariants(t)
	v.SetDatasets(ds.all())
	c := w.Content()

	uitest.Shows(t, c, "6 datasets: 4 complete, 1 incomplete, 1 uncertified, 1 downgraded, 1 with errors")
	for _, b := range []string{"INCOMPLETE", "UNCERTIFIED", "DOWNGRADED", "EXTENDED", "ERROR", "COMPLETE", "+2 siblings"} {
		uitest.Shows(t, v.list, b)
	}

	// The first dataset is selected: complete, certified, its siblings.
	if v.Selected() != ds.ok {
		t.Fatalf("selected %v, want the first dataset", v.Selected())
	}
	uitest.Shows(t, c, "✓ Complete")
	uitest.Shows(t, c, "✓ Certified calibrations.")
	uitest.Shows(t, c, "Mode executed: Raw2Raw (raw calibrations)")
	uitest.Shows(t, c, "CalSelector added 2 sibling frames: they belong to the same observation template and are reduced together")
	uitest.Shows(t, c, "FORS2.2021-01-02T01:04:07.202")
	uitest.Hides(t, c, "⚠")

	v.Select(1)
	uitest.Shows(t, c, "✗ Incomplete")
	uitest.Shows(t, c, "• Missing MASTER_SKY_FLAT_IMG")
	uitest.Shows(t, c, "• No STANDARD_IMG within 7 days")
	uitest.Shows(t, c, "⚠ Uncertified: associate again after certification for better calibrations.")

	v.Select(2)
	uitest.Shows(t, c, "⚠ Downgraded: you asked for Raw2Master (processed calibrations) but CalSelector executed Raw2Raw")

	v.Select(3)
	cat := ds.extended.Tree.Associated[0].Category
	uitest.Shows(t, c, "⚠ match="+"extended for "+cat+": the calibration-plan bounds were formally violated")
	uitest.Shows(t, c, cat+" · match=extended ⚠") // the cascade node too

	v.Select(4)
	uitest.Shows(t, c, "✗ Error: CalSelector answered HTTP 500 for this frame")
	uitest.Shows(t, c, "No calibration files.")
	uitest.Shows(t, c, noTreeText)
}

// Calibrations are grouped by category with their summed sizes.
func TestCalibrationGroups(t *testing.T) {
	v, w := newView(t)
	ds := newVariants(t)
	v.SetDatasets(ds.all())
	groups := ds.ok.Groups()
	if len(groups) < 2 {
		t.Fatalf("the FORS2 tree gives %d calibration categories, want several", len(groups))
	}
	for _, g := range groups {
		var sum int64
		unknown := 0
		for _, f := range g.Files {
			if f.Size < 0 {
				unknown++
			} else {
				sum += f.Size
			}
		}
		size := bytesize.Format(sum)
		if unknown > 0 {
			size += fmt.Sprintf(" + %d of unknown size", unknown)
		}
		files := fmt.Sprintf("%d files", len(g.Files))
		if len(g.Files) == 1 {
			files = "1 file"
		}
		uitest.Shows(t, w.Content(), fmt.Sprintf("%s · %s · %s", g.Category, files, size))
	}
	uitest.Shows(t, w.Content(), fmt.Sprintf("Calibrations: %d calibrations", len(ds.ok.Calibrations)))

	// A dataset whose sizes are all unknown says so.
	for i := range ds.extended.Calibrations {
		ds.extended.Calibrations[i].Size = -1
	}
	v.Select(3)
	uitest.Shows(t, w.Content(), "BIAS · ")
	uitest.Shows(t, w.Content(), "size unknown")
}

// The real FORS2 cascade is a tree opened two levels deep; deeper
// associations (BIAS under the flats) open on demand.
func TestCascade(t *testing.T) {
	v, w := newView(t)
	ds := newVariants(t)
	v.SetDatasets(ds.all())
	c := w.Content()
	uitest.Shows(t, c, "SCI_IMG_2x2_low · mode Raw2Raw · complete · certified · 1 file")
	uitest.Shows(t, c, "SCIENCE_IMG "+fors2ID)
	uitest.Shows(t, c, "FLAT_SKY · match=calib_plan · complete · certified · 5 files")
	if !v.detail.tree.IsBranchOpen("a/a0") {
		t.Error("the first inner association is closed")
	}
	// BIAS under FLAT_SKY is the third level: closed until opened.
	bias := ""
	for _, id := range v.detail.casc.children["a/a0"] {
		if strings.HasPrefix(v.detail.casc.text[id], "BIAS ·") {
			bias = id
		}
	}
	if bias == "" {
		t.Fatalf("no BIAS association under FLAT_SKY in %v", v.detail.casc.children["a/a0"])
	}
	if v.detail.tree.IsBranchOpen(bias) {
		t.Error("third level open at first")
	}
	v.detail.tree.OpenBranch(bias)
	v.detail.tree.ScrollTo(bias)
	uitest.Shows(t, c, "BIAS · match=calib_plan · complete · certified · 20 files")
	v.detail.tree.ScrollTo(bias + "/f19")
	uitest.Shows(t, c, "BIAS FORS2.2020-12-26T09:01:48.333")
}

// A dataset without its tree asks for it once, shows that it is loading,
// and shows the tree once it is handed over.
func TestTreeLoading(t *testing.T) {
	v, w := newView(t)
	ds := newVariants(t)
	var asked []*dataset.Dataset
	v.OnNeedTree = func(d *dataset.Dataset) { asked = append(asked, d) }
	v.SetDatasets(ds.all())
	if len(asked) != 0 {
		t.Fatalf("asked for trees of datasets that have them: %d", len(asked))
	}
	v.Select(5)
	v.Select(0)
	v.Select(5)
	if len(asked) != 1 || asked[0] != ds.lazy {
		t.Fatalf("OnNeedTree called %d times, want once for the selected dataset", len(asked))
	}
	uitest.Shows(t, w.Content(), loadingText)

	tree := realTree(t)
	v.SetTree(ds.lazy, tree, nil)
	uitest.Hides(t, w.Content(), loadingText)
	uitest.Shows(t, w.Content(), "SCI_IMG_2x2_low · mode Raw2Raw")
	if ds.lazy.Tree != tree {
		t.Error("the tree was not attached to the dataset")
	}

	// A failed fetch is shown in place of the tree.
	ds.lazy.Tree = nil
	v.SetTree(ds.lazy, nil, fmt.Errorf("CalSelector tree: HTTP 500"))
	uitest.Shows(t, w.Content(), "Could not load the calibration cascade: CalSelector tree: HTTP 500")
}

// The bottom bar: options reach Summary and OnDownload; Copy ids copies the
// selected dataset's files.
func TestBottomBar(t *testing.T) {
	v, w := newView(t)
	ds := newVariants(t)
	var seen []Options
	v.Summary = func(o Options) string {
		seen = append(seen, o)
		return fmt.Sprintf("%d datasets · trees %v · night logs %v", len(v.Datasets()), o.Trees, o.NightLogs)
	}
	var got []Options
	v.OnDownload = func(o Options) { got = append(got, o) }
	if !v.bar.download.Disabled() {
		t.Error("Download enabled with no dataset")
	}
	v.SetDatasets(ds.all())
	uitest.Shows(t, w.Content(), "6 datasets · trees true · night logs false")
	test.Tap(v.bar.nightLogs)
	test.Tap(v.bar.trees)
	uitest.Shows(t, w.Content(), "6 datasets · trees false · night logs true")
	test.Tap(v.bar.download)
	if len(got) != 1 || got[0] != (Options{Trees: false, NightLogs: true}) {
		t.Errorf("OnDownload got %+v", got)
	}
	if len(seen) < 3 {
		t.Errorf("Summary asked %d times, want on every change", len(seen))
	}

	test.Tap(v.bar.copyIDs)
	clip := fyne.CurrentApp().Clipboard().Content()
	lines := strings.Split(clip, "\n")
	if lines[0] != fors2ID || len(lines) != 1+len(ds.ok.Siblings)+len(ds.ok.Calibrations) {
		t.Errorf("copied %d ids starting %q", len(lines), lines[0])
	}
	if !strings.Contains(clip, "FORS2.2020-12-26T08:54:31.688") {
		t.Error("a BIAS id of the real tree is not copied")
	}
}

// Up and Down move the selection in the focused list.
func TestKeyboard(t *testing.T) {
	v, w := newView(t)
	ds := newVariants(t)
	v.SetDatasets(ds.all())
	w.Canvas().Focus(v.list)
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if v.Selected() != ds.downgraded {
		t.Fatalf("after Down Down selected %v", v.Selected().Science.DPID)
	}
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	if v.Selected() != ds.incomplete {
		t.Fatalf("after Up selected %v", v.Selected().Science.DPID)
	}
	uitest.Shows(t, w.Content(), "✗ Incomplete")
}

// The view at 1200×700 is saved as a PNG to look at (ESODESK_SHOT_DIR keeps
// it; otherwise a temporary folder).
func TestScreenshot(t *testing.T) {
	v, w := newView(t)
	ds := newVariants(t)
	v.Summary = func(o Options) string {
		return "6 datasets · 412 files · 1.2 GB (37 shared calibrations counted once)"
	}
	v.SetDatasets(ds.all())
	for i, name := range []string{"ok", "incomplete", "failed"} {
		v.Select([]int{0, 1, 4}[i])
		uitest.SaveShot(t, w, "ESODESK_SHOT_DIR", "datasetview-"+name+".png", 1000)
	}
}

// A long summary (the total, the downgraded datasets) wraps in a narrow
// window instead of losing its end, and the buttons stay whole.
func TestBottomBarSummaryWraps(t *testing.T) {
	v, w := newView(t)
	const long = "37 datasets (37 downgraded to raw calibrations) · 56 files · 10.5 MB · 37 association trees (39 shared files counted once)"
	v.Summary = func(Options) string { return long }
	v.SetDatasets(newVariants(t).all())
	w.Resize(fyne.NewSize(900, 700))
	if got := w.Canvas().Size().Width; got > 900 {
		t.Fatalf("the view needs %v px: the bar does not fit 900", got)
	}
	var shown []string
	for _, x := range uitest.Find[*canvas.Text](v.bar.summary, nil) {
		if x.Text != "" {
			shown = append(shown, strings.TrimSpace(x.Text))
			if end := x.Position().X + x.Size().Width; end > v.bar.summary.Size().Width+1 {
				t.Errorf("%q ends at %v, past the label's %v", x.Text, end, v.bar.summary.Size().Width)
			}
		}
	}
	if got := strings.Join(shown, " "); got != long {
		t.Errorf("the summary shows %q, want %q", got, long)
	}
	for _, b := range []*widget.Button{v.bar.copyIDs, v.bar.download} {
		if p := fyne.CurrentApp().Driver().AbsolutePositionForObject(b); p.X+b.Size().Width > 900 || b.Size().Width < b.MinSize().Width {
			t.Errorf("%q at %v, %v wide: not whole in the window", b.Text, p, b.Size().Width)
		}
	}
}
