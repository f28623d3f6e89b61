package schemabrowser

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2/test"

	"esodesk/internal/runtest"
)

// bigModel is tap_cat-sized: one schema with nTables tables of nCols columns,
// plus a small second schema. Table 1234 has one distinctive column.
func bigModel(nTables, nCols int) []Schema {
	tables := make([]Table, nTables)
	for j := range tables {
		cols := make([]Column, nCols)
		for k := range cols {
			cols[k] = Column{Name: fmt.Sprintf("col%02d", k), Datatype: "double", Unit: "mag",
				Description: fmt.Sprintf("Measurement %d of catalogue %d", k, j), Indexed: k == 0}
		}
		if j == 1234 {
			cols[nCols-1].Name = "special_flux"
		}
		tables[j] = Table{Name: fmt.Sprintf("safcat.cat_%04d", j), Type: "table",
			Description: fmt.Sprintf("Catalogue number %d", j), Columns: cols}
	}
	return []Schema{
		{Name: "safcat", Description: "ESO catalogues", Tables: tables},
		{Name: "TAP_SCHEMA", Tables: []Table{{Name: "TAP_SCHEMA.columns"}}},
	}
}

func TestLargeModelLoadsAndFiltersLazily(t *testing.T) {
	f := newFixture(t, bigModel(5000, 20))
	if got := f.b.count.Text; got != "5001 tables in 2 schemas" {
		t.Errorf("count %q", got)
	}
	// Only the root's children exist; no table or column node was made.
	if f.b.stats.childLists > 2 || len(f.rows()) != 2 {
		t.Errorf("after load: %d child lists, rows %v", f.b.stats.childLists, f.rows())
	}

	f.b.tree.OpenBranch(schemaID(0))
	if rows := len(f.rows()); rows < 10 || rows > 60 {
		t.Errorf("opened schema renders %d rows; want only what fits the window", rows)
	}
	if f.b.stats.rowUpdates > 500 {
		t.Errorf("%d row updates for one window of rows", f.b.stats.rowUpdates)
	}

	f.b.stats.childLists = 0
	f.b.SetFilter("special_flux")
	assertRows(t, f.rows(),
		"safcat|ESO catalogues|1 of 5000 tables",
		"cat_1234|Catalogue number 1234|",
		"special_flux [mag]|Measurement 19 of catalogue 1234|")
	if f.b.stats.childLists > 3 {
		t.Errorf("filter built %d child lists", f.b.stats.childLists)
	}

	// A query matching a column in every table opens at most
	// maxAutoOpenTables of them.
	f.b.stats.childLists = 0
	f.b.SetFilter("col05")
	if got := f.b.count.Text; got != "5000 tables match" {
		t.Errorf("count %q", got)
	}
	open := 0
	for j := range 5000 {
		if f.b.tree.IsBranchOpen(tableID(0, j)) {
			open++
		}
	}
	if open != maxAutoOpenTables {
		t.Errorf("%d tables auto-opened, want %d", open, maxAutoOpenTables)
	}
	if f.b.stats.childLists > maxAutoOpenTables+2 {
		t.Errorf("filter built %d child lists", f.b.stats.childLists)
	}
	rows := f.rows()
	if len(rows) < 3 || rows[1] != "cat_0000|Catalogue number 0|" || rows[2] != "col05 [mag]|Measurement 5 of catalogue 0|" {
		t.Errorf("first rows %v", rows[:min(3, len(rows))])
	}

	f.b.SetFilter("")
	if len(f.rows()) <= 2 { // safcat stays open: the user opened it
		t.Errorf("rows after clearing: %v", f.rows())
	}
}

// BenchmarkFilter5000Tables measures one filter pass over 5,000 tables × 20
// columns (the search index is built once, before the timer).
func BenchmarkFilter5000Tables(b *testing.B) {
	c := newCatalog(bigModel(5000, 20))
	c.searchIndex()
	queries := []string{"special_flux", "col05", "catalogue 42", "zzz"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		computeView(c, queries[i%len(queries)])
		i++
	}
}

// BenchmarkSetFilterWidget5000Tables includes applying the result to a
// shown tree (closing/opening branches, layout).
func BenchmarkSetFilterWidget5000Tables(b *testing.B) {
	test.NewTempApp(b)
	br := New(runtest.Inline)
	w := test.NewTempWindow(b, br)
	_ = w
	br.SetSchemas(bigModel(5000, 20))
	br.SetFilter("warm")
	queries := []string{"special_flux", "col05", "catalogue 42", ""}
	i := 0
	for b.Loop() {
		br.SetFilter(queries[i%len(queries)])
		i++
	}
}
