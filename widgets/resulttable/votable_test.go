package resulttable

import (
	"bytes"
	"reflect"
	"testing"

	"fyne.io/fyne/v2/test"

	"esodesk/services/votable"
)

// builtTable uses the votable package's own columns (TABLEDATA semantics: an
// empty cell is null), as tables from the parser will be.
func builtTable(t *testing.T) *votable.Table {
	t.Helper()
	b := votable.NewTable([]votable.Field{
		{Name: "dp_id", Datatype: "char", Arraysize: "*"},
		{Name: "exptime", Datatype: "double", Unit: "s"},
		{Name: "nexp", Datatype: "int"},
	})
	for _, row := range [][]string{
		{"ADP.2020-01-01T00:00:00.001", "300", "3"},
		{"ADP.2019-05-05T10:00:00.100", "", "12"},
		{"ADP.2021-11-11T11:11:11.111", "45.5", ""},
		{"adp.2018-02-02T02:02:02.002", "1200", "1"},
	} {
		if err := b.AppendRow(row); err != nil {
			t.Fatal(err)
		}
	}
	return b.Build()
}

func TestWithVOTableColumns(t *testing.T) {
	test.NewTempApp(t)
	rt, _ := newShown(t, builtTable(t), Info{})
	if !rt.numeric[1] || !rt.numeric[2] || rt.numeric[0] {
		t.Fatalf("numeric flags %v", rt.numeric)
	}
	rt.SortBy(2, true)
	rt.WaitIdle()
	if got := columnTexts(rt, 2); !reflect.DeepEqual(got, []string{"1", "3", "12", ""}) {
		t.Fatalf("nexp ascending %q", got)
	}
	rt.SortBy(1, false)
	rt.WaitIdle()
	if got := columnTexts(rt, 1); got[0] != "1200" || got[3] != "" {
		t.Fatalf("exptime descending %q", got)
	}
	rt.SortBy(0, true) // case-insensitive: adp.2018 first
	rt.WaitIdle()
	if got := columnTexts(rt, 0); got[0] != "adp.2018-02-02T02:02:02.002" {
		t.Fatalf("dp_id ascending %q", got)
	}
	rt.SetFilter("2019-05")
	rt.WaitIdle()
	if rt.VisibleRows() != 1 {
		t.Fatalf("filter kept %d rows", rt.VisibleRows())
	}

	// The exported VOTable reads back with our parser: same fields, view rows.
	var buf bytes.Buffer
	if err := rt.ExportVOTable(&buf); err != nil {
		t.Fatal(err)
	}
	doc, err := votable.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	back := doc.ResultsTable()
	if back == nil || back.NumRows() != 1 || len(back.Fields) != 3 || back.Fields[1].Unit != "s" {
		t.Fatalf("read back %+v", back)
	}
	if got := back.Columns[0].String(0); got != "ADP.2019-05-05T10:00:00.100" {
		t.Fatalf("row read back %q", got)
	}
	if !back.Columns[1].IsNull(0) || back.Columns[2].String(0) != "12" {
		t.Fatal("null or value lost in export")
	}
}
