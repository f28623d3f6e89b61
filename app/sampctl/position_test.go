package sampctl

import (
	"strings"
	"testing"

	"esodesk/services/votable"
)

func table(t *testing.T, fields, rows string) *votable.Table {
	t.Helper()
	doc, err := votable.Parse(strings.NewReader(`<VOTABLE version="1.4"><RESOURCE type="results"><TABLE>` +
		fields + `<DATA><TABLEDATA>` + rows + `</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`))
	if err != nil {
		t.Fatal(err)
	}
	return doc.ResultsTable()
}

func TestPosition(t *testing.T) {
	for _, tc := range []struct {
		name, fields, rows string
		ra, dec            float64
		ok                 bool
	}{
		{"main UCDs win", `<FIELD name="ra" datatype="double" ucd="pos.eq.ra"/><FIELD name="dec" datatype="double" ucd="pos.eq.dec"/>` +
			`<FIELD name="x" datatype="double" ucd="pos.eq.ra;meta.main"/><FIELD name="y" datatype="double" ucd="pos.eq.dec;meta.main"/>`,
			`<TR><TD>1</TD><TD>2</TD><TD>10.5</TD><TD>-20.25</TD></TR>`, 10.5, -20.25, true},
		{"ObsCore names", `<FIELD name="s_ra" datatype="double"/><FIELD name="s_dec" datatype="double"/>`,
			`<TR><TD>83.6</TD><TD>22.0</TD></TR>`, 83.6, 22.0, true},
		{"hours", `<FIELD name="RAJ2000" datatype="double" unit="h"/><FIELD name="DEJ2000" datatype="double"/>`,
			`<TR><TD>2</TD><TD>5</TD></TR>`, 30, 5, true},
		{"null", `<FIELD name="ra" datatype="double"/><FIELD name="dec" datatype="double"/>`,
			`<TR><TD></TD><TD>5</TD></TR>`, 0, 0, false},
		{"no position", `<FIELD name="mag" datatype="double"/>`, `<TR><TD>1</TD></TR>`, 0, 0, false},
		{"out of range", `<FIELD name="ra" datatype="double"/><FIELD name="dec" datatype="double"/>`,
			`<TR><TD>10</TD><TD>95</TD></TR>`, 0, 0, false},
	} {
		ra, dec, ok := Position(table(t, tc.fields, tc.rows), 0)
		if ok != tc.ok || ra != tc.ra || dec != tc.dec {
			t.Errorf("%s: %v %v %v, want %v %v %v", tc.name, ra, dec, ok, tc.ra, tc.dec, tc.ok)
		}
	}
	if _, _, ok := Position(nil, 0); ok {
		t.Error("nil table")
	}
}
