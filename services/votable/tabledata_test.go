package votable

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

func mustParse(t *testing.T, doc string) *Document {
	t.Helper()
	d, err := Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return d
}

// vot wraps FIELDs and rows in a VOTable 1.4 document.
func vot(fields, data string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="results"><TABLE>` + fields + `<DATA>` + data + `</DATA></TABLE></RESOURCE></VOTABLE>`
}

func TestTabledataScalars(t *testing.T) {
	fields := `<FIELD name="b" datatype="boolean"/>
<FIELD name="u" datatype="unsignedByte"/>
<FIELD name="s" datatype="short"><VALUES null="-99"/></FIELD>
<FIELD name="i" datatype="int"/>
<FIELD name="l" datatype="long"><VALUES null="-1"/></FIELD>
<FIELD name="f" datatype="float"/>
<FIELD name="d" datatype="double"/>
<FIELD name="c" datatype="char" arraysize="*"/>
<FIELD name="uc" datatype="unicodeChar" arraysize="*"/>
<FIELD name="fc" datatype="floatComplex"/>
<FIELD name="dc" datatype="doubleComplex"/>
<FIELD name="bit" datatype="bit"/>`
	rows := `<TABLEDATA>
<TR><TD>T</TD><TD>255</TD><TD>-32768</TD><TD>2147483647</TD><TD>9223372036854775807</TD><TD>1.5</TD><TD>-2.25e-300</TD><TD>a &amp; b &lt;c&gt;</TD><TD>Grüße</TD><TD>1 2</TD><TD>-1.5 2.5e10</TD><TD>1</TD></TR>
<TR><TD>false</TD><TD>0x10</TD><TD>-99</TD><TD> -7 </TD><TD>-1</TD><TD>NaN</TD><TD>+Inf</TD><TD><![CDATA[x<y]]></TD><TD/><TD></TD><TD>NaN NaN</TD><TD>0</TD></TR>
<TR><TD>?</TD><TD/><TD>12</TD><TD></TD><TD>0x7fffffffffffffff</TD><TD></TD><TD>-Inf</TD><TD></TD><TD>ok</TD><TD>0 -0</TD><TD>0 0</TD><TD></TD></TR>
</TABLEDATA>`
	tb := mustParse(t, vot(fields, rows)).ResultsTable()
	if tb.NumRows() != 3 {
		t.Fatalf("%d rows", tb.NumRows())
	}
	want := [][]any{
		{true, uint8(255), int16(-32768), int32(math.MaxInt32), int64(math.MaxInt64), float32(1.5), -2.25e-300, "a & b <c>", "Grüße", complex64(complex(1, 2)), complex(-1.5, 2.5e10), true},
		{false, uint8(16), nil, int32(-7), nil, nil, math.Inf(1), "x<y", nil, nil, nil, false},
		{nil, nil, int16(12), nil, int64(math.MaxInt64), nil, math.Inf(-1), nil, "ok", complex64(complex(0, float32(math.Copysign(0, -1)))), complex(0, 0), nil},
	}
	for r, row := range want {
		for c, w := range row {
			col := tb.Columns[c]
			got := col.Value(r)
			if !reflect.DeepEqual(got, w) {
				t.Errorf("row %d %s: got %#v, want %#v", r+1, tb.Fields[c].Name, got, w)
			}
			if (w == nil) != col.IsNull(r) {
				t.Errorf("row %d %s: IsNull=%v", r+1, tb.Fields[c].Name, col.IsNull(r))
			}
			if w == nil && col.String(r) != "" {
				t.Errorf("row %d %s: null shows %q", r+1, tb.Fields[c].Name, col.String(r))
			}
		}
	}
	if v, ok := tb.Columns[3].Float(1); !ok || v != -7 {
		t.Errorf("Float of int: %v %v", v, ok)
	}
	if _, ok := tb.Columns[5].Float(1); ok {
		t.Errorf("Float of NaN should not be ok")
	}
	if s := tb.Columns[6].String(0); s != "-2.25e-300" {
		t.Errorf("String of double: %q", s)
	}
}

func TestTabledataArrays(t *testing.T) {
	fields := `<FIELD name="fix" datatype="double" arraysize="3"/>
<FIELD name="var" datatype="int" arraysize="*"/>
<FIELD name="bnd" datatype="short" arraysize="4*"/>
<FIELD name="two" datatype="float" arraysize="2x2"/>
<FIELD name="twovar" datatype="long" arraysize="2x*"/>
<FIELD name="bits" datatype="bit" arraysize="5"/>
<FIELD name="bools" datatype="boolean" arraysize="*"/>
<FIELD name="cplx" datatype="doubleComplex" arraysize="2"/>
<FIELD name="names" datatype="char" arraysize="4x*"/>
<FIELD name="fixnames" datatype="char" arraysize="3x2"/>
<FIELD name="fixchar" datatype="char" arraysize="8"/>`
	rows := `<TABLEDATA>
<TR><TD>1 2 3</TD><TD>5 6</TD><TD>1</TD><TD>1 2 3 4</TD><TD>1 2 3 4 5 6</TD><TD>10110</TD><TD>T F ?</TD><TD>1 2 3 4</TD><TD>ab  cdefgh  </TD><TD>xy z  </TD><TD>abc</TD></TR>
<TR><TD>NaN 1e3 -0.5</TD><TD></TD><TD/><TD>NaN NaN NaN NaN</TD><TD></TD><TD>0 0 0 0 1</TD><TD></TD><TD>NaN NaN 0 1</TD><TD></TD><TD></TD><TD></TD></TR>
</TABLEDATA>`
	tb := mustParse(t, vot(fields, rows)).ResultsTable()
	nan := math.NaN()
	want := [][]any{
		{[]float64{1, 2, 3}, []int32{5, 6}, []int16{1}, []float32{1, 2, 3, 4}, []int64{1, 2, 3, 4, 5, 6}, []bool{true, false, true, true, false}, []bool{true, false, false}, []complex128{1 + 2i, 3 + 4i}, []string{"ab", "cdef", "gh"}, []string{"xy", "z"}, "abc"},
		{[]float64{nan, 1000, -0.5}, nil, nil, []float32{float32(nan), float32(nan), float32(nan), float32(nan)}, nil, []bool{false, false, false, false, true}, nil, []complex128{complex(nan, nan), 1i}, nil, nil, nil},
	}
	for r, row := range want {
		for c, w := range row {
			got := tb.Columns[c].Value(r)
			if !sameValue(got, w) {
				t.Errorf("row %d %s: got %#v, want %#v", r+1, tb.Fields[c].Name, got, w)
			}
			if (w == nil) != tb.Columns[c].IsNull(r) {
				t.Errorf("row %d %s: IsNull=%v", r+1, tb.Fields[c].Name, tb.Columns[c].IsNull(r))
			}
		}
	}
	if s := tb.Columns[0].String(0); s != "1 2 3" {
		t.Errorf("array String %q", s)
	}
}

// sameValue is reflect.DeepEqual with NaN equal to NaN.
func sameValue(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	if va.Type() != vb.Type() {
		return false
	}
	if va.Kind() != reflect.Slice {
		return sameScalar(va, vb)
	}
	if va.Len() != vb.Len() {
		return false
	}
	for i := 0; i < va.Len(); i++ {
		if !sameScalar(va.Index(i), vb.Index(i)) {
			return false
		}
	}
	return true
}

func sameScalar(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y || (x != x && y != y)
	case reflect.Complex64, reflect.Complex128:
		x, y := a.Complex(), b.Complex()
		eq := func(p, q float64) bool { return p == q || (p != p && q != q) }
		return eq(real(x), real(y)) && eq(imag(x), imag(y))
	}
	return a.Interface() == b.Interface()
}

func TestMetadataAndInfoPlacement(t *testing.T) {
	doc := mustParse(t, `<?xml version="1.0"?>
<!DOCTYPE VOTABLE>
<VOTABLE version="1.3" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
 <DESCRIPTION>top</DESCRIPTION>
 <INFO name="top" value="1">top info</INFO>
 <PARAM name="p0" datatype="int" value="3"/>
 <RESOURCE type="meta" ID="first"><TABLE name="aux"><FIELD name="x" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE>
 <RESOURCE type="results" name="res">
  <INFO name="QUERY_STATUS" value="OK"/>
  <PARAM name="rp" datatype="char" arraysize="*" value="v"><DESCRIPTION>rp desc</DESCRIPTION></PARAM>
  <TABLE name="main" ID="t1" utype="u:t">
   <DESCRIPTION>the table</DESCRIPTION>
   <FIELD name="ra" ID="ra_id" datatype="double" unit="deg" ucd="pos.eq.ra;meta.main" utype="obscore:ra" xtype="x" width="10" precision="6" ref="sys">
     <DESCRIPTION> Right ascension </DESCRIPTION>
     <VALUES><MIN value="0"/><MAX value="360"/><OPTION name="a" value="1"><OPTION value="2"/></OPTION></VALUES>
     <LINK content-role="doc" href="http://x/doc"/>
   </FIELD>
   <PARAM name="tp" datatype="double" value="1.5"/>
   <GROUP name="g" ucd="u"><FIELDref ref="ra_id"/><PARAMref ref="tp"/><PARAM name="gp" datatype="int" value="2"/><GROUP name="inner"/></GROUP>
   <DATA><TABLEDATA><TR><TD>10.5</TD></TR></TABLEDATA>
   <INFO name="QUERY_STATUS" value="OVERFLOW">truncated at 1 row</INFO></DATA>
  </TABLE>
  <RESOURCE type="meta" utype="adhoc:service" ID="svc"><GROUP name="inputParams"><PARAM name="ID" datatype="char" arraysize="*" value="" ref="ra_id"/></GROUP></RESOURCE>
 </RESOURCE>
</VOTABLE>`)
	if doc.Version != "1.3" || doc.Description != "top" || len(doc.Infos) != 1 || doc.Infos[0].Content != "top info" || len(doc.Params) != 1 {
		t.Errorf("document metadata: %+v", doc)
	}
	if len(doc.Resources) != 2 {
		t.Fatalf("%d resources", len(doc.Resources))
	}
	tb := doc.ResultsTable()
	if tb.Name != "main" || tb.Description != "the table" || tb.NumRows() != 1 {
		t.Fatalf("results table %+v", tb)
	}
	f := tb.Fields[0]
	wantField := Field{ID: "ra_id", Name: "ra", Datatype: "double", Width: "10", Precision: "6", Unit: "deg",
		UCD: "pos.eq.ra;meta.main", Utype: "obscore:ra", Xtype: "x", Ref: "sys", Description: "Right ascension",
		Min: "0", Max: "360", Options: []Option{{Name: "a", Value: "1", Options: []Option{{Value: "2"}}}},
		Links: []Link{{ContentRole: "doc", Href: "http://x/doc"}}}
	if !reflect.DeepEqual(f, wantField) {
		t.Errorf("field\n got %+v\nwant %+v", f, wantField)
	}
	g := tb.Groups[0]
	if g.Name != "g" || g.FieldRefs[0] != "ra_id" || g.ParamRefs[0] != "tp" || g.Params[0].Value != "2" || g.Groups[0].Name != "inner" {
		t.Errorf("group %+v", g)
	}
	st := doc.Status()
	if st.Value != "OVERFLOW" || st.Message != "truncated at 1 row" {
		t.Errorf("status %+v", st)
	}
	sds := doc.ServiceDescriptors()
	if len(sds) != 1 || sds[0].ID != "svc" || sds[0].Groups[0].Params[0].Ref != "ra_id" {
		t.Errorf("service descriptors %+v", sds)
	}
	if p := doc.Resources[1].Params[0]; p.Value != "v" || p.Description != "rp desc" {
		t.Errorf("resource param %+v", p)
	}
}

func TestStatusPlacement(t *testing.T) {
	table := `<TABLE><FIELD name="a" datatype="int"/>%s<DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA>%s</DATA>%s</TABLE>`
	info := func(v, text string) string {
		return `<INFO name="QUERY_STATUS" value="` + v + `">` + text + `</INFO>`
	}
	cases := []struct {
		name, doc, value, msg string
	}{
		{"none", `<VOTABLE><RESOURCE type="results">` + fmt.Sprintf(table, "", "", "") + `</RESOURCE></VOTABLE>`, "", ""},
		{"ok in table, overflow after data", `<VOTABLE><RESOURCE type="results">` + fmt.Sprintf(table, info("OK", ""), "", info("OVERFLOW", "")) + `</RESOURCE></VOTABLE>`, "OVERFLOW", "OVERFLOW"},
		{"error text", `<VOTABLE><RESOURCE type="results">` + info("ERROR", " Query failed: bad ADQL ") + `</RESOURCE></VOTABLE>`, "ERROR", "Query failed: bad ADQL"},
		{"error at top level", `<VOTABLE>` + info("ERROR", "boom") + `<RESOURCE type="results"/></VOTABLE>`, "ERROR", "boom"},
		{"after the table", `<VOTABLE><RESOURCE type="results">` + fmt.Sprintf(table, "", "", "") + info("OK", "") + `</RESOURCE></VOTABLE>`, "OK", "OK"},
		{"meta resource ignored", `<VOTABLE><RESOURCE type="meta">` + info("ERROR", "not me") + `</RESOURCE><RESOURCE type="results">` + info("OK", "") + `</RESOURCE></VOTABLE>`, "OK", "OK"},
	}
	for _, c := range cases {
		st := mustParse(t, c.doc).Status()
		if st.Value != c.value || st.Message != c.msg {
			t.Errorf("%s: %+v, want %s %q", c.name, st, c.value, c.msg)
		}
	}
}

func TestNamespacesAndVersions(t *testing.T) {
	body := `<RESOURCE><TABLE><FIELD name="a" datatype="int"/><DATA><TABLEDATA><TR><TD>7</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE>`
	docs := map[string]string{
		"1.0 no namespace": `<VOTABLE version="1.0">` + body + `</VOTABLE>`,
		"1.1":              `<VOTABLE version="1.1" xmlns="http://www.ivoa.net/xml/VOTable/v1.1">` + body + `</VOTABLE>`,
		"1.2":              `<VOTABLE version="1.2" xmlns="http://www.ivoa.net/xml/VOTable/v1.2">` + body + `</VOTABLE>`,
		"1.4":              `<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">` + body + `</VOTABLE>`,
		"prefixed": `<vot:VOTABLE version="1.3" xmlns:vot="http://www.ivoa.net/xml/VOTable/v1.3">` +
			strings.NewReplacer("</", "</vot:", "<", "<vot:").Replace(body) + `</vot:VOTABLE>`,
	}
	for name, d := range docs {
		doc, err := Parse(strings.NewReader(d))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if v := doc.ResultsTable().Columns[0].Value(0); v != int32(7) {
			t.Errorf("%s: got %#v", name, v)
		}
	}
}

func TestMalformedTabledata(t *testing.T) {
	fields := `<FIELD name="n" datatype="int"/><FIELD name="s" datatype="char" arraysize="*"/>`
	cases := []struct {
		name, data      string
		line, row, col  int
		field, contains string
	}{
		{"bad number", "<TABLEDATA>\n<TR><TD>1</TD><TD>a</TD></TR>\n<TR><TD>x1</TD><TD>b</TD></TR></TABLEDATA>", 5, 2, 1, "n", "bad int"},
		{"too few cells", "<TABLEDATA><TR><TD>1</TD></TR></TABLEDATA>", 0, 1, 2, "s", "1 cells, expected 2"},
		{"too many cells", "<TABLEDATA><TR><TD>1</TD><TD>a</TD><TD>b</TD></TR></TABLEDATA>", 0, 1, 3, "", "more than 2 cells"},
		{"unclosed TD", "<TABLEDATA><TR><TD>1</TD><TD>a</TR></TABLEDATA>", 0, 1, 2, "s", "unexpected </TR>"},
		{"overflow", "<TABLEDATA><TR><TD>99999999999</TD><TD>a</TD></TR></TABLEDATA>", 0, 1, 1, "n", "bad int"},
	}
	for _, c := range cases {
		_, err := Parse(strings.NewReader(vot(fields, c.data)))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: got %v, want a *ParseError", c.name, err)
			continue
		}
		if pe.Row != c.row || pe.Column != c.col || pe.Field != c.field || !strings.Contains(pe.Msg, c.contains) || (c.line > 0 && pe.Line != c.line) {
			t.Errorf("%s: got %+v", c.name, *pe)
		}
	}
	// Errors in the XML structure carry a line.
	for name, d := range map[string]string{
		"truncated":        "<VOTABLE>\n<RESOURCE>\n<TABLE>",
		"mismatched":       "<VOTABLE>\n<RESOURCE>\n</TABLE></VOTABLE>",
		"no tabledata end": vot(fields, "<TABLEDATA><TR><TD>1</TD><TD>a</TD></TR>")[:200],
		"unterminated tag": "<VOTABLE>\n<RESOURCE type=\"x",
		"not votable":      "<html></html>",
	} {
		_, err := Parse(strings.NewReader(d))
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line == 0 {
			t.Errorf("%s: got %#v, want a *ParseError with a line", name, err)
		}
	}
}

func TestMaxRowsProgressCancel(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("<TABLEDATA>\n")
	const n = 50000
	for i := 0; i < n; i++ {
		sb.WriteString("<TR><TD>")
		sb.WriteString(strings.Repeat("x", i%7))
		sb.WriteString("</TD><TD>1.5</TD></TR>\n")
	}
	sb.WriteString("</TABLEDATA>")
	doc := vot(`<FIELD name="s" datatype="char" arraysize="*"/><FIELD name="d" datatype="double"/>`, sb.String()) +
		"" // INFO after the data must still be read after MaxRows
	doc = strings.Replace(doc, "</TABLE>", `</TABLE><INFO name="QUERY_STATUS" value="OVERFLOW"/>`, 1)

	full := mustParse(t, doc).ResultsTable()
	if full.NumRows() != n {
		t.Fatalf("%d rows, want %d", full.NumRows(), n)
	}
	for i := 0; i < n; i += 997 {
		if got := full.Columns[0].String(i); got != strings.Repeat("x", i%7) {
			t.Fatalf("row %d: %q", i, got)
		}
	}
	var last int
	d, err := ParseContext(context.Background(), strings.NewReader(doc), Options{MaxRows: 1234, Progress: func(r int) { last = r }})
	if err != nil {
		t.Fatal(err)
	}
	if d.ResultsTable().NumRows() != 1234 || last != 1234 || !d.ResultsTable().Truncated {
		t.Errorf("MaxRows: %d rows, last progress %d, truncated %v", d.ResultsTable().NumRows(), last, d.ResultsTable().Truncated)
	}
	if full.Truncated {
		t.Error("full parse marked truncated")
	}
	for _, max := range []int{n, n + 1} {
		d, err := ParseContext(context.Background(), strings.NewReader(doc), Options{MaxRows: max})
		if err != nil || d.ResultsTable().NumRows() != n || d.ResultsTable().Truncated {
			t.Errorf("MaxRows %d of %d rows: %v, truncated %v", max, n, err, d.ResultsTable().Truncated)
		}
	}
	if d.Status().Value != "OVERFLOW" {
		t.Errorf("status after MaxRows: %+v", d.Status())
	}
	// Cancelled after the first chunk of a document of several chunks.
	big := vot(`<FIELD name="s" datatype="char" arraysize="*"/><FIELD name="d" datatype="double"/>`,
		"<TABLEDATA>"+strings.Repeat("<TR><TD>abc</TD><TD>1.5</TD></TR>\n", 3*chunkSize/32)+"</TABLEDATA>")
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := ParseContext(ctx, strings.NewReader(big), Options{Progress: func(int) { cancel() }}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled during the data: %v", err)
	}
	if _, err := ParseContext(ctx, strings.NewReader(doc), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled parse: %v", err)
	}
}

func TestTableBuilder(t *testing.T) {
	b := NewTable([]Field{{Name: "id", Datatype: "long"}, {Name: "name", Datatype: "char", Arraysize: "*"}, {Name: "v", Datatype: "double", Arraysize: "2"}})
	if err := b.AppendRow([]string{"1", "one", "1 2"}); err != nil {
		t.Fatal(err)
	}
	if err := b.AppendRow([]string{"", "", ""}); err != nil {
		t.Fatal(err)
	}
	if err := b.AppendRow([]string{"3", "x", "bad"}); err == nil {
		t.Fatal("bad double accepted")
	}
	if err := b.AppendRow([]string{"3"}); err == nil {
		t.Fatal("short row accepted")
	}
	tb := b.Build()
	if tb.NumRows() != 2 {
		t.Fatalf("%d rows", tb.NumRows())
	}
	for _, c := range tb.Columns {
		if c.Len() != 2 || !c.IsNull(1) {
			t.Errorf("column len %d, null %v", c.Len(), c.IsNull(1))
		}
	}
	if tb.Columns[0].Value(0) != int64(1) || tb.Columns[1].String(0) != "one" || tb.Columns[2].String(0) != "1 2" {
		t.Errorf("row 1: %v %v %v", tb.Columns[0].Value(0), tb.Columns[1].String(0), tb.Columns[2].String(0))
	}
	if _, err := NewTable([]Field{{Name: "x", Datatype: "nope"}}).Build(), NewTable([]Field{{Name: "x", Datatype: "nope"}}).AppendRow([]string{"1"}); err == nil {
		t.Error("unknown datatype accepted")
	}
}

func TestParseErrorText(t *testing.T) {
	cases := map[string]ParseError{
		"votable: line 3, row 2, column 4 (ra): bad double": {Line: 3, Row: 2, Column: 4, Field: "ra", Msg: "bad double"},
		"votable: row 7: short row":                         {Row: 7, Msg: "short row"},
		"votable: line 9: unclosed <TABLE>":                 {Line: 9, Msg: "unclosed <TABLE>"},
		"votable: no VOTABLE element":                       {Msg: "no VOTABLE element"},
	}
	for want, e := range cases {
		if got := e.Error(); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestIndexRare(t *testing.T) {
	pat := []byte("</TABLEDATA")
	for _, text := range []string{"", "</TABLEDATA", "x</TABLEDATA>", "BBB</TAB</TABLEDATA", "</TABLEDAT", "ABLEDATA</TABLEDATA>", "<TD>B</TD></TABLEDATA"} {
		if got, want := indexRare([]byte(text), pat, len(pat)-7), strings.Index(text, string(pat)); got != want {
			t.Errorf("%q: %d, want %d", text, got, want)
		}
	}
}
