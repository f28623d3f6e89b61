package calselector

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"esodesk/internal/esotables"
	"esodesk/internal/fixtures"
	"esodesk/services/votable"
)

const musetsv = "eso_astroquery_examples/extracted/calselector_raw2master_votable_MUSE.2018-06-05T01_06_59.418.tsv"

// readTSV returns the header and data rows of an extracted astropy table
// (comment lines, then header, unit row, dtype row, data).
func readTSV(t *testing.T, rel string) (header []string, rows [][]string) {
	e := fixtures.ReadESOTable(t, rel)
	return e.Header, e.Rows
}

// museVOTable writes the TSV rows as the VOTable ESO serves them.
func museVOTable(t *testing.T) (header []string, rows [][]string, doc []byte) {
	header, rows = readTSV(t, musetsv)
	return header, rows, esotables.DataLinkVOTable(t, header, rows)
}

func TestParseVOTableRealMUSE(t *testing.T) {
	header, rows, doc := museVOTable(t)
	groups, err := ParseVOTable(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 {
		t.Fatalf("groups = %d, want 1", len(groups))
	}
	g := groups[0]
	if g.DPID != "MUSE.2018-06-05T01:06:59.418" {
		t.Errorf("dp_id %q", g.DPID)
	}
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	sem, cat, acc, clen, desc := col("semantics"), col("eso_category"), col("access_url"), col("content_length"), col("description")

	// Expected values straight from the TSV rows.
	var wantCals []string
	var thisRow, treeRow []string
	for _, r := range rows {
		switch {
		case r[sem] == "#this":
			thisRow = r
		case r[sem] == "#calibration":
			wantCals = append(wantCals, r[cat])
		case r[cat] == "ASSOCIATION_TREE":
			treeRow = r
		}
	}
	if thisRow == nil || treeRow == nil || len(wantCals) != 17 {
		t.Fatalf("fixture changed: this=%v tree=%v cals=%d", thisRow != nil, treeRow != nil, len(wantCals))
	}
	if g.This == nil || g.This.AccessURL != thisRow[acc] || g.This.Category != "OBJECT" {
		t.Fatalf("#this row = %+v", g.This)
	}
	if g.This.Description != thisRow[desc] {
		t.Errorf("description %q", g.This.Description)
	}
	f := g.Flags
	if f.Category != "SCI" || f.Type != "main" || f.Mode != "Raw2Master" || f.Messages != "" {
		t.Errorf("flags = %+v", f)
	}
	if f.Certified == nil || !*f.Certified || f.Complete == nil || !*f.Complete {
		t.Errorf("certified/complete should be true: %+v", f)
	}
	if len(g.Calibrations) != len(wantCals) {
		t.Fatalf("calibrations = %d, want %d", len(g.Calibrations), len(wantCals))
	}
	for i, c := range g.Calibrations {
		if c.Category != wantCals[i] {
			t.Errorf("calibration %d category %q, want %q", i, c.Category, wantCals[i])
		}
	}
	// Sizes: the 4.8 GB masters need int64.
	for _, r := range rows {
		if r[cat] != "MASTER_BIAS" {
			continue
		}
		want, _ := strconv.ParseInt(r[clen], 10, 64)
		for _, c := range g.Calibrations {
			if c.Category == "MASTER_BIAS" && c.ContentLength != want {
				t.Errorf("MASTER_BIAS length %d, want %d", c.ContentLength, want)
			}
		}
	}
	if g.Tree == nil || g.Tree.AccessURL != treeRow[acc] || !strings.Contains(g.Tree.AccessURL, "mode=Raw2Master") {
		t.Errorf("tree row = %+v", g.Tree)
	}
	if len(g.Siblings) != 0 || len(g.Errors) != 0 || len(g.Other) != 0 {
		t.Errorf("unexpected rows: siblings %d errors %d other %d", len(g.Siblings), len(g.Errors), len(g.Other))
	}
	if n := 2 + len(g.Calibrations); n != len(rows) {
		t.Errorf("rows accounted %d of %d", n, len(rows))
	}
}

func TestParseFlags(t *testing.T) {
	f := ParseFlags(`category="SCI" certified="false" complete="false" mode="Raw2Raw" type="main" messages="Missing MASTER_SKY_FLAT_IMG; using raw flats instead"`)
	if f.Category != "SCI" || f.Mode != "Raw2Raw" || f.Type != "main" {
		t.Errorf("%+v", f)
	}
	if f.Certified == nil || *f.Certified || f.Complete == nil || *f.Complete {
		t.Errorf("certified/complete should be false: %+v", f)
	}
	if f.Messages != "Missing MASTER_SKY_FLAT_IMG; using raw flats instead" {
		t.Errorf("messages %q", f.Messages)
	}
	g := ParseFlags(`  Mode='Raw2Master'  stray "quoted words" extra=bare note="say \"hi\" = ok" complete=maybe`)
	if g.Mode != "Raw2Master" || g.Extra["extra"] != "bare" || g.Extra["note"] != `say "hi" = ok` || g.Complete != nil {
		t.Errorf("%+v", g)
	}
	if h := ParseFlags(`Calibration file associated to the input raw observation(s)`); h.Mode != "" || len(h.Extra) != 0 {
		t.Errorf("prose parsed as pairs: %+v", h)
	}
	// Never loops or panics on odd text.
	for _, s := range []string{"=", "==", `"`, `a="unterminated`, `k=`, `=v`, `'`, "a = b", `x"y"=z`} {
		ParseFlags(s)
	}
}

func TestParseVOTableErrors(t *testing.T) {
	errDoc := `<?xml version="1.0"?><VOTABLE version="1.3" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">unknown dp_id XYZ</INFO></RESOURCE></VOTABLE>`
	if _, err := ParseVOTable(strings.NewReader(errDoc)); err == nil || !strings.Contains(err.Error(), "unknown dp_id XYZ") {
		t.Errorf("QUERY_STATUS=ERROR: %v", err)
	}
	if _, err := ParseVOTable(strings.NewReader(`<VOTABLE><RESOURCE><TABLE><FIELD name="x" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`)); err == nil || !strings.Contains(err.Error(), "semantics") {
		t.Errorf("non-DataLink table: %v", err)
	}
	if _, err := ParseVOTable(strings.NewReader("<VOTABLE><RESOURCE><TABLE>\n<FIELD name=\"ID\"")); err == nil {
		t.Errorf("truncated VOTable: no error")
	}
}

func TestParseVOTableSiblingsAndErrors(t *testing.T) {
	fields := []votable.Field{{Name: "ID", Datatype: "char", Arraysize: "*"}, {Name: "access_url", Datatype: "char", Arraysize: "*"},
		{Name: "error_message", Datatype: "char", Arraysize: "*"}, {Name: "semantics", Datatype: "char", Arraysize: "*"},
		{Name: "description", Datatype: "char", Arraysize: "*"}, {Name: "eso_category", Datatype: "char", Arraysize: "*"}}
	b := votable.NewTable(fields)
	for _, r := range [][]string{
		{"ivo://eso.org/ID?A.1", "u/A.1", "", "#this", `category="SCI" complete="false" mode="Raw2Raw" messages="Missing MASTER_BIAS, raw biases used"`, "OBJECT"},
		{"ivo://eso.org/ID?A.1", "u/A.2", "", "#this", "", "OBJECT"},
		{"ivo://eso.org/ID?A.1", "u/A.3", "", "http://archive.eso.org/rdf/datalink/eso#sibling_raw", "", "OBJECT"},
		{"ivo://eso.org/ID?A.1", "", "NotFoundFault: B.9", "#calibration", "", ""},
		{"ivo://eso.org/ID?A.1", "u/B.1", "", "#bias", "", "BIAS"},
		{"ivo://eso.org/ID?C.1", "u/C.1", "", "#this", `complete="true"`, "OBJECT"},
		{"ivo://eso.org/ID?C.1", "u/n", "", "http://archive.eso.org/rdf/datalink/eso#night_log", "", "NIGHT_LOG"},
	} {
		if err := b.AppendRow(r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := votable.WriteVOTable(&buf, b.Build(), nil, nil, "TABLEDATA"); err != nil {
		t.Fatal(err)
	}
	groups, err := ParseVOTable(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 2 || groups[0].DPID != "A.1" || groups[1].DPID != "C.1" {
		t.Fatalf("groups %d", len(groups))
	}
	a := groups[0]
	if a.This.AccessURL != "u/A.1" || len(a.Siblings) != 2 || len(a.Errors) != 1 || len(a.Calibrations) != 1 || a.Tree != nil {
		t.Errorf("A.1: this %s siblings %d errors %d cals %d", a.This.AccessURL, len(a.Siblings), len(a.Errors), len(a.Calibrations))
	}
	if a.Flags.Complete == nil || *a.Flags.Complete || a.Flags.Mode != "Raw2Raw" || a.Flags.Messages != "Missing MASTER_BIAS, raw biases used" {
		t.Errorf("A.1 flags %+v", a.Flags)
	}
	if c := groups[1]; len(c.Other) != 1 || c.Other[0].Category != "NIGHT_LOG" || c.Flags.Certified != nil {
		t.Errorf("C.1 %+v", c)
	}
}
