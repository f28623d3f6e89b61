package standin

import (
	"net/http"
	"net/url"
	"strings"
)

// Request is what the stand-in remembers of one request it received.
type Request struct {
	Method, Host, Path string
	Query              string // raw query with any password replaced by "***"
	Authorization      string // the Authorization header as received ("" if none)
	Range, IfRange     string
	ESORoute           bool // false for routes a real ESO host does not serve (mirror, Sesame)
}

// maxJournal bounds the memory of a long-running stand-in.
const maxJournal = 10000

func (s *Server) withJournal(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.Path
		if rest, ok := strings.CutPrefix(path, "/fault/"); ok {
			_, p, _ := strings.Cut(rest, "/")
			path = "/" + p
		}
		rec := Request{
			Method: r.Method, Host: r.Host, Path: path, Query: redactQuery(r.URL.RawQuery),
			Authorization: r.Header.Get("Authorization"),
			Range:         r.Header.Get("Range"), IfRange: r.Header.Get("If-Range"),
			ESORoute: isESORoute(path),
		}
		s.mu.Lock()
		if len(s.journal) >= maxJournal {
			s.journal = append(s.journal[:0], s.journal[maxJournal/2:]...)
		}
		s.journal = append(s.journal, rec)
		s.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// isESORoute: paths a real ESO host answers (and where a token belongs).
func isESORoute(path string) bool {
	for _, p := range []string{"/dataPortal/", "/sso/", "/calselector/", "/datalink/", "/tap_obs", "/tap_cat", "/hdr", "/dataset/", "/soda/"} {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// Requests returns a copy of the requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.journal...)
}

// LeakedAuthorization lists requests that carried an Authorization header
// to a non-ESO route (e.g. the redirect target /mirror/file/): a token
// sent there has leaked. Tests assert it stays empty.
func (s *Server) LeakedAuthorization() []Request {
	var out []Request
	for _, r := range s.Requests() {
		if !r.ESORoute && r.Authorization != "" {
			out = append(out, r)
		}
	}
	return out
}

// redactQuery hides the password the token endpoint takes in its query.
func redactQuery(raw string) string {
	if !strings.Contains(strings.ToLower(raw), "password") {
		return raw
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return "(unparsable query with a password)"
	}
	for k := range q {
		if strings.EqualFold(k, "password") {
			q[k] = []string{"***"}
		}
	}
	return q.Encode()
}

func redactedURI(r *http.Request) string {
	if r.URL.RawQuery == "" {
		return r.URL.Path
	}
	return r.URL.Path + "?" + redactQuery(r.URL.RawQuery)
}
