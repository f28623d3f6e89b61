package esoauth

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"time"
)

// Token is an ESO login. IDToken is what ESO's services accept as
// "Authorization: Bearer <IDToken>". The password is not part of it.
type Token struct {
	IDToken     string    `json:"id_token"`
	AccessToken string    `json:"access_token,omitempty"`
	Username    string    `json:"username"`
	Expiry      time.Time `json:"expiry"`
}

// Expired reports whether the token is no longer valid at now. A token
// without an expiry counts as expired: we cannot tell, and sending a stale
// token makes ESO answer 401 where an anonymous query would have worked.
func (t *Token) Expired(now time.Time) bool {
	return t == nil || t.Expiry.IsZero() || !now.Before(t.Expiry)
}

// ExpiresSoon reports whether the token expires within margin of now (or
// already has), i.e. whether to ask for a new login before starting work.
func (t *Token) ExpiresSoon(now time.Time, margin time.Duration) bool {
	return t.Expired(now.Add(margin))
}

// claims are the JWT payload fields we use.
type claims struct {
	Exp               json.Number `json:"exp"`
	PreferredUsername string      `json:"preferred_username"`
	Sub               string      `json:"sub"`
}

var errNotJWT = errors.New("the id_token is not a JWT")

// parseJWT decodes the payload of a JWT (header.payload.signature, each part
// base64url). The signature is NOT checked: we only read the expiry and the
// user name to decide when to ask for a new login and what to show; ESO's
// servers check the signature when the token is used, so a forged token
// gains nothing.
func parseJWT(jwt string) (claims, error) {
	var c claims
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 || parts[1] == "" {
		return c, errNotJWT
	}
	// RawURLEncoding is the JWT form; tolerate padded payloads too.
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return c, errors.New("the id_token payload is not base64url")
	}
	dec := json.NewDecoder(strings.NewReader(string(payload)))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil {
		return c, errors.New("the id_token payload is not JSON")
	}
	return c, nil
}

// expiry converts the exp claim (seconds since 1970, possibly fractional).
func (c claims) expiry() (time.Time, bool) {
	if c.Exp == "" {
		return time.Time{}, false
	}
	f, err := c.Exp.Float64()
	if err != nil || f <= 0 {
		return time.Time{}, false
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), true
}

// userName is the name to show in "logged in as".
func (c claims) userName() string {
	if c.PreferredUsername != "" {
		return c.PreferredUsername
	}
	return c.Sub
}
