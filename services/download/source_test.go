package download

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"
)

// source serves one file with Range/If-Range support like a good archive
// server; fault lets a test break request n (0-based) in its own way and
// returns true when it has answered.
type source struct {
	body  []byte
	etag  string
	name  string // Content-Disposition filename, "" for none
	fault func(n int, w http.ResponseWriter, r *http.Request) bool

	mu     sync.Mutex
	ranges []string // Range header of every request ("" for none)
}

func newBody(n int, seed uint64) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, seed+1))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func (s *source) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := len(s.ranges)
	s.ranges = append(s.ranges, r.Header.Get("Range"))
	s.mu.Unlock()
	if s.fault != nil && s.fault(n, w, r) {
		return
	}
	s.serve(w, r, true)
}

// serve answers honestly; honourRange false plays a server that ignores Range.
func (s *source) serve(w http.ResponseWriter, r *http.Request, honourRange bool) {
	s.headers(w)
	start := int64(0)
	if rg := r.Header.Get("Range"); honourRange && rg != "" && (r.Header.Get("If-Range") == "" || r.Header.Get("If-Range") == s.etag) {
		var a int64
		if _, err := fmt.Sscanf(rg, "bytes=%d-", &a); err == nil && a < int64(len(s.body)) {
			start = a
			w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", a, len(s.body)-1, len(s.body)))
			w.Header().Set("Content-Length", strconv.Itoa(len(s.body)-int(a)))
			w.WriteHeader(http.StatusPartialContent)
			w.Write(s.body[start:])
			return
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(s.body)))
	w.Write(s.body)
}

// headers sets what every answer of this file carries.
func (s *source) headers(w http.ResponseWriter) {
	w.Header().Set("ETag", s.etag)
	w.Header().Set("Content-Type", "application/fits")
	if s.name != "" {
		w.Header().Set("Content-Disposition", `attachment; filename="`+s.name+`"`)
	}
}

func (s *source) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.ranges...)
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func fileSum(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sum(b)
}

// testQueue is a queue with fast retries and no journal unless given.
func testQueue(t *testing.T, o Options) *Queue {
	t.Helper()
	if o.Dir == "" {
		o.Dir = t.TempDir()
	}
	if o.JournalPath == "" {
		o.Ephemeral = true
	}
	if o.BackoffBase == 0 {
		o.BackoffBase = time.Millisecond
		o.BackoffMax = 5 * time.Millisecond
	}
	q, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

func serve(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}
