package standin

import (
	"bytes"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"esodesk/internal/fixtures"
	"esodesk/services/datalink"
	"esodesk/services/votable"
)

const (
	testProduct   = "ADP.2020-05-04T12:00:00.001"
	testWeight    = "ADP.2020-05-04T12:00:00.002"
	testPreview   = "ADP.2020-05-04T12:00:00.003"
	testPreview2  = "ADP.2020-05-04T12:00:00.004"
	testOrigFile  = "FORS2_IMAGE_FORS2.2019-03-03T01:00:00.000.fits"
	testPrevOrig  = "r.FORS2.2019-03-03T01:00:00.000_prev.png"
	testLinksType = "application/x-votable+xml;content=datalink"
)

// testProducts: one FORS2 product of NGC 300, made (as gen_data.py does)
// from testFrames' three FORS2 SCIENCE OBJECT frames.
func testProducts() []ArchiveProduct {
	return []ArchiveProduct{{DPID: testProduct, Instrument: "FORS2", Target: "NGC 300",
		Type: "image", RA: 13.722579, Dec: -37.683259, FoV: 0.160276, EmMin: 3.8e-07, EmMax: 9.5e-07, Files: []ProductFile{
			{ArchiveID: testProduct, Category: "SCIENCE.IMAGE", Extension: "FITS", OrigFile: testOrigFile},
			{ArchiveID: testWeight, Category: "ANCILLARY.WEIGHTMAP", Extension: "FITS", OrigFile: "r.FORS2.2019-03-03T01:00:00.000_weight.fits"},
			{ArchiveID: testPreview, Category: "ANCILLARY.PREVIEW", Extension: "PNG", OrigFile: testPrevOrig},
			{ArchiveID: testPreview2, Category: "ANCILLARY.PREVIEW", Extension: "PNG", OrigFile: "r.FORS2.2019-03-03T01:00:00.000_pst.png"},
			{ArchiveID: RealPreviewID, Category: "ANCILLARY.PREVIEW", Extension: "PNG", OrigFile: "GRAVITY_preview.png"},
		}}}
}

func newDLServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(New(Options{Frames: testFrames(), Products: testProducts(), FixturesDir: fixtures.Dir()}))
	t.Cleanup(srv.Close)
	return srv
}

// links asks the stand-in and parses the answer the way the app does.
func links(t *testing.T, base string, ids ...string) *datalink.Links {
	t.Helper()
	q := url.Values{"ID": ids}
	resp, err := http.Get(base + DataLinkPath + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != testLinksType {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("DataLink %v: HTTP %d %q: %s", ids, resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	doc, err := votable.Parse(resp.Body)
	if err != nil {
		t.Fatalf("DataLink %v: %v", ids, err)
	}
	ls, err := datalink.Parse(doc)
	if err != nil {
		t.Fatalf("DataLink %v: %v", ids, err)
	}
	return ls
}

func fetchURL(t *testing.T, u string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// checkServed downloads every link on the stand-in's dataPortal and checks
// that content_length and content_type are what it serves.
func checkServed(t *testing.T, ls *datalink.Links) {
	t.Helper()
	for _, l := range ls.Rows {
		if !strings.Contains(l.AccessURL, DataPortalPath) {
			continue
		}
		resp, b := fetchURL(t, l.AccessURL)
		if resp.StatusCode != http.StatusOK || int64(len(b)) != l.ContentLength || resp.Header.Get("Content-Type") != l.ContentType {
			t.Errorf("%s %s: served HTTP %d, %d bytes, %q; the link says %d bytes, %q", l.Semantics, l.AccessURL,
				resp.StatusCode, len(b), resp.Header.Get("Content-Type"), l.ContentLength, l.ContentType)
		}
		if l.ContentType == "image/png" {
			if _, err := png.Decode(bytes.NewReader(b)); err != nil {
				t.Errorf("%s: not a PNG: %v", l.AccessURL, err)
			}
		}
	}
}

func TestDataLinkProduct(t *testing.T) {
	srv := newDLServer(t)
	ls := links(t, srv.URL, ivoPrefix+testProduct)
	count := map[datalink.Group]int{}
	for _, l := range ls.Rows {
		count[l.Group()]++
		if l.ID != ivoPrefix+testProduct || l.Failed() {
			t.Errorf("row %+v: wrong ID or an error", l)
		}
	}
	want := map[datalink.Group]int{datalink.GroupThis: 1, datalink.GroupServices: 1, datalink.GroupPreviews: 1,
		datalink.GroupAncillary: 4, datalink.GroupProgenitors: 3, datalink.GroupDocumentation: 1}
	for g, n := range want {
		if count[g] != n {
			t.Errorf("%s: %d rows, want %d (%v)", g, count[g], n, count)
		}
	}
	this := ls.Rows[ls.InGroup(datalink.GroupThis)[0]]
	if this.ESOCategory != "SCIENCE.IMAGE" || this.ESOOrigFile != testOrigFile || this.ESODatalink != srv.URL+DataLinkPath+"?ID="+ivoPrefix+testProduct {
		t.Errorf("#this: %+v", this)
	}
	cut := ls.Rows[ls.InGroup(datalink.GroupServices)[0]]
	if cut.Semantics != "#cutout" || cut.Service == nil {
		t.Fatalf("#cutout row without its descriptor: %+v", cut)
	}
	sd := cut.Service
	if sd.StandardID != "ivo://ivoa.net/std/SODA#sync-1.0" || sd.AccessURL != srv.URL+SODAPath {
		t.Errorf("descriptor: %+v", sd)
	}
	id, ok := sd.Input("ID")
	if !ok || id.Ref != "ID" || id.Value != ivoPrefix+testProduct {
		t.Errorf("ID input: %+v", id)
	}
	if p, ok := sd.Input("POS"); !ok || p.UCD != "obs.field" {
		t.Errorf("POS input: %+v", p)
	}
	if p, ok := sd.Input("BAND"); !ok || p.Xtype != "interval" || p.Unit != "m" || p.Arraysize != "2" {
		t.Errorf("BAND input: %+v", p)
	}
	u, err := sd.RowURL(ls.Table, ls.InGroup(datalink.GroupServices)[0], url.Values{"POS": {"CIRCLE 13.7 -37.7 0.01"}})
	if err != nil {
		t.Fatal(err)
	}
	if resp, body := fetchURL(t, u); resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/fits" || !bytes.HasPrefix(body, []byte("SIMPLE  =")) {
		t.Errorf("SODA %s: HTTP %d %q, %d bytes, want a FITS cutout", u, resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}
	cats := map[string]int{}
	for _, i := range ls.InGroup(datalink.GroupAncillary) {
		l := ls.Rows[i]
		cats[l.ESOCategory]++
		if l.Semantics != "#auxiliary" || l.ESOOrigFile == "" || l.ESODatalink == "" {
			t.Errorf("ancillary row %+v", l)
		}
		if l.ESOCategory == "ANCILLARY.PREVIEW" && l.ContentType != "image/png" {
			t.Errorf("preview %s: content_type %q", l.AccessURL, l.ContentType)
		}
	}
	if cats["ANCILLARY.PREVIEW"] != 3 || cats["ANCILLARY.WEIGHTMAP"] != 1 {
		t.Errorf("ancillary categories %v", cats)
	}
	var prog []string
	for _, i := range ls.InGroup(datalink.GroupProgenitors) {
		prog = append(prog, strings.TrimPrefix(ls.Rows[i].AccessURL, srv.URL+DataPortalPath))
	}
	if strings.Join(prog, " ") != idA+" "+idSibling+" "+idC {
		t.Errorf("progenitors %v", prog)
	}
	doc := ls.Rows[ls.InGroup(datalink.GroupDocumentation)[0]]
	resp, b := fetchURL(t, doc.AccessURL)
	if doc.Semantics != datalink.ESODataDocumentation || resp.Header.Get("Content-Type") != "application/pdf" ||
		int64(len(b)) != doc.ContentLength || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("data documentation %+v: %q, %d bytes", doc, resp.Header.Get("Content-Type"), len(b))
	}
	if resp, _ := fetchURL(t, ls.Rows[ls.InGroup(datalink.GroupPreviews)[0]].AccessURL); resp.StatusCode != http.StatusOK {
		t.Errorf("dataset page: HTTP %d", resp.StatusCode)
	}
	checkServed(t, ls)
	// the next hop: every eso_datalink answers for its own file
	for _, l := range ls.Rows {
		if l.ESODatalink == "" {
			continue
		}
		next := links(t, srv.URL, ivoPrefix+strings.TrimPrefix(l.AccessURL, srv.URL+DataPortalPath))
		if len(next.Rows) == 0 || next.Rows[0].Failed() || next.Rows[0].Semantics != "#this" {
			t.Errorf("eso_datalink of %s: %+v", l.AccessURL, next.Rows)
		}
	}
}

func TestDataLinkRawFrame(t *testing.T) {
	srv := newDLServer(t)
	ls := links(t, srv.URL, idA) // the bare id works too
	sems := map[string]int{}
	for _, l := range ls.Rows {
		sems[l.Semantics]++
	}
	want := map[string]int{"#this": 1, "#derivation": 1, datalink.ESOCalSelectorRaw2Raw: 1, datalink.ESOCalSelectorRaw2Master: 1, datalink.ESONightLog: 1}
	if len(sems) != len(want) {
		t.Errorf("semantics %v, want %v", sems, want)
	}
	for s, n := range want {
		if sems[s] != n {
			t.Errorf("%s: %d rows, want %d", s, sems[s], n)
		}
	}
	for _, l := range ls.Rows {
		switch l.Semantics {
		case "#derivation":
			if l.AccessURL != srv.URL+DataPortalPath+testProduct || l.ESOCategory != "SCIENCE.IMAGE" {
				t.Errorf("#derivation %+v", l)
			}
		case datalink.ESOCalSelectorRaw2Raw, datalink.ESOCalSelectorRaw2Master:
			if !strings.Contains(l.AccessURL, "responseformat=votable") || l.Group() != datalink.GroupCalibrations {
				t.Errorf("calSelector row %+v", l)
			}
			resp, b := fetchURL(t, l.AccessURL)
			if resp.StatusCode != http.StatusOK || !bytes.Contains(b, []byte("<VOTABLE")) {
				t.Errorf("%s: HTTP %d %.200s", l.AccessURL, resp.StatusCode, b)
			}
		case datalink.ESONightLog:
			if l.ESOCategory != "Night Log" || !strings.HasSuffix(l.AccessURL, idA+".NL") {
				t.Errorf("night log %+v", l)
			}
		}
	}
	checkServed(t, ls)
}

func TestDataLinkAncillaryAndUnknown(t *testing.T) {
	srv := newDLServer(t)
	ls := links(t, srv.URL, ivoPrefix+testPreview, ivoPrefix+"ADP.1999-01-01T00:00:00.000")
	if len(ls.Rows) != 2 {
		t.Fatalf("%d rows, want 2: %+v", len(ls.Rows), ls.Rows)
	}
	a := ls.Rows[0]
	if a.Semantics != "#this" || a.ESOCategory != "ANCILLARY.PREVIEW" || a.ContentType != "image/png" || a.ESOOrigFile != testPrevOrig {
		t.Errorf("ancillary #this %+v", a)
	}
	u := ls.Rows[1]
	if !u.Failed() || !strings.HasPrefix(u.ErrorMessage, "NotFoundFault: ") || u.ID != ivoPrefix+"ADP.1999-01-01T00:00:00.000" || u.AccessURL != "" {
		t.Errorf("unknown id row %+v", u)
	}
	checkServed(t, ls)
}

func TestDataLinkUsageAndFaults(t *testing.T) {
	srv := newDLServer(t)
	resp, b := fetchURL(t, srv.URL+DataLinkPath)
	if resp.StatusCode != http.StatusBadRequest || !bytes.Contains(b, []byte(`value="ERROR"`)) {
		t.Errorf("no ID: HTTP %d %s", resp.StatusCode, b)
	}
	q := "?ID=" + url.QueryEscape(ivoPrefix+testProduct)
	if resp, _ := fetchURL(t, srv.URL+"/fault/500"+DataLinkPath+q); resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("500 fault: HTTP %d", resp.StatusCode)
	}
	_, b = fetchURL(t, srv.URL+"/fault/malformed"+DataLinkPath+q)
	if doc, err := votable.Parse(bytes.NewReader(b)); err == nil {
		if _, err := datalink.Parse(doc); err == nil {
			t.Errorf("malformed fault: the answer still parses (%d bytes)", len(b))
		}
	}
}

// TestDataLinkReal serves ESO's recorded answers: the same rows as the
// TSVs, on the stand-in's host.
func TestDataLinkReal(t *testing.T) {
	srv := newDLServer(t)
	for id, rel := range realDataLinkFiles {
		fixtures.Path(t, rel)
		want, err := (&Server{opts: Options{FixturesDir: fixtures.Dir()}}).realDataLinkRows(rel, "https://archive.eso.org")
		if err != nil {
			t.Fatal(err)
		}
		raw, err := (&Server{opts: Options{FixturesDir: fixtures.Dir()}}).fixture(rel)
		if err != nil {
			t.Fatal(err)
		}
		ls := links(t, srv.URL, ivoPrefix+id)
		if len(ls.Rows) != len(want) || len(want) < 7 {
			t.Fatalf("%s: %d rows, the recording has %d", id, len(ls.Rows), len(want))
		}
		for i, l := range ls.Rows {
			w := want[i]
			if l.Semantics != w.Semantics || l.ESOCategory != w.Category || l.ESOOrigFile != w.OrigFile || l.ContentType != w.ContentType || l.Description != w.Description {
				t.Errorf("%s row %d: %+v, recorded %+v", id, i, l, w)
			}
			if w.ContentLength != "" && w.ContentLength != strconv.FormatInt(l.ContentLength, 10) {
				t.Errorf("%s row %d: content_length %d, recorded %s", id, i, l.ContentLength, w.ContentLength)
			}
			if !bytes.Contains(raw, []byte("\t"+l.Semantics+"\t")) {
				t.Errorf("%s: semantics %q not in the recording", id, l.Semantics)
			}
			for _, u := range []string{l.AccessURL, l.ESODatalink} {
				if u != "" && !strings.HasPrefix(u, srv.URL+"/") {
					t.Errorf("%s row %d: %q is not on the stand-in", id, i, u)
				}
			}
			if l.ServiceDef != "" && l.Service == nil {
				t.Errorf("%s: service_def %q has no descriptor", id, l.ServiceDef)
			}
		}
	}
}
