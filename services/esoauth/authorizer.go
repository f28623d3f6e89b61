package esoauth

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// AuthorizerOptions configure an Authorizer.
type AuthorizerOptions struct {
	// AllowHosts are extra hosts that get the token over any scheme, as
	// "host:port" (matches exactly that port) or "host" (any port): the ESO
	// stand-in on 127.0.0.1:8089 in tests. Keep it empty in production.
	AllowHosts []string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Authorizer is a vohttp.Authorizer that sends the ESO token as
// "Authorization: Bearer <id_token>" to eso.org and *.eso.org over HTTPS and
// to AllowHosts, and to nothing else. An expired token is not sent: ESO
// would answer 401 where an anonymous request still gets public data.
// Set and Clear may be called while requests run (login/logout in the GUI).
type Authorizer struct {
	mu    sync.RWMutex
	tok   *Token
	allow []string
	now   func() time.Time
}

// NewAuthorizer returns an Authorizer without a token.
func NewAuthorizer(o AuthorizerOptions) *Authorizer {
	a := &Authorizer{now: o.Now}
	if a.now == nil {
		a.now = time.Now
	}
	for _, h := range o.AllowHosts {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			a.allow = append(a.allow, h)
		}
	}
	return a
}

// Set installs tok (nil is Clear). Requests already sent keep what they had.
func (a *Authorizer) Set(tok *Token) {
	var c *Token
	if tok != nil {
		t := *tok // a private copy: the caller may reuse theirs
		c = &t
	}
	a.mu.Lock()
	a.tok = c
	a.mu.Unlock()
}

// Clear forgets the token (logout).
func (a *Authorizer) Clear() { a.Set(nil) }

// Token returns a copy of the current token, or nil.
func (a *Authorizer) Token() *Token {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.tok == nil {
		return nil
	}
	t := *a.tok
	return &t
}

// LoggedInAs returns the user name while a token that has not expired is
// set ("logged in as ..."), else "".
func (a *Authorizer) LoggedInAs() string {
	t := a.Token()
	if t.Expired(a.now()) {
		return ""
	}
	return t.Username
}

// Covers reports whether u may receive the token.
func (a *Authorizer) Covers(u *url.URL) bool {
	if u == nil {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if strings.EqualFold(u.Scheme, "https") && (host == "eso.org" || strings.HasSuffix(host, ".eso.org")) {
		return true
	}
	hostPort := strings.ToLower(u.Host)
	for _, h := range a.allow {
		if h == hostPort || h == host {
			return true
		}
	}
	return false
}

// Authorize implements vohttp.Authorizer. For a host it does not cover it
// also removes our own bearer header if it is somehow present, so the token
// cannot ride along on a request built elsewhere or on a redirect.
func (a *Authorizer) Authorize(req *http.Request) error {
	tok := a.Token()
	if tok == nil {
		return nil
	}
	ours := "Bearer " + tok.IDToken
	if !a.Covers(req.URL) || tok.Expired(a.now()) {
		if req.Header.Get("Authorization") == ours {
			req.Header.Del("Authorization")
		}
		return nil
	}
	req.Header.Set("Authorization", ours)
	return nil
}
