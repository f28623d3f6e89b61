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
	"sync"
	"time"
)

// Options configure the stand-in. The zero value is usable.
type Options struct {
	// Logf, when set, receives one line per request (method, path, status).
	Logf func(format string, args ...any)

	// Users are the accounts the token endpoint accepts (username →
	// password); nil means just TestUser / TestPassword.
	Users map[string]string
	// TokenLifetime is the id_token's lifetime (expires_in); 0 means 8 h, as ESO.
	TokenLifetime time.Duration
	// TokenSecret signs the id_tokens (HS256); "" means a built-in test secret.
	TokenSecret string
	// Now is the server's clock (token exp and checks); nil means time.Now.
	Now func() time.Time

	// Proprietary says which dataPortal ids need a valid bearer id_token;
	// nil means ids containing "PROPRIETARY". Without one the stand-in
	// answers like ESO after a session expired: 200 with an HTML login page.
	Proprietary func(id string) bool
	// FileFaults gives dataPortal ids a standing fault spec (see dlfault.go),
	// e.g. {"X": "500*2"}: X answers 500 twice, then serves the file.
	FileFaults map[string]string
	// RedirectHost is the host[:port] the "redirect" fault sends clients to;
	// "" swaps 127.0.0.1 and localhost on the request's own port.
	RedirectHost string

	// ArchiveTAP is the DaCHS testbed's TAP URL (e.g. http://127.0.0.1:8080/tap):
	// CalSelector and /hdr answer from its dbo.raw, read once on first use.
	ArchiveTAP string
	// Frames, when not nil, are the archive instead of ArchiveTAP (tests).
	Frames []ArchiveFrame
	// Products go with Frames: the reduced products DataLink and the
	// dataPortal previews answer for (instead of ivoa.obscore and
	// phase3v2.product_files over ArchiveTAP).
	Products []ArchiveProduct
	// FixturesDir is the shared fixtures/real directory: CalSelector serves
	// the recorded ESO answers from it for their ids ("" disables them).
	FixturesDir string
}

// Server is the stand-in: an http.Handler that also remembers what it was
// asked, so tests can check which headers reached which route.
type Server struct {
	opts    Options
	handler http.Handler
	archive *archive

	mu         sync.Mutex
	journal    []Request
	counters   map[string]int    // "*K" fault element use counts, per id
	fileFaults map[string]string // SetFileFault's specs (override Options.FileFaults)
}

// New returns the stand-in with every endpoint family mounted.
func New(o Options) *Server {
	s := &Server{opts: o, counters: map[string]int{}, archive: newArchive(o.ArchiveTAP, o.Frames, o.Products)}
	mux := http.NewServeMux()
	mountSesame(mux)
	s.mountDataPortal(mux)
	s.mountToken(mux)
	s.mountCalSelector(mux)
	s.mountHeader(mux)
	mountDatasetPage(mux)
	s.mountDataLink(mux)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("esodesk ESO stand-in\n" + routesHelp))
	})
	var h http.Handler = mux
	h = withFaults(h)
	h = s.withJournal(h)
	if o.Logf != nil {
		h = withLog(h, o.Logf)
	}
	s.handler = h
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// routesHelp is what GET / lists, for people poking at the server with curl.
const routesHelp = `routes:
  GET /cgi-bin/nph-sesame/-oxp/SNV?<name>   CDS Sesame (XML)
  GET|HEAD /dataPortal/file/<id>[?fault=<spec>]   generated file (Range, If-Range)
  GET /sso/oidc/token?response_type=id_token%20token&grant_type=password&client_id=clientid&username=U&password=P
  GET|HEAD /mirror/file/<id>   the "other host" a redirect fault sends to
  GET|POST /calselector/v1/associations?dp_id=<id>[&dp_id=...]&mode=Raw2Raw|Raw2Master[&responseformat=votable]
  GET /hdr?DpId=<id>        FITS header of an archive frame (HTML <pre>)
  GET /dataset/<id>         dataset page (HTML)
  GET /datalink/links?ID=ivo://eso.org/ID?<id>[&ID=...]   DataLink (products, raw frames, ancillary files)
  GET /soda/sync?ID=<dp_id>&CIRCLE=<ra>+<dec>+<r>[&BAND=<lo_m>+<hi_m>]   SODA cutout of an image/cube (also /dataPortal/soda/sync)
download faults (?fault= or /fault/<spec>/dataPortal/file/<id>), comma-separated,
each optionally "*K" (only the first K requests for that id):
  <status>[:retry-after]  login  redirect[:code]  drop:N  short:N  slow:B/s  norange  version:N
fault injection, on any route:
  /fault/<status>/<route>   answer that HTTP status (e.g. /fault/500/...)
  /fault/hang/<route>       never answer (until the client gives up)
  /fault/garbage/<route>    answer 200 with an HTML page instead of data
  /fault/close/<route>      drop the connection without an answer
  /fault/malformed/<route>  the answer's body cut off halfway (malformed XML/VOTable)
  /fault/slow:<ms>/<route>  answer after <ms> milliseconds (on dataPortal: slow:<bytes/s>)
  or the header X-Standin-Fault: <status>|hang|garbage|close|malformed|slow:<ms>
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

// Flush passes streaming through (slow and drop faults flush as they go).
func (s *statusRecorder) Flush() { _ = http.NewResponseController(s.ResponseWriter).Flush() }

func withLog(next http.Handler, logf func(string, ...any)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			// A dropped connection (drop fault) panics with http.ErrAbortHandler.
			if p := recover(); p != nil {
				logf("%s %s %d (connection dropped)", r.Method, redactedURI(r), rec.status)
				panic(p)
			}
		}()
		next.ServeHTTP(rec, r)
		logf("%s %s %d", r.Method, redactedURI(r), rec.status)
	})
}

// StdLogf adapts the standard logger for Options.Logf.
func StdLogf(l *log.Logger) func(string, ...any) { return l.Printf }
