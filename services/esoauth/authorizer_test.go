package esoauth

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"esodesk/services/vohttp"
)

var authNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func liveToken() *Token {
	return &Token{IDToken: "the.id.token", Username: "astro", Expiry: authNow.Add(time.Hour)}
}

func newTestAuthorizer(allow ...string) *Authorizer {
	a := NewAuthorizer(AuthorizerOptions{AllowHosts: allow, Now: func() time.Time { return authNow }})
	a.Set(liveToken())
	return a
}

func authHeaderFor(t *testing.T, a *Authorizer, rawURL string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Authorize(req); err != nil {
		t.Fatal(err)
	}
	return req.Header.Get("Authorization")
}

func TestAuthorizerHostRules(t *testing.T) {
	a := newTestAuthorizer("127.0.0.1:8089")
	cases := map[string]bool{
		"https://archive.eso.org/tap_obs/sync":       true,
		"https://dataportal.eso.org/dataPortal/file": true,
		"https://www.eso.org/sso/oidc/token":         true,
		"https://eso.org/x":                          true,
		"https://ARCHIVE.ESO.ORG/x":                  true,
		"https://archive.eso.org./x":                 true,
		"https://archive.eso.org:8443/x":             true,
		"http://archive.eso.org/tap_obs/sync":        false, // plain HTTP
		"https://evil-eso.org/x":                     false,
		"https://eso.org.evil.com/x":                 false,
		"https://archive.eso.organic.net/x":          false,
		"https://xeso.org/x":                         false,
		"https://vo.astron.nl/tap":                   false,
		"http://127.0.0.1:8089/tap_obs/sync":         true,  // allowed test host
		"http://127.0.0.1:8080/tap":                  false, // same IP, other port
		"http://localhost:8089/x":                    false,
	}
	for u, want := range cases {
		got := authHeaderFor(t, a, u)
		if want && got != "Bearer the.id.token" {
			t.Errorf("%s: header %q, want the bearer token", u, got)
		}
		if !want && got != "" {
			t.Errorf("%s: header %q, want none", u, got)
		}
	}
}

func TestAuthorizerExpiryAndLogout(t *testing.T) {
	a := newTestAuthorizer()
	if a.LoggedInAs() != "astro" {
		t.Fatalf("LoggedInAs %q", a.LoggedInAs())
	}
	exp := liveToken()
	exp.Expiry = authNow
	a.Set(exp)
	if h := authHeaderFor(t, a, "https://archive.eso.org/x"); h != "" {
		t.Fatalf("expired token sent: %q", h)
	}
	if a.LoggedInAs() != "" {
		t.Fatal("expired token shown as logged in")
	}
	a.Set(liveToken())
	a.Clear()
	if h := authHeaderFor(t, a, "https://archive.eso.org/x"); h != "" || a.Token() != nil {
		t.Fatalf("token after logout: %q", h)
	}
}

func TestAuthorizerRemovesItsTokenFromOtherHosts(t *testing.T) {
	a := newTestAuthorizer()
	req, _ := http.NewRequest(http.MethodGet, "https://elsewhere.example/x", nil)
	req.Header.Set("Authorization", "Bearer the.id.token")
	if err := a.Authorize(req); err != nil {
		t.Fatal(err)
	}
	if h := req.Header.Get("Authorization"); h != "" {
		t.Fatalf("our token left on another host: %q", h)
	}
	// Someone else's credentials for that host are not ours to touch.
	req.Header.Set("Authorization", "Basic b3RoZXI6eA==")
	_ = a.Authorize(req)
	if req.Header.Get("Authorization") != "Basic b3RoZXI6eA==" {
		t.Fatal("foreign Authorization header removed")
	}
}

func TestAuthorizerConcurrentSwap(t *testing.T) {
	a := newTestAuthorizer()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for j := 0; j < 500; j++ {
				if j%2 == 0 {
					a.Set(liveToken())
				} else {
					a.Clear()
				}
			}
		}()
		go func() {
			defer wg.Done()
			for j := 0; j < 500; j++ {
				req, _ := http.NewRequest(http.MethodGet, "https://archive.eso.org/x", nil)
				_ = a.Authorize(req)
				if h := req.Header.Get("Authorization"); h != "" && h != "Bearer the.id.token" {
					t.Errorf("torn header %q", h)
				}
				_ = a.LoggedInAs()
			}
		}()
	}
	wg.Wait()
}

// recorder notes the Authorization header each host saw.
type recorder struct {
	mu   sync.Mutex
	seen map[string]string // host -> Authorization
}

func (r *recorder) note(host, auth string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil {
		r.seen = map[string]string{}
	}
	r.seen[host] = auth
}

func (r *recorder) get(host string) (string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.seen[host]
	return v, ok
}

// A real redirect over loopback: the allowed stand-in host sends the client
// to another host, which must never see the token.
func TestRedirectToOtherHostDropsToken(t *testing.T) {
	rec := &recorder{}
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.note("target", r.Header.Get("Authorization"))
		io.WriteString(w, "file contents")
	}))
	defer target.Close()
	allowed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.note("allowed"+r.URL.Path, r.Header.Get("Authorization"))
		if r.URL.Path == "/first" {
			http.Redirect(w, r, "/second", http.StatusFound) // same host: keeps it
			return
		}
		http.Redirect(w, r, target.URL+"/file", http.StatusFound)
	}))
	defer allowed.Close()

	a := newTestAuthorizer(strings.TrimPrefix(allowed.URL, "http://"))
	c := vohttp.New(vohttp.Options{Authorizer: a})
	resp, err := c.Get(context.Background(), allowed.URL+"/first")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "file contents" {
		t.Fatalf("body %q", body)
	}
	for _, p := range []string{"allowed/first", "allowed/second"} {
		if h, _ := rec.get(p); h != "Bearer the.id.token" {
			t.Fatalf("%s saw %q, want the token", p, h)
		}
	}
	h, ok := rec.get("target")
	if !ok {
		t.Fatal("the redirect target was never reached")
	}
	if h != "" {
		t.Fatalf("redirect target saw Authorization %q", h)
	}
}

// fakeNet answers for any host name without network: used to exercise the
// real ESO host names through vohttp's redirect handling.
type fakeNet struct {
	rec       *recorder
	redirects map[string]string // URL -> Location
}

func (f fakeNet) RoundTrip(req *http.Request) (*http.Response, error) {
	f.rec.note(req.URL.Scheme+"://"+req.URL.Host, req.Header.Get("Authorization"))
	resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("ok")), Request: req}
	if loc, ok := f.redirects[req.URL.String()]; ok {
		resp.StatusCode = http.StatusFound
		resp.Header.Set("Location", loc)
	}
	return resp, nil
}

func TestRedirectFromESOKeepsTokenOnESOOnly(t *testing.T) {
	rec := &recorder{}
	fake := fakeNet{rec: rec, redirects: map[string]string{
		"https://archive.eso.org/a":    "https://dataportal.eso.org/b", // ESO to ESO: re-authorized
		"https://dataportal.eso.org/b": "https://mirror.example.org/c", // leaves ESO
		"https://www.eso.org/d":        "http://www.eso.org/e",         // downgrade to HTTP
	}}
	a := newTestAuthorizer()
	c := vohttp.New(vohttp.Options{Authorizer: a, Transport: fake})
	for _, u := range []string{"https://archive.eso.org/a", "https://www.eso.org/d"} {
		resp, err := c.Get(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	want := map[string]string{
		"https://archive.eso.org":    "Bearer the.id.token",
		"https://dataportal.eso.org": "Bearer the.id.token",
		"https://mirror.example.org": "",
		"https://www.eso.org":        "Bearer the.id.token",
		"http://www.eso.org":         "",
	}
	for host, w := range want {
		got, ok := rec.get(host)
		if !ok {
			t.Errorf("%s never reached", host)
		} else if got != w {
			t.Errorf("%s saw %q, want %q", host, got, w)
		}
	}
}
