package download

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"esodesk/services/vohttp"
)

// dropAfter sends the headers of the full file and half of the body, then
// kills the connection.
func dropAfter(s *source, half int) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		s.headers(w)
		w.Header().Set("Content-Length", fmt.Sprint(len(s.body)))
		w.Write(s.body[:half])
		w.(http.Flusher).Flush()
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	}
}

// runOne downloads src's URL and waits for the queue to settle.
func runOne(t *testing.T, q *Queue, j Job) Status {
	t.Helper()
	id, err := q.Add(j)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := q.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	st, _ := q.Status(id)
	return st
}

// checkFolder asserts the invariant: every file under a final name is
// byte-identical to the source; nothing else but .part files exists.
func checkFolder(t *testing.T, dir string, want []byte) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, de := range entries {
		if strings.HasSuffix(de.Name(), ".part") {
			continue
		}
		if got := fileSum(t, filepath.Join(dir, de.Name())); got != sum(want) {
			t.Errorf("%s is under its final name but differs from the source", de.Name())
		}
	}
}

func wantDone(t *testing.T, st Status, body []byte) {
	t.Helper()
	if st.State != Done {
		t.Fatalf("state %s (%s), want done", st.State, st.Error)
	}
	if got := fileSum(t, st.Path); got != sum(body) {
		t.Fatalf("sha256 of %s differs from the source", st.Path)
	}
	checkFolder(t, filepath.Dir(st.Path), body)
}

func TestFaults(t *testing.T) {
	body := newBody(3<<20+17, 1)
	half := len(body) / 2
	cases := []struct {
		name   string
		fault  func(s *source) func(n int, w http.ResponseWriter, r *http.Request) bool
		opts   Options
		ok     bool
		reason string   // in the error when !ok
		ranges []string // expected Range headers, nil: not checked
	}{
		{name: "connection dropped mid-body", ok: true, ranges: []string{"", fmt.Sprintf("bytes=%d-", half)},
			fault: func(s *source) func(int, http.ResponseWriter, *http.Request) bool {
				return func(n int, w http.ResponseWriter, r *http.Request) bool {
					if n == 0 {
						dropAfter(s, half)(w)
						return true
					}
					return false
				}
			}},
		{name: "500 then success", ok: true, ranges: []string{"", ""},
			fault: func(s *source) func(int, http.ResponseWriter, *http.Request) bool {
				return func(n int, w http.ResponseWriter, r *http.Request) bool {
					if n == 0 {
						http.Error(w, "database on fire", 500)
						return true
					}
					return false
				}
			}},
		{name: "range ignored: 200 with the full body", ok: true, ranges: []string{"", fmt.Sprintf("bytes=%d-", half)},
			fault: func(s *source) func(int, http.ResponseWriter, *http.Request) bool {
				return func(n int, w http.ResponseWriter, r *http.Request) bool {
					if n == 0 {
						dropAfter(s, half)(w)
					} else {
						s.serve(w, r, false)
					}
					return true
				}
			}},
		{name: "body shorter than Content-Length", ok: true, ranges: []string{"", fmt.Sprintf("bytes=%d-", 1000)},
			fault: func(s *source) func(int, http.ResponseWriter, *http.Request) bool {
				return func(n int, w http.ResponseWriter, r *http.Request) bool {
					if n == 0 {
						s.headers(w)
						w.Header().Set("Content-Length", fmt.Sprint(len(s.body)))
						w.Write(s.body[:1000]) // the server closes: fewer bytes than promised
						return true
					}
					return false
				}
			}},
		{name: "trickle that stalls", ok: true, opts: Options{StallTimeout: 300 * time.Millisecond},
			fault: func(s *source) func(int, http.ResponseWriter, *http.Request) bool {
				return func(n int, w http.ResponseWriter, r *http.Request) bool {
					if n > 0 {
						return false
					}
					s.headers(w)
					w.Header().Set("Content-Length", fmt.Sprint(len(s.body)))
					for i := 0; i < 10; i++ {
						w.Write(s.body[i*100 : (i+1)*100])
						w.(http.Flusher).Flush()
						time.Sleep(10 * time.Millisecond)
					}
					<-r.Context().Done() // then nothing more
					return true
				}
			}},
		{name: "slow trickle that finishes", ok: true, ranges: []string{""},
			fault: func(s *source) func(int, http.ResponseWriter, *http.Request) bool {
				return func(n int, w http.ResponseWriter, r *http.Request) bool {
					s.headers(w)
					w.Header().Set("Content-Length", fmt.Sprint(len(s.body)))
					const chunk = 64 << 10
					for i := 0; i < len(s.body); i += chunk {
						w.Write(s.body[i:min(i+chunk, len(s.body))])
						w.(http.Flusher).Flush()
						time.Sleep(2 * time.Millisecond)
					}
					return true
				}
			}},
		{name: "HTML login page instead of data", ok: false, reason: "web page instead of the file", ranges: []string{""},
			fault: func(s *source) func(int, http.ResponseWriter, *http.Request) bool {
				return func(n int, w http.ResponseWriter, r *http.Request) bool {
					w.Header().Set("Content-Type", "text/html")
					fmt.Fprint(w, "<!DOCTYPE html><html><title>ESO Single Sign On</title><body>Please log in</body></html>")
					return true
				}
			}},
		{name: "HTML page sent as octet-stream", ok: false, reason: "web page instead of the file",
			fault: func(s *source) func(int, http.ResponseWriter, *http.Request) bool {
				return func(n int, w http.ResponseWriter, r *http.Request) bool {
					w.Header().Set("Content-Type", "application/octet-stream")
					fmt.Fprint(w, "\n<html><body>Session expired</body></html>")
					return true
				}
			}},
		{name: "404 is not retried", ok: false, reason: "404", ranges: []string{""},
			fault: func(s *source) func(int, http.ResponseWriter, *http.Request) bool {
				return func(n int, w http.ResponseWriter, r *http.Request) bool {
					http.Error(w, "no such file", 404)
					return true
				}
			}},
		{name: "403 is not retried", ok: false, reason: "403", ranges: []string{""},
			fault: func(s *source) func(int, http.ResponseWriter, *http.Request) bool {
				return func(n int, w http.ResponseWriter, r *http.Request) bool {
					http.Error(w, "proprietary data", 403)
					return true
				}
			}},
		{name: "206 with a wrong Content-Range restarts cleanly", ok: true,
			ranges: []string{"", fmt.Sprintf("bytes=%d-", half), ""},
			fault: func(s *source) func(int, http.ResponseWriter, *http.Request) bool {
				return func(n int, w http.ResponseWriter, r *http.Request) bool {
					switch n {
					case 0:
						dropAfter(s, half)(w)
					case 1:
						w.Header().Set("Content-Range", fmt.Sprintf("bytes 0-%d/%d", len(s.body)-1, len(s.body)))
						w.WriteHeader(http.StatusPartialContent)
						w.Write(s.body)
					default:
						return false
					}
					return true
				}
			}},
		{name: "500 forever gives up with the reason", ok: false, reason: "database on fire",
			opts: Options{MaxFailures: 3},
			fault: func(s *source) func(int, http.ResponseWriter, *http.Request) bool {
				return func(n int, w http.ResponseWriter, r *http.Request) bool {
					http.Error(w, "database on fire", 500)
					return true
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := &source{body: body, etag: `"v1"`, name: "ADP.2020-01-01T00:00:00.000.fits"}
			src.fault = c.fault(src)
			srv := serve(t, src)
			q := testQueue(t, c.opts)
			st := runOne(t, q, Job{URL: srv.URL + "/file/x"})
			if c.ok {
				wantDone(t, st, body)
				if st.Name != src.name {
					t.Errorf("name %q, want %q from Content-Disposition", st.Name, src.name)
				}
			} else {
				if st.State != Failed || !strings.Contains(st.Error, c.reason) {
					t.Fatalf("state %s error %q, want failed with %q", st.State, st.Error, c.reason)
				}
				if entries, _ := os.ReadDir(q.opts.Dir); len(entries) != 0 {
					t.Errorf("a failed download left %d files, e.g. %s", len(entries), entries[0].Name())
				}
			}
			if c.ranges != nil {
				if got := src.requests(); strings.Join(got, "|") != strings.Join(c.ranges, "|") {
					t.Errorf("Range headers %q, want %q", got, c.ranges)
				}
			}
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	body := newBody(100_000, 2)
	src := &source{body: body, etag: `"a"`}
	src.fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
		if n == 0 {
			w.Header().Set("Retry-After", "2")
			http.Error(w, "too many requests", 429)
			return true
		}
		return false
	}
	srv := serve(t, src)
	var mu sync.Mutex
	var waits []time.Duration
	q := testQueue(t, Options{Sleep: func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return nil
	}})
	st := runOne(t, q, Job{URL: srv.URL + "/a.fits"})
	wantDone(t, st, body)
	mu.Lock()
	defer mu.Unlock()
	if len(waits) != 1 || waits[0] != 2*time.Second {
		t.Fatalf("waits %v, want one of 2s (the server's Retry-After)", waits)
	}
}

func TestRedirectToAnotherHostDropsTheToken(t *testing.T) {
	body := newBody(200_000, 3)
	var sawAuth []string
	var mu sync.Mutex
	data := &source{body: body, etag: `"b"`, name: "raw.fits"}
	data.fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
		mu.Lock()
		sawAuth = append(sawAuth, r.Header.Get("Authorization"))
		mu.Unlock()
		return false
	}
	other := serve(t, data)
	front := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer secret" {
			http.Error(w, "no token", 401)
			return
		}
		http.Redirect(w, r, other.URL+"/store/raw.fits", http.StatusFound)
	}))
	tok := vohttp.New(vohttp.Options{Authorizer: vohttp.AuthorizerFunc(func(r *http.Request) error {
		if r.URL.Host == strings.TrimPrefix(front.URL, "http://") {
			r.Header.Set("Authorization", "Bearer secret")
		}
		return nil
	})})
	q := testQueue(t, Options{TokenClient: tok})
	st := runOne(t, q, Job{URL: front.URL + "/file/raw", NeedsToken: true})
	wantDone(t, st, body)
	mu.Lock()
	defer mu.Unlock()
	if len(sawAuth) != 1 || sawAuth[0] != "" {
		t.Fatalf("the other host saw Authorization %q, want none", sawAuth)
	}

	q2 := testQueue(t, Options{})
	st = runOne(t, q2, Job{URL: front.URL + "/file/raw", NeedsToken: true})
	if st.State != Failed || !strings.Contains(st.Error, "ESO login") {
		t.Fatalf("a token job without a token client: %s %q", st.State, st.Error)
	}
}
