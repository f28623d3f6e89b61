package ssap

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"esodesk/services/vohttp"
	"esodesk/services/votable"
	"esodesk/testbed/standin"
)

func TestDiameter(t *testing.T) {
	cases := []struct {
		r    float64
		unit string
		want float64
	}{
		{30, Arcsec, 60.0 / 3600}, {1, Arcmin, 2.0 / 60}, {0.25, Degree, 0.5}, {0.25, "", 0.5}, {3, "ARCSEC", 6.0 / 3600},
	}
	for _, c := range cases {
		got, err := Diameter(c.r, c.unit)
		if err != nil || math.Abs(got-c.want) > 1e-15 {
			t.Errorf("Diameter(%v, %q) = %v, %v; want %v", c.r, c.unit, got, err, c.want)
		}
	}
	for _, bad := range []struct {
		r    float64
		unit string
	}{{0, Degree}, {-1, Arcsec}, {math.NaN(), Degree}, {1, "parsec"}} {
		if _, err := Diameter(bad.r, bad.unit); err == nil {
			t.Errorf("Diameter(%v, %q): no error", bad.r, bad.unit)
		}
	}
}

func TestValues(t *testing.T) {
	q := Query{
		Pos: &Pos{161.264775, -59.684431}, Size: 1.0 / 60,
		Band: Band{Min: 4e-7, Max: 7e-7}, Time: TimeMJD(58000, math.NaN()),
		MaxRec: 50, Format: "application/x-votable+xml",
		Extra: url.Values{"collection": {"UVES"}},
	}
	v := q.Values()
	want := map[string]string{
		"REQUEST": "queryData", "POS": "161.264775,-59.684431", "SIZE": "0.016666666666666666",
		"BAND": "4e-07/7e-07", "TIME": "2017-09-04T00:00:00/", "MAXREC": "50",
		"FORMAT": "application/x-votable+xml", "COLLECTION": "UVES",
	}
	for k, w := range want {
		if v.Get(k) != w {
			t.Errorf("%s = %q, want %q", k, v.Get(k), w)
		}
	}
	if len(v) != len(want) {
		t.Errorf("extra parameters: %v", v)
	}
	if (Band{Max: 5e-7}).String() != "/5e-07" || (Band{Min: 5e-7}).String() != "5e-07/" || (Band{}).String() != "" {
		t.Error("open band ends")
	}
	if (Query{}).Values().Encode() != "REQUEST=queryData" {
		t.Errorf("empty query: %s", (Query{}).Values().Encode())
	}
}

func TestRequestURL(t *testing.T) {
	s := New("http://example.org/ssap?COLLECTION=old&foo=bar", nil)
	u, err := s.RequestURL(Query{Pos: &Pos{10, 20}, Size: 0.5, Extra: url.Values{"COLLECTION": {"new"}}})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := url.Parse(u)
	q := got.Query()
	if q.Get("COLLECTION") != "new" || q.Get("foo") != "bar" || q.Get("SIZE") != "0.5" || q.Get("POS") != "10,20" || len(q["COLLECTION"]) != 1 {
		t.Errorf("URL %s", u)
	}
	s.SizeIsRadius = true
	u, _ = s.RequestURL(Query{Pos: &Pos{10, 20}, Size: 0.5})
	if got, _ := url.Parse(u); got.Query().Get("SIZE") != "0.25" {
		t.Errorf("SizeIsRadius: %s", u)
	}
	if _, err := New("not a url", nil).RequestURL(Query{}); err == nil {
		t.Error("bad service URL accepted")
	}
}

func TestValidate(t *testing.T) {
	bad := []Query{
		{Pos: &Pos{-1, 0}}, {Pos: &Pos{360, 0}}, {Pos: &Pos{10, 91}}, {Pos: &Pos{math.NaN(), 0}},
		{Size: -1}, {Size: math.NaN()}, {Band: Band{Min: 7e-7, Max: 4e-7}}, {Band: Band{Min: -1}}, {MaxRec: -5},
	}
	for _, q := range bad {
		err := q.Validate()
		if !errors.Is(err, ErrInvalidQuery) {
			t.Errorf("%+v: %v", q, err)
		}
		// Search refuses before sending anything.
		if _, err := New("http://127.0.0.1:1/ssap", nil).Search(context.Background(), q); !errors.Is(err, ErrInvalidQuery) {
			t.Errorf("Search(%+v): %v", q, err)
		}
	}
}

func TestMJD(t *testing.T) {
	if tm := MJDToTime(51544.5); !tm.Equal(time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("J2000 = %v", tm)
	}
	if m := TimeToMJD(time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC)); m != 51544.5 {
		t.Errorf("MJD %v", m)
	}
	if TimeMJD(math.NaN(), math.NaN()) != "" || TimeMJD(math.NaN(), 51544.5) != "/2000-01-01T12:00:00" {
		t.Error("TimeMJD open ends")
	}
}

// table builds a one-table results document from fields and rows.
func table(t *testing.T, fields []votable.Field, rows ...[]string) *votable.Document {
	t.Helper()
	b := votable.NewTable(fields)
	for _, r := range rows {
		if err := b.AppendRow(r); err != nil {
			t.Fatal(err)
		}
	}
	return &votable.Document{Resources: []*votable.Resource{{Type: "results", Tables: []*votable.Table{b.Build()}}}}
}

// Utypes with or without prefix, in any case, and with the Spectrum. root
// all map; the names are deliberately unhelpful.
func TestUtypeVariants(t *testing.T) {
	variants := [][]string{
		{"ssa:Access.Reference", "ssa:DataID.Title", "ssa:Target.Name", "ssa:Char.SpectralAxis.Coverage.Bounds.Start", "ssa:Char.SpectralAxis.Coverage.Bounds.Stop", "ssa:Char.SpectralAxis.ResPower", "ssa:Derived.SNR", "ssa:DataID.Collection", "ssa:Curation.PublisherDID", "ssa:Access.Format", "ssa:Access.Size", "ssa:Char.SpatialAxis.Coverage.Location.Value"},
		{"Access.Reference", "DataID.Title", "Target.Name", "Char.SpectralAxis.Coverage.Bounds.Start", "Char.SpectralAxis.Coverage.Bounds.Stop", "Char.SpectralAxis.ResPower", "Derived.SNR", "DataID.Collection", "Curation.PublisherDID", "Access.Format", "Access.Size", "Char.SpatialAxis.Coverage.Location.Value"},
		{"SSA:ACCESS.REFERENCE", "ssa:dataid.title", "spec:Spectrum.Target.Name", "spec:Spectrum.Char.SpectralAxis.Coverage.Bounds.Start", "CHAR.SPECTRALAXIS.COVERAGE.BOUNDS.STOP", "char.spectralaxis.respower", "derived.snr", "dataid.collection", "curation.publisherdid", "access.format", "access.size", "char.spatialaxis.coverage.location.value"},
	}
	for vi, ut := range variants {
		fields := make([]votable.Field, len(ut))
		for i, u := range ut {
			fields[i] = votable.Field{Name: "c" + string(rune('a'+i)), Datatype: "char", Arraysize: "*", Utype: u}
		}
		fields[3].Unit = "Angstrom"
		fields[4].Unit = "nm"
		fields[10].Datatype, fields[10].Arraysize = "long", ""
		fields[11].Datatype, fields[11].Arraysize = "double", "2"
		doc := table(t, fields, []string{"http://x/spec.fits", "A title", "Eta Car", "4000", "700", "5000", "42.5", "UVES", "ivo://eso.org/ID?ADP.1", "application/fits", "1234", "161.26 -59.68"})
		res, err := FromDocument(doc)
		if err != nil {
			t.Fatal(err)
		}
		r := res.Records[0]
		if r.AccessURL != "http://x/spec.fits" || r.Title != "A title" || r.Target != "Eta Car" || r.Collection != "UVES" ||
			r.PublisherDID != "ivo://eso.org/ID?ADP.1" || r.ID != "ADP.1" || r.Format != "application/fits" || r.Size != 1234 {
			t.Errorf("variant %d: %+v", vi, r)
		}
		if math.Abs(r.SpecMin-4e-7) > 1e-20 || math.Abs(r.SpecMax-7e-7) > 1e-20 || r.ResPower != 5000 || r.SNR != 42.5 || r.RA != 161.26 || r.Dec != -59.68 {
			t.Errorf("variant %d numbers: %+v", vi, r)
		}
		if math.Abs(r.SpecMid-5.5e-7) > 1e-20 || math.Abs(r.Bandwidth-3e-7) > 1e-20 || math.Abs(r.SpecRes-5.5e-7/5000) > 1e-20 {
			t.Errorf("variant %d derived: mid %v bw %v res %v", vi, r.SpecMid, r.Bandwidth, r.SpecRes)
		}
	}
}

// A table described only by UCDs (ObsCore-like), RA/Dec in separate
// columns, an ISO time, and a DataLink column known by its LINK.
func TestUCDOnly(t *testing.T) {
	f := func(name, ucd, dt string) votable.Field {
		a := ""
		if dt == "char" {
			a = "*"
		}
		return votable.Field{Name: name, UCD: ucd, Datatype: dt, Arraysize: a}
	}
	fields := []votable.Field{
		f("x1", "meta.ref.url", "char"),
		f("x2", "meta.ref.url", "char"),
		f("x3", "pos.eq.ra;meta.main", "double"),
		f("x4", "pos.eq.dec;meta.main", "double"),
		f("x5", "em.wl;stat.min", "double"),
		f("x6", "em.wl;stat.max", "double"),
		f("x7", "spect.resolution", "double"),
		f("x8", "meta.code.mime", "char"),
		f("x9", "time.start", "char"),
		f("x10", "meta.id;src", "char"),
		f("x11", "stat.snr", "float"),
	}
	fields[0].Links = []votable.Link{{ContentType: "application/x-votable+xml;content=datalink"}}
	doc := table(t, fields, []string{"http://dl/links?ID=1", "http://files/1.fits", "10.5", "-20.25", "3e-7", "1e-6", "", "application/fits", "2019-02-11T12:00:00", "TW Hya", ""})
	res, err := FromDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Records[0]
	if r.DataLinkURL != "http://dl/links?ID=1" || r.AccessURL != "http://files/1.fits" || r.RA != 10.5 || r.Dec != -20.25 || r.Target != "TW Hya" {
		t.Errorf("%+v", r)
	}
	if !math.IsNaN(r.ResPower) || !math.IsNaN(r.SpecRes) || !math.IsNaN(r.SNR) {
		t.Errorf("null numbers: %v %v %v", r.ResPower, r.SpecRes, r.SNR)
	}
	if want := TimeToMJD(time.Date(2019, 2, 11, 12, 0, 0, 0, time.UTC)); r.MJD != want || !r.Time().Equal(time.Date(2019, 2, 11, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("MJD %v, want %v", r.MJD, want)
	}
}

// When the access URL is itself DataLink (ESO ObsCore style), it is the
// DataLink URL too.
func TestAccessFormatDataLink(t *testing.T) {
	doc := table(t, []votable.Field{
		{Name: "a", Datatype: "char", Arraysize: "*", Utype: "ssa:Access.Reference"},
		{Name: "b", Datatype: "char", Arraysize: "*", Utype: "ssa:Access.Format"},
	}, []string{"http://dl/links?ID=ivo://eso.org/ID?ADP.2", "application/x-votable+xml;content=datalink"})
	res, err := FromDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Records[0]; r.DataLinkURL != r.AccessURL || !IsDataLinkFormat(r.Format) {
		t.Errorf("%+v", r)
	}
}

func TestErrorStatusDocument(t *testing.T) {
	doc := &votable.Document{Resources: []*votable.Resource{{Type: "results", Infos: []votable.Info{{Name: "QUERY_STATUS", Value: "ERROR", Content: "  POS  is\n bad "}}}}}
	_, err := FromDocument(doc)
	var ve *vohttp.Error
	if !errors.As(err, &ve) || ve.Kind != vohttp.KindService || ve.Message != "POS is bad" {
		t.Fatalf("err = %v", err)
	}
	if _, err := FromDocument(&votable.Document{}); err == nil {
		t.Fatal("a document without a table was accepted")
	}
}

// Failures of the transport, through the stand-in's fault switch (the
// stand-in has no SSAP: its faults fire before routing).
func TestSearchFaults(t *testing.T) {
	srv := httptest.NewServer(standin.New(standin.Options{}))
	defer srv.Close()
	q := Query{Pos: &Pos{10, 20}, Size: 0.1}
	for _, c := range []struct {
		path string
		kind vohttp.Kind
	}{{"/fault/500/ssap", vohttp.KindHTTP}, {"/fault/garbage/ssap", vohttp.KindProtocol}, {"/fault/close/ssap", vohttp.KindNetwork}} {
		_, err := New(srv.URL+c.path, nil).Search(context.Background(), q)
		var ve *vohttp.Error
		if !errors.As(err, &ve) || ve.Kind != c.kind || ve.Op != op {
			t.Errorf("%s: %v", c.path, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := New(srv.URL+"/fault/hang/ssap", nil).Search(ctx, q)
	var ve *vohttp.Error
	if !errors.As(err, &ve) || ve.Kind != vohttp.KindCanceled {
		t.Errorf("cancel: %v", err)
	}
}

// A body cut mid-table is a protocol error, not a short result.
func TestTruncatedBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml")
		w.Write([]byte(`<?xml version="1.0"?><VOTABLE version="1.3"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/><TABLE><FIELD name="a" datatype="char" arraysize="*" utype="ssa:Access.Reference"/><DATA><TABLEDATA><TR><TD>http://x</TD></TR><TR><TD>http`))
	}))
	defer srv.Close()
	_, err := New(srv.URL, nil).Search(context.Background(), Query{})
	var ve *vohttp.Error
	if !errors.As(err, &ve) || ve.Kind != vohttp.KindProtocol || !strings.Contains(err.Error(), "malformed VOTable") {
		t.Fatalf("err = %v", err)
	}
}

// ESO's SSAP reads SIZE as a radius (see fixtures_test.go): ForURL halves
// SIZE there and nowhere else.
func TestForURL(t *testing.T) {
	for raw, radius := range map[string]bool{
		"http://archive.eso.org/ssap":      true,
		"http://127.0.0.1:8080/specs/ssa":  false,
		"https://dc.g-vo.org/ssap/ssa.xml": false,
	} {
		s := ForURL(raw, nil)
		if s.SizeIsRadius != radius || s.URL != raw || s.Client != vohttp.Default {
			t.Errorf("ForURL(%q) = %+v, want SizeIsRadius %v", raw, s, radius)
		}
	}
}
