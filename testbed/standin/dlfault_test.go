package standin

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// partial does a GET that may fail mid-body; it returns what arrived.
func partial(t *testing.T, url string, header map[string]string) (*http.Response, []byte, error) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

func TestFaultDrop(t *testing.T) {
	srv := httptest.NewServer(New(Options{Logf: func(string, ...any) {}}))
	defer srv.Close()
	id := "BENCH.200KB.drop"
	all := expected(t, id)
	resp, body, err := partial(t, srv.URL+DataPortalPath+id+"?fault=drop:65536", nil)
	if !errors.Is(err, io.ErrUnexpectedEOF) || resp.ContentLength != 200000 || !bytes.Equal(body, all[:65536]) {
		t.Fatalf("drop: err %v, length %d, got %d bytes", err, resp.ContentLength, len(body))
	}
	// In a range too, counted from the start of this body; "*1": only once.
	url := srv.URL + "/fault/drop:1000*1" + DataPortalPath + id
	resp, body, err = partial(t, url, map[string]string{"Range": "bytes=100000-"})
	if resp.StatusCode != 206 || err == nil || !bytes.Equal(body, all[100000:101000]) {
		t.Fatalf("drop in range: %d %v %d", resp.StatusCode, err, len(body))
	}
	resp, body, err = partial(t, url, map[string]string{"Range": "bytes=101000-"})
	if resp.StatusCode != 206 || err != nil || !bytes.Equal(body, all[101000:]) {
		t.Fatalf("resume after drop*1: %d %v %d", resp.StatusCode, err, len(body))
	}
}

func TestFaultStatusThenSuccess(t *testing.T) {
	s := New(Options{FileFaults: map[string]string{"X.flaky": "500*2", "X.busy": "429:7*1"}})
	srv := httptest.NewServer(s)
	defer srv.Close()
	for i, want := range []int{500, 500, 200, 200} {
		resp, body := fetch(t, "GET", srv.URL+DataPortalPath+"X.flaky", nil)
		if resp.StatusCode != want || (want == 200 && !bytes.Equal(body, expected(t, "X.flaky"))) {
			t.Fatalf("request %d: HTTP %d, want %d", i, resp.StatusCode, want)
		}
	}
	resp, _ := fetch(t, "GET", srv.URL+DataPortalPath+"X.busy", nil)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" {
		t.Fatalf("429: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if resp, _ := fetch(t, "GET", srv.URL+DataPortalPath+"X.busy", nil); resp.StatusCode != 200 {
		t.Fatalf("after 429*1: %d", resp.StatusCode)
	}
	// Per request, without a count: every time. Counters are per id.
	for i := 0; i < 2; i++ {
		if resp, _ := fetch(t, "GET", srv.URL+DataPortalPath+"X.other?fault=503:2", nil); resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "2" {
			t.Fatalf("503: %d", resp.StatusCode)
		}
	}
	// SetFileFault replaces the standing spec and restarts its count.
	if err := s.SetFileFault("X.flaky", "502*1"); err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{502, 200} {
		if resp, _ := fetch(t, "GET", srv.URL+DataPortalPath+"X.flaky", nil); resp.StatusCode != want {
			t.Fatalf("after SetFileFault, request %d: %d", i, resp.StatusCode)
		}
	}
	if err := s.SetFileFault("X", "explode"); err == nil {
		t.Fatal("bad spec accepted")
	}
	resp, body := fetch(t, "GET", srv.URL+DataPortalPath+"X?fault=drop:x", nil)
	if resp.StatusCode != 400 || !strings.Contains(string(body), "drop") {
		t.Fatalf("bad query spec: %d %s", resp.StatusCode, body)
	}
}

func TestFaultNoRangeAndShort(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	id := "BENCH.50KB.nr"
	all := expected(t, id)
	resp, body := fetch(t, "GET", srv.URL+DataPortalPath+id+"?fault=norange", map[string]string{"Range": "bytes=10-"})
	if resp.StatusCode != 200 || resp.Header.Get("Content-Range") != "" || !bytes.Equal(body, all) {
		t.Fatalf("norange: %d %q", resp.StatusCode, resp.Header.Get("Content-Range"))
	}
	resp, body, err := partial(t, srv.URL+DataPortalPath+id+"?fault=short:100", nil)
	if resp.ContentLength != 50000 || err == nil || !bytes.Equal(body, all[:50000-100]) {
		t.Fatalf("short: length %d, %d bytes, %v", resp.ContentLength, len(body), err)
	}
	// Combined with a range: short of the range's length.
	resp, body, err = partial(t, srv.URL+DataPortalPath+id+"?fault=short:10", map[string]string{"Range": "bytes=0-99"})
	if resp.StatusCode != 206 || err == nil || !bytes.Equal(body, all[:90]) {
		t.Fatalf("short range: %d %d %v", resp.StatusCode, len(body), err)
	}
}

func TestFaultSlow(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	id := "BENCH.3000B"
	start := time.Now()
	resp, body := fetch(t, "GET", srv.URL+DataPortalPath+id+"?fault=slow:10000", nil)
	if resp.StatusCode != 200 || !bytes.Equal(body, expected(t, id)) {
		t.Fatalf("slow: %d %d", resp.StatusCode, len(body))
	}
	// 3000 B at 10 kB/s needs about 0.3 s; a lower bound only (no upper: slow machines).
	if d := time.Since(start); d < 250*time.Millisecond {
		t.Fatalf("slow took only %v", d)
	}
}

func TestFaultLoginPage(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	resp, body := fetch(t, "GET", srv.URL+"/fault/login"+DataPortalPath+"UVES.1", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "ESO Single Sign On") {
		t.Fatalf("login: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// The generic faults still work on downloads.
	if resp, _ := fetch(t, "GET", srv.URL+"/fault/garbage"+DataPortalPath+"UVES.1", nil); !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatal("garbage fault on dataPortal")
	}
}

func TestFaultRedirectRecordsAuthorization(t *testing.T) {
	s := New(Options{})
	srv := httptest.NewServer(s)
	defer srv.Close()
	id := "ADP.2020-05-04T12:00:00.000"
	tok := "Bearer " + s.IDToken(TestUser, time.Now().Add(time.Hour))
	url := srv.URL + DataPortalPath + id + "?fault=redirect"

	// The redirect goes to the other host name, same port, the mirror route.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", url, nil)
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != 302 || !strings.HasPrefix(loc, "http://localhost:") || !strings.HasSuffix(loc, MirrorPath+id) {
		t.Fatalf("redirect: %d %q", resp.StatusCode, loc)
	}

	// Go's client drops Authorization when the host changes: nothing leaks.
	resp, body := fetch(t, "GET", url, map[string]string{"Authorization": tok})
	if resp.StatusCode != 200 || !bytes.Equal(body, expected(t, id)) {
		t.Fatalf("followed redirect: %d %d bytes", resp.StatusCode, len(body))
	}
	if leaks := s.LeakedAuthorization(); len(leaks) != 0 {
		t.Fatalf("leaked: %+v", leaks)
	}
	var mirrored bool
	for _, r := range s.Requests() {
		mirrored = mirrored || (r.Path == MirrorPath+id && strings.HasPrefix(r.Host, "localhost:") && !r.ESORoute)
	}
	if !mirrored {
		t.Fatalf("mirror request not journaled: %+v", s.Requests())
	}

	// A client that re-adds the header on every hop is caught.
	leaky := &http.Client{CheckRedirect: func(r *http.Request, via []*http.Request) error {
		r.Header.Set("Authorization", tok)
		return nil
	}}
	req, _ = http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", tok)
	resp, err = leaky.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	leaks := s.LeakedAuthorization()
	if len(leaks) != 1 || leaks[0].Authorization != tok || leaks[0].Path != MirrorPath+id {
		t.Fatalf("leak not recorded: %+v", leaks)
	}

	// From localhost the redirect goes to 127.0.0.1; Options.RedirectHost and the code are settable.
	s2 := New(Options{RedirectHost: "example.invalid:9"})
	srv2 := httptest.NewServer(s2)
	defer srv2.Close()
	req, _ = http.NewRequest("GET", srv2.URL+DataPortalPath+"A?fault=redirect:307", nil)
	resp, err = noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 307 || resp.Header.Get("Location") != "http://example.invalid:9"+MirrorPath+"A" {
		t.Fatalf("RedirectHost: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	local := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	req, _ = http.NewRequest("GET", local+DataPortalPath+"A?fault=redirect", nil)
	resp, err = noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Location"), "http://127.0.0.1:") {
		t.Fatalf("from localhost: %q", resp.Header.Get("Location"))
	}
}

func TestFaultSpecParsing(t *testing.T) {
	for _, ok := range []string{"", "500", "429:3", "503:10*2", "login", "redirect", "redirect:301", "drop:0", "short:5", "slow:1", "norange", "version:2", "slow:100000,drop:500000*1"} {
		if _, err := parseFaultSpec(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"200", "600", "redirect:200", "drop", "drop:-1", "slow:0", "500*0", "500*x", "teapot", "429:soon"} {
		if _, err := parseFaultSpec(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
