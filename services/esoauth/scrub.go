package esoauth

import (
	"errors"
	"net/url"
	"strings"

	"esodesk/services/vohttp"
)

const hidden = "[hidden]"

// scrub returns err with every spelling of secret (raw, query-escaped,
// path-escaped) replaced, keeping the *vohttp.Error Kind, status and
// ErrBadCredentials for callers. It is the last guard: URLs in errors are
// already redacted, but a server may echo what it was sent.
func scrub(err error, secret string) error {
	if err == nil || secret == "" {
		return err
	}
	forms := []string{secret, url.QueryEscape(secret), strings.ReplaceAll(url.QueryEscape(secret), "+", "%20"), url.PathEscape(secret)}
	clean := func(s string) string {
		for _, f := range forms {
			s = strings.ReplaceAll(s, f, hidden)
		}
		return s
	}
	if !containsAny(err.Error(), forms) {
		return err
	}
	e, ok := vohttp.AsError(err)
	if !ok {
		return errors.New(clean(err.Error()))
	}
	c := *e
	c.Op, c.URL, c.Message = clean(c.Op), clean(c.URL), clean(c.Message)
	switch {
	case c.Err == nil, errors.Is(c.Err, ErrBadCredentials):
		// ErrBadCredentials is our own text: nothing to hide in it.
	default:
		c.Err = errors.New(clean(c.Err.Error()))
	}
	if containsAny(c.Error(), forms) {
		// The secret is part of our own wording (e.g. a one-letter
		// password): give up on detail rather than leak.
		var cause error
		if errors.Is(c.Err, ErrBadCredentials) {
			cause = ErrBadCredentials
		}
		return &vohttp.Error{Op: loginOp, Kind: vohttp.KindProtocol, StatusCode: c.StatusCode, Err: cause,
			Message: "details hidden because they contained the password"}
	}
	return &c
}

func containsAny(s string, forms []string) bool {
	for _, f := range forms {
		if f != "" && strings.Contains(s, f) {
			return true
		}
	}
	return false
}
