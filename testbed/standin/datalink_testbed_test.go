package standin

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"esodesk/internal/testbedenv"
	"esodesk/services/datalink"
)

func httptestServer(t *testing.T, o Options) string {
	t.Helper()
	srv := httptest.NewServer(New(o))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestDataLinkTestbed asks for the links of testbed products and raw
// frames, as the app does after an ObsCore or dbo.raw query.
func TestDataLinkTestbed(t *testing.T) {
	base := testbedenv.URL(t)
	tap := strings.TrimRight(base, "/") + "/tap"
	ctx := context.Background()
	products, err := loadProducts(ctx, tap)
	if err != nil {
		t.Fatal(err)
	}
	if len(products) == 0 {
		t.Fatal("the testbed has no products with product_files")
	}
	srv := httptestServer(t, Options{ArchiveTAP: tap})
	realSeen, withPreview := false, 0
	for i, p := range products {
		var previews int
		for _, f := range p.Files {
			if f.Category == "ANCILLARY.PREVIEW" {
				previews++
				realSeen = realSeen || f.ArchiveID == RealPreviewID
			}
		}
		if previews > 0 {
			withPreview++
		}
		if i%7 != 0 && !(previews > 0 && withPreview == 1) {
			continue // a sample is enough; downloads make this slow
		}
		ls := links(t, srv, ivoPrefix+p.DPID)
		if n := len(ls.InGroup(datalink.GroupThis)); n != 1 {
			t.Errorf("%s: %d #this rows", p.DPID, n)
		}
		if n := len(ls.InGroup(datalink.GroupProgenitors)); n == 0 {
			t.Errorf("%s: no progenitors", p.DPID)
		}
		if n := len(ls.InGroup(datalink.GroupAncillary)); n != len(p.Files)-1 {
			t.Errorf("%s: %d ancillary rows, product_files has %d files", p.DPID, n, len(p.Files))
		}
		checkServed(t, ls)
		// a progenitor's links name the product as derived from it
		prog := ls.Rows[ls.InGroup(datalink.GroupProgenitors)[0]]
		raw := links(t, srv, strings.TrimPrefix(prog.ESODatalink, srv+DataLinkPath+"?ID="))
		found := false
		for _, l := range raw.Rows {
			found = found || (l.Semantics == "#derivation" && strings.HasSuffix(l.AccessURL, "/"+p.DPID))
		}
		if !found || len(raw.InGroup(datalink.GroupCalibrations)) != 2 || len(raw.InGroup(datalink.GroupDocumentation)) != 1 {
			t.Errorf("raw frame %s: %+v", prog.AccessURL, raw.Rows)
		}
	}
	if !realSeen {
		t.Errorf("no testbed product has the real preview %s (gen_data.py use_real_preview)", RealPreviewID)
	}
}
