package standin

import (
	"encoding/base64"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"esodesk/internal/fixtures"
)

func tokenURL(base, user, pass string) string {
	return base + TokenPath + "?response_type=id_token%20token&grant_type=password&client_id=clientid&username=" +
		url.QueryEscape(user) + "&password=" + url.QueryEscape(pass)
}

func login(t *testing.T, base, user, pass string) tokenReply {
	t.Helper()
	resp, body := fetch(t, "GET", tokenURL(base, user, pass), nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("login: HTTP %d %s", resp.StatusCode, body)
	}
	var r tokenReply
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func jwtPayload(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %q", tok)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	var m map[string]any
	if err != nil || json.Unmarshal(raw, &m) != nil {
		t.Fatalf("payload %q: %v", parts[1], err)
	}
	return m
}

func TestTokenShapeMatchesESO(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(New(Options{Now: func() time.Time { return now }}))
	defer srv.Close()
	resp, body := fetch(t, "GET", tokenURL(srv.URL, TestUser, TestPassword), nil)
	var got map[string]any
	if resp.StatusCode != 200 || json.Unmarshal(body, &got) != nil {
		t.Fatalf("HTTP %d %s", resp.StatusCode, body)
	}
	// Same keys as ESO's reply (fixture from astroquery's tests).
	fixture := filepath.Join(fixtures.Dir(), "astroquery_eso", "oidc_token.json")
	if b, err := os.ReadFile(fixture); err == nil {
		var real map[string]any
		if err := json.Unmarshal(b, &real); err != nil {
			t.Fatal(err)
		}
		for k, v := range real {
			if g, ok := got[k]; !ok {
				t.Errorf("key %q missing", k)
			} else if k == "token_type" || k == "expires_in" || k == "scope" {
				if g != v {
					t.Errorf("%s: %v, ESO says %v", k, g, v)
				}
			}
		}
		if len(got) != len(real) {
			t.Errorf("keys %v, ESO has %v", got, real)
		}
	} else {
		t.Logf("fixture not compared: %v", err)
	}
	var r tokenReply
	_ = json.Unmarshal(body, &r)
	p := jwtPayload(t, r.IDToken)
	if p["exp"] != float64(now.Add(8*time.Hour).Unix()) || p["preferred_username"] != TestUser || p["sub"] != TestUser {
		t.Fatalf("payload %v", p)
	}
	if r.ExpiresIn != 28800 || r.TokenType != "bearer" || r.AccessToken == "" {
		t.Fatalf("reply %+v", r)
	}
}

func TestTokenUsersAndLifetime(t *testing.T) {
	start := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var offset atomic.Int64 // the server's clock, moved by the test
	s := New(Options{Users: map[string]string{"alice": "s3cret"}, TokenLifetime: time.Minute,
		Now: func() time.Time { return start.Add(time.Duration(offset.Load())) }})
	srv := httptest.NewServer(s)
	defer srv.Close()
	r := login(t, srv.URL, "alice", "s3cret")
	if r.ExpiresIn != 60 || jwtPayload(t, r.IDToken)["exp"] != float64(start.Unix()+60) {
		t.Fatalf("lifetime: %+v", r)
	}
	for _, c := range [][2]string{{TestUser, TestPassword}, {"alice", "wrong"}, {"", ""}, {"bob", "s3cret"}} {
		resp, body := fetch(t, "GET", tokenURL(srv.URL, c[0], c[1]), nil)
		var e oauthError
		if resp.StatusCode != 401 || json.Unmarshal(body, &e) != nil || e.Error != "invalid_grant" {
			t.Fatalf("%v: HTTP %d %s", c, resp.StatusCode, body)
		}
	}
	resp, _ := fetch(t, "GET", srv.URL+TokenPath+"?grant_type=client_credentials&client_id=clientid&response_type=id_token", nil)
	if resp.StatusCode != 400 {
		t.Fatalf("bad grant: %d", resp.StatusCode)
	}
	// The token works until exp on the server's clock.
	id := "ADP.PROPRIETARY.1"
	hdr := map[string]string{"Authorization": "Bearer " + r.IDToken}
	if resp, _ := fetch(t, "GET", srv.URL+DataPortalPath+id, hdr); resp.Header.Get("Content-Type") != "application/x-fits" {
		t.Fatal("fresh token refused")
	}
	offset.Store(int64(61 * time.Second))
	if resp, _ := fetch(t, "GET", srv.URL+DataPortalPath+id, hdr); !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatal("expired token accepted")
	}
	// The password never appears in the journal.
	for _, q := range s.Requests() {
		if strings.Contains(q.Query, "s3cret") || strings.Contains(q.Query, TestPassword) {
			t.Fatalf("password recorded: %q", q.Query)
		}
	}
}
