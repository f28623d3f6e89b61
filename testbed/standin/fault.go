package standin

import (
	"net/http"
	"strconv"
	"strings"
)

// FaultHeader asks for a fault on one request without changing its URL.
const FaultHeader = "X-Standin-Fault"

// withFaults strips a leading /fault/<kind>/ from the path (or reads
// FaultHeader) and misbehaves accordingly; other requests pass through.
//
// Kinds: an HTTP status code (400..599: that status with a short text body),
// "hang" (no answer until the client cancels), "garbage" (200 with an HTML
// page where data was expected), "close" (connection dropped, no answer).
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
			if strings.HasPrefix(r.URL.Path, DataPortalPath) && k != "hang" && k != "garbage" && k != "close" {
				next.ServeHTTP(w, r.WithContext(withPathFaultSpec(r.Context(), k)))
				return
			}
		}
		if kind == "" {
			next.ServeHTTP(w, r)
			return
		}
		switch kind {
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
