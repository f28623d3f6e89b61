package esoauth

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"esodesk/services/vohttp"
)

// ErrBadCredentials is in the chain of the error Login returns when ESO
// refuses the user name or password (errors.Is works).
var ErrBadCredentials = errors.New("ESO refused the user name or password")

// ErrMissingCredentials: Login was called without a user name or password.
var ErrMissingCredentials = errors.New("enter your ESO user name and password")

const (
	loginOp = "ESO login"
	// maxTokenReply bounds what we read from the endpoint; a real reply is a
	// few kB.
	maxTokenReply = 1 << 20
)

// tokenReply is the JSON ESO's OIDC token endpoint answers with (see
// /work/shared/fixtures/real/astroquery_eso/oidc_token.json).
type tokenReply struct {
	IDToken          string      `json:"id_token"`
	AccessToken      string      `json:"access_token"`
	ExpiresIn        json.Number `json:"expires_in"`
	Error            string      `json:"error"`
	ErrorDescription string      `json:"error_description"`
}

// Login asks ESO's token endpoint (tokenURL, normally config's Token URL)
// for a token with the resource-owner password grant ESO uses. c nil means
// vohttp.Default.
//
// Errors are *vohttp.Error values (Kind tells network trouble from a refusal)
// and never contain the password: ErrBadCredentials is in the chain when ESO
// refused the user name or password.
func Login(ctx context.Context, c *vohttp.Client, tokenURL, username, password string) (*Token, error) {
	if username == "" || password == "" {
		return nil, ErrMissingCredentials
	}
	if c == nil {
		c = vohttp.Default
	}
	tok, err := login(ctx, c, tokenURL, username, password)
	if err != nil {
		return nil, scrub(err, password)
	}
	return tok, nil
}

func login(ctx context.Context, c *vohttp.Client, tokenURL, username, password string) (*Token, error) {
	u, err := url.Parse(tokenURL)
	if err != nil || u.Host == "" {
		return nil, &vohttp.Error{Op: loginOp, URL: vohttp.Redact(tokenURL), Kind: vohttp.KindProtocol,
			Message: "the ESO login URL is not valid"}
	}
	q := u.Query()
	q.Set("response_type", "id_token token")
	q.Set("grant_type", "password")
	q.Set("client_id", "clientid")
	q.Set("username", username)
	q.Set("password", password)
	// Encode escapes a literal '+' as %2B, so '+' here can only be a space;
	// ESO's own clients send %20.
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	// The base URL (no query) is what errors may show.
	shown := *u
	shown.RawQuery = ""

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &vohttp.Error{Op: loginOp, URL: shown.String(), Kind: vohttp.KindProtocol,
			Message: "the ESO login URL is not valid"}
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return nil, loginFailure(err, shown.String())
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenReply))
	resp.Body.Close()
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		return nil, vohttp.Wrap(loginOp, shown.String(), err)
	}
	return parseReply(body, username, shown.String(), time.Now())
}

// loginFailure turns a failed request into the error the user sees: a
// refusal (HTTP 400/401) becomes ErrBadCredentials, the rest keeps its Kind.
func loginFailure(err error, shownURL string) error {
	e, ok := vohttp.AsError(err)
	if !ok {
		return &vohttp.Error{Op: loginOp, URL: shownURL, Kind: vohttp.KindNetwork, Err: err}
	}
	c := *e
	c.Op = loginOp
	c.URL = shownURL
	if c.Kind == vohttp.KindHTTP && (c.StatusCode == http.StatusBadRequest || c.StatusCode == http.StatusUnauthorized) {
		c.Message = refusalMessage(c.Message)
		c.Err = ErrBadCredentials
	}
	return &c
}

// refusalMessage keeps the server's own reason (e.g. "invalid_grant") after
// our plain sentence.
func refusalMessage(server string) string {
	// An OAuth error body is JSON; show its error_description or error.
	var r tokenReply
	if json.Unmarshal([]byte(server), &r) == nil {
		server = r.ErrorDescription
		if server == "" {
			server = r.Error
		}
	}
	if server == "" {
		return ErrBadCredentials.Error()
	}
	return ErrBadCredentials.Error() + " (" + vohttp.Truncate(server, 200) + ")"
}

// parseReply reads the token endpoint's JSON. now is the time the reply
// arrived, used only when the JWT carries no exp.
func parseReply(body []byte, username, shownURL string, now time.Time) (*Token, error) {
	malformed := func(msg string) error {
		return &vohttp.Error{Op: loginOp, URL: shownURL, Kind: vohttp.KindProtocol, Message: msg}
	}
	var r tokenReply
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.UseNumber()
	if err := dec.Decode(&r); err != nil {
		// Do not quote the body: it may hold a token.
		return nil, malformed("ESO's login answer is not JSON")
	}
	if r.IDToken == "" {
		if r.Error != "" {
			// Some OIDC servers refuse with 200 and an error field.
			return nil, &vohttp.Error{Op: loginOp, URL: shownURL, Kind: vohttp.KindHTTP, StatusCode: http.StatusOK,
				Message: refusalMessage(string(body)), Err: ErrBadCredentials}
		}
		return nil, malformed("ESO's login answer has no id_token")
	}
	c, err := parseJWT(r.IDToken)
	if err != nil {
		return nil, malformed("ESO's login answer is unusable: " + err.Error())
	}
	exp, ok := c.expiry()
	if !ok {
		// Fall back to the reply's lifetime rather than guessing.
		secs, err := r.ExpiresIn.Int64()
		if err != nil || secs <= 0 {
			return nil, malformed("ESO's token does not say when it expires")
		}
		exp = now.Add(time.Duration(secs) * time.Second).UTC()
	}
	name := c.userName()
	if name == "" {
		name = username
	}
	return &Token{IDToken: r.IDToken, AccessToken: r.AccessToken, Username: name, Expiry: exp}, nil
}
