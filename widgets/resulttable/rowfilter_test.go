package resulttable

import (
	"slices"
	"testing"

	"esodesk/services/votable"
)

// The row filter hides rows together with (AND) the text filter, and nil
// shows them again.
func TestSetRowFilterAndsWithTextFilter(t *testing.T) {
	rt, _ := newShown(t, starTable(), Info{})
	rt.SetRowFilter(func(r int) bool { return r != 1 }) // not Alpha Cen
	rt.WaitIdle()
	if got := columnTexts(rt, 0); !slices.Equal(got, []string{"beta Cen", "Sirius", "gamma Vel"}) {
		t.Fatalf("row filter: %v", got)
	}
	rt.SetFilter("cen")
	rt.WaitIdle()
	if got := columnTexts(rt, 0); !slices.Equal(got, []string{"beta Cen"}) {
		t.Fatalf("row filter AND text: %v", got)
	}
	rt.SetRowFilter(nil)
	rt.WaitIdle()
	if got := columnTexts(rt, 0); !slices.Equal(got, []string{"beta Cen", "Alpha Cen"}) {
		t.Fatalf("text only: %v", got)
	}
	// a new row filter is applied even though the text is the same
	rt.SetRowFilter(func(r int) bool { return r == 1 })
	rt.WaitIdle()
	if got := columnTexts(rt, 0); !slices.Equal(got, []string{"Alpha Cen"}) {
		t.Fatalf("second row filter: %v", got)
	}
	if rt.VisibleRows() != 1 {
		t.Fatalf("VisibleRows %d", rt.VisibleRows())
	}
}

// withColumn is tbl with one more double column.
func withColumn(tbl *votable.Table, name string, vals ...any) *votable.Table {
	out := *tbl
	out.Fields = append(slices.Clone(tbl.Fields), votable.Field{Name: name, Datatype: "double"})
	out.Columns = append(slices.Clone(tbl.Columns), floats(vals...))
	return &out
}

// A column added by UpdateTable is shown and sorts by number; the sort,
// the hidden columns and the selection survive the update, and removing
// the column again falls back to model order.
func TestUpdateTableKeepsSortAndSelection(t *testing.T) {
	base := starTable()
	rt, _ := newShown(t, base, Info{Service: "test"})
	rt.SortBy(1, false) // ra descending
	rt.WaitIdle()
	rt.SetColumnVisible(2, false)
	rt.SelectModelRows([]int{0, 2})
	before := columnTexts(rt, 0)

	ext := withColumn(base, "seeing_med", 0.9, 10.0, nil, 2.5)
	rt.UpdateTable(ext)
	rt.WaitIdle()
	if got := columnTexts(rt, 0); !slices.Equal(got, before) {
		t.Fatalf("order changed by the update: %v, was %v", got, before)
	}
	if !slices.Equal(rt.SelectedRows(), []int{0, 2}) {
		t.Fatalf("selection %v", rt.SelectedRows())
	}
	if rt.ColumnVisible(2) || !rt.ColumnVisible(4) {
		t.Fatalf("visibility: dec %v, seeing_med %v", rt.ColumnVisible(2), rt.ColumnVisible(4))
	}
	if rt.Info().Service != "test" {
		t.Fatalf("info lost")
	}
	rt.SortBy(4, true)
	rt.WaitIdle()
	// by number (10 after 2.5, not before it as text would), nulls last
	if got := columnTexts(rt, 0); !slices.Equal(got, []string{"beta Cen", "gamma Vel", "Alpha Cen", "Sirius"}) {
		t.Fatalf("sort by the new column: %v", got)
	}
	if !slices.Equal(rt.SelectedRows(), []int{0, 2}) {
		t.Fatalf("selection after sort %v", rt.SelectedRows())
	}
	rt.UpdateTable(base)
	rt.WaitIdle()
	if col, _ := rt.SortState(); col != -1 {
		t.Fatalf("sort column %d after its column went", col)
	}
	if got := columnTexts(rt, 0); !slices.Equal(got, []string{"beta Cen", "Alpha Cen", "Sirius", "gamma Vel"}) {
		t.Fatalf("model order: %v", got)
	}
	if !slices.Equal(rt.SelectedRows(), []int{0, 2}) {
		t.Fatalf("selection after removal %v", rt.SelectedRows())
	}
	// a table of other rows starts afresh
	other := withColumn(&votable.Table{Fields: base.Fields[:1], Columns: []votable.Column{stringColumn{[]string{"x"}}}}, "v", 1.0)
	rt.UpdateTable(other)
	if len(rt.SelectedRows()) != 0 || rt.Table() != other {
		t.Fatalf("a different table kept the selection %v", rt.SelectedRows())
	}
}
