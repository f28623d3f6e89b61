package datalink

import (
	"net/url"
	"os"
	"testing"

	"esodesk/internal/fixtures"
	"esodesk/services/votable"
)

func parseFixture(t *testing.T, rel string) *votable.Document {
	t.Helper()
	f, err := os.Open(fixtures.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := votable.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return doc
}

func TestPyvoDatalink(t *testing.T) {
	ls, err := Parse(parseFixture(t, "pyvo/datalink/datalink.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ls.Rows) != 4 {
		t.Fatalf("%d rows, want 4", len(ls.Rows))
	}
	const id = "ivo://org.gavo.dc/~?flashheros/data/ca90/f0011.mt"
	if got := ls.IDs(); len(got) != 1 || got[0] != id {
		t.Errorf("IDs = %q", got)
	}
	prog := ls.Rows[0]
	if prog.Semantics != "#progenitor" || prog.Group() != GroupProgenitors ||
		prog.ContentType != "application/x-votable+xml;content=datalink" || prog.ContentLength != -1 ||
		prog.Description != "Split Echelle Orders" {
		t.Errorf("progenitor row = %+v", prog)
	}
	this := ls.Rows[ls.InGroup(GroupThis)[0]]
	if this.AccessURL != "http://dc.zah.uni-heidelberg.de/getproduct/flashheros/data/ca90/f0011.mt" ||
		this.ContentLength != 100800 || this.ContentType != "image/fits" {
		t.Errorf("#this row = %+v", this)
	}
	if p := ls.InGroup(GroupPreviews); len(p) != 1 || ls.Rows[p[0]].ContentType != "image/png" {
		t.Errorf("previews = %v", p)
	}
	svc := ls.InGroup(GroupServices)
	if len(svc) != 1 {
		t.Fatalf("services = %v", svc)
	}
	proc := ls.Rows[svc[0]]
	if proc.ServiceDef != "ndndtdihpgea" || proc.AccessURL != "" || proc.Service == nil {
		t.Fatalf("#proc row not linked to its descriptor: %+v", proc)
	}
	sd := proc.Service
	if sd.AccessURL != "http://dc.zah.uni-heidelberg.de/flashheros/q/sdl/dlget" || sd.StandardID != "ivo://ivoa.net/std/SODA#sync-1.0" {
		t.Errorf("descriptor = %+v", sd)
	}
	names := []string{}
	for _, p := range sd.Inputs {
		names = append(names, p.Name)
	}
	if len(names) != 4 || names[0] != "ID" || names[1] != "FLUXCALIB" || names[2] != "BAND" || names[3] != "FORMAT" {
		t.Errorf("inputs = %v", names)
	}
	band, _ := sd.Input("band")
	if band.Unit != "m" || band.Xtype != "interval" || band.Min != "4.01053e-07" || band.Max != "6.792e-07" || band.IsFixed() {
		t.Errorf("BAND = %+v", band)
	}
	format, _ := sd.Input("FORMAT")
	if len(format.Options) != 7 || format.Options[2].Value != "application/fits" || format.Options[2].Name != "FITS binary table" {
		t.Errorf("FORMAT options = %+v", format.Options)
	}
	u, err := sd.URL(url.Values{"BAND": {"4.5e-7 5e-7"}})
	if err != nil {
		t.Fatal(err)
	}
	pu, _ := url.Parse(u)
	if q := pu.Query(); q.Get("ID") != id || q.Get("BAND") != "4.5e-7 5e-7" || q.Has("FORMAT") || pu.Path != "/flashheros/q/sdl/dlget" {
		t.Errorf("service URL %s", u)
	}
}

func TestPyvoProcDescriptorAndCustomSemantics(t *testing.T) {
	ls, err := Parse(parseFixture(t, "pyvo/datalink/proc.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ls.Rows) != 5 || len(ls.IDs()) != 2 {
		t.Fatalf("%d rows, IDs %q", len(ls.Rows), ls.IDs())
	}
	groups := []Group{GroupServices, GroupThis, GroupPreviews, GroupPreviews, GroupOther}
	for i, want := range groups {
		if got := ls.Rows[i].Group(); got != want {
			t.Errorf("row %d (%s) in %v, want %v", i, ls.Rows[i].Semantics, got, want)
		}
	}
	if !ls.Rows[2].IsA("#preview") || ls.Rows[2].Semantics != "#preview-image" {
		t.Errorf("row 2 = %+v", ls.Rows[2])
	}
	if ls.Rows[1].ContentLength != 68708160 {
		t.Errorf("#this length %d", ls.Rows[1].ContentLength)
	}
	if ls.Rows[4].Semantics != "urn:example:rdf/dlext#oracle" {
		t.Errorf("custom semantics %q", ls.Rows[4].Semantics)
	}
	sd := ls.Rows[0].Service
	if sd == nil || sd.ID != "procsvc" || sd.Name != "proc_svc" || sd.AccessURL != "http://example.com/proc_ds" ||
		sd.Description != "An interactive service on this dataset." {
		t.Fatalf("descriptor = %+v", sd)
	}
	if len(sd.Inputs) != 11 {
		t.Errorf("%d inputs, want 11", len(sd.Inputs))
	}
	ra, _ := sd.Input("RA")
	if ra.Min != "99.9141308131" || ra.Max != "102.31420252" || ra.UCD != "pos.eq.ra" || ra.Arraysize != "2" {
		t.Errorf("RA = %+v", ra)
	}
	circle, _ := sd.Input("CIRCLE")
	if circle.Xtype != "circle" || circle.Max != "101.1142777837 -0.5901111111 1.6965604241" {
		t.Errorf("CIRCLE = %+v", circle)
	}
	kind, _ := sd.Input("KIND")
	if len(kind.Options) != 2 || kind.Options[0].Value != "HEADER" {
		t.Errorf("KIND = %+v", kind)
	}
	id, _ := sd.Input("ID")
	if !id.IsFixed() || id.Description != "The pubisher DID of the dataset of interest" {
		t.Errorf("ID = %+v", id)
	}
}

// An ObsCore result carries a {links} descriptor whose ID input refers to the
// publisher DID column: RowURL builds each row's links URL from it.
func TestPyvoObscoreDescriptor(t *testing.T) {
	doc := parseFixture(t, "pyvo/datalink/datalink-obscore.xml")
	if _, err := Parse(doc); err == nil {
		t.Error("an ObsCore table parsed as a links table")
	}
	sds := Descriptors(doc)
	if len(sds) != 1 {
		t.Fatalf("%d descriptors", len(sds))
	}
	sd := sds[0]
	if sd.StandardID != "ivo://ivoa.net/std/DataLink#links-1.0" || sd.ResourceIdentifier != "ivo://test.com/caom2ops" ||
		sd.AccessURL != "https://example.com/obscore-datalink" {
		t.Errorf("descriptor = %+v", sd)
	}
	idp, _ := sd.Input("ID")
	if idp.Ref != "caomPlaneURI" || idp.IsFixed() {
		t.Errorf("ID input = %+v", idp)
	}
	rf, _ := sd.Input("RESPONSEFORMAT")
	if !rf.IsFixed() || rf.Value != "application/x-votable+xml;content=datalink" {
		t.Errorf("RESPONSEFORMAT = %+v", rf)
	}
	tab := doc.ResultsTable()
	if tab.NumRows() != 3 {
		t.Fatalf("%d obscore rows", tab.NumRows())
	}
	did := tab.Columns[tab.FieldIndex("obs_publisher_did")]
	for r := 0; r < tab.NumRows(); r++ {
		u, err := sd.RowURL(tab, r, nil)
		if err != nil {
			t.Fatal(err)
		}
		pu, _ := url.Parse(u)
		if pu.Host != "example.com" || pu.Query().Get("ID") != did.String(r) || did.String(r) == "" ||
			pu.Query().Get("RESPONSEFORMAT") != rf.Value {
			t.Errorf("row %d: %s", r, u)
		}
	}
	if _, err := sd.RowURL(tab, 99, nil); err == nil {
		t.Error("RowURL accepted a row out of range")
	}
}
