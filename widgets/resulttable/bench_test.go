package resulttable

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/runtest"
	"esodesk/services/votable"
)

// bigTable is n rows like a catalogue query: id, ra, dec, mag (5% null),
// object name and band.
func bigTable(n int) *votable.Table {
	rng := rand.New(rand.NewPCG(1, 2))
	id, ra, dec := floats(), floats(), floats()
	mag := floatColumn{vals: make([]float64, n), nulls: make([]bool, n)}
	id.vals, ra.vals, dec.vals = make([]float64, n), make([]float64, n), make([]float64, n)
	names, bands := make([]string, n), make([]string, n)
	for i := 0; i < n; i++ {
		id.vals[i] = float64(i + 1)
		ra.vals[i] = rng.Float64() * 360
		dec.vals[i] = rng.Float64()*180 - 90
		mag.vals[i] = 8 + rng.Float64()*12
		mag.nulls[i] = rng.IntN(20) == 0
		names[i] = fmt.Sprintf("J%07d%+06d", rng.IntN(10_000_000), rng.IntN(200_000)-100_000)
		bands[i] = []string{"U", "B", "V", "R", "I", "J", "H", "Ks"}[rng.IntN(8)]
	}
	id.nulls, ra.nulls, dec.nulls = nil, nil, nil
	return &votable.Table{
		Fields: []votable.Field{
			{Name: "id", Datatype: "long"}, {Name: "ra", Datatype: "double", Unit: "deg"},
			{Name: "dec", Datatype: "double", Unit: "deg"}, {Name: "mag", Datatype: "float", Unit: "mag"},
			{Name: "name", Datatype: "char", Arraysize: "*"}, {Name: "band", Datatype: "char", Arraysize: "*"},
		},
		Columns: []votable.Column{id, ra, dec, mag, stringColumn{names}, stringColumn{bands}},
	}
}

const million = 1_000_000

func newBench(b *testing.B) *ResultTable {
	b.Helper()
	test.NewTempApp(b)
	w := test.NewTempWindow(b, nil)
	rt := New(w, runtest.Inline)
	w.SetContent(rt)
	w.Resize(fyne.NewSize(1200, 800))
	rt.SetTable(bigTable(million), Info{})
	return rt
}

// BenchmarkScroll1M jumps to pseudo-random places in a million-row table; each
// jump lays out and fills the visible cells, as a scroll-bar drag does.
func BenchmarkScroll1M(b *testing.B) {
	for _, sorted := range []bool{false, true} {
		b.Run(fmt.Sprintf("sorted=%v", sorted), func(b *testing.B) {
			rt := newBench(b)
			if sorted {
				rt.SortBy(1, true)
				rt.WaitIdle()
			}
			rowHeight := rt.grid.CreateCell().MinSize().Height
			rng := rand.New(rand.NewPCG(3, 4))
			for b.Loop() {
				y := float32(rng.IntN(million)) * rowHeight
				rt.grid.ScrollToOffset(fyne.NewPos(0, y))
			}
			// The last jump shows real data.
			if gridText(rt, million-1, 0) == "" {
				b.Fatal("last row empty")
			}
		})
	}
}

// BenchmarkScrollWheel1M scrolls with the mouse wheel, 5 rows a step.
func BenchmarkScrollWheel1M(b *testing.B) {
	rt := newBench(b)
	c := fyne.CurrentApp().Driver().CanvasForObject(rt)
	at := fyne.NewPos(600, 400)
	for b.Loop() {
		test.Scroll(c, at, 0, -120)
	}
	if n := len(renderedCells(rt)); n == 0 {
		b.Fatal("no cells rendered")
	}
}

// BenchmarkSort1M sorts a million rows through the widget (background job,
// apply, refresh), alternating direction so that nothing is reused.
func BenchmarkSort1M(b *testing.B) {
	for _, col := range []struct {
		name string
		idx  int
	}{{"float", 1}, {"floatWithNulls", 3}, {"string", 4}} {
		b.Run(col.name, func(b *testing.B) {
			rt := newBench(b)
			asc := true
			for b.Loop() {
				rt.SortBy(col.idx, asc)
				rt.WaitIdle()
				asc = !asc
			}
			if rt.VisibleRows() != million {
				b.Fatal("rows lost")
			}
		})
	}
}

// BenchmarkSortRows1M is the sort alone, without the widget.
func BenchmarkSortRows1M(b *testing.B) {
	col := bigTable(million).Columns[1]
	for b.Loop() {
		if _, err := sortRows(context.Background(), col, true, true); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFilter1M filters a million rows over six columns, alternating
// two needles so that no mask is reused. "letters" needles skip the numeric
// columns (no number contains them); "digits" needles format every number.
func BenchmarkFilter1M(b *testing.B) {
	for _, c := range []struct {
		name    string
		needles []string
	}{{"letters", []string{"j12", "j34"}}, {"digits", []string{"+0042", "123"}}} {
		b.Run(c.name, func(b *testing.B) {
			rt := newBench(b)
			i := 0
			for b.Loop() {
				rt.SetFilter(c.needles[i%2])
				rt.WaitIdle()
				i++
			}
			if rt.VisibleRows() == 0 || rt.VisibleRows() == million {
				b.Fatalf("filter kept %d rows", rt.VisibleRows())
			}
		})
	}
}

// BenchmarkSelectAll1M is Ctrl+A on a sorted million-row view (UI goroutine).
func BenchmarkSelectAll1M(b *testing.B) {
	rt := newBench(b)
	rt.SortBy(2, true)
	rt.WaitIdle()
	for b.Loop() {
		rt.ClearSelection()
		rt.SelectAll()
	}
	if len(rt.SelectedRows()) != million {
		b.Fatal("not all selected")
	}
}

var _ = widget.TableCellID{}

// BenchmarkKeyDownNearEnd moves the cursor with the Down key near the end of
// a million rows (widget.Table.ScrollTo walks the rows above the target).
func BenchmarkKeyDownNearEnd(b *testing.B) {
	rt := newBench(b)
	rt.clickRow(million-1000, 0)
	for b.Loop() {
		if rt.cursor.Row >= million-1 {
			rt.clickRow(million-1000, 0)
		}
		rt.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	}
}

// BenchmarkSetTable1M is showing a new million-row table (widths, types,
// selection set), all on the UI goroutine.
func BenchmarkSetTable1M(b *testing.B) {
	rt := newBench(b)
	tbl := bigTable(million)
	for b.Loop() {
		rt.SetTable(tbl, Info{})
	}
}

// BenchmarkSetTableWide alternates a 300-column and a 6-column table, so
// every column width really changes each time.
func BenchmarkSetTableWide(b *testing.B) {
	rt := newBench(b)
	base := bigTable(10_000)
	wide := &votable.Table{}
	for i := 0; i < 50; i++ {
		for c, f := range base.Fields {
			f.Name = fmt.Sprintf("%s_%d", f.Name, i)
			wide.Fields = append(wide.Fields, f)
			wide.Columns = append(wide.Columns, base.Columns[c])
		}
	}
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			rt.SetTable(wide, Info{})
		} else {
			rt.SetTable(base, Info{})
		}
		i++
	}
}
