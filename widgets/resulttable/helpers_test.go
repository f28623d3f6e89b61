package resulttable

import (
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/runtest"
	"esodesk/internal/uitest"
	"esodesk/services/votable"
)

// floatColumn and stringColumn are small votable.Column implementations, so
// these tests do not depend on the parser.
type floatColumn struct {
	vals  []float64
	nulls []bool
}

func (c floatColumn) Len() int          { return len(c.vals) }
func (c floatColumn) IsNull(i int) bool { return c.nulls != nil && c.nulls[i] }
func (c floatColumn) String(i int) string {
	if c.IsNull(i) {
		return ""
	}
	return strconv.FormatFloat(c.vals[i], 'g', -1, 64)
}
func (c floatColumn) Float(i int) (float64, bool) { return c.vals[i], !c.IsNull(i) }
func (c floatColumn) Value(i int) any {
	if c.IsNull(i) {
		return nil
	}
	return c.vals[i]
}

type stringColumn struct{ vals []string }

func (c stringColumn) Len() int                  { return len(c.vals) }
func (c stringColumn) IsNull(i int) bool         { return c.vals[i] == "" }
func (c stringColumn) String(i int) string       { return c.vals[i] }
func (c stringColumn) Float(int) (float64, bool) { return 0, false }
func (c stringColumn) Value(i int) any {
	if c.vals[i] == "" {
		return nil
	}
	return c.vals[i]
}

// floats makes a float column; nil entries are nulls.
func floats(vals ...any) floatColumn {
	c := floatColumn{vals: make([]float64, len(vals)), nulls: make([]bool, len(vals))}
	for i, v := range vals {
		if v == nil {
			c.nulls[i] = true
			continue
		}
		switch x := v.(type) {
		case int:
			c.vals[i] = float64(x)
		case float64:
			c.vals[i] = x
		}
	}
	return c
}

// starTable is four rows: name, ra [deg], dec [deg], mag (one null).
func starTable() *votable.Table {
	return &votable.Table{
		Fields: []votable.Field{
			{Name: "name", Datatype: "char", Arraysize: "*", UCD: "meta.id;meta.main", Description: "Star name"},
			{Name: "ra", Datatype: "double", Unit: "deg", UCD: "pos.eq.ra;meta.main"},
			{Name: "dec", Datatype: "double", Unit: "deg", UCD: "pos.eq.dec;meta.main"},
			{Name: "mag", Datatype: "float", Unit: "mag", UCD: "phot.mag;em.opt.V"},
		},
		Columns: []votable.Column{
			stringColumn{[]string{"beta Cen", "Alpha Cen", "Sirius", "gamma Vel"}},
			floats(210.96, 219.9, 101.29, 122.38),
			floats(-60.37, -60.83, -16.72, -47.34),
			floats(0.6, nil, -1.46, 1.83),
		},
	}
}

// newShown makes a ResultTable in an 800x500 test window showing tbl.
func newShown(t testing.TB, tbl *votable.Table, info Info) (*ResultTable, fyne.Window) {
	w := test.NewTempWindow(t, nil)
	rt := New(w, runtest.Inline)
	w.SetContent(rt)
	w.Resize(fyne.NewSize(800, 500))
	rt.SetTable(tbl, info)
	return rt, w
}

// cellText reads a cell the way the screen does: through the grid's own
// CreateCell/UpdateCell callbacks.
func gridText(rt *ResultTable, row, col int) string {
	c := rt.grid.CreateCell()
	rt.grid.UpdateCell(widget.TableCellID{Row: row, Col: col}, c)
	return c.(*dataCell).full
}

func headerOf(rt *ResultTable, col int) *headerCell {
	h := rt.grid.CreateHeader().(*headerCell)
	rt.grid.UpdateHeader(widget.TableCellID{Row: -1, Col: col}, h)
	return h
}

// columnTexts lists the cells of one view column, top to bottom.
func columnTexts(rt *ResultTable, col int) []string {
	rows, _ := rt.grid.Length()
	out := make([]string, rows)
	for r := range out {
		out[r] = gridText(rt, r, col)
	}
	return out
}

// renderedCells walks the rendered widget tree and returns the data cells on
// screen, keyed by their cell id.
func renderedCells(o fyne.CanvasObject) map[widget.TableCellID]*dataCell {
	out := map[widget.TableCellID]*dataCell{}
	uitest.Walk(o, func(o fyne.CanvasObject) bool {
		if c, ok := o.(*dataCell); ok {
			out[c.id] = c
			return false
		}
		return true
	})
	return out
}
