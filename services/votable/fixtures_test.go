package votable

import (
	"os"
	"path/filepath"
	"testing"

	"esodesk/internal/fixtures"
)

func parseFile(t *testing.T, path string) *Document {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc
}

func cellByName(t *testing.T, tb *Table, row int, name string) Column {
	t.Helper()
	i := tb.FieldIndex(name)
	if i < 0 {
		t.Fatalf("no column %q", name)
	}
	return tb.Columns[i]
}

func TestRealQueryStatus(t *testing.T) {
	dir := fixtures.Path(t, "pyvo")
	cases := []struct{ file, status string }{
		{"query/basic.xml", "OK"},
		{"query/errorstatus.xml", "ERROR"},
		{"query/overflowstatus.xml", "OVERFLOW"}, // OK before the table, OVERFLOW after it
	}
	for _, c := range cases {
		doc := parseFile(t, filepath.Join(dir, c.file))
		if got := doc.Status().Value; got != c.status {
			t.Errorf("%s: status %q, want %q", c.file, got, c.status)
		}
		tb := doc.ResultsTable()
		if tb.NumRows() != 3 || len(tb.Fields) != 2 {
			t.Fatalf("%s: %d rows %d fields, want 3 and 2", c.file, tb.NumRows(), len(tb.Fields))
		}
		if v := tb.Columns[0].Value(1); v != int64(42) {
			t.Errorf("%s: row 2 col 1 = %#v, want int64 42", c.file, v)
		}
		if s := tb.Columns[1].String(1); s != "Don't panic, and always carry a towel" {
			t.Errorf("%s: row 2 col 2 = %q", c.file, s)
		}
		if tb.Fields[0].UCD != "foo;bar" || tb.Fields[1].Utype != "foobar" || tb.Fields[1].Arraysize != "37" {
			t.Errorf("%s: field metadata %+v", c.file, tb.Fields)
		}
	}
}

func TestRealSSA(t *testing.T) {
	doc := parseFile(t, fixtures.Path(t, "pyvo/ssa/result.xml"))
	tb := doc.ResultsTable()
	if tb.NumRows() != 36 || len(tb.Fields) != 33 {
		t.Fatalf("%d rows %d fields, want 36 and 33", tb.NumRows(), len(tb.Fields))
	}
	acref := cellByName(t, tb, 0, "AcRef")
	want := "http://vaosa-vm1.aoc.nrao.edu/ivoa-dal/JhuSsapServlet?REQUEST=getData&FORMAT=votable&PubDID=ivo%3A%2F%2Fjhu%2Fsdss%2Fdr6%2Fspec%2F2.5%2380442261170552832"
	if got := acref.String(0); got != want {
		t.Errorf("AcRef[0] = %q, want %q (entities decoded)", got, want)
	}
	score := cellByName(t, tb, 2, "Score")
	if v := score.Value(2); v != float32(0.2182701723871967) {
		t.Errorf("Score[2] = %#v", v)
	}
	if doc.Status().Value != "OK" {
		t.Errorf("status %+v", doc.Status())
	}
}

func TestRealObscore(t *testing.T) {
	doc := parseFile(t, fixtures.Path(t, "pyvo/tap/obscore-image.xml"))
	tb := doc.ResultsTable()
	if tb.NumRows() != 10 || len(tb.Fields) != 36 {
		t.Fatalf("%d rows %d fields, want 10 and 36", tb.NumRows(), len(tb.Fields))
	}
	if s := cellByName(t, tb, 0, "dataproduct_type").String(0); s != "image" {
		t.Errorf("dataproduct_type[0] = %q", s)
	}
	if s := cellByName(t, tb, 0, "obs_id").String(0); s != "potsdam/data/fits/POT032_000002E.fits" {
		t.Errorf("obs_id[0] = %q", s)
	}
	sra := cellByName(t, tb, 0, "s_ra")
	if v, ok := sra.Float(0); !ok || v != 3.50857212362378 {
		t.Errorf("s_ra[0] = %v %v", v, ok)
	}
	emMin := cellByName(t, tb, 0, "em_min")
	if !emMin.IsNull(0) { // NaN in the file
		t.Errorf("em_min[0] should be null (NaN)")
	}
	infos := doc.Resources[0].Infos
	if len(infos) == 0 || infos[0].Name != "server" || infos[0].Value != "http://dc.zah.uni-heidelberg.de" {
		t.Errorf("resource infos %+v", infos)
	}
}

func TestRealDatalink(t *testing.T) {
	dir := fixtures.Path(t, "pyvo")
	doc := parseFile(t, filepath.Join(dir, "datalink/datalink.xml"))
	tb := doc.ResultsTable()
	if tb.NumRows() != 4 {
		t.Fatalf("%d rows, want 4", tb.NumRows())
	}
	if s := cellByName(t, tb, 1, "service_def").String(1); s != "ndndtdihpgea" {
		t.Errorf("service_def[1] = %q", s)
	}
	if c := cellByName(t, tb, 0, "content_length"); !c.IsNull(0) { // -1 with VALUES null="-1"
		t.Errorf("content_length[0] should be null, is %v", c.Value(0))
	}
	if c := cellByName(t, tb, 0, "access_url"); !c.IsNull(1) { // <TD/>
		t.Errorf("access_url[1] should be null")
	}
	sds := doc.ServiceDescriptors()
	if len(sds) != 1 || sds[0].ID != "ndndtdihpgea" {
		t.Fatalf("service descriptors %+v", sds)
	}
	g, ok := sds[0].Group("inputParams")
	if !ok || len(g.Params) != 4 || g.Params[0].Name != "ID" || g.Params[0].Value != "ivo://org.gavo.dc/~?flashheros/data/ca90/f0011.mt" {
		t.Fatalf("inputParams %+v", g)
	}
	if g.Params[2].Name != "BAND" || g.Params[2].Arraysize != "2" || g.Params[2].Xtype != "interval" || g.Params[2].Unit != "m" {
		t.Errorf("BAND param %+v", g.Params[2])
	}
	if p, ok := sds[0].Param("accessURL"); !ok || p.Value != "http://dc.zah.uni-heidelberg.de/flashheros/q/sdl/dlget" {
		t.Errorf("accessURL %+v", p)
	}

	doc = parseFile(t, filepath.Join(dir, "datalink/proc.xml"))
	tb = doc.ResultsTable()
	if tb.NumRows() != 5 {
		t.Fatalf("proc.xml: %d rows, want 5", tb.NumRows())
	}
	if v := cellByName(t, tb, 1, "content_length").Value(1); v != int64(68708160) {
		t.Errorf("proc.xml content_length[1] = %#v", v)
	}
	if len(doc.ServiceDescriptors()) != 1 {
		t.Errorf("proc.xml: %d service descriptors", len(doc.ServiceDescriptors()))
	}

	doc = parseFile(t, filepath.Join(dir, "datalink/datalink-obscore.xml"))
	if doc.ResultsTable().NumRows() != 3 {
		t.Errorf("datalink-obscore: %d rows", doc.ResultsTable().NumRows())
	}
	sds = doc.ServiceDescriptors()
	if len(sds) != 1 {
		t.Fatalf("datalink-obscore: %d descriptors", len(sds))
	}
	if p, _ := sds[0].Param("accessURL"); p.Value != "https://example.com/obscore-datalink" {
		t.Errorf("accessURL %q", p.Value)
	}
	if g, ok := sds[0].Group("inputParams"); !ok || g.Params[0].Ref != "caomPlaneURI" {
		t.Errorf("inputParams %+v", g)
	}
}
