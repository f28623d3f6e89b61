package schemabrowser

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"esodesk/internal/runtest"
	"esodesk/internal/uitest"
)

// esoLikeModel is a small model shaped like ESO tap_obs (plus one schema
// whose table names carry no schema prefix, as in tap_cat).
func esoLikeModel() []Schema {
	return []Schema{
		{Name: "TAP_SCHEMA", Description: "Service metadata", Tables: []Table{
			{Name: "TAP_SCHEMA.tables", Type: "table", Columns: []Column{{Name: "table_name", Datatype: "char", Arraysize: "*"}}},
		}},
		{Name: "ivoa", Description: "IVOA standard tables", Tables: []Table{
			{Name: "ivoa.ObsCore", Type: "view", Description: "Reduced data products (ObsCore 1.1)\nsecond line",
				Columns: []Column{
					{Name: "dp_id", Datatype: "char", Arraysize: "*", UCD: "meta.id", Indexed: true, Primary: true, Principal: true, Description: "Data product identifier"},
					{Name: "s_ra", Datatype: "double", Unit: "deg", UCD: "pos.eq.ra", Utype: "obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1", Indexed: true, Principal: true, Description: "Right ascension of the centre"},
					{Name: "s_region", Datatype: "char", Arraysize: "*", Xtype: "adql:REGION", Nullable: true, Description: "Footprint"},
					{Name: "snr", Datatype: "float", Description: "Signal to noise ratio"},
				},
				ForeignKeys: []ForeignKey{{TargetTable: "phase3v2.product_files", From: []string{"dp_id"}, Target: []string{"product_id"}, Description: "files of the product"}},
			},
		}},
		{Name: "dbo", Description: "Raw data", Tables: []Table{
			{Name: "dbo.raw", Type: "table", Description: "All raw frames", Columns: []Column{
				{Name: "dp_id", Datatype: "char", Arraysize: "*", Indexed: true},
				{Name: "ra", Datatype: "double", Unit: "deg", Indexed: true},
				{Name: "object", Datatype: "char", Arraysize: "*", Description: "Target name"},
			}},
			{Name: "dbo.ssa", Type: "table", Description: "Spectra", Columns: []Column{{Name: "access_url", Datatype: "char"}}},
		}},
		{Name: "safcat", Description: "Catalogues", Tables: []Table{
			{Name: "KiDS_DR4_1", Type: "table", Description: "KiDS catalogue", Columns: []Column{{Name: "RAJ2000", Unit: "deg"}}},
		}},
	}
}

type fixture struct {
	t        *testing.T
	b        *Browser
	w        fyne.Window
	inserted []string
	clock    time.Time
	ui       chan func()
}

func newFixture(t *testing.T, schemas []Schema) *fixture {
	t.Helper()
	test.NewTempApp(t)
	f := &fixture{t: t, b: New(runtest.Inline), clock: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	f.b.now = func() time.Time { return f.clock }
	f.b.OnInsert = func(s string) { f.inserted = append(f.inserted, s) }
	f.w = test.NewTempWindow(t, f.b)
	f.w.Resize(fyne.NewSize(520, 900))
	if schemas != nil {
		f.b.SetSchemas(schemas)
	}
	return f
}

// uiLoop makes the browser hand background results to the test goroutine,
// as a real driver hands them to its UI goroutine; runNext runs the next one.
func (f *fixture) uiLoop() {
	f.ui = make(chan func(), 16)
	f.b.run = func(fn func()) { f.ui <- fn }
}

func (f *fixture) runNext(timeout time.Duration) bool {
	select {
	case fn := <-f.ui:
		fn()
		return true
	case <-time.After(timeout):
		return false
	}
}

// rows returns the visible tree rows as "name|extra|badge".
func (f *fixture) rows() []string {
	var out []string
	for _, r := range f.rowWidgets() {
		out = append(out, r.name.Text+"|"+r.extra.Text+"|"+r.badge.Text)
	}
	return out
}

func (f *fixture) rowNames() []string {
	var out []string
	for _, r := range f.rowWidgets() {
		out = append(out, r.name.Text)
	}
	return out
}

func (f *fixture) rowWidgets() []*nodeRow {
	var rows []*nodeRow
	uitest.Walk(f.b.tree, func(o fyne.CanvasObject) bool {
		if r, ok := o.(*nodeRow); ok {
			rows = append(rows, r)
			return false
		}
		return true
	})
	// The tree lays rows out top to bottom; keep that order.
	sortByY(rows)
	return rows
}

func sortByY(rows []*nodeRow) {
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && absY(rows[j]) < absY(rows[j-1]); j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
}

func absY(o fyne.CanvasObject) float32 {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y
}

// row finds the visible row whose name is name.
func (f *fixture) row(name string) *nodeRow {
	f.t.Helper()
	for _, r := range f.rowWidgets() {
		if r.name.Text == name {
			return r
		}
	}
	f.t.Fatalf("no visible row %q; rows: %v", name, f.rowNames())
	return nil
}

func assertContains(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not contain %q:\n%s", what, w, text)
		}
	}
}

func assertRows(t *testing.T, got []string, want ...string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
}
