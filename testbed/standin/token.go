package standin

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// TokenPath is ESO's login endpoint (https://www.eso.org/sso/oidc/token):
//
//	GET ?response_type=id_token%20token&grant_type=password&client_id=clientid&username=U&password=P
//
// It answers the JSON of ESO's reply (access_token, id_token, token_type,
// expires_in, scope). The id_token is a JWT (HS256 with Options.TokenSecret)
// whose payload has exp, iat, sub, preferred_username, iss and aud; the
// client only needs exp. Wrong credentials: 401 with an OAuth JSON error.
const TokenPath = "/sso/oidc/token"

// The default test account (Options.Users replaces it).
const (
	TestUser     = "testuser"
	TestPassword = "testpass"
)

const defaultTokenLifetime = 8 * time.Hour // ESO: expires_in 28800

type tokenReply struct {
	AccessToken string `json:"access_token"`
	IDToken     string `json:"id_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
	Scope       string `json:"scope"`
}

type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// jwtClaims is the id_token payload.
type jwtClaims struct {
	Iss               string `json:"iss"`
	Sub               string `json:"sub"`
	Aud               string `json:"aud"`
	Exp               int64  `json:"exp"`
	Iat               int64  `json:"iat"`
	PreferredUsername string `json:"preferred_username"`
}

func (s *Server) mountToken(mux *http.ServeMux) {
	mux.HandleFunc("GET "+TokenPath, s.serveToken)
	mux.HandleFunc("POST "+TokenPath, s.serveToken)
}

func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	q := r.Form
	if q.Get("grant_type") != "password" {
		writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be password")
		return
	}
	if !strings.Contains(q.Get("response_type"), "id_token") || q.Get("client_id") == "" {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "response_type must include id_token and client_id is required")
		return
	}
	user, pass := q.Get("username"), q.Get("password")
	want, ok := s.users()[user]
	if !ok || user == "" || !hmac.Equal([]byte(want), []byte(pass)) {
		writeOAuthError(w, http.StatusUnauthorized, "invalid_grant", "Invalid user credentials")
		return
	}
	now := s.now()
	life := s.opts.TokenLifetime
	if life == 0 {
		life = defaultTokenLifetime
	}
	claims := jwtClaims{
		Iss: "https://www.eso.org/sso/oidc", Sub: user, Aud: q.Get("client_id"),
		Exp: now.Add(life).Unix(), Iat: now.Unix(), PreferredUsername: user,
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(tokenReply{
		AccessToken: fmt.Sprintf("standin-access-%s-%d", user, now.UnixNano()),
		IDToken:     s.signJWT(claims),
		TokenType:   "bearer",
		ExpiresIn:   int64(life / time.Second),
		Scope:       "",
	})
}

func writeOAuthError(w http.ResponseWriter, code int, kind, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(oauthError{kind, desc})
}

var b64 = base64.RawURLEncoding

func (s *Server) secret() []byte {
	if s.opts.TokenSecret != "" {
		return []byte(s.opts.TokenSecret)
	}
	return []byte("esodesk-standin-test-secret")
}

func (s *Server) signJWT(c jwtClaims) string {
	payload, _ := json.Marshal(c)
	head := b64.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + b64.EncodeToString(payload)
	mac := hmac.New(sha256.New, s.secret())
	mac.Write([]byte(head))
	return head + "." + b64.EncodeToString(mac.Sum(nil))
}

// IDToken mints an id_token for user valid until exp, as the token endpoint
// would (tests use it to make already-expired tokens).
func (s *Server) IDToken(user string, exp time.Time) string {
	return s.signJWT(jwtClaims{Iss: "https://www.eso.org/sso/oidc", Sub: user, Aud: "clientid",
		Exp: exp.Unix(), Iat: s.now().Unix(), PreferredUsername: user})
}

// validBearer reports whether r carries "Authorization: Bearer <id_token>"
// with a token this server signed that has not expired.
func (s *Server) validBearer(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	parts := strings.Split(strings.TrimSpace(tok), ".")
	if len(parts) != 3 {
		return false
	}
	mac := hmac.New(sha256.New, s.secret())
	mac.Write([]byte(parts[0] + "." + parts[1]))
	sig, err := b64.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, mac.Sum(nil)) {
		return false
	}
	raw, err := b64.DecodeString(parts[1])
	var c jwtClaims
	if err != nil || json.Unmarshal(raw, &c) != nil {
		return false
	}
	return c.Exp > s.now().Unix()
}

func (s *Server) users() map[string]string {
	if s.opts.Users != nil {
		return s.opts.Users
	}
	return map[string]string{TestUser: TestPassword}
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}
