package scs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"esodesk/services/vohttp"
)

const okDoc = `<?xml version="1.0"?>
<VOTABLE version="1.3" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="%s"/>
<TABLE>
<FIELD name="name" datatype="char" arraysize="*" ucd="%s"/>
<FIELD name="mag" datatype="float" ucd="phot.mag"/>
<FIELD name="RAJ2000" datatype="double" ucd="%s" unit="deg"/>
<FIELD name="DEJ2000" datatype="double" ucd="%s" unit="deg"/>
<DATA><TABLEDATA>
<TR><TD>star 1</TD><TD>12.5</TD><TD>10.01</TD><TD>-30.02</TD></TR>
<TR><TD>star 2</TD><TD></TD><TD>10.02</TD><TD>-29.99</TD></TR>
</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`

func serve(t *testing.T, ctype, body string, got *url.Values) string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got != nil {
			*got = r.URL.Query()
		}
		w.Header().Set("Content-Type", ctype)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(s.Close)
	return s.URL
}

func TestSearchFindsMainColumns(t *testing.T) {
	for _, c := range []struct{ id, ra, dec string }{
		{"ID_MAIN", "POS_EQ_RA_MAIN", "POS_EQ_DEC_MAIN"},                     // SCS 1.03's UCD1
		{"meta.id;meta.main", "pos.eq.ra;meta.main", "pos.eq.dec;meta.main"}, // UCD1+
	} {
		var sent url.Values
		base := serve(t, "text/xml", fmt.Sprintf(okDoc, "OK", c.id, c.ra, c.dec), &sent)
		res, err := New(base+"/scs?CAT=hip&", nil).Search(context.Background(), Query{RA: 10, Dec: -30, SR: 0.05, Verb: 2})
		if err != nil {
			t.Fatal(err)
		}
		if sent.Get("RA") != "10" || sent.Get("DEC") != "-30" || sent.Get("SR") != "0.05" || sent.Get("VERB") != "2" ||
			sent.Get("CAT") != "hip" || sent.Has("MAXREC") {
			t.Errorf("sent %v", sent)
		}
		if res.ID != 0 || res.RA != 2 || res.Dec != 3 || res.Table.NumRows() != 2 || res.Overflow {
			t.Errorf("%s: id %d ra %d dec %d, %d rows", c.id, res.ID, res.RA, res.Dec, res.Table.NumRows())
		}
	}
}

func TestSearchOverflow(t *testing.T) {
	var sent url.Values
	base := serve(t, "text/xml", fmt.Sprintf(okDoc, "OVERFLOW", "ID_MAIN", "POS_EQ_RA_MAIN", "POS_EQ_DEC_MAIN"), &sent)
	res, err := New(base, nil).Search(context.Background(), Query{RA: 10, Dec: -30, SR: 1, MaxRec: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Overflow || sent.Get("MAXREC") != "2" {
		t.Errorf("overflow %v, sent %v", res.Overflow, sent)
	}
}

// The error forms SCS 1.03 §2.2 allows (INFO or PARAM named Error, on
// VOTABLE or RESOURCE), DALI's QUERY_STATUS, and a web page.
func TestSearchErrors(t *testing.T) {
	const head = `<?xml version="1.0"?><VOTABLE version="1.1">`
	cases := []struct {
		name, ctype, body, want string
		kind                    vohttp.Kind
	}{
		{"INFO on VOTABLE", "text/xml", head + `<INFO name="Error" value="SR too large"/><RESOURCE/></VOTABLE>`, "SR too large", vohttp.KindService},
		{"INFO on RESOURCE (DaCHS)", "text/xml", head + `<RESOURCE><INFO ID="Error" name="Error" value="Field RA: 'abc' is not a valid literal for RA"></INFO></RESOURCE></VOTABLE>`, "not a valid literal for RA", vohttp.KindService},
		{"PARAM", "text/xml", head + `<RESOURCE><PARAM name="Error" datatype="char" arraysize="*" value="DEC out of range"/></RESOURCE></VOTABLE>`, "DEC out of range", vohttp.KindService},
		{"PARAM on VOTABLE, beside an empty table", "text/xml", head + `<PARAM name="Error" datatype="char" arraysize="*" value="catalogue offline"/><RESOURCE><TABLE><FIELD name="a" datatype="int"/><DATA><TABLEDATA/></DATA></TABLE></RESOURCE></VOTABLE>`, "catalogue offline", vohttp.KindService},
		{"INFO with text only", "text/xml", head + `<INFO name="error">no such catalogue</INFO></VOTABLE>`, "no such catalogue", vohttp.KindService},
		{"QUERY_STATUS", "text/xml", head + `<RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">database down</INFO></RESOURCE></VOTABLE>`, "database down", vohttp.KindService},
		{"web page", "text/html", "<html><body><h1>Service moved</h1></body></html>", "web page instead of a VOTable", vohttp.KindProtocol},
		{"no table, no error", "text/xml", head + `<RESOURCE/></VOTABLE>`, "holds no table", vohttp.KindProtocol},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base := serve(t, c.ctype, c.body, nil)
			_, err := New(base, nil).Search(context.Background(), Query{RA: 1, Dec: 2, SR: 0.1})
			ve, ok := vohttp.AsError(err)
			if !ok || ve.Kind != c.kind || !strings.Contains(err.Error(), c.want) || ve.Op != op {
				t.Errorf("error %v; want kind %v with %q", err, c.kind, c.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		q    Query
		want string
	}{
		{Query{RA: 400, SR: 1}, "RA must be between 0 and 360"},
		{Query{Dec: -95, SR: 1}, "DEC must be between -90 and +90"},
		{Query{SR: -1}, "SR must be between 0 and 180"},
		{Query{SR: 1, Verb: 4}, "VERB must be 1, 2 or 3"},
		{Query{SR: 1, MaxRec: -2}, "MAXREC must not be negative"},
	} {
		err := c.q.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrInvalidQuery) {
			t.Errorf("%+v: %v, want %q", c.q, err, c.want)
		}
	}
}
