package standin

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Download faults: misbehaviour of /dataPortal/file/<id> on demand, for the
// download queue's error paths. A spec is a comma-separated list of
// elements, given by the query parameter ?fault=<spec>, the path prefix
// /fault/<spec>/dataPortal/file/<id>, or per id in Options.FileFaults (all
// that apply are combined). Each element may end in "*K": it then applies
// only to the first K requests (GET or HEAD) for that id, and the file is
// served normally afterwards, e.g. "500*2" or "drop:65536*1".
//
//	<status>[:S]  answer that HTTP status (400..599) with a short HTML page;
//	              S sets Retry-After: S seconds (e.g. 429:3, 503:10)
//	login         200 text/html: ESO's login page instead of the data
//	redirect[:C]  answer C (default 302) to the same file on another host
//	              name (127.0.0.1 <-> localhost, same port, or
//	              Options.RedirectHost) under /mirror/file/<id>, which serves
//	              it without asking for a token; Server.LeakedAuthorization
//	              reports any Authorization header that reached it
//	drop:N        send the headers and N body bytes, then drop the connection
//	short:N       end the body N bytes before Content-Length, then close
//	slow:B        trickle the body at B bytes per second
//	norange       ignore Range and If-Range: 200 with the whole body
//	version:N     serve version N of the file: other bytes (FileVersionBytes),
//	              ETag and Last-Modified, as if it changed on the server
//
// Status, login and redirect answer at once (the first active one wins);
// the others combine (e.g. "slow:100000,drop:500000").
type dlFaults struct {
	status     int
	retryAfter string
	login      bool
	redirect   int
	drop       int64 // -1: none
	short      int64
	slow       int64
	noRange    bool
	version    int
}

type faultElem struct {
	raw   string // as written, without the "*K": the counter key
	name  string
	arg   string
	count int // 0: always
}

func parseFaultSpec(spec string) ([]faultElem, error) {
	var out []faultElem
	for _, raw := range strings.Split(spec, ",") {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		e := faultElem{}
		if body, k, ok := strings.Cut(raw, "*"); ok {
			n, err := strconv.Atoi(k)
			if err != nil || n < 1 {
				return nil, fmt.Errorf("fault %q: count after * must be a positive integer", raw)
			}
			raw, e.count = body, n
		}
		e.raw = raw
		e.name, e.arg, _ = strings.Cut(raw, ":")
		if err := checkFaultElem(e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func checkFaultElem(e faultElem) error {
	needInt := func(min int64) error {
		n, err := strconv.ParseInt(e.arg, 10, 64)
		if err != nil || n < min {
			return fmt.Errorf("fault %q: want %s:<integer >= %d>", e.raw, e.name, min)
		}
		return nil
	}
	switch e.name {
	case "login", "norange":
		return nil
	case "redirect":
		if e.arg == "" {
			return nil
		}
		if c, err := strconv.Atoi(e.arg); err != nil || c < 300 || c > 399 {
			return fmt.Errorf("fault %q: redirect code must be 3xx", e.raw)
		}
		return nil
	case "drop", "short", "version":
		return needInt(0)
	case "slow":
		return needInt(1)
	}
	if c, err := strconv.Atoi(e.name); err == nil && c >= 400 && c <= 599 {
		if e.arg != "" {
			return needInt(0)
		}
		return nil
	}
	return fmt.Errorf("unknown download fault %q (want <status>[:retry-after], login, redirect[:code], drop:N, short:N, slow:B, norange, version:N)", e.raw)
}

// activeFaults counts this request against each "*K" element of id's spec
// and returns the faults that apply to it.
func (s *Server) activeFaults(id string, elems []faultElem) dlFaults {
	f := dlFaults{drop: -1}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range elems {
		if e.count > 0 {
			key := id + "|" + e.raw
			s.counters[key]++
			if s.counters[key] > e.count {
				continue
			}
		}
		n, _ := strconv.ParseInt(e.arg, 10, 64)
		switch e.name {
		case "login":
			f.login = true
		case "norange":
			f.noRange = true
		case "redirect":
			f.redirect = http.StatusFound
			if n != 0 {
				f.redirect = int(n)
			}
		case "drop":
			f.drop = n
		case "short":
			f.short = n
		case "slow":
			f.slow = n
		case "version":
			f.version = int(n)
		default:
			if f.status == 0 {
				f.status, _ = strconv.Atoi(e.name)
				f.retryAfter = e.arg
			}
		}
	}
	return f
}

// SetFileFault replaces the standing fault spec of one id at run time
// ("" removes it) and resets its "*K" counters.
func (s *Server) SetFileFault(id, spec string) error {
	if _, err := parseFaultSpec(spec); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fileFaults == nil {
		s.fileFaults = map[string]string{}
	}
	s.fileFaults[id] = spec
	for k := range s.counters {
		if strings.HasPrefix(k, id+"|") {
			delete(s.counters, k)
		}
	}
	return nil
}

func (s *Server) standingFault(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if spec, ok := s.fileFaults[id]; ok {
		return spec
	}
	return s.opts.FileFaults[id]
}

type faultSpecKey struct{}

// withPathFaultSpec carries a /fault/<spec>/ prefix to the download handler.
func withPathFaultSpec(ctx context.Context, spec string) context.Context {
	return context.WithValue(ctx, faultSpecKey{}, spec)
}

func pathFaultSpec(ctx context.Context) string {
	s, _ := ctx.Value(faultSpecKey{}).(string)
	return s
}

// faultyBody wraps the ResponseWriter of a file download to drop, cut
// short or slow down the body.
type faultyBody struct {
	http.ResponseWriter
	ctx     context.Context
	f       dlFaults
	written int64
	limit   int64 // -1: none; set from Content-Length for short:N
	dropped bool
}

func (b *faultyBody) WriteHeader(code int) {
	if b.f.short > 0 {
		if cl, err := strconv.ParseInt(b.Header().Get("Content-Length"), 10, 64); err == nil {
			b.limit = max(cl-b.f.short, 0)
		}
	}
	b.ResponseWriter.WriteHeader(code)
}

func (b *faultyBody) Unwrap() http.ResponseWriter { return b.ResponseWriter }

var errFaultCut = fmt.Errorf("stand-in: body cut by a fault")

func (b *faultyBody) Write(p []byte) (int, error) {
	total := 0
	for len(p) > 0 {
		chunk := p
		if b.f.slow > 0 {
			chunk = chunk[:min(int64(len(chunk)), max(b.f.slow/20, 1))]
		}
		if b.limit >= 0 && b.written+int64(len(chunk)) > b.limit {
			chunk = chunk[:b.limit-b.written]
		}
		if b.f.drop >= 0 && b.written+int64(len(chunk)) > b.f.drop {
			chunk = chunk[:b.f.drop-b.written]
		}
		if len(chunk) > 0 {
			n, err := b.ResponseWriter.Write(chunk)
			b.written += int64(n)
			total += n
			if err != nil {
				return total, err
			}
		}
		if b.f.drop >= 0 && b.written >= b.f.drop {
			_ = http.NewResponseController(b.ResponseWriter).Flush()
			b.dropped = true
			return total, errFaultCut
		}
		if b.limit >= 0 && b.written >= b.limit {
			return total, errFaultCut
		}
		p = p[len(chunk):]
		if b.f.slow > 0 {
			_ = http.NewResponseController(b.ResponseWriter).Flush()
			t := time.NewTimer(time.Duration(float64(len(chunk)) / float64(b.f.slow) * float64(time.Second)))
			select {
			case <-t.C:
			case <-b.ctx.Done():
				t.Stop()
				return total, b.ctx.Err()
			}
		}
	}
	return total, nil
}
