package soda

import (
	"errors"
	"math"
	"net/url"
	"strings"
	"testing"

	"esodesk/services/datalink"
	"esodesk/services/votable"
)

// linksDoc is a DataLink answer with a #this row and a #cutout row whose
// service_def names a SODA descriptor declaring inputs (PARAM lines).
func linksDoc(inputs string) string {
	return `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/>
<TABLE>
<FIELD ID="ID" name="ID" datatype="char" arraysize="*" ucd="meta.id;meta.main"/>
<FIELD name="access_url" datatype="char" arraysize="*" ucd="meta.ref.url"/>
<FIELD name="service_def" datatype="char" arraysize="*" ucd="meta.ref"/>
<FIELD name="error_message" datatype="char" arraysize="*" ucd="meta.code.error"/>
<FIELD name="semantics" datatype="char" arraysize="*" ucd="meta.code"/>
<FIELD name="description" datatype="char" arraysize="*" ucd="meta.note"/>
<FIELD name="content_type" datatype="char" arraysize="*" ucd="meta.code.mime"/>
<FIELD name="content_length" datatype="long" unit="byte" ucd="phys.size;meta.file"/>
<DATA><TABLEDATA>
<TR><TD>ivo://eso.org/ID?ADP.2019-02-11T13:02:25.291</TD><TD>https://dataportal.eso.org/dataPortal/file/ADP.2019-02-11T13:02:25.291</TD><TD/><TD/><TD>#this</TD><TD>the cube</TD><TD>application/fits</TD><TD>3000000000</TD></TR>
<TR><TD>ivo://eso.org/ID?ADP.2019-02-11T13:02:25.291</TD><TD/><TD>ADP.2019-02-11T13:02:25.291_soda</TD><TD/><TD>#cutout</TD><TD>Cutout of #this (SODA-sync)</TD><TD>application/fits</TD><TD/></TR>
</TABLEDATA></DATA></TABLE></RESOURCE>
<RESOURCE type="meta" utype="adhoc:service" ID="ADP.2019-02-11T13:02:25.291_soda" name="soda">
<PARAM name="standardID" datatype="char" arraysize="*" value="ivo://ivoa.net/std/SODA#sync-1.0"/>
<PARAM name="accessURL" datatype="char" arraysize="*" value="https://dataportal.eso.org/dataPortal/soda/sync"/>
<GROUP name="inputParams">
` + inputs + `
</GROUP></RESOURCE></VOTABLE>`
}

const (
	idFixed  = `<PARAM name="ID" datatype="char" arraysize="*" ucd="meta.id;meta.dataset" value="ADP.2019-02-11T13:02:25.291"/>`
	idRef    = `<PARAM name="ID" datatype="char" arraysize="*" ucd="meta.id;meta.dataset" ref="ID" value=""/>`
	circleIn = `<PARAM name="CIRCLE" datatype="double" arraysize="3" unit="deg" ucd="obs.field" xtype="circle" value=""/>`
	polyIn   = `<PARAM name="POLYGON" datatype="double" arraysize="*" unit="deg" ucd="obs.field" xtype="polygon" value=""/>`
	posIn    = `<PARAM name="POS" datatype="char" arraysize="*" ucd="obs.field" value=""/>`
	bandIn   = `<PARAM name="BAND" datatype="double" arraysize="2" unit="m" ucd="em.wl;stat.interval" xtype="interval" value=""/>`
	timeIn   = `<PARAM name="TIME" datatype="double" arraysize="2" unit="d" ucd="time.interval;obs.exposure" xtype="interval" value=""/>`
)

func links(t *testing.T, inputs string) *datalink.Links {
	t.Helper()
	doc, err := votable.Parse(strings.NewReader(linksDoc(inputs)))
	if err != nil {
		t.Fatal(err)
	}
	ls, err := datalink.Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

func query(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

// ESO's descriptor (ID fixed, CIRCLE, BAND): the request is ESO's
// documented soda/sync?ID=<dp_id>&CIRCLE=ra dec r&BAND=lo hi.
func TestBuildESODescriptor(t *testing.T) {
	sd, row, err := FromLinks(links(t, idFixed+circleIn+bandIn))
	if err != nil {
		t.Fatal(err)
	}
	req, err := Build(sd, Cutout{Circle: &Circle{RA: 53.1, Dec: -27.8, Radius: 0.01}, Band: &Interval{Lo: 6.55e-7, Hi: 6.58e-7}}, row)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(req.URL, "https://dataportal.eso.org/dataPortal/soda/sync?") {
		t.Errorf("URL %s", req.URL)
	}
	q := query(t, req.URL)
	if len(q) != 3 || q.Get("ID") != "ADP.2019-02-11T13:02:25.291" || q.Get("CIRCLE") != "53.1 -27.8 0.01" || q.Get("BAND") != "6.55e-07 6.58e-07" {
		t.Errorf("sent %v", q)
	}
	job := req.Job("/data", true)
	if job.Name != "ADP.2019-02-11T13_02_25.291_cutout.fits" && job.Name != "ADP.2019-02-11T13:02:25.291_cutout.fits" {
		t.Errorf("file name %q", job.Name)
	}
	if job.URL != req.URL || job.Dir != "/data" || !job.NeedsToken {
		t.Errorf("job %+v", job)
	}
	// TIME and POLYGON are not declared: refused, saying what is offered.
	_, err = Build(sd, Cutout{Circle: &Circle{1, 2, 0.1}, Time: &Interval{58000, 58001}}, row)
	if !errors.Is(err, ErrInvalidCutout) || !strings.Contains(err.Error(), "does not take TIME; it takes CIRCLE, BAND") {
		t.Errorf("undeclared TIME: %v", err)
	}
}

// DaCHS's descriptor (ID by ref to the row, POS, BAND): the ID is the
// row's, the circle goes as POS=CIRCLE …, an open band end as ±Inf.
func TestBuildPOSDescriptorWithRef(t *testing.T) {
	sd, row, err := FromLinks(links(t, idRef+posIn+bandIn+timeIn))
	if err != nil {
		t.Fatal(err)
	}
	req, err := Build(sd, Cutout{Circle: &Circle{10, 20, 0.5}, Band: &Interval{Lo: 5e-7, Hi: math.Inf(1)},
		Time: &Interval{Lo: 58000, Hi: 58000.5}}, row)
	if err != nil {
		t.Fatal(err)
	}
	q := query(t, req.URL)
	if q.Get("ID") != "ivo://eso.org/ID?ADP.2019-02-11T13:02:25.291" || q.Get("POS") != "CIRCLE 10 20 0.5" ||
		q.Get("BAND") != "5e-07 +Inf" || q.Get("TIME") != "58000 58000.5" || q.Has("CIRCLE") {
		t.Errorf("sent %v", q)
	}
	if FileName(req.ID) != "ADP.2019-02-11T13_02_25.291_cutout.fits" && FileName(req.ID) != "ADP.2019-02-11T13:02:25.291_cutout.fits" {
		t.Errorf("file name %q", FileName(req.ID))
	}
	// a polygon goes as POS=POLYGON … too
	req, err = Build(sd, Cutout{Polygon: []Point{{1, 2}, {3, 4}, {5, 2}}}, row)
	if err != nil || query(t, req.URL).Get("POS") != "POLYGON 1 2 3 4 5 2" {
		t.Errorf("polygon: %v %v", req.URL, err)
	}
	// an explicit ID wins
	req, _ = Build(sd, Cutout{ID: "other", Circle: &Circle{1, 2, 0.1}}, row)
	if query(t, req.URL).Get("ID") != "other" {
		t.Errorf("explicit ID: %s", req.URL)
	}
}

func TestValidateMessages(t *testing.T) {
	sd, row, err := FromLinks(links(t, idFixed+circleIn+polyIn+bandIn))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cut  Cutout
		want string
	}{
		{Cutout{}, "nothing to cut"},
		{Cutout{Circle: &Circle{10, 20, 0}}, "CIRCLE: the radius must be > 0 degrees"},
		{Cutout{Circle: &Circle{10, 95, 1}}, "CIRCLE: Dec must be between -90 and +90"},
		{Cutout{Polygon: []Point{{1, 2}, {3, 4}}}, "POLYGON: needs at least 3 vertices"},
		{Cutout{Band: &Interval{7e-7, 6e-7}}, "BAND: give low and high"},
		{Cutout{Band: &Interval{-1, 6e-7}}, "BAND: wavelengths in metres must not be negative"},
	} {
		_, err := Build(sd, c.cut, row)
		if !errors.Is(err, ErrInvalidCutout) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.cut, err, c.want)
		}
	}
}

func TestFromLinksWithoutCutout(t *testing.T) {
	doc, _ := votable.Parse(strings.NewReader(strings.Replace(strings.Replace(linksDoc(idFixed), "#cutout", "#progenitor", 1),
		"ivo://ivoa.net/std/SODA#sync-1.0", "ivo://example/other", 1)))
	ls, err := datalink.Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := FromLinks(ls); !errors.Is(err, ErrNoCutout) {
		t.Errorf("got %v, want ErrNoCutout", err)
	}
}

func TestFileName(t *testing.T) {
	for in, want := range map[string]string{
		"ivo://org.example/data?img/2021/f001.fits": "f001_cutout.fits",
		"plain-id":         "plain-id_cutout.fits",
		"../../etc/passwd": "passwd_cutout.fits",
		"ivo://x/y#frag":   "frag_cutout.fits",
		"":                 "cutout.fits",
	} {
		if got := FileName(in); got != want {
			t.Errorf("FileName(%q) = %q, want %q", in, got, want)
		}
	}
}
