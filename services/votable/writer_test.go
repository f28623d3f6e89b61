package votable

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func allTypesTable(t *testing.T) *Table {
	t.Helper()
	fields := []Field{
		{Name: "b", Datatype: "boolean"},
		{Name: "bit", Datatype: "bit"},
		{Name: "u8", Datatype: "unsignedByte"},
		{Name: "i16", Datatype: "short", Null: "-1"},
		{Name: "i32", Datatype: "int"},
		{Name: "i64", Datatype: "long", Unit: "byte", UCD: "phys.size", Description: "size & more"},
		{Name: "f32", Datatype: "float"},
		{Name: "f64", Datatype: "double", Unit: "deg", Utype: "x:y", Xtype: "z", Width: "8", Precision: "3"},
		{Name: "s", Datatype: "char", Arraysize: "*"},
		{Name: "s5", Datatype: "char", Arraysize: "5"},
		{Name: "u", Datatype: "unicodeChar", Arraysize: "*"},
		{Name: "c64", Datatype: "floatComplex"},
		{Name: "c128", Datatype: "doubleComplex"},
		{Name: "d3", Datatype: "double", Arraysize: "3"},
		{Name: "ivar", Datatype: "int", Arraysize: "*"},
		{Name: "bits", Datatype: "bit", Arraysize: "*"},
		{Name: "bools", Datatype: "boolean", Arraysize: "3"},
		{Name: "names", Datatype: "char", Arraysize: "4x*"},
		{Name: "l2x2", Datatype: "long", Arraysize: "2x*"},
	}
	b := NewTable(fields)
	rows := [][]string{
		{"T", "1", "255", "-32768", "-7", "9007199254740993", "1.25", "3.141592653589793", `a<b & "c"`, "abcde", "Grüße 日本", "1 -2", "1e300 -1e-300", "1 2 3", "1 2 3 4", "1 0 1", "T F T", "abcdefghij", "1 2 3 4"},
		{"", "0", "", "-1", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""},
		{"false", "0", "0", "5", "2147483647", "-9223372036854775808", "NaN", "-Inf", " leading", "x", "ü", "NaN 1", "0 0", "NaN 0 1", "-1", "1", "F F F", "ab", "5 6"},
	}
	for _, r := range rows {
		if err := b.AppendRow(r); err != nil {
			t.Fatal(err)
		}
	}
	return b.Build()
}

func TestWriteRoundTrip(t *testing.T) {
	tb := allTypesTable(t)
	for _, ser := range []string{"TABLEDATA", "BINARY2"} {
		var buf bytes.Buffer
		if err := WriteDocument(&buf, tb, nil, nil, ser, Status{Value: "OVERFLOW", Message: "limit <1000>"}); err != nil {
			t.Fatal(err)
		}
		doc := mustParse(t, buf.String())
		back := doc.ResultsTable()
		if doc.Status().Value != "OVERFLOW" || doc.Status().Message != "limit <1000>" {
			t.Errorf("%s: status %+v", ser, doc.Status())
		}
		for c := range tb.Fields {
			if back.Fields[c].Name != tb.Fields[c].Name || back.Fields[c].Datatype != tb.Fields[c].Datatype ||
				back.Fields[c].Arraysize != tb.Fields[c].Arraysize || back.Fields[c].Unit != tb.Fields[c].Unit ||
				back.Fields[c].Description != tb.Fields[c].Description || back.Fields[c].Null != tb.Fields[c].Null ||
				back.Fields[c].Precision != tb.Fields[c].Precision || back.Fields[c].Xtype != tb.Fields[c].Xtype {
				t.Errorf("%s: field %d: %+v, want %+v", ser, c, back.Fields[c], tb.Fields[c])
			}
			for r := 0; r < tb.NumRows(); r++ {
				w, g := tb.Columns[c].Value(r), back.Columns[c].Value(r)
				if !sameValue(w, g) || tb.Columns[c].IsNull(r) != back.Columns[c].IsNull(r) {
					t.Errorf("%s: row %d %s: wrote %#v, read %#v", ser, r+1, tb.Fields[c].Name, w, g)
				}
			}
		}
	}
	// A selection of rows and columns, in the given order.
	var buf bytes.Buffer
	if err := WriteVOTable(&buf, tb, []int{2, 0}, []int{8, 4}, "BINARY2"); err != nil {
		t.Fatal(err)
	}
	back := mustParse(t, buf.String()).ResultsTable()
	if back.NumRows() != 2 || len(back.Fields) != 2 || back.Fields[0].Name != "s" || back.Columns[0].String(0) != " leading" || back.Columns[1].Value(1) != int32(-7) {
		t.Errorf("selection: %+v", back.Fields)
	}
	if err := WriteVOTable(&buf, tb, nil, nil, "FITS"); err == nil {
		t.Error("FITS serialization accepted")
	}
	if err := WriteVOTable(&buf, tb, []int{3}, nil, "TABLEDATA"); err == nil {
		t.Error("row out of range accepted")
	}
}

func TestWriteCSV(t *testing.T) {
	tb := allTypesTable(t)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tb, nil, []int{0, 5, 8, 13}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\r\n") {
		t.Error("RFC 4180 wants CRLF line ends")
	}
	recs, err := csv.NewReader(strings.NewReader(buf.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"b", "i64", "s", "d3"},
		{"true", "9007199254740993", `a<b & "c"`, "1 2 3"},
		{"", "", "", ""},
		{"false", "-9223372036854775808", " leading", "NaN 0 1"},
	}
	if len(recs) != len(want) {
		t.Fatalf("%d records", len(recs))
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("record %d: %q, want %q", i, recs[i], want[i])
		}
	}
}
