// Package standin is esodesk's ESO stand-in server: the ESO-only endpoints
// (and CDS Sesame) that the DaCHS testbed cannot serve, answering in the
// real services' formats so the clients can be tested on loopback.
//
// One file per endpoint family registers its routes in New. Every route can be
// made to fail on purpose (see fault.go), so error paths are testable too.
package standin

import (
	"log"
	"net/http"
)

// Options configure the stand-in. The zero value is usable.
type Options struct {
	// Logf, when set, receives one line per request (method, path, status).
	Logf func(format string, args ...any)
}

// New returns the stand-in's handler with every endpoint family mounted.
func New(o Options) http.Handler {
	mux := http.NewServeMux()
	mountSesame(mux)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("esodesk ESO stand-in\n" + routesHelp))
	})
	var h http.Handler = mux
	h = withFaults(h)
	if o.Logf != nil {
		h = withLog(h, o.Logf)
	}
	return h
}

// routesHelp is what GET / lists, for people poking at the server with curl.
const routesHelp = `routes:
  GET /cgi-bin/nph-sesame/-oxp/SNV?<name>   CDS Sesame (XML)
fault injection, on any route:
  /fault/<status>/<route>   answer that HTTP status (e.g. /fault/500/...)
  /fault/hang/<route>       never answer (until the client gives up)
  /fault/garbage/<route>    answer 200 with an HTML page instead of data
  /fault/close/<route>      drop the connection without an answer
  or the header X-Standin-Fault: <status>|hang|garbage|close
`

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (for /fault/close).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func withLog(next http.Handler, logf func(string, ...any)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		logf("%s %s %d", r.Method, r.URL.RequestURI(), rec.status)
	})
}

// StdLogf adapts the standard logger for Options.Logf.
func StdLogf(l *log.Logger) func(string, ...any) { return l.Printf }
