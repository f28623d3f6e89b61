// Package testserver is a loopback HTTP server of in-memory files for
// tests: it counts the requests, tracks how many run at once, and can hold
// a path until the test releases it. Only tests import it.
package testserver

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Files serves files by URL path.
type Files struct {
	*httptest.Server
	Total    atomic.Int64 // requests received
	Canceled atomic.Int64 // held requests the client gave up on
	Active   atomic.Int64 // requests being served now
	Peak     atomic.Int64 // the most served at once
	// Arrived receives each request's path as it comes in, before any
	// hold; when nobody reads it, paths past its buffer are dropped.
	Arrived chan string

	mu    sync.Mutex
	files map[string][]byte
	types map[string]string
	count map[string]int
	hold  map[string]chan struct{}
}

// New starts a server, closed when the test ends.
func New(t testing.TB) *Files {
	s := &Files{files: map[string][]byte{}, types: map[string]string{}, count: map[string]int{},
		hold: map[string]chan struct{}{}, Arrived: make(chan string, 1000)}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *Files) serve(w http.ResponseWriter, r *http.Request) {
	s.Total.Add(1)
	n := s.Active.Add(1)
	defer s.Active.Add(-1)
	for {
		p := s.Peak.Load()
		if n <= p || s.Peak.CompareAndSwap(p, n) {
			break
		}
	}
	s.mu.Lock()
	s.count[r.URL.Path]++
	data, ok := s.files[r.URL.Path]
	ct := s.types[r.URL.Path]
	hold := s.hold[r.URL.Path]
	s.mu.Unlock()
	select {
	case s.Arrived <- r.URL.Path:
	default:
	}
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			s.Canceled.Add(1)
			return
		}
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	if ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Write(data)
}

// Put serves data at path with the given Content-Type ("" sends none) and
// returns its URL.
func (s *Files) Put(path, contentType string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path], s.types[path] = data, contentType
	return s.URL + path
}

// Hold makes requests for path wait until release is closed.
func (s *Files) Hold(path string, release chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hold[path] = release
}

// Requests is how many requests came for path.
func (s *Files) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count[path]
}

// WaitFor waits up to timeout for a request for path, passing over the
// others that arrive meanwhile; the test fails when none comes.
func (s *Files) WaitFor(t testing.TB, path string, timeout time.Duration) {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case got := <-s.Arrived:
			if got == path {
				return
			}
		case <-deadline:
			t.Fatalf("no request for %s within %v", path, timeout)
		}
	}
}
