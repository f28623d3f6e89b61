package vohttp

import (
	"net/url"
	"strings"
)

// Redact returns rawURL fit for logs and error messages: when its query string
// carries a password (ESO's login sends one there), the whole query is
// replaced by "REDACTED" so neither the password nor the user name leaks.
func Redact(rawURL string) string {
	i := strings.IndexByte(rawURL, '?')
	if i < 0 {
		return rawURL
	}
	if strings.Contains(strings.ToLower(rawURL[i:]), "password=") {
		return rawURL[:i] + "?REDACTED"
	}
	return rawURL
}

// redactURL is Redact for a parsed URL; it also drops user:password@.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	if c.User != nil {
		c.User = url.User(c.User.Username())
	}
	return Redact(c.String())
}
