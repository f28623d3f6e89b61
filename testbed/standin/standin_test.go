package standin

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func get(t *testing.T, url string, header map[string]string) (int, string, string) {
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
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// sesameReply is the part of Sesame's XML the stand-in must get right.
type sesameReply struct {
	Targets []struct {
		Name      string `xml:"name"`
		Resolvers []struct {
			Name  string   `xml:"name,attr"`
			Infos []string `xml:"INFO"`
			RA    string   `xml:"jradeg"`
			Dec   string   `xml:"jdedeg"`
			OName string   `xml:"oname"`
		} `xml:"Resolver"`
	} `xml:"Target"`
}

func sesame(t *testing.T, base, rawName string) sesameReply {
	t.Helper()
	code, ctype, body := get(t, base+SesamePath+"?"+rawName, nil)
	if code != 200 || !strings.HasPrefix(ctype, "text/xml") {
		t.Fatalf("%s: HTTP %d %s", rawName, code, ctype)
	}
	var r sesameReply
	if err := xml.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("%s: %v\n%s", rawName, err, body)
	}
	if len(r.Targets) != 1 {
		t.Fatalf("%s: %d targets", rawName, len(r.Targets))
	}
	return r
}

func TestSesameKnownAndAliases(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	for _, o := range sesameObjects {
		for _, name := range append([]string{o.oname}, o.aliases...) {
			for _, raw := range []string{strings.ReplaceAll(name, " ", "%20"), strings.ReplaceAll(name, " ", "+"), strings.ToUpper(strings.ReplaceAll(name, " ", ""))} {
				r := sesame(t, srv.URL, strings.ReplaceAll(raw, "*", "%2A"))
				res := r.Targets[0].Resolvers
				if len(res) != 1 || res[0].OName != o.oname || !strings.HasPrefix(res[0].Name, "S=Simbad") {
					t.Fatalf("%q: %+v", raw, r)
				}
				if res[0].RA != fmt.Sprintf("%.7f", o.ra) || res[0].Dec != fmt.Sprintf("%+.7f", o.dec) {
					t.Fatalf("%q: %s %s", raw, res[0].RA, res[0].Dec)
				}
			}
		}
	}
}

func TestSesameNotFound(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	for _, raw := range []string{"XYZ%20123", "", "%3Cscript%3E"} {
		r := sesame(t, srv.URL, raw)
		res := r.Targets[0].Resolvers
		if len(res) != 3 {
			t.Fatalf("%q: %d resolvers", raw, len(res))
		}
		for _, x := range res {
			if x.RA != "" || len(x.Infos) != 1 || x.Infos[0] != "*** Nothing found ***" {
				t.Fatalf("%q: %+v", raw, x)
			}
		}
	}
	// The name is echoed escaped, never as markup.
	if r := sesame(t, srv.URL, "%3Cb%3E%26"); r.Targets[0].Name != "<b>&" {
		t.Fatalf("name %q", r.Targets[0].Name)
	}
}

func TestFaults(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	for _, code := range []int{400, 401, 404, 500, 502, 503} {
		got, _, body := get(t, fmt.Sprintf("%s/fault/%d%s?Vega", srv.URL, code, SesamePath), nil)
		if got != code || !strings.Contains(body, "stand-in fault") {
			t.Fatalf("fault %d: HTTP %d %q", code, got, body)
		}
		got, _, _ = get(t, srv.URL+SesamePath+"?Vega", map[string]string{FaultHeader: fmt.Sprint(code)})
		if got != code {
			t.Fatalf("header fault %d: HTTP %d", code, got)
		}
	}
	code, ctype, body := get(t, srv.URL+"/fault/garbage"+SesamePath+"?Vega", nil)
	if code != 200 || !strings.HasPrefix(ctype, "text/html") || strings.Contains(body, "<Sesame") {
		t.Fatalf("garbage: %d %s %q", code, ctype, body)
	}
	code, _, body = get(t, srv.URL+"/fault/teapot"+SesamePath, nil)
	if code != 400 || !strings.Contains(body, "unknown fault") {
		t.Fatalf("unknown fault: %d %q", code, body)
	}
	if _, err := http.Get(srv.URL + "/fault/close" + SesamePath + "?Vega"); err == nil {
		t.Fatal("close: got an answer")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/fault/hang"+SesamePath+"?Vega", nil)
	if _, err := http.DefaultClient.Do(req); err == nil || ctx.Err() == nil {
		t.Fatalf("hang: err %v", err)
	}
}

func TestRootAndLog(t *testing.T) {
	var mu sync.Mutex
	var lines []string
	srv := httptest.NewServer(New(Options{Logf: func(f string, a ...any) {
		mu.Lock()
		lines = append(lines, fmt.Sprintf(f, a...))
		mu.Unlock()
	}}))
	defer srv.Close()
	code, _, body := get(t, srv.URL+"/", nil)
	if code != 200 || !strings.Contains(body, SesamePath) {
		t.Fatalf("root: %d %q", code, body)
	}
	if code, _, _ := get(t, srv.URL+"/nothing/here", nil); code != 404 {
		t.Fatalf("unknown path: %d", code)
	}
	// close works through the logging wrapper too
	if _, err := http.Get(srv.URL + "/fault/close" + SesamePath); err == nil {
		t.Fatal("close through logger: got an answer")
	}
	get(t, srv.URL+"/fault/503"+SesamePath+"?Vega", nil)
	mu.Lock()
	defer mu.Unlock()
	joined := strings.Join(lines, "\n")
	if !strings.Contains(joined, "GET / 200") || !strings.Contains(joined, "GET /nothing/here 404") || !strings.Contains(joined, SesamePath+"?Vega 503") {
		t.Fatalf("log:\n%s", joined)
	}
}
