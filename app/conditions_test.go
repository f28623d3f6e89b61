package app

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"esodesk/internal/testbedenv"
	"esodesk/services/conditions"
	"esodesk/services/tap"
)

// One night of MUSE frames: three selected frames open in the Conditions
// tab as three highlighted bands; the hover readout in a band gives the
// seeing an independent conditions.Client reads; the conditions columns
// hold ForExposures' medians, sort by number, and the seeing filter hides
// exactly the frames at or above the limit or without data.
func TestConditionsPanelInGUI(t *testing.T) {
	tb := testbedenv.URL(t)
	u, _ := newRawUI(t)
	n := searchRaw(t, u, "MUSE", "2019-03-05", "2019-03-05")
	if n < 3 {
		t.Fatalf("%d MUSE frames on 2019-03-05: need 3", n)
	}
	c := u.raw.cond
	onUI(func() {
		c.follow.SetChecked(false)
		for q, ch := range c.checks {
			ch.SetChecked(q == conditions.Seeing || q == conditions.PWV)
		}
		u.raw.results.SelectModelRows([]int{0, 1, 2})
		test.Tap(c.openBtn)
	})
	eventually(t, "the conditions of the selection", queryTimeout, func() bool {
		s := c.ctl.Snapshot()
		return !s.Loading && s.Result != nil && u.raw.inner.Selected() == c.tab
	})
	var sel []conditions.Exposure
	var res *conditions.Result
	onUI(func() {
		sel = c.selected()
		res = c.ctl.Snapshot().Result
	})
	if len(sel) != 3 {
		t.Fatalf("%d selected exposures", len(sel))
	}
	highlighted := 0
	for _, b := range c.plotted.Bands {
		if b.Highlight {
			highlighted++
		}
	}
	if highlighted != 3 {
		t.Fatalf("%d highlighted bands, want 3 (%q)", highlighted, c.ctl.Snapshot().Status)
	}
	eventually(t, "the plot", queryTimeout, func() bool { return c.plot.Layout() != nil })

	// the seeing an independent client reads at the middle of the second band
	client := conditions.New(tap.New(tb+"/tap", nil))
	ref, err := client.Fetch(context.Background(), res.Site, res.Range, []conditions.Quantity{conditions.Seeing})
	if err != nil {
		t.Fatal(err)
	}
	seeing, ok := ref.SeriesOf(conditions.Seeing)
	if !ok {
		t.Fatal("no seeing series")
	}
	w := sel[1].Window()
	mid := w.Start.Add(w.End.Sub(w.Start) / 2)
	var readout string
	onUI(func() {
		l := c.plot.Layout()
		c.plot.HoverAt(float32(l.X(mid)), float32((l.Panels[0].Top+l.Panels[0].Bottom)/2))
		readout = c.plot.Readout()
	})
	want := "Seeing —"
	if s, ok := seeing.At(mid); ok {
		want = "Seeing " + strconv.FormatFloat(s.Value, 'f', 2, 64) + "″"
	}
	if !strings.Contains(readout, want) {
		t.Errorf("readout %q at %v lacks %q", readout, mid.Format(time.TimeOnly), want)
	}

	// the columns: ForExposures' median seeing of each frame
	onUI(func() { u.raw.inner.Select(u.raw.framesTab); c.columnsCheck.SetChecked(true) })
	eventually(t, "the conditions columns", 2*queryTimeout, func() bool {
		return u.raw.results.Table().FieldIndex("seeing_med") >= 0
	})
	var exps []conditions.Exposure
	var ids []string
	onUI(func() { exps, ids = c.exps, c.ids })
	fcs, err := client.ForExposures(context.Background(), exps, []conditions.Quantity{conditions.Seeing}, nil)
	if err != nil {
		t.Fatal(err)
	}
	median := map[string]float64{}
	for _, fc := range fcs {
		median[fc.Exposure.ID] = math.NaN()
		if len(fc.Quantities) > 0 && fc.Quantities[0].Stats.N > 0 {
			median[fc.Exposure.ID] = fc.Quantities[0].Stats.Median
		}
	}
	var tbl = u.raw.results.Table()
	col := tbl.FieldIndex("seeing_med")
	withData := 0
	for r, id := range ids {
		m, ok := median[id]
		got, has := tbl.Columns[col].Float(r)
		switch {
		case !ok || math.IsNaN(m):
			if has {
				t.Errorf("%s: seeing_med %v, ForExposures has none", id, got)
			}
		case !has || math.Abs(got-m) > 0.0005+1e-9: // shown to 0.001
			t.Errorf("%s: seeing_med %v, ForExposures %v", id, got, m)
		default:
			withData++
		}
	}
	if withData == 0 {
		t.Fatal("no frame has seeing data")
	}

	// sorted by seeing_med ascending: non-decreasing, empty ones last
	onUI(func() { u.raw.results.SortBy(col, true) })
	u.raw.results.WaitIdle()
	onUI(func() {
		prev, empty := math.Inf(-1), false
		for v := 0; v < u.raw.results.VisibleRows(); v++ {
			x, ok := tbl.Columns[col].Float(u.raw.results.ViewRow(v))
			switch {
			case !ok:
				empty = true
			case empty || x < prev:
				t.Errorf("view row %d: %v after %v (empty before: %v)", v, x, prev, empty)
			default:
				prev = x
			}
		}
	})

	// the filter hides exactly the frames at or above the limit or without data
	var limit float64
	var sorted []float64
	for _, m := range median {
		if !math.IsNaN(m) {
			sorted = append(sorted, m)
		}
	}
	// the largest median as the limit: that frame (at least) is hidden,
	// the others kept
	limit = slices.Max(sorted)
	onUI(func() { c.seeingBelow.SetText(strconv.FormatFloat(limit, 'f', -1, 64)) })
	wantKept := map[string]bool{}
	for id, m := range median {
		if !math.IsNaN(m) && m < limit {
			wantKept[id] = true
		}
	}
	eventually(t, "the seeing filter", queryTimeout, func() bool {
		return u.raw.results.VisibleRows() == len(wantKept)
	})
	onUI(func() {
		for v := 0; v < u.raw.results.VisibleRows(); v++ {
			if id := ids[u.raw.results.ViewRow(v)]; !wantKept[id] {
				t.Errorf("%s shown, its median %v is not below %v", id, median[id], limit)
			}
		}
		if hidden := len(ids) - len(wantKept); !strings.Contains(c.filterStatus.Text, strconv.Itoa(hidden)+" frame") {
			t.Errorf("filter status %q does not say %d frames are hidden (limit %v, medians %v, visible %d)", c.filterStatus.Text, hidden, limit, median, u.raw.results.VisibleRows())
		}
	})
}

// With Follow selection on, clicking through frames fetches nothing while
// the Conditions tab is hidden; it shows the selection's night once shown.
func TestConditionsFollowOnlyWhenShown(t *testing.T) {
	testbedenv.URL(t)
	u, _ := newRawUI(t)
	if n := searchRaw(t, u, "MUSE", "2019-03-05", "2019-03-05"); n < 2 {
		t.Fatalf("%d MUSE frames on 2019-03-05: need 2", n)
	}
	c := u.raw.cond
	onUI(func() {
		u.raw.inner.Select(u.raw.framesTab)
		c.follow.SetChecked(true)
		u.raw.results.SelectModelRows([]int{0})
		u.raw.results.SelectModelRows([]int{1})
	})
	time.Sleep(500 * time.Millisecond) // past the follow delay
	onUI(func() {
		if s := c.ctl.Snapshot(); s.Loading || s.Result != nil {
			t.Errorf("conditions fetched for a hidden tab: loading %v, result %v", s.Loading, s.Result != nil)
		}
		u.raw.inner.Select(c.tab)
	})
	eventually(t, "the selection's night once the tab is shown", queryTimeout, func() bool {
		s := c.ctl.Snapshot()
		return !s.Loading && s.Result != nil && len(s.Exposures) == 1
	})
}
