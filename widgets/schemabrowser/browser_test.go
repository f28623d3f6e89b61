package schemabrowser

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

func TestShowsSchemasTablesAndColumns(t *testing.T) {
	f := newFixture(t, esoLikeModel())
	// Schemas sorted by name, TAP_SCHEMA last, with their table counts.
	assertRows(t, f.rows(),
		"dbo|Raw data|2 tables",
		"ivoa|IVOA standard tables|1 table",
		"safcat|Catalogues|1 table",
		"TAP_SCHEMA|Service metadata|1 table")
	if got := f.b.count.Text; got != "5 tables in 4 schemas" {
		t.Errorf("count = %q", got)
	}

	f.b.tree.OpenBranch(schemaID(1)) // ivoa
	f.b.tree.OpenBranch(tableID(1, 0))
	assertRows(t, f.rows(),
		"dbo|Raw data|2 tables",
		"ivoa|IVOA standard tables|1 table",
		"ObsCore|Reduced data products (ObsCore 1.1)|view",
		"dp_id|Data product identifier|key indexed",
		"s_ra [deg]|Right ascension of the centre|indexed",
		"s_region|Footprint|",
		"snr|Signal to noise ratio|",
		"safcat|Catalogues|1 table",
		"TAP_SCHEMA|Service metadata|1 table")
}

func TestEmptyModelSaysSo(t *testing.T) {
	f := newFixture(t, []Schema{})
	if !f.b.emptyLabel.Visible() || f.b.emptyLabel.Text != "No tables" {
		t.Errorf("empty label %q visible=%v", f.b.emptyLabel.Text, f.b.emptyLabel.Visible())
	}
	if len(f.rows()) != 0 {
		t.Errorf("rows %v", f.rows())
	}
}

func TestFilterNarrowsAndClears(t *testing.T) {
	f := newFixture(t, esoLikeModel())
	f.b.tree.OpenBranch(schemaID(0)) // the user opens dbo

	f.b.SetFilter("S_RA") // case-insensitive, matches a column only
	assertRows(t, f.rows(),
		"ivoa|IVOA standard tables|1 of 1 table",
		"ObsCore|Reduced data products (ObsCore 1.1)|view",
		"s_ra [deg]|Right ascension of the centre|indexed")
	if got := f.b.count.Text; got != "1 table matches" {
		t.Errorf("count = %q", got)
	}
	if f.b.Filter() != "S_RA" {
		t.Errorf("Filter() = %q", f.b.Filter())
	}

	// A table description match shows the table with all its columns, closed.
	f.b.SetFilter("raw frames")
	assertRows(t, f.rows(),
		"dbo|Raw data|1 of 2 tables",
		"raw|All raw frames|")
	f.b.tree.OpenBranch(tableID(0, 0))
	if n := len(f.rows()); n != 5 {
		t.Errorf("dbo.raw opened under a table match shows %d rows, want 2+3: %v", n, f.rows())
	}

	// "dp_id" is in two tables: both show, with only the matching column.
	f.b.SetFilter("dp_id")
	assertRows(t, f.rows(),
		"dbo|Raw data|1 of 2 tables",
		"raw|All raw frames|",
		"dp_id||indexed",
		"ivoa|IVOA standard tables|1 of 1 table",
		"ObsCore|Reduced data products (ObsCore 1.1)|view",
		"dp_id|Data product identifier|key indexed")
	if got := f.b.count.Text; got != "2 tables match" {
		t.Errorf("count = %q", got)
	}

	f.b.SetFilter("no such thing")
	if len(f.rows()) != 0 || !f.b.emptyLabel.Visible() || f.b.count.Text != "0 tables match" {
		t.Errorf("rows %v, empty label %q, count %q", f.rows(), f.b.emptyLabel.Text, f.b.count.Text)
	}

	// Clearing restores the unfiltered tree with the branch the user had open.
	f.b.SetFilter("")
	assertRows(t, f.rows(),
		"dbo|Raw data|2 tables",
		"raw|All raw frames|",
		"ssa|Spectra|",
		"ivoa|IVOA standard tables|1 table",
		"safcat|Catalogues|1 table",
		"TAP_SCHEMA|Service metadata|1 table")
	if f.b.emptyLabel.Visible() {
		t.Error("empty label still visible")
	}
}

func TestFilterMatchesQualifiedTableNameAndSchema(t *testing.T) {
	f := newFixture(t, esoLikeModel())
	f.b.SetFilter("safcat.kids")
	assertRows(t, f.rows(), "safcat|Catalogues|1 of 1 table", "KiDS_DR4_1|KiDS catalogue|")
	f.b.SetFilter("standard tables") // schema description: all its tables
	assertRows(t, f.rows(), "ivoa|IVOA standard tables|1 of 1 table", "ObsCore|Reduced data products (ObsCore 1.1)|view")
}

func TestTypedFilterIsDebouncedAndAppliedOnce(t *testing.T) {
	f := newFixture(t, esoLikeModel())
	f.uiLoop()
	var applied []string
	f.b.filterApplied = func() { applied = append(applied, f.b.view.query) }

	test.Type(f.b.filter, "snr") // three OnChanged calls in a row
	if !f.runNext(30 * time.Second) {
		t.Fatal("filter never applied")
	}
	for f.runNext(3 * filterDelay) { // stale results, if any, must be dropped
	}
	if len(applied) != 1 || applied[0] != "snr" {
		t.Fatalf("applied %q, want only the last text", applied)
	}
	assertRows(t, f.rows(),
		"ivoa|IVOA standard tables|1 of 1 table",
		"ObsCore|Reduced data products (ObsCore 1.1)|view",
		"snr|Signal to noise ratio|")
}

func TestStaleFilterResultIsDropped(t *testing.T) {
	f := newFixture(t, esoLikeModel())
	f.uiLoop()
	f.b.startFilter("dbo", 0)
	// The first result is on its way to the UI goroutine (taken off the
	// queue here, not yet run) when the user sets a filter. Waiting for it
	// first keeps SetFilter from stopping a timer that has not fired yet
	// on a busy machine.
	var stale func()
	select {
	case stale = <-f.ui:
	case <-time.After(30 * time.Second):
		t.Fatal("background filter never finished")
	}
	f.b.SetFilter("kids")
	stale()
	if f.b.Filter() != "kids" || f.b.view.query != "kids" {
		t.Errorf("stale result applied: entry %q, view %q", f.b.Filter(), f.b.view.query)
	}
	assertRows(t, f.rows(), "safcat|Catalogues|1 of 1 table", "KiDS_DR4_1|KiDS catalogue|")
}

func TestDetailsForTableAndColumn(t *testing.T) {
	f := newFixture(t, esoLikeModel())
	var selected []string
	f.b.OnTableSelected = func(s, tb string) { selected = append(selected, s+"/"+tb) }

	f.b.tree.Select(tableID(1, 0))
	assertContains(t, "table details", f.b.details.Text,
		"ivoa.ObsCore\n", "Type: view\n", "Columns: 4 (2 indexed)\n",
		"Description: Reduced data products (ObsCore 1.1)\nsecond line\n",
		"Foreign keys:\n  → phase3v2.product_files (dp_id = product_id): files of the product\n",
		"indexed columns")
	if len(selected) != 1 || selected[0] != "ivoa/ivoa.ObsCore" {
		t.Errorf("OnTableSelected calls: %v", selected)
	}
	if f.b.insertBtn.Disabled() {
		t.Error("Insert button disabled for a table")
	}

	f.b.tree.Select(columnID(1, 0, 1))
	assertContains(t, "column details", f.b.details.Text,
		"s_ra\n", "Table: ivoa.ObsCore\n", "Datatype: double\n", "Unit: deg\n", "UCD: pos.eq.ra\n",
		"Utype: obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1\n",
		"Xtype: —\n", "Flags: indexed, principal\n", "Description: Right ascension of the centre\n",
		"Indexed: constraints on this column are fast")

	f.b.tree.Select(columnID(1, 0, 2))
	assertContains(t, "column details", f.b.details.Text,
		"Datatype: char[*]\n", "Xtype: adql:REGION\n", "Flags: nullable\n", "Not indexed")

	f.b.tree.Select(schemaID(0))
	assertContains(t, "schema details", f.b.details.Text, "Schema dbo\n", "Tables: 2\n", "Raw data")
	if !f.b.insertBtn.Disabled() {
		t.Error("Insert button enabled for a schema")
	}
	if !f.b.details.Selectable || f.b.details.Wrapping != fyne.TextWrapWord {
		t.Error("details pane must be selectable and word-wrapped")
	}
}

func TestFilterDropsHiddenSelection(t *testing.T) {
	f := newFixture(t, esoLikeModel())
	f.b.tree.Select(tableID(0, 1)) // dbo.ssa
	f.b.SetFilter("obscore")
	if f.b.selected.kind != kindNone || !strings.HasPrefix(f.b.details.Text, "Select a table") {
		t.Errorf("selection kept although hidden: %+v, details %q", f.b.selected, f.b.details.Text)
	}
	f.b.tree.Select(tableID(1, 0))
	f.b.SetFilter("") // the selected table stays selected and visible
	if f.b.selected != parseNodeID(tableID(1, 0)) {
		t.Errorf("selection lost on clearing the filter: %+v", f.b.selected)
	}
	f.row("ObsCore")
}

func TestDoubleClickInsertsColumnAndTable(t *testing.T) {
	f := newFixture(t, esoLikeModel())
	f.b.tree.OpenBranch(schemaID(1))
	f.b.tree.OpenBranch(tableID(1, 0))

	test.Tap(f.row("s_ra [deg]"))
	if len(f.inserted) != 0 {
		t.Fatalf("a single tap inserted %v", f.inserted)
	}
	if f.b.selected != parseNodeID(columnID(1, 0, 1)) {
		t.Errorf("tap did not select the column: %+v", f.b.selected)
	}
	f.clock = f.clock.Add(250 * time.Millisecond)
	test.Tap(f.row("s_ra [deg]"))
	if len(f.inserted) != 1 || f.inserted[0] != "s_ra" {
		t.Fatalf("double click inserted %v, want [s_ra]", f.inserted)
	}

	// A third tap right after is a new first tap, not another double click.
	test.Tap(f.row("s_ra [deg]"))
	if len(f.inserted) != 1 {
		t.Errorf("third tap inserted again: %v", f.inserted)
	}

	// Two slow taps are two single clicks.
	f.clock = f.clock.Add(time.Second)
	test.Tap(f.row("ObsCore"))
	f.clock = f.clock.Add(doubleTapWindow + time.Millisecond)
	test.Tap(f.row("ObsCore"))
	if len(f.inserted) != 1 {
		t.Errorf("slow taps inserted %v", f.inserted)
	}
	f.clock = f.clock.Add(100 * time.Millisecond)
	test.Tap(f.row("ObsCore"))
	if got := f.inserted[len(f.inserted)-1]; len(f.inserted) != 2 || got != "ivoa.ObsCore" {
		t.Errorf("double click on table inserted %v", f.inserted)
	}

	// Taps on two different rows are not a double click.
	test.Tap(f.row("snr"))
	f.clock = f.clock.Add(50 * time.Millisecond)
	test.Tap(f.row("s_region"))
	if len(f.inserted) != 2 {
		t.Errorf("taps on different rows inserted %v", f.inserted)
	}
}

func TestDoubleClickOnUnprefixedTableQualifiesIt(t *testing.T) {
	f := newFixture(t, esoLikeModel())
	f.b.tree.OpenBranch(schemaID(2)) // safcat
	test.Tap(f.row("KiDS_DR4_1"))
	test.Tap(f.row("KiDS_DR4_1"))
	if len(f.inserted) != 1 || f.inserted[0] != "safcat.KiDS_DR4_1" {
		t.Errorf("inserted %v", f.inserted)
	}
}

func TestDoubleClickOnSchemaTogglesIt(t *testing.T) {
	f := newFixture(t, esoLikeModel())
	test.Tap(f.row("dbo"))
	test.Tap(f.row("dbo"))
	if !f.b.tree.IsBranchOpen(schemaID(0)) || len(f.inserted) != 0 {
		t.Errorf("open=%v inserted=%v", f.b.tree.IsBranchOpen(schemaID(0)), f.inserted)
	}
}

func TestInsertButtonAndEnterKey(t *testing.T) {
	f := newFixture(t, esoLikeModel())
	f.b.tree.OpenBranch(schemaID(0))
	f.b.tree.OpenBranch(tableID(0, 0))

	test.Tap(f.row("object"))
	if f.w.Canvas().Focused() != f.b.tree {
		t.Fatal("tapping a row did not focus the tree")
	}
	f.b.tree.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(f.inserted) != 1 || f.inserted[0] != "object" {
		t.Fatalf("Enter inserted %v", f.inserted)
	}
	test.Tap(f.b.insertBtn)
	if len(f.inserted) != 2 || f.inserted[1] != "object" {
		t.Fatalf("Insert button inserted %v", f.inserted)
	}

	// Move the keyboard highlight up to "ra" and press Enter: that node is
	// selected and inserted.
	f.b.tree.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	f.b.tree.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnter})
	if len(f.inserted) != 3 || f.inserted[2] != "ra" {
		t.Fatalf("Up, Enter inserted %v", f.inserted)
	}
	if !strings.HasPrefix(f.b.details.Text, "ra\n") {
		t.Errorf("details after Enter: %q", f.b.details.Text)
	}
}

func TestContextMenuInsert(t *testing.T) {
	f := newFixture(t, esoLikeModel())
	f.b.tree.OpenBranch(schemaID(0))
	test.TapSecondary(f.row("raw"))
	top := f.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no context menu")
	}
	item := findTappableWithText(top, "Insert into query")
	if item == nil {
		t.Fatal("no \"Insert into query\" item")
	}
	test.Tap(item)
	if len(f.inserted) != 1 || f.inserted[0] != "dbo.raw" {
		t.Errorf("menu inserted %v", f.inserted)
	}
}

func TestLoadingErrorAndRetry(t *testing.T) {
	f := newFixture(t, nil)
	f.b.SetLoading("Loading tables from http://127.0.0.1:8080/tap…")
	if !f.b.loadingView.Visible() || f.b.mainView.Visible() || f.b.errorView.Visible() {
		t.Error("loading view not the only one shown")
	}
	if f.b.loadingLabel.Text != "Loading tables from http://127.0.0.1:8080/tap…" {
		t.Errorf("loading text %q", f.b.loadingLabel.Text)
	}

	retries := 0
	f.b.OnRetry = func() { retries++ }
	f.b.SetError("HTTP 503 from http://127.0.0.1:8080/tap/tables")
	if !f.b.errorView.Visible() || f.b.loadingView.Visible() || f.b.mainView.Visible() {
		t.Error("error view not the only one shown")
	}
	if f.b.errorLabel.Text != "HTTP 503 from http://127.0.0.1:8080/tap/tables" {
		t.Errorf("error text %q", f.b.errorLabel.Text)
	}
	test.Tap(f.b.retryBtn)
	if retries != 1 {
		t.Errorf("Retry called OnRetry %d times", retries)
	}

	f.b.SetSchemas(esoLikeModel())
	if !f.b.mainView.Visible() || f.b.errorView.Visible() {
		t.Error("SetSchemas did not show the tree")
	}
	if len(f.rows()) != 4 {
		t.Errorf("rows after SetSchemas: %v", f.rows())
	}
}

func TestSetSchemasAppliesCurrentFilter(t *testing.T) {
	f := newFixture(t, nil)
	f.uiLoop()
	f.b.SetFilter("ssa")
	f.b.SetSchemas(esoLikeModel()) // filters in the background
	if len(f.rows()) != 0 || f.b.count.Text != "Filtering…" {
		t.Errorf("while filtering: rows %v, count %q", f.rows(), f.b.count.Text)
	}
	if !f.runNext(30 * time.Second) {
		t.Fatal("filter not applied to the new model")
	}
	assertRows(t, f.rows(), "dbo|Raw data|1 of 2 tables", "ssa|Spectra|")
}

// findTappableWithText finds, under o, the innermost tappable object that
// renders text.
func findTappableWithText(o fyne.CanvasObject, text string) fyne.Tappable {
	var found fyne.Tappable
	var walk func(o fyne.CanvasObject, tappable fyne.Tappable)
	walk = func(o fyne.CanvasObject, tappable fyne.Tappable) {
		if found != nil || o == nil {
			return
		}
		if tp, ok := o.(fyne.Tappable); ok {
			tappable = tp
		}
		switch x := o.(type) {
		case *canvas.Text:
			if x.Text == text && tappable != nil {
				found = tappable
			}
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c, tappable)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c, tappable)
			}
		}
	}
	walk(o, nil)
	return found
}
