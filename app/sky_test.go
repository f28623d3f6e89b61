package app

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"esodesk/app/skyctl"
	"esodesk/internal/testbedenv"
	"esodesk/internal/uitest"
	"esodesk/services/region"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

// m83Images lists the testbed's ObsCore images around M83.
const m83Images = "SELECT obs_id, dataproduct_type, instrument_name, s_ra, s_dec, s_region FROM ivoa.obscore " +
	"WHERE dataproduct_type = 'image' AND 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 204.2538, -29.8658, 0.5))"

// skyArea is the sky view's drawing area: the object taking taps and drags.
func skyArea(t *testing.T, u *UI) fyne.CanvasObject {
	t.Helper()
	var area fyne.CanvasObject
	uitest.Walk(u.sky.sky, func(o fyne.CanvasObject) bool {
		if _, ok := o.(fyne.Draggable); ok && area == nil {
			if _, tap := o.(fyne.Tappable); tap {
				area = o
			}
		}
		return area == nil
	})
	if area == nil {
		t.Fatal("no drawing area in the sky view")
	}
	return area
}

// canvasPos is where (ra, dec) shows on the window's canvas.
func canvasPos(t *testing.T, u *UI, area fyne.CanvasObject, ra, dec float64) fyne.Position {
	t.Helper()
	x, y, ok := u.sky.sky.View().Project(ra, dec)
	if !ok {
		t.Fatalf("(%v, %v) is off the view", ra, dec)
	}
	scale := u.win.Canvas().Scale() // device pixels per unit
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(area)
	return at.AddXY(float32(x)/scale, float32(y)/scale)
}

// The Sky tab shows the footprints of a TAP query's images around M83;
// clicking one selects the same row in the TAP table, selecting a row
// there highlights it here; a circle drawn on the sky, run in the TAP tab,
// finds exactly the products an independent query of the same circle finds.
func TestSkyTabFootprintsSelectionAndRegionQuery(t *testing.T) {
	u := newTestUI(t)
	runInGUI(t, u, m83Images, "1000", modeSync)
	var tab *votable.Table
	onUI(func() { tab = u.tap.results.Table() })
	if tab == nil || tab.NumRows() < 2 {
		t.Fatalf("the testbed has no images around M83 (%v)", tab)
	}
	onUI(func() {
		u.sky.source.SetSelected(skyctl.SourceTAP)
		u.selectTab("Sky")
	})
	eventually(t, "the footprints", queryTimeout, func() bool { return len(u.sky.ctl.Snapshot().Footprints) == tab.NumRows() })
	onUI(func() {
		s := u.sky.ctl.Snapshot()
		if want := fmt.Sprintf("%d footprints", tab.NumRows()); !strings.Contains(u.sky.status.Text, want) {
			t.Errorf("status %q, want %q", u.sky.status.Text, want)
		}
		for _, f := range s.Footprints {
			if f.Point {
				t.Errorf("row %d drawn as a point, not its s_region", f.Row)
			}
		}
	})

	// a point inside one footprint only: the vertex farthest south, a tenth
	// of the way to its centre, lies south of every other footprint
	regions := parsePolygons(t, tab)
	row, south := -1, 0.0
	for i, p := range regions {
		for _, v := range p {
			if row < 0 || v[1] < south {
				row, south = i, v[1]
			}
		}
	}
	var pick [2]float64
	for _, v := range regions[row] {
		if v[1] == south {
			c := centre(regions[row])
			pick = [2]float64{v[0] + 0.1*(c[0]-v[0]), v[1] + 0.1*(c[1]-v[1])}
		}
	}
	for i, p := range regions {
		if i != row && minDec(p) < pick[1] {
			t.Fatalf("footprint %d reaches south of the point picked in %d", i, row)
		}
	}
	eventually(t, "the sky view laid out", queryTimeout, func() bool { return u.sky.sky.View().Width > 100 })
	onUI(func() {
		area := skyArea(t, u)
		test.TapCanvas(u.win.Canvas(), canvasPos(t, u, area, pick[0], pick[1]))
		if got := u.tap.results.SelectedRows(); !slices.Equal(got, []int{row}) {
			t.Errorf("clicking footprint %d selected TAP rows %v", row, got)
		}
		if got := u.sky.sky.Selected(); !slices.Equal(got, []int{row}) {
			t.Errorf("the sky highlights %v after the click on %d", got, row)
		}
		other := (row + 1) % tab.NumRows()
		u.tap.results.SelectModelRows([]int{other})
		if got := u.sky.sky.Selected(); !slices.Equal(got, []int{other}) {
			t.Errorf("selecting TAP row %d highlights %v on the sky", other, got)
		}
	})

	// a circle from M83's centre, 2.4 arcmin in radius (inside the view fitted to the footprints)
	onUI(func() {
		u.sky.tool.SetSelected(skyToolCircle)
		u.sky.condition.SetSelected(skyctl.CondIntersects)
		u.sky.table.SetSelected(skyctl.TableObsCore)
		area := skyArea(t, u)
		from := canvasPos(t, u, area, 204.2538, -29.8658)
		to := canvasPos(t, u, area, 204.2538, -29.8658+0.04)
		test.Drag(u.win.Canvas(), to, to.X-from.X, to.Y-from.Y) // Fyne's test drag ends at its position
	})
	var adql string
	var circle [3]float64
	onUI(func() {
		s := u.sky.ctl.Snapshot()
		if s.Region == nil || s.Query.ADQL == "" || !u.sky.queryPanel.Visible() {
			t.Fatalf("no region or query after drawing: %+v", s.Query)
		}
		adql = s.Query.ADQL
		circle = [3]float64{s.Region.Center[0], s.Region.Center[1], s.Region.Radius}
		if math.Abs(circle[2]-0.04) > 0.002 || math.Abs(circle[1]+29.8658) > 0.002 {
			t.Errorf("drew the circle %v, want about (204.2538, -29.8658, 0.04)", circle)
		}
		if u.sky.adql.Text != adql {
			t.Errorf("the panel shows %q, the query is %q", u.sky.adql.Text, adql)
		}
		test.Tap(u.sky.runBtn)
		if u.currentTab() != "TAP" || u.tap.editor.Text != adql {
			t.Errorf("Run in TAP tab: on %q with %q", u.currentTab(), u.tap.editor.Text)
		}
	})
	eventually(t, "the region's query", queryTimeout, func() bool {
		s := u.tap.ctl.Snapshot()
		return !s.Run.Running && s.Result.Query == adql
	})
	u.tap.results.WaitIdle()
	var got []string
	onUI(func() { got = columnValues(u.tap.results.Table(), "obs_id") })
	ref := fmt.Sprintf("SELECT obs_id FROM ivoa.obscore WHERE 1 = INTERSECTS(s_region, CIRCLE('ICRS', %s, %s, %s))",
		num(circle[0]), num(circle[1]), num(circle[2]))
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	res, err := tap.New(testbedenv.URL(t)+"/tap", vohttp.Default).Sync(ctx, tap.Query{ADQL: ref}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := columnValues(res.Table, "obs_id")
	slices.Sort(got)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("the drawn circle found %v; %s finds %v", got, ref, want)
	}
}

// The Sky tab fits a 1000 px window, with its query panel on show.
func TestSkyTabFitsNarrowWindow(t *testing.T) {
	u := newTestUI(t)
	onUI(func() {
		u.selectTab("Sky")
		u.sky.ctl.SetForm(skyctl.QueryForm{Table: skyctl.TableObsCore, Condition: skyctl.CondOverlap, MinOverlap: "0.01"})
		u.sky.condition.SetSelected(skyctl.CondOverlap)
		u.sky.queryPanel.Show()
		u.win.Resize(fyne.NewSize(1000, 820))
		if need := u.sky.content.MinSize().Width + 2*theme.Padding(); need > 1000 {
			t.Errorf("the Sky tab needs %v px", need)
		}
		for _, w := range []fyne.CanvasObject{u.sky.goBtn, u.sky.runBtn, u.sky.copyBtn, u.sky.tool, u.sky.galactic} {
			if p := fyne.CurrentApp().Driver().AbsolutePositionForObject(w); p.X+w.Size().Width > 1000 {
				t.Errorf("%T ends at %v, outside the window", w, p.X+w.Size().Width)
			}
		}
		checkEntryShows(t, "min overlap", u.sky.minOverlap, &u.sky.minOverlap.Entry, "0.0125", 1000)
	})
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// parsePolygons reads "POLYGON [frame] ra dec ..." s_regions by hand.
func parsePolygons(t *testing.T, tab *votable.Table) [][][2]float64 {
	t.Helper()
	col := tab.Columns[tab.FieldIndex("s_region")]
	var out [][][2]float64
	for i := 0; i < col.Len(); i++ {
		var nums []float64
		for _, w := range strings.Fields(col.String(i)) {
			if v, err := strconv.ParseFloat(w, 64); err == nil {
				nums = append(nums, v)
			}
		}
		if !strings.EqualFold(strings.Fields(col.String(i))[0], "polygon") || len(nums)%2 != 0 {
			t.Fatalf("row %d: s_region %q is not a polygon", i, col.String(i))
		}
		var p [][2]float64
		for k := 0; k < len(nums); k += 2 {
			p = append(p, [2]float64{nums[k], nums[k+1]})
		}
		out = append(out, p)
	}
	return out
}

func centre(p [][2]float64) [2]float64 {
	var c [2]float64
	for _, v := range p {
		c[0] += v[0] / float64(len(p))
		c[1] += v[1] / float64(len(p))
	}
	return c
}

func minDec(p [][2]float64) float64 {
	m := 90.0
	for _, v := range p {
		m = math.Min(m, v[1])
	}
	return m
}

// overlapOracle is the overlap (deg²) of each "obs_id<TAB>s_region" line
// on stdin with a circle, by shapely in the gnomonic projection centred on
// the circle: there great-circle edges are straight lines, the circle is
// one of radius tan(r), and areas differ from the sphere's by less than
// 1e-5 at these sizes.
const overlapOracle = `
import sys, math, json
from shapely.geometry import Polygon, Point
ra0, dec0, rad = [math.radians(float(v)) for v in sys.argv[1:4]]
def tan(ra, dec):
    a, d = math.radians(ra), math.radians(dec)
    c = math.sin(dec0)*math.sin(d) + math.cos(dec0)*math.cos(d)*math.cos(a-ra0)
    return (math.cos(d)*math.sin(a-ra0)/c, (math.cos(dec0)*math.sin(d) - math.sin(dec0)*math.cos(d)*math.cos(a-ra0))/c)
circle = Point(0, 0).buffer(math.tan(rad), resolution=2048)
out = {}
for line in sys.stdin:
    oid, reg = line.rstrip("\n").split("\t")
    w = reg.split()
    assert w[0].lower() == "polygon", reg
    nums = [float(v) for v in w[2:]] if w[1].isalpha() else [float(v) for v in w[1:]]
    out[oid] = Polygon([tan(nums[i], nums[i+1]) for i in range(0, len(nums), 2)]).intersection(circle).area * (180/math.pi)**2
print(json.dumps(out))
`

// "Overlap at least X deg²": the TAP tab runs the query (footprints that
// intersect the circle and are at least X large), then keeps the rows
// whose exact overlap with the circle is at least X, as shapely computes
// it; the circle and X are chosen so that the exact check removes rows the
// query let through.
func TestSkyTabOverlapFilterMatchesShapely(t *testing.T) {
	if _, err := exec.LookPath("/usr/bin/python3"); err != nil {
		t.Skip("no /usr/bin/python3 (with shapely) for the reference overlaps")
	}
	u := newTestUI(t)
	const minOverlap = 0.0085
	circle := region.NewCircle(204.32, -29.86, 0.06)
	eventually(t, "the tables of the testbed", queryTimeout, func() bool { return u.tap.ctl.Snapshot().Service.URL != "" })
	onUI(func() {
		u.selectTab("Sky")
		u.sky.table.SetSelected(skyctl.TableObsCore)
		u.sky.condition.SetSelected(skyctl.CondOverlap)
		u.sky.minOverlap.SetText(strconv.FormatFloat(minOverlap, 'g', -1, 64))
		u.sky.ctl.SetRegion(&circle)
		if q := u.sky.ctl.Snapshot().Query; q.ADQL == "" || q.MinOverlap != minOverlap {
			t.Fatalf("query %+v", q)
		}
		test.Tap(u.sky.runBtn)
	})
	eventually(t, "the exact overlap check", queryTimeout, func() bool {
		return strings.Contains(u.sky.status.Text, "overlap the region by at least")
	})
	u.tap.results.WaitIdle()
	var tab *votable.Table
	var shown []string
	onUI(func() {
		tab = u.tap.results.Table()
		for v := 0; v < u.tap.results.VisibleRows(); v++ {
			shown = append(shown, tab.Columns[tab.FieldIndex("obs_id")].String(u.tap.results.ViewRow(v)))
		}
	})
	var in strings.Builder
	for i := 0; i < tab.NumRows(); i++ {
		fmt.Fprintf(&in, "%s\t%s\n", tab.Columns[tab.FieldIndex("obs_id")].String(i), tab.Columns[tab.FieldIndex("s_region")].String(i))
	}
	cmd := exec.Command("/usr/bin/python3", "-c", overlapOracle, "204.32", "-29.86", "0.06")
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("shapely: %v", err)
	}
	var overlaps map[string]float64
	if err := json.Unmarshal(out, &overlaps); err != nil {
		t.Fatal(err)
	}
	var want []string
	for id, o := range overlaps {
		if math.Abs(o-minOverlap) < 0.05*minOverlap {
			t.Fatalf("%s overlaps by %v deg², too close to %v to tell", id, o, minOverlap)
		}
		if o >= minOverlap {
			want = append(want, id)
		}
	}
	slices.Sort(want)
	slices.Sort(shown)
	if len(want) == 0 || len(want) == tab.NumRows() {
		t.Fatalf("shapely keeps %d of %d rows: the test does not check the exact filter", len(want), tab.NumRows())
	}
	if !slices.Equal(shown, want) {
		t.Errorf("the TAP tab keeps %v; shapely's overlaps %v keep %v", shown, overlaps, want)
	}
	t.Logf("query: %d rows; exact overlap keeps %v; status %q", tab.NumRows(), shown, u.sky.status.Text)
}
