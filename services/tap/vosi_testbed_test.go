package tap

import (
	"context"
	"testing"

	"esodesk/services/vohttp"
)

func TestTestbedTables(t *testing.T) {
	s := New(testbed(t), nil)
	ts, err := s.Tables(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	raw := ts.Find("dbo.raw")
	if raw == nil {
		t.Fatalf("dbo.raw missing among %d tables", ts.NumTables())
	}
	if len(raw.Columns) == 0 {
		if raw, err = s.Table(context.Background(), "dbo.raw"); err != nil {
			t.Fatal(err)
		}
	}
	byName := map[string]Column{}
	for _, c := range raw.Columns {
		byName[c.Name] = c
	}
	dp, ok := byName["dp_id"]
	if !ok || dp.Description == "" || !dp.Primary || dp.Datatype != "char" {
		t.Fatalf("dp_id: %+v", dp)
	}
	var withUnit int
	for _, c := range raw.Columns {
		if c.Unit != "" {
			withUnit++
		}
	}
	if withUnit == 0 {
		t.Fatal("no column of dbo.raw has a unit")
	}
	if ts.Find("ivoa.obscore") == nil || ts.Find("tap_schema.columns") == nil {
		t.Fatal("ivoa.obscore or TAP_SCHEMA.columns missing")
	}
	// TAP_SCHEMA.columns refers to TAP_SCHEMA.tables by table_name.
	var fkOK bool
	for _, fk := range ts.Find("tap_schema.columns").ForeignKeys {
		if ts.Find(fk.TargetTable) != nil && len(fk.Columns) == 1 && fk.Columns[0].From == "table_name" {
			fkOK = true
		}
	}
	if !fkOK {
		t.Fatalf("foreign key of tap_schema.columns: %+v", ts.Find("tap_schema.columns").ForeignKeys)
	}

	one, err := s.Table(context.Background(), "dbo.raw")
	if err != nil {
		t.Fatal(err)
	}
	if one.Name != "dbo.raw" || len(one.Columns) != len(raw.Columns) {
		t.Fatalf("per-table answer differs: %d vs %d columns", len(one.Columns), len(raw.Columns))
	}
}

func TestTestbedCapabilitiesAndAvailability(t *testing.T) {
	s := New(testbed(t), nil)
	c, err := s.Capabilities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c.OutputLimit.Default <= 0 || c.OutputLimit.Hard < c.OutputLimit.Default || !c.HasLanguage("ADQL") {
		t.Fatalf("%+v", c.OutputLimit)
	}
	a, err := s.Availability(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !a.Available {
		t.Fatalf("testbed says unavailable: %+v", a)
	}
}

func TestTestbedExamples(t *testing.T) {
	s := New(testbed(t), nil)
	ex, err := s.Examples(context.Background())
	if vohttp.StatusCode(err) == 404 {
		t.Skip("the testbed serves no /examples yet")
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(ex) == 0 {
		t.Fatal("examples page without examples")
	}
	for _, e := range ex {
		if e.Name == "" || e.Query == "" {
			t.Fatalf("incomplete example %+v", e)
		}
	}
	// The extracted text is runnable ADQL (line breaks and quotes intact).
	if _, err := s.Sync(context.Background(), Query{ADQL: ex[0].Query, MaxRec: 5}, nil); err != nil {
		t.Fatalf("example %q: %v", ex[0].Name, err)
	}
}
