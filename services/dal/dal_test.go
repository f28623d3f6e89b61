package dal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

// doc is a VOTable with the given QUERY_STATUS INFO (none when info is "")
// and n rows of one int column.
func doc(info string, n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">`)
	b.WriteString(info)
	b.WriteString(`<TABLE><FIELD name="x" datatype="int"/><DATA><TABLEDATA>`)
	for i := range n {
		fmt.Fprintf(&b, "<TR><TD>%d</TD></TR>", i)
	}
	b.WriteString(`</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`)
	return b.String()
}

const noTable = `<?xml version="1.0"?><VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/></RESOURCE></VOTABLE>`

// serve answers every request with body under the given Content-Type
// ("-" sends none: net/http must not sniff one either).
func serve(t *testing.T, ctype, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ctype == "-" {
			w.Header()["Content-Type"] = nil
		} else {
			w.Header().Set("Content-Type", ctype)
		}
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/q?user=me&password=secret"
}

func decodeURL(t *testing.T, ctx context.Context, url string, o Options) (*Result, error) {
	t.Helper()
	resp, err := vohttp.New(vohttp.Options{}).Get(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	return Decode(ctx, "test query", resp, o)
}

func TestDecodeOKAndOverflow(t *testing.T) {
	const vot = "application/x-votable+xml"
	rows := 0
	res, err := decodeURL(t, context.Background(), serve(t, vot, doc(`<INFO name="QUERY_STATUS" value="OK"/>`, 3)),
		Options{Progress: func(n int) { rows = n }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Table.NumRows() != 3 || res.Overflow || res.Status.Value != "OK" || res.Document == nil {
		t.Errorf("result %+v", res)
	}
	if !strings.HasSuffix(res.URL, "/q?REDACTED") {
		t.Errorf("URL %q: want the request, redacted", res.URL)
	}
	if rows != 3 {
		t.Errorf("progress ended at %d rows, want 3", rows)
	}

	res, err = decodeURL(t, context.Background(), serve(t, vot, doc(`<INFO name="QUERY_STATUS" value="OVERFLOW"/>`, 2)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Overflow || res.Status.Value != "OVERFLOW" || res.Table.NumRows() != 2 {
		t.Errorf("overflow result %+v", res)
	}
}

func TestDecodeFailures(t *testing.T) {
	page := "<!DOCTYPE html><html><head><title>ESO SSO</title></head><body><p>Please log in</p></body></html>"
	for _, c := range []struct {
		name, ctype, body string
		o                 Options
		kind              vohttp.Kind
		want              []string
		status            int
	}{
		{name: "HTML page with 200", ctype: "text/html; charset=utf-8", body: page, kind: vohttp.KindProtocol,
			want: []string{"web page instead of a VOTable", "Please log in"}},
		{name: "HTML sniffed, no Content-Type", ctype: "-", body: "\n  " + page, kind: vohttp.KindProtocol,
			want: []string{"web page instead of a VOTable", "Please log in"}},
		{name: "HTML sent as a VOTable", ctype: "application/x-votable+xml", body: "<html><body>Service down</body></html>",
			o: Options{What: "DataLink VOTable"}, kind: vohttp.KindProtocol,
			want: []string{"web page instead of a DataLink VOTable", "Service down"}},
		{name: "malformed VOTable", ctype: "text/xml", body: `<VOTABLE><RESOURCE><TABLE><FIELD name="x"`, kind: vohttp.KindProtocol,
			want: []string{"malformed VOTable"}, status: 200},
		{name: "ERROR with message", ctype: "text/xml", body: doc(`<INFO name="QUERY_STATUS" value="ERROR">  Table
 ivoa.nothing   not found</INFO>`, 0), kind: vohttp.KindService, want: []string{"Table ivoa.nothing not found"}, status: 200},
		{name: "ERROR without message", ctype: "text/xml", body: doc(`<INFO name="QUERY_STATUS" value="ERROR"/>`, 0), kind: vohttp.KindService,
			want: []string{"the service reported an error without a message"}, status: 200},
		{name: "no table", ctype: "text/xml", body: noTable, kind: vohttp.KindProtocol,
			want: []string{"the VOTable holds no table"}, status: 200},
		{name: "no table the finder wants", ctype: "text/xml", body: doc("", 1), kind: vohttp.KindProtocol,
			o:    Options{TableFinder: func(*votable.Document) *votable.Table { return nil }, NoTable: "no links table"},
			want: []string{"no links table"}, status: 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := decodeURL(t, context.Background(), serve(t, c.ctype, c.body), c.o)
			e, ok := vohttp.AsError(err)
			if !ok || e.Kind != c.kind || e.Op != "test query" || e.StatusCode != c.status {
				t.Fatalf("err = %#v", err)
			}
			if !strings.HasSuffix(e.URL, "/q?REDACTED") {
				t.Errorf("URL %q: want the request, redacted", e.URL)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
		})
	}
}

func TestDecodeMalformedKeepsParseError(t *testing.T) {
	_, err := decodeURL(t, context.Background(), serve(t, "text/xml", doc("", 2)[:150]), Options{})
	var pe *votable.ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("err %v does not wrap a *votable.ParseError", err)
	}
}

// A cancelled ctx while rows stream in ends the decoding as KindCanceled.
func TestDecodeCancelled(t *testing.T) {
	sent := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-votable+xml")
		full := doc("", 10)
		fmt.Fprint(w, full[:len(full)/2])
		w.(http.Flusher).Flush()
		close(sent)
		<-r.Context().Done() // the rest never comes
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-sent; time.Sleep(20 * time.Millisecond); cancel() }()
	_, err := decodeURL(t, ctx, srv.URL, Options{})
	if !vohttp.IsCanceled(err) || vohttp.KindOf(err) != vohttp.KindCanceled {
		t.Fatalf("err = %#v, want KindCanceled", err)
	}
}

func TestFromDocument(t *testing.T) {
	d, err := votable.Parse(strings.NewReader(doc(`<INFO name="QUERY_STATUS" value="OVERFLOW">cut at 5</INFO>`, 5)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := FromDocument("read", d, Options{})
	if err != nil || !res.Overflow || res.Status.Message != "cut at 5" || res.Table.NumRows() != 5 || res.URL != "" {
		t.Fatalf("FromDocument = %+v, %v", res, err)
	}
	var picked *votable.Table
	if _, err := FromDocument("read", d, Options{TableFinder: func(d *votable.Document) *votable.Table {
		picked = d.ResultsTable()
		return picked
	}}); err != nil || picked == nil {
		t.Errorf("TableFinder not used: %v", err)
	}
	bad, _ := votable.Parse(strings.NewReader(doc(`<INFO name="QUERY_STATUS" value="ERROR">no such ID</INFO>`, 0)))
	_, err = FromDocument("read", bad, Options{})
	if e, ok := vohttp.AsError(err); !ok || e.Kind != vohttp.KindService || e.Message != "no such ID" || e.URL != "" {
		t.Errorf("ERROR document: %#v", err)
	}
}

func TestReadNamesSource(t *testing.T) {
	_, err := Read(context.Background(), "read file", "local.xml", strings.NewReader(noTable), Options{})
	if e, ok := vohttp.AsError(err); !ok || e.URL != "local.xml" || e.Kind != vohttp.KindProtocol {
		t.Errorf("Read error %#v", err)
	}
	res, err := Read(context.Background(), "read file", "local.xml", strings.NewReader(doc("", 1)), Options{})
	if err != nil || res.URL != "local.xml" || res.Status.Value != "" || res.Overflow {
		t.Errorf("Read = %+v, %v", res, err)
	}
}
