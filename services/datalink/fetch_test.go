package datalink

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"esodesk/internal/esotables"
	"esodesk/internal/fixtures"
	"esodesk/services/vohttp"
)

func TestFetchServesAndFails(t *testing.T) {
	body, err := os.ReadFile(fixtures.Path(t, "pyvo/datalink/datalink.xml"))
	if err != nil {
		t.Fatal(err)
	}
	const errDoc = `<?xml version="1.0"?><VOTABLE version="1.3" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">NotFoundFault: ivo://eso.org/ID?nothing</INFO></RESOURCE></VOTABLE>`
	// ESO's answer when the file is withheld: #this carries an error, no URL.
	withheld := esotables.DataLinkVOTable(t, []string{"ID", "access_url", "error_message", "semantics", "content_type"}, [][]string{
		{"ivo://eso.org/ID?ADP.1", "", "NotAuthorizedFault: proprietary data", "#this", ""},
		{"ivo://eso.org/ID?ADP.1", "https://archive.eso.org/preview/ADP.1.png", "", "#preview", "image/png"},
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/withheld":
			w.Write(withheld)
		case "/links":
			if r.URL.Query().Get("ID") == "" {
				http.Error(w, "missing ID", http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", "application/x-votable+xml;content=datalink")
			w.Write(body)
		case "/login":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><head><title>ESO SSO login</title></head><body>Please log in</body></html>"))
		case "/error":
			w.Header().Set("Content-Type", "application/x-votable+xml")
			w.Write([]byte(errDoc))
		case "/garbage":
			w.Header().Set("Content-Type", "application/x-votable+xml")
			w.Write([]byte("<VOTABLE><RESOURCE><TABLE><FIELD name='x'"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	c := vohttp.New(vohttp.Options{})

	ls, err := Fetch(ctx, c, srv.URL+"/links?ID="+url.QueryEscape("ivo://org.gavo.dc/~?flashheros/data/ca90/f0011.mt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ls.Rows) != 4 || ls.Rows[1].Service == nil || ls.Rows[2].ContentLength != 100800 {
		t.Errorf("fetched links = %+v", ls.Rows)
	}

	for _, c2 := range []struct {
		path string
		kind vohttp.Kind
		msg  string
	}{
		{"/links", vohttp.KindHTTP, "missing ID"},
		{"/login", vohttp.KindProtocol, "web page"},
		{"/error", vohttp.KindService, "NotFoundFault"},
		{"/garbage", vohttp.KindProtocol, "malformed"},
	} {
		_, err := Fetch(ctx, c, srv.URL+c2.path)
		ve, ok := vohttp.AsError(err)
		if !ok || ve.Kind != c2.kind || !strings.Contains(ve.Error(), c2.msg) || ve.URL == "" {
			t.Errorf("%s: error %v (%#v), want kind %v mentioning %q", c2.path, err, ve, c2.kind, c2.msg)
		}
	}

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := Fetch(cctx, c, srv.URL+"/links?ID=x"); !vohttp.IsCanceled(err) {
		t.Errorf("cancelled fetch: %v", err)
	}

	// ThisLink: the file's URL from the #this row, or why there is none.
	if got, err := ThisLink(ctx, c, srv.URL+"/links?ID=x"); err != nil || got != "http://dc.zah.uni-heidelberg.de/getproduct/flashheros/data/ca90/f0011.mt" {
		t.Errorf("ThisLink = %q, %v", got, err)
	}
	if _, err := ThisLink(ctx, c, srv.URL+"/withheld"); err == nil || err.Error() != "the DataLink document has no #this link to the file" {
		t.Errorf("ThisLink without a usable #this: %v", err)
	}
	if _, err := ThisLink(ctx, nil, srv.URL+"/login"); vohttp.KindOf(err) != vohttp.KindProtocol || !strings.Contains(err.Error(), "Please log in") {
		t.Errorf("ThisLink on a login page: %v", err)
	}
}
