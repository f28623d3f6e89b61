package datalink

import (
	"bytes"
	"strings"
	"testing"

	"esodesk/internal/fixtures"
	"esodesk/services/votable"
)

// esoLinks rebuilds a VOTable from ESO DataLink rows recorded as an astropy
// table printout (header, unit row, dtype row, data; "--" is a masked cell),
// writes it, and parses it back as a service response would be.
func esoLinks(t *testing.T, rel string) *Links {
	t.Helper()
	e := fixtures.ReadESOTable(t, rel)
	header, units, dtypes := e.Header, e.Units, e.Dtypes
	fields := make([]votable.Field, len(header))
	for i, name := range header {
		fields[i] = votable.Field{Name: name, Datatype: "char", Arraysize: "*", Unit: units[i]}
		if dtypes[i] == "int64" {
			fields[i].Datatype, fields[i].Arraysize = "long", ""
		}
	}
	b := votable.NewTable(fields)
	for _, row := range e.Rows {
		if err := b.AppendRow(row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := votable.WriteDocument(&buf, b.Build(), nil, nil, "TABLEDATA", votable.Status{Value: "OK"}); err != nil {
		t.Fatal(err)
	}
	doc, err := votable.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls.Rows) != len(e.Rows) {
		t.Fatalf("%d links from %d recorded rows", len(ls.Rows), len(e.Rows))
	}
	return ls
}

func TestESOProductLinks(t *testing.T) {
	ls := esoLinks(t, "eso_astroquery_examples/extracted/datalink_ADP.2018-06-21T20_32_57.736.tsv")
	if ls.Table.Fields[ls.Table.FieldIndex("content_length")].Unit != "byte" {
		t.Error("ESO's content_length unit (byte) was lost")
	}
	count := map[Group]int{}
	for i := range ls.Rows {
		count[ls.Rows[i].Group()]++
	}
	want := map[Group]int{GroupThis: 1, GroupServices: 1, GroupPreviews: 2, GroupAncillary: 6, GroupProgenitors: 3, GroupDocumentation: 1}
	for _, g := range Groups {
		if count[g] != want[g] {
			t.Errorf("%v: %d links, want %d", g, count[g], want[g])
		}
	}
	this := ls.Rows[ls.InGroup(GroupThis)[0]]
	if this.ContentLength != 3095853120 || this.ESOCategory != "SCIENCE.CUBE.IFS" ||
		this.ESOOrigFile != "MU_SCBC_1989464_2018-06-05T01:06:59.418_WFM-AO-N_OBJ.fits" ||
		this.AccessURL != "https://dataportal.eso.org/dataPortal/file/ADP.2018-06-21T20:32:57.736" ||
		this.ESODatalink != "https://archive.eso.org/datalink/links?ID=ivo://eso.org/ID?ADP.2018-06-21T20:32:57.736" {
		t.Errorf("#this = %+v", this)
	}
	cut := ls.Rows[ls.InGroup(GroupServices)[0]]
	if cut.Semantics != "#cutout" || cut.ServiceDef != "ADP.2018-06-21T20:32:57.736_soda" || cut.ContentLength != -1 || cut.Service != nil {
		t.Errorf("#cutout = %+v", cut) // the recorded rows lack ESO's descriptor resource
	}
	pngs := 0
	for _, i := range ls.InGroup(GroupAncillary) {
		l := ls.Rows[i]
		if !l.IsA("#auxiliary") || l.ESODatalink == "" {
			t.Errorf("ancillary row %+v", l)
		}
		if l.ESOCategory == "ANCILLARY.PREVIEW" {
			pngs++
			if l.ContentType != "image/png" {
				t.Errorf("ANCILLARY.PREVIEW is %q", l.ContentType)
			}
		}
	}
	if pngs != 4 {
		t.Errorf("%d ANCILLARY.PREVIEW rows, want 4", pngs)
	}
	for _, i := range ls.InGroup(GroupProgenitors) {
		l := ls.Rows[i]
		if l.ContentType != "application/x-fits-hcompress" || !strings.HasPrefix(l.ESODatalink, "https://archive.eso.org/datalink/links?ID=ivo://eso.org/ID?MUSE.") {
			t.Errorf("progenitor %+v", l)
		}
	}
	doc := ls.Rows[ls.InGroup(GroupDocumentation)[0]]
	if doc.Semantics != ESODataDocumentation || doc.ContentType != "application/pdf" {
		t.Errorf("documentation %+v", doc)
	}
}

func TestESORawFrameLinks(t *testing.T) {
	ls := esoLinks(t, "eso_astroquery_examples/extracted/datalink_raw_MUSE.2018-06-05T01_06_59.418.tsv")
	bySem := map[string][]Link{}
	for _, l := range ls.Rows {
		bySem[l.Semantics] = append(bySem[l.Semantics], l)
	}
	this := bySem["#this"]
	if len(this) != 1 || this[0].ESOOrigFile != "MUSE.2018-06-05T01:06:59.418.fits.fz" || this[0].ESOCategory != "" ||
		this[0].ContentLength != 286231680 {
		t.Errorf("#this = %+v", this)
	}
	derived := ls.InGroup(GroupDerived)
	if len(derived) != 3 || ls.Rows[derived[2]].ContentLength != 40763712960 || ls.Rows[derived[2]].ESOCategory != "SCIENCE.CUBE.IFS" {
		t.Errorf("derived = %v", derived)
	}
	cals := ls.InGroup(GroupCalibrations)
	if len(cals) != 2 || ls.Rows[cals[0]].Semantics != ESOCalSelectorRaw2Raw || ls.Rows[cals[1]].Semantics != ESOCalSelectorRaw2Master {
		t.Fatalf("calibrations = %v", cals)
	}
	if !strings.Contains(ls.Rows[cals[1]].AccessURL, "mode=Raw2Master&responseformat=votable") ||
		ls.Rows[cals[1]].ContentType != "application/x-votable+xml" {
		t.Errorf("raw2master link %+v", ls.Rows[cals[1]])
	}
	nl := bySem[ESONightLog]
	if len(nl) != 1 || nl[0].Group() != GroupDocumentation || nl[0].ESOCategory != "Night Log" ||
		nl[0].ContentType != "text/plain" || nl[0].ContentLength != 10000 || nl[0].ESODatalink != "" {
		t.Errorf("night log = %+v", nl)
	}
}

// CalSelector's votable reply has the DataLink shape: the #this row with the
// association summary, #calibration rows, and the ASSOCIATION_TREE link.
func TestESOCalSelectorReply(t *testing.T) {
	ls := esoLinks(t, "eso_astroquery_examples/extracted/calselector_raw2master_votable_MUSE.2018-06-05T01_06_59.418.tsv")
	this := ls.InGroup(GroupThis)
	if len(this) != 1 || !strings.Contains(ls.Rows[this[0]].Description, `mode="Raw2Master"`) || ls.Rows[this[0]].ESOCategory != "OBJECT" {
		t.Errorf("#this = %v", this)
	}
	var calibs int
	var bias, tree *Link
	for _, i := range ls.InGroup(GroupCalibrations) {
		l := &ls.Rows[i]
		switch {
		case l.Semantics == "#calibration":
			calibs++
			if l.ESOCategory == "MASTER_BIAS" {
				bias = l
			}
		case l.ESOCategory == "ASSOCIATION_TREE":
			tree = l
		}
	}
	if calibs != 17 || bias == nil || bias.ContentLength != 4851898560 ||
		bias.AccessURL != "https://dataportal.eso.org/dataPortal/file/M.MUSE.2018-06-11T08:52:34.073" {
		t.Errorf("%d calibrations, MASTER_BIAS %+v", calibs, bias)
	}
	if tree == nil || tree.Semantics != ESOCalSelectorRaw2Master || tree.ContentType != "application/xml" {
		t.Errorf("association tree %+v", tree)
	}
}

// ESO's content_length is the exact size of the archive's files but a
// round figure for what it makes on request (previews, pages, CalSelector
// lists, the night log, release descriptions): those are estimates.
func TestESOLengthsThatAreEstimates(t *testing.T) {
	estimated := map[string]bool{}
	for _, rel := range []string{
		"eso_astroquery_examples/extracted/datalink_ADP.2018-06-21T20_32_57.736.tsv",
		"eso_astroquery_examples/extracted/datalink_raw_MUSE.2018-06-05T01_06_59.418.tsv",
	} {
		for _, l := range esoLinks(t, rel).Rows {
			key := l.Semantics + " " + l.ContentType
			if l.ContentLength < 0 {
				if l.LengthEstimated {
					t.Errorf("%s: no length, yet an estimate", key)
				}
				continue
			}
			if prev, seen := estimated[key]; seen && prev != l.LengthEstimated {
				t.Errorf("%s: estimated and not", key)
			}
			estimated[key] = l.LengthEstimated
		}
	}
	for key, want := range map[string]bool{
		"#this application/fits":                                       false, // 3095853120: 2880-byte FITS blocks
		"#this application/x-fits-hcompress":                           false,
		"#auxiliary application/fits":                                  false,
		"#auxiliary image/png":                                         false,
		"#auxiliary ":                                                  false, // the README log, 556118 bytes
		"#progenitor application/x-fits-hcompress":                     false,
		"#derivation application/fits":                                 false,
		"#preview application/pdf":                                     true, // 1000000
		"#preview text/html":                                           true, // 1000000
		"http://archive.eso.org/rdf/datalink/eso#night_log text/plain": true, // 10000, "only an order of magnitude"
		"http://archive.eso.org/rdf/datalink/eso#calSelector_raw2raw application/x-votable+xml": true, // 500000
		"http://archive.eso.org/rdf/datalink/eso#data_documentation application/pdf":            true, // 1000000
	} {
		got, ok := estimated[key]
		if !ok {
			t.Errorf("no recorded link %q", key)
			continue
		}
		if got != want {
			t.Errorf("%s: estimate %v, want %v", key, got, want)
		}
	}
}
