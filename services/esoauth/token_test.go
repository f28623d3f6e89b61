package esoauth

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"esodesk/internal/fixtures"
)

func TestParseJWTFromFixture(t *testing.T) {
	data, err := os.ReadFile(fixtures.Path(t, "astroquery_eso/oidc_token.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r tokenReply
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	c, err := parseJWT(r.IDToken)
	if err != nil {
		t.Fatal(err)
	}
	exp, ok := c.expiry()
	if !ok {
		t.Fatal("no exp read from the fixture's id_token")
	}
	if want := time.Unix(1678628959, 0).UTC(); !exp.Equal(want) {
		t.Fatalf("exp = %v, want %v", exp, want)
	}
	tok, err := parseReply(data, "typed-name", "https://www.eso.org/sso/oidc/token", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if tok.Username != "typed-name" || tok.AccessToken != "some-access-token" || !tok.Expiry.Equal(exp) {
		t.Fatalf("token = %+v", tok)
	}
	if !tok.Expired(time.Now()) {
		t.Fatal("a token from 2023 should be expired")
	}
}

func TestParseJWTClaims(t *testing.T) {
	jwt := makeJWT(t, map[string]any{"exp": 2000000000.5, "preferred_username": "astro", "sub": "uuid-1"})
	c, err := parseJWT(jwt)
	if err != nil {
		t.Fatal(err)
	}
	exp, ok := c.expiry()
	if !ok || exp.Unix() != 2000000000 || exp.Nanosecond() != 500000000 {
		t.Fatalf("exp = %v ok=%v", exp, ok)
	}
	if c.userName() != "astro" {
		t.Fatalf("user = %q, want preferred_username", c.userName())
	}
	c, err = parseJWT(makeJWT(t, map[string]any{"exp": 1, "sub": "uuid-1"}))
	if err != nil || c.userName() != "uuid-1" {
		t.Fatalf("sub fallback: %q %v", c.userName(), err)
	}
}

func TestParseJWTMalformed(t *testing.T) {
	for _, bad := range []string{"", "abc", "a.b", "a..c", "a.!!!.c", "a." + "bm90IGpzb24" + ".c"} {
		if _, err := parseJWT(bad); err == nil {
			t.Errorf("parseJWT(%q) accepted", bad)
		}
	}
	// No exp and no expires_in: the reply is refused.
	body := `{"id_token":"` + makeJWT(t, map[string]any{"sub": "x"}) + `"}`
	if _, err := parseReply([]byte(body), "u", "https://x/token", time.Now()); err == nil {
		t.Fatal("token without any expiry accepted")
	}
	// No exp but expires_in: lifetime counted from the reply.
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	body = `{"id_token":"` + makeJWT(t, map[string]any{"sub": "x"}) + `","expires_in":28800}`
	tok, err := parseReply([]byte(body), "u", "https://x/token", now)
	if err != nil || !tok.Expiry.Equal(now.Add(8*time.Hour)) {
		t.Fatalf("expires_in fallback: %+v %v", tok, err)
	}
}

func TestExpiry(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	tok := &Token{IDToken: "x", Expiry: now.Add(10 * time.Minute)}
	if tok.Expired(now) {
		t.Fatal("expired 10 min early")
	}
	if !tok.Expired(now.Add(10 * time.Minute)) {
		t.Fatal("not expired at its expiry")
	}
	if tok.ExpiresSoon(now, 5*time.Minute) {
		t.Fatal("expires soon with 10 min left and a 5 min margin")
	}
	if !tok.ExpiresSoon(now, 15*time.Minute) {
		t.Fatal("not expiring soon with 10 min left and a 15 min margin")
	}
	var none *Token
	if !none.Expired(now) || !(&Token{IDToken: "x"}).Expired(now) {
		t.Fatal("nil token or token without expiry must count as expired")
	}
}
