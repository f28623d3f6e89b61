package datalink

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"esodesk/internal/testbedenv"
	"esodesk/services/tap"
	"esodesk/services/votable"
)

// The three ways a result row names its links: a {links} service
// descriptor (pyvo's real ObsCore fixture), access_url with a DataLink
// access_format, a datalink_url column; and ESO identifiers as a fallback.
// A row's own DataLink access_url comes before the table's descriptor.
func TestFinderOnFixtureDescriptor(t *testing.T) {
	doc := parseFixture(t, "pyvo/datalink/datalink-obscore.xml")
	tab := doc.ResultsTable()
	f := NewFinder(doc, tab, "https://archive.eso.org/datalink/links")
	if !f.Available() || !strings.Contains(f.How(), "descriptor") {
		t.Fatalf("finder: %q", f.How())
	}
	access := tab.Columns[tab.FieldIndex("access_url")]
	for r := 0; r < tab.NumRows(); r++ {
		if f.URL(r) != access.String(r) {
			t.Errorf("row %d: %q, want its DataLink access_url %q", r, f.URL(r), access.String(r))
		}
	}
	// without a DataLink access_url, the descriptor names the links
	format := tab.FieldIndex("access_format")
	tab.Fields[format].Name, tab.Fields[format].Utype = "format_hidden", ""
	f = NewFinder(doc, tab, "https://archive.eso.org/datalink/links")
	did := tab.Columns[tab.FieldIndex("obs_publisher_did")]
	for r := 0; r < tab.NumRows(); r++ {
		u, _ := url.Parse(f.URL(r))
		if u == nil || u.Host != "example.com" || u.Query().Get("ID") != did.String(r) {
			t.Errorf("row %d: %q", r, f.URL(r))
		}
	}
	if f.URL(99) != "" {
		t.Error("a row out of range has a URL")
	}
}

func TestFinderOnTestbedTables(t *testing.T) {
	base := testbedenv.URL(t)
	svc := tap.New(strings.TrimRight(base, "/")+"/tap", nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const eso = "https://archive.eso.org/datalink/links"
	for _, c := range []struct {
		adql, how string
		want      func(tab *votable.Table, row int) string
	}{
		{"SELECT TOP 5 dp_id, access_url, access_format FROM ivoa.obscore", "access_format",
			func(tab *votable.Table, r int) string { return tab.Columns[tab.FieldIndex("access_url")].String(r) }},
		{"SELECT TOP 5 dp_id, datalink_url FROM dbo.raw", "datalink_url",
			func(tab *votable.Table, r int) string { return tab.Columns[tab.FieldIndex("datalink_url")].String(r) }},
		{"SELECT TOP 5 archive_id, eso_category FROM phase3v2.product_files", "ESO identifier",
			func(tab *votable.Table, r int) string {
				return eso + "?ID=ivo://eso.org/ID?" + tab.Columns[0].String(r)
			}},
	} {
		res, err := svc.Sync(ctx, tap.Query{ADQL: c.adql}, nil)
		if err != nil {
			t.Fatal(err)
		}
		f := NewFinder(res.Document, res.Table, eso)
		if !strings.Contains(f.How(), c.how) {
			t.Errorf("%s: finder uses %q, want %q", c.adql, f.How(), c.how)
		}
		if res.Table.NumRows() == 0 {
			t.Fatalf("%s: no rows", c.adql)
		}
		for r := 0; r < res.Table.NumRows(); r++ {
			if got, want := f.URL(r), c.want(res.Table, r); got != want || got == "" {
				t.Errorf("%s row %d: %q, want %q", c.adql, r, got, want)
			}
		}
	}
	// a table without any of it
	res, err := svc.Sync(ctx, tap.Query{ADQL: "SELECT TOP 2 table_name FROM TAP_SCHEMA.tables"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f := NewFinder(res.Document, res.Table, eso); f.Available() || f.URL(0) != "" {
		t.Errorf("TAP_SCHEMA rows have links: %q", f.How())
	}
}

// ESO puts its preview PNGs under #auxiliary as ANCILLARY.PREVIEW; its
// #preview rows are a PDF and an HTML page, which are not images.
func TestPreviewsOfRealESOProduct(t *testing.T) {
	ls := esoLinks(t, "eso_astroquery_examples/extracted/datalink_ADP.2018-06-21T20_32_57.736.tsv")
	ps := ls.Previews()
	if len(ps) != 4 {
		t.Fatalf("%d previews, want the 4 ANCILLARY.PREVIEW PNGs: %+v", len(ps), ps)
	}
	for _, p := range ps {
		if p.ESOCategory != "ANCILLARY.PREVIEW" || !strings.HasSuffix(p.ESOOrigFile, ".png") {
			t.Errorf("preview %+v", p)
		}
	}
	raw := esoLinks(t, "eso_astroquery_examples/extracted/datalink_raw_MUSE.2018-06-05T01_06_59.418.tsv")
	if ps := raw.Previews(); len(ps) != 0 {
		t.Errorf("a raw frame has previews: %+v", ps)
	}
}
