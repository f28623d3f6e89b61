package vohttp

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestHTTP500PlainTextCarriesServerWords(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(500)
		io.WriteString(w, "Database   connection\nlost, try later\n")
	}))
	defer srv.Close()
	_, err := New(Options{}).Get(context.Background(), srv.URL+"/tap/sync")
	e, ok := AsError(err)
	if !ok {
		t.Fatalf("want *Error, got %T %v", err, err)
	}
	if e.Kind != KindHTTP || e.StatusCode != 500 || e.Message != "Database connection lost, try later" {
		t.Fatalf("got %+v", e)
	}
	if !strings.Contains(err.Error(), "Database connection lost, try later") || !strings.Contains(err.Error(), "HTTP 500") {
		t.Fatalf("message not clear: %s", err)
	}
}

func TestHTTP400VOTableErrorAndHTMLBodies(t *testing.T) {
	cases := []struct{ ct, body, want string }{
		{"text/xml", `<?xml version="1.0"?><VOTABLE><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">Could not parse   your query</INFO></RESOURCE></VOTABLE>`, "Could not parse your query"},
		{"application/xml", `<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"><uws:phase>ERROR</uws:phase><uws:errorSummary type="fatal"><uws:message>We have problem</uws:message></uws:errorSummary></uws:job>`, "We have problem"},
		{"text/html", `<!DOCTYPE html><html><head><title>Oops</title><style>p{color:red}</style></head><body><h1>HTTP Status 400</h1><p>Bad&nbsp;request: <b>MAXREC</b> must be an integer</p><script>var x=1;</script></body></html>`, "HTTP Status 400 Bad request: MAXREC must be an integer"},
	}
	for _, c := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", c.ct)
			w.WriteHeader(400)
			io.WriteString(w, c.body)
		}))
		_, err := New(Options{}).Get(context.Background(), srv.URL)
		srv.Close()
		e, ok := AsError(err)
		if !ok || e.StatusCode != 400 || e.Message != c.want {
			t.Errorf("%s: got %#v", c.ct, err)
		}
	}
}

func TestLongMessagesAreTruncated(t *testing.T) {
	msg := ServerMessage("text/plain", []byte(strings.Repeat("word ", 1000)))
	if n := len([]rune(msg)); n != MaxMessage || !strings.HasSuffix(msg, "…") {
		t.Fatalf("len %d, %q", n, msg[len(msg)-10:])
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // now nothing listens there
	_, err = New(Options{}).Get(context.Background(), "http://"+addr+"/tap")
	if KindOf(err) != KindRefused {
		t.Fatalf("want refused, got %v", err)
	}
	if !strings.Contains(err.Error(), "is the service URL right?") {
		t.Fatalf("unclear: %s", err)
	}
}

func TestCancelledAndTimedOutContexts(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := New(Options{})

	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := c.Get(ctx, srv.URL)
	if !IsCanceled(err) || KindOf(err) != KindCanceled {
		t.Fatalf("want cancelled, got %v", err)
	}

	ctx, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	_, err = c.Get(ctx, srv.URL)
	if !IsTimeout(err) {
		t.Fatalf("want timeout, got %v", err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("cause lost: %v", err)
	}
}

func TestPasswordNeverInErrors(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	_, err := New(Options{}).Get(context.Background(), "http://"+addr+"/token?username=u&password=s3cret")
	if err == nil || strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "username=u") {
		t.Fatalf("leaks: %v", err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) }))
	defer srv.Close()
	_, err = New(Options{}).Get(context.Background(), srv.URL+"/token?PASSWORD=s3cret")
	if err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Fatalf("leaks: %v", err)
	}
	if got := Redact("https://x/y?a=1"); got != "https://x/y?a=1" {
		t.Fatal(got)
	}
}

// The token must reach the authorised host, and never the host a redirect
// sends us to.
func TestAuthorizationNotCarriedAcrossHosts(t *testing.T) {
	var otherSaw, sameSaw string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherSaw = r.Header.Get("Authorization")
	}))
	defer other.Close()
	// Same server under another host name (localhost vs 127.0.0.1).
	otherURL, _ := url.Parse(other.URL)
	otherURL.Host = strings.Replace(otherURL.Host, "127.0.0.1", "localhost", 1)

	var origin *httptest.Server
	origin = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, otherURL.String()+"/file", http.StatusFound)
		case "/here":
			http.Redirect(w, r, "/final", http.StatusSeeOther)
		case "/final":
			sameSaw = r.Header.Get("Authorization")
		}
	}))
	defer origin.Close()
	originHost := strings.TrimPrefix(origin.URL, "http://")
	auth := AuthorizerFunc(func(r *http.Request) error {
		if r.URL.Host == originHost {
			r.Header.Set("Authorization", "Bearer TOKEN")
		}
		return nil
	})
	c := New(Options{Authorizer: auth})
	for _, p := range []string{"/away", "/here"} {
		resp, err := c.Get(context.Background(), origin.URL+p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if otherSaw != "" {
		t.Fatalf("token leaked to other host: %q", otherSaw)
	}
	if sameSaw != "Bearer TOKEN" {
		t.Fatalf("same-host redirect lost the token: %q", sameSaw)
	}
}

func TestUserAgent(t *testing.T) {
	var ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ua = r.UserAgent() }))
	defer srv.Close()
	resp, err := New(Options{}).Get(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ua != "esodesk/"+Version {
		t.Fatal(ua)
	}
}

func TestWithOpNamesTheOperation(t *testing.T) {
	err := WithOp(&Error{Kind: KindService, Message: "boom", URL: "http://h/tap/sync"}, "TAP query")
	if err.Error() != "TAP query failed: boom (http://h/tap/sync)" {
		t.Fatal(err)
	}
}
