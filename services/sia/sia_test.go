package sia

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"esodesk/services/tap"
	"esodesk/services/vohttp"
)

// obsCoreDoc is an SIA 2.0 answer shaped like DaCHS's: ObsCore columns
// with their utypes; status goes into QUERY_STATUS (and an OVERFLOW INFO
// after the table when overflow is set, as DaCHS writes it).
func obsCoreDoc(status string, overflow bool, rows ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="` + status + `">done</INFO>
<TABLE>
<FIELD name="dataproduct_type" datatype="char" arraysize="*" utype="obscore:obsdataset.dataproducttype"/>
<FIELD name="calib_level" datatype="short" utype="obscore:obsdataset.caliblevel"/>
<FIELD name="obs_collection" datatype="char" arraysize="*" utype="obscore:dataid.collection"/>
<FIELD name="obs_publisher_did" datatype="char" arraysize="*" utype="obscore:curation.publisherdid"/>
<FIELD name="the_ra" datatype="double" unit="deg" utype="obscore:char.spatialaxis.coverage.location.coord.position2d.value2.c1"/>
<FIELD name="s_dec" datatype="double" unit="deg"/>
<FIELD name="em_min" datatype="double" unit="m"/>
<FIELD name="em_max" datatype="double" unit="m"/>
<FIELD name="access_url" datatype="char" arraysize="*"/>
<FIELD name="access_estsize" datatype="long" unit="kbyte"/>
<DATA><TABLEDATA>
`)
	for _, r := range rows {
		b.WriteString("<TR>")
		for _, c := range strings.Split(r, "|") {
			b.WriteString("<TD>" + c + "</TD>")
		}
		b.WriteString("</TR>\n")
	}
	b.WriteString("</TABLEDATA></DATA></TABLE>\n")
	if overflow {
		b.WriteString(`<INFO name="QUERY_STATUS" value="OVERFLOW"/>`)
	}
	b.WriteString("</RESOURCE></VOTABLE>\n")
	return b.String()
}

const errorDoc = `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="ERROR">Field POS: Invalid literal for float: 'abc'</INFO>
</RESOURCE></VOTABLE>`

// server answers every request with body (as type) and records the queries.
type server struct {
	*httptest.Server
	mu      sync.Mutex
	queries []url.Values
}

func newServer(t *testing.T, status int, ctype, body string) *server {
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		s.mu.Lock()
		s.queries = append(s.queries, r.Form)
		s.mu.Unlock()
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(s.Close)
	return s
}

func TestSearchReadsObsCoreRows(t *testing.T) {
	s := newServer(t, 200, "application/x-votable+xml", obsCoreDoc("OK", false,
		"image|2|DSS|ivo://x/dss?1|10.5|-30.25|4e-7|7e-7|http://x/get?1|1200",
		"cube|3|MUSE|ivo://x/muse?2|10.6|-30.2|4.65e-7|9.3e-7|http://x/get?2|"))
	res, err := New(s.URL+"/sia?COLLECTION=old", nil).Search(context.Background(), Query{
		Pos: []Shape{Circle{10.5, -30.25, 0.1}}, Collection: []string{"DSS", "MUSE"}, MaxRec: 10})
	if err != nil {
		t.Fatal(err)
	}
	q := s.queries[0]
	if got := q["COLLECTION"]; len(got) != 2 || got[0] != "DSS" || got[1] != "MUSE" {
		t.Errorf("COLLECTION sent %q; want DSS and MUSE replacing the URL's own", got)
	}
	if q.Get("POS") != "CIRCLE 10.5 -30.25 0.1" || q.Get("MAXREC") != "10" {
		t.Errorf("sent %v", q)
	}
	if len(res.Records) != 2 || res.Overflow || res.Status.Value != "OK" {
		t.Fatalf("got %d records, overflow %v, status %+v", len(res.Records), res.Overflow, res.Status)
	}
	r0, r1 := res.Records[0], res.Records[1]
	if r0.DataProductType != "image" || r0.CalibLevel != 2 || r0.Collection != "DSS" || r0.PublisherDID != "ivo://x/dss?1" ||
		r0.RA != 10.5 || r0.Dec != -30.25 || r0.EmMin != 4e-7 || r0.EmMax != 7e-7 || r0.AccessURL != "http://x/get?1" || r0.AccessEstSize != 1200 {
		t.Errorf("row 1 = %+v", r0)
	}
	if res.Columns.RA != 4 { // found by utype, not name
		t.Errorf("RA column %d, want 4 (the_ra, by its utype)", res.Columns.RA)
	}
	if r1.AccessEstSize != -1 || !math.IsNaN(r1.FOV) || r1.Target != "" || res.Columns.Target != -1 {
		t.Errorf("missing values: %+v", r1)
	}
}

func TestSearchOverflow(t *testing.T) {
	s := newServer(t, 200, "text/xml", obsCoreDoc("OK", true, "image|1|A|ivo://a|1|2|||http://a|1"))
	res, err := New(s.URL, nil).Search(context.Background(), Query{Pos: []Shape{Circle{1, 2, 1}}, MaxRec: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Overflow || len(res.Records) != 1 {
		t.Errorf("overflow %v with %d records; want the OVERFLOW after the table to count", res.Overflow, len(res.Records))
	}
}

func TestSearchErrors(t *testing.T) {
	cases := []struct {
		name        string
		status      int
		ctype, body string
		kind        vohttp.Kind
		msg         string
	}{
		{"error document with HTTP 400", 400, "application/x-votable+xml", errorDoc, vohttp.KindHTTP, "Invalid literal for float"},
		{"error with HTTP 200", 200, "application/x-votable+xml", errorDoc, vohttp.KindService, "Field POS"},
		{"login page", 200, "text/html", "<html><title>Sign in</title><body>Please log in</body></html>", vohttp.KindProtocol, "web page instead of a VOTable"},
		{"html without type", 200, "application/octet-stream", "<!DOCTYPE html><html><body>Maintenance</body></html>", vohttp.KindProtocol, "web page"},
		{"broken document", 200, "text/xml", "<VOTABLE><RESOURCE><TABLE><FIELD name='a' datatype='int'/><DATA><TABLEDATA><TR><TD>1", vohttp.KindProtocol, "malformed VOTable"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := newServer(t, c.status, c.ctype, c.body)
			_, err := New(s.URL, nil).Search(context.Background(), Query{Pos: []Shape{Circle{1, 2, 1}}})
			ve, ok := vohttp.AsError(err)
			if !ok {
				t.Fatalf("error %v (%T), want *vohttp.Error", err, err)
			}
			if ve.Kind != c.kind || !strings.Contains(err.Error(), c.msg) || ve.Op != op {
				t.Errorf("error %q (kind %v, op %q); want kind %v with %q", err, ve.Kind, ve.Op, c.kind, c.msg)
			}
		})
	}
}

func TestValidateMessages(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		q    Query
		want string
	}{
		{Query{Pos: []Shape{Circle{10, 20, 0}}}, "POS: the radius must be > 0 degrees"},
		{Query{Pos: []Shape{Circle{361, 20, 1}}}, "POS: RA must be between 0 and 360"},
		{Query{Pos: []Shape{Circle{1, -91, 1}}}, "POS: Dec must be between -90 and +90"},
		{Query{Pos: []Shape{Range{20, 10, 0, 1}}}, "POS: a RANGE goes from low to high"},
		{Query{Pos: []Shape{Polygon{{1, 2}, {3, 4}}}}, "POS: a POLYGON needs at least 3 vertices"},
		{Query{Band: []Interval{{7e-7, 4e-7}}}, "BAND: the interval starts"},
		{Query{Band: []Interval{{-1, 4e-7}}}, "BAND: values must not be negative"},
		{Query{Band: []Interval{{math.NaN(), 4e-7}}}, "BAND: give two numbers"},
		{Query{Time: []Interval{{inf, inf}}}, "TIME: the interval +Inf +Inf is empty"},
		{Query{DPType: []string{"spectrum"}}, `DPTYPE: must be image or cube, got "spectrum"`},
		{Query{Calib: []int{5}}, "CALIB: calibration levels go from 0 to 4"},
		{Query{Collection: []string{" "}}, "COLLECTION: an empty value matches nothing"},
		{Query{MaxRec: -1}, "MAXREC: must not be negative"},
	}
	for _, c := range cases {
		err := c.q.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrInvalidQuery) {
			t.Errorf("%+v: error %v, want %q wrapping ErrInvalidQuery", c.q, err, c.want)
		}
	}
	// nothing is sent for an invalid query
	s := newServer(t, 200, "text/xml", obsCoreDoc("OK", false))
	if _, err := New(s.URL, nil).Search(context.Background(), cases[0].q); !errors.Is(err, ErrInvalidQuery) || len(s.queries) != 0 {
		t.Errorf("Search: %v after %d requests", err, len(s.queries))
	}
	if _, err := New("ftp://x", nil).Search(context.Background(), Query{}); err == nil || !strings.Contains(err.Error(), "invalid SIA service URL") {
		t.Errorf("bad URL: %v", err)
	}
}

// The ADQL for ESO's ivoa.ObsCore, checked by hand against the SIA 2.0
// semantics (overlap for POS/BAND/TIME, OR within a parameter, AND across).
func TestObsCoreADQL(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		q    Query
		want string
	}{
		{Query{Pos: []Shape{Circle{10.5, -30, 0.1}}, MaxRec: 100},
			"SELECT TOP 100 * FROM ivoa.ObsCore WHERE dataproduct_type IN ('image', 'cube') AND INTERSECTS(s_region, CIRCLE('ICRS', 10.5, -30, 0.1)) = 1"},
		{Query{Pos: []Shape{Circle{150, 2.2, 0.05}}, Band: []Interval{{6.5e-7, 6.6e-7}}, Time: []Interval{{58000, inf}},
			DPType: []string{"cube"}, Instrument: []string{"MUSE"}},
			"SELECT * FROM ivoa.ObsCore WHERE dataproduct_type = 'cube' AND INTERSECTS(s_region, CIRCLE('ICRS', 150, 2.2, 0.05)) = 1" +
				" AND em_min <= 6.6e-07 AND em_max >= 6.5e-07 AND t_max >= 58000 AND instrument_name = 'MUSE'"},
		{Query{Pos: []Shape{Range{10, 11, -5, -4}, Polygon{{1, 2}, {3, 4}, {5, 2}}}, Collection: []string{"O'Brien's", "DSS"},
			Calib: []int{2, 3}, Pol: []string{"I"}, Target: []string{"NGC 253"}, ExpTime: []Interval{{-inf, 60}}},
			"SELECT * FROM ivoa.ObsCore WHERE dataproduct_type IN ('image', 'cube')" +
				" AND (INTERSECTS(s_region, POLYGON('ICRS', 10, -5, 11, -5, 11, -4, 10, -4)) = 1 OR INTERSECTS(s_region, POLYGON('ICRS', 1, 2, 3, 4, 5, 2)) = 1)" +
				" AND t_exptime <= 60 AND pol_states LIKE '%/I/%' AND obs_collection IN ('O''Brien''s', 'DSS') AND target_name = 'NGC 253' AND calib_level IN (2, 3)"},
		{Query{Band: []Interval{{-inf, inf}}, ID: []string{"ivo://eso.org/ID?ADP.2019-01-01T00:00:00.000"}},
			"SELECT * FROM ivoa.ObsCore WHERE dataproduct_type IN ('image', 'cube') AND obs_publisher_did = 'ivo://eso.org/ID?ADP.2019-01-01T00:00:00.000'"},
	}
	for _, c := range cases {
		got, err := c.q.ObsCoreADQL()
		if err != nil || got != c.want {
			t.Errorf("ADQL for %+v:\n got %s (%v)\nwant %s", c.q, got, err, c.want)
		}
	}
	for _, q := range []Query{
		{Pos: []Shape{Range{0, 360, -1, 1}}},
		{Pos: []Shape{Range{-inf, inf, -1, 1}}},
		{Target: []string{"a\x00b"}},
	} {
		if _, err := q.ObsCoreADQL(); !errors.Is(err, ErrInvalidQuery) {
			t.Errorf("%+v: %v, want an invalid-query error", q, err)
		}
	}
}

// SearchTAP posts the ADQL to /sync with TOP MaxRec+1 and MAXREC=MaxRec,
// and reads the answer into the same Result as Search.
func TestSearchTAP(t *testing.T) {
	s := newServer(t, 200, "application/x-votable+xml", obsCoreDoc("OK", true,
		"cube|3|MUSE|ivo://eso.org/ID?ADP.1|150|2.2|4.7e-7|9.3e-7|https://archive.eso.org/datalink/links?ID=ivo://eso.org/ID?ADP.1|3000000",
		"cube|3|MUSE|ivo://eso.org/ID?ADP.2|150|2.2|4.7e-7|9.3e-7|https://archive.eso.org/datalink/links?ID=ivo://eso.org/ID?ADP.2|3000000"))
	q := Query{Pos: []Shape{Circle{150, 2.2, 0.05}}, Instrument: []string{"MUSE"}, MaxRec: 2}
	res, err := SearchTAP(context.Background(), tap.New(s.URL+"/tap", nil), q)
	if err != nil {
		t.Fatal(err)
	}
	sent := s.queries[0]
	want, _ := q.obsCoreADQL(3)
	if sent.Get("QUERY") != want || sent.Get("MAXREC") != "2" || sent.Get("LANG") != "ADQL" || sent.Get("REQUEST") != "doQuery" {
		t.Errorf("sent %v", sent)
	}
	if !strings.HasPrefix(res.ADQL, "SELECT TOP 3 * FROM ivoa.ObsCore") || !res.Overflow || len(res.Records) != 2 ||
		res.Records[1].PublisherDID != "ivo://eso.org/ID?ADP.2" || res.Records[0].CalibLevel != 3 {
		t.Errorf("ADQL %q, overflow %v, records %+v", res.ADQL, res.Overflow, res.Records)
	}
	e := newServer(t, 400, "application/x-votable+xml", errorDoc)
	if _, err := SearchTAP(context.Background(), tap.New(e.URL, nil), q); err == nil || !strings.Contains(err.Error(), "Invalid literal") {
		t.Errorf("error document: %v", err)
	}
}
