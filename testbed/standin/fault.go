package standin

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultHeader asks for a fault on one request without changing its URL.
const FaultHeader = "X-Standin-Fault"

// withFaults strips a leading /fault/<kind>/ from the path (or reads
// FaultHeader) and misbehaves accordingly; other requests pass through.
//
// Kinds: an HTTP status code (400..599: that status with a short text body),
// "hang" (no answer until the client cancels), "garbage" (200 with an HTML
// page where data was expected), "close" (connection dropped, no answer),
// "malformed" (the route's own answer with its body cut off halfway, a
// consistent Content-Length: a well-delivered but broken document) and
// "slow:<ms>" (the route's answer after that delay, unless the client
// cancels first). On dataPortal paths, /fault/slow:<B>/ keeps its download
// meaning (bytes per second, dlfault.go).
func withFaults(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		kind := r.Header.Get(FaultHeader)
		if rest, ok := strings.CutPrefix(r.URL.Path, "/fault/"); ok {
			k, path, _ := strings.Cut(rest, "/")
			kind = k
			r2 := r.Clone(r.Context())
			r2.URL.Path = "/" + path
			r2.URL.RawPath = ""
			r = r2
			// Downloads understand richer specs (dlfault.go); hang,
			// garbage and close stay generic.
			if strings.HasPrefix(r.URL.Path, DataPortalPath) && k != "hang" && k != "garbage" && k != "close" && k != "malformed" {
				next.ServeHTTP(w, r.WithContext(withPathFaultSpec(r.Context(), k)))
				return
			}
		}
		if kind == "" {
			next.ServeHTTP(w, r)
			return
		}
		if ms, ok := strings.CutPrefix(kind, "slow:"); ok {
			d, err := strconv.Atoi(ms)
			if err != nil || d < 0 {
				http.Error(w, "stand-in: bad fault "+strconv.Quote(kind)+" (want slow:<milliseconds>)", http.StatusBadRequest)
				return
			}
			t := time.NewTimer(time.Duration(d) * time.Millisecond)
			defer t.Stop()
			select {
			case <-t.C:
				next.ServeHTTP(w, r)
			case <-r.Context().Done(): // the client gave up
			}
			return
		}
		switch kind {
		case "malformed":
			serveMalformed(w, r, next)
			return
		case "hang":
			<-r.Context().Done()
			return
		case "garbage":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte("<!DOCTYPE html>\n<html><head><title>Maintenance</title></head><body><h1>The service is under maintenance</h1></body></html>\n"))
			return
		case "close":
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
					return
				}
			}
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
				return
			}
			http.Error(w, "stand-in: cannot drop this connection", http.StatusInternalServerError)
			return
		}
		code, err := strconv.Atoi(kind)
		if err != nil || code < 400 || code > 599 {
			http.Error(w, "stand-in: unknown fault "+strconv.Quote(kind)+" (want 400..599, hang, garbage or close)", http.StatusBadRequest)
			return
		}
		http.Error(w, "stand-in fault: "+strconv.Itoa(code)+" "+http.StatusText(code), code)
	})
}

// serveMalformed runs the route into a buffer and sends the first half of
// its body with the route's status and headers.
func serveMalformed(w http.ResponseWriter, r *http.Request, next http.Handler) {
	buf := &bufferedWriter{header: http.Header{}, status: http.StatusOK}
	next.ServeHTTP(buf, r)
	for k, v := range buf.header {
		w.Header()[k] = v
	}
	body := buf.body.Bytes()
	body = body[:len(body)/2]
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(buf.status)
	_, _ = w.Write(body)
}

// bufferedWriter keeps a whole answer in memory.
type bufferedWriter struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }
func (b *bufferedWriter) WriteHeader(code int) {
	if !b.wrote {
		b.status, b.wrote = code, true
	}
}
func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.wrote = true
	return b.body.Write(p)
}
