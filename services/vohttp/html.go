package vohttp

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// LooksLikeHTML reports whether a response is a web page (a login page, an
// error page) judging by its Content-Type or the first bytes of its body.
// Data services answer such pages with 200 when a session has expired, so a
// downloader must not take them for the file it asked for.
func LooksLikeHTML(contentType string, head []byte) bool {
	if strings.Contains(strings.ToLower(contentType), "text/html") {
		return true
	}
	head = bytes.TrimLeft(head, " \t\r\n\ufeff")
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	return hasPrefixFold(head, "<!doctype html") || hasPrefixFold(head, "<html")
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
// It returns 0 when the header is absent or unreadable.
func parseRetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
