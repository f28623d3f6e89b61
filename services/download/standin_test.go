package download

import (
	"context"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"esodesk/services/esoauth"
	"esodesk/services/vohttp"
	"esodesk/testbed/standin"
)

// The queue against the project's ESO stand-in, the real peer for
// dataPortal downloads: one subtest per fault the stand-in can inject.
// Whatever happens, a file under its final name is byte-identical to what
// the server holds, or the job failed with a reason and left no such file.

// standinBytes is the content the stand-in serves for id.
func standinBytes(t *testing.T, id string) []byte {
	t.Helper()
	_, open := standin.FileBytes(id)
	b, err := io.ReadAll(open())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sleepLog records the waits the queue asks for and shortens them.
type sleepLog struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleepLog) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return sleepCtx(ctx, min(d, 20*time.Millisecond))
}

func (s *sleepLog) saw(d time.Duration) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, w := range s.waits {
		if w == d {
			return true
		}
	}
	return false
}

// requestsFor lists the stand-in's journal entries whose path ends in id.
func requestsFor(srv *standin.Server, id string) []standin.Request {
	var out []standin.Request
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, "/"+id) {
			out = append(out, r)
		}
	}
	return out
}

func TestStandinFaults(t *testing.T) {
	srv := standin.New(standin.Options{})
	hs := serve(t, srv)
	base := hs.URL + standin.DataPortalPath

	cases := []struct {
		name, id, fault string
		wantDone        bool
		check           func(t *testing.T, st Status, sl *sleepLog)
	}{
		{name: "connection dropped mid-body", id: "BENCH.600KB.drop", fault: "drop:250000*1", wantDone: true,
			check: func(t *testing.T, st Status, _ *sleepLog) {
				reqs := requestsFor(srv, "BENCH.600KB.drop")
				if len(reqs) != 2 || reqs[1].Range != "bytes=250000-" || reqs[1].IfRange == "" {
					t.Fatalf("want a resume from byte 250000 with If-Range, got %+v", reqs)
				}
			}},
		{name: "500 twice then success", id: "FORS2.2021-01-02T00:59:12.533", fault: "500*2", wantDone: true,
			check: func(t *testing.T, st Status, _ *sleepLog) {
				if st.Attempts != 3 {
					t.Fatalf("%d attempts, want 3", st.Attempts)
				}
			}},
		{name: "429 with Retry-After", id: "HARPS.2019-03-04T01:02:03.456", fault: "429:1*1", wantDone: true,
			check: func(t *testing.T, st Status, sl *sleepLog) {
				if !sl.saw(time.Second) {
					t.Fatalf("Retry-After: 1 not honoured; waits %v", sl.waits)
				}
			}},
		{name: "Range ignored on the resumed request", id: "BENCH.700KB.norange", fault: "drop:300000*1,norange", wantDone: true,
			check: func(t *testing.T, st Status, _ *sleepLog) {
				reqs := requestsFor(srv, "BENCH.700KB.norange")
				if len(reqs) < 2 || reqs[1].Range == "" {
					t.Fatalf("the second request should have asked for a range: %+v", reqs)
				}
			}},
		{name: "body shorter than Content-Length once", id: "UVES.2019-03-02T00:00:00.001", fault: "short:1000*1", wantDone: true},
		{name: "body always shorter than Content-Length", id: "BENCH.50KB.short", fault: "short:1000", wantDone: false,
			check: func(t *testing.T, st Status, _ *sleepLog) {
				if !strings.Contains(st.Error, "fewer bytes") && !strings.Contains(st.Error, "EOF") {
					t.Fatalf("reason %q does not say the body was short", st.Error)
				}
			}},
		{name: "slow trickle", id: "BENCH.20KB.slow", fault: "slow:100000", wantDone: true},
		{name: "HTML login page", id: "FORS2.2021-01-03T01:00:00.000", fault: "login", wantDone: false,
			check: func(t *testing.T, st Status, _ *sleepLog) {
				if !strings.Contains(st.Error, "web page") {
					t.Fatalf("reason %q does not say a web page came instead of the file", st.Error)
				}
				if st.Attempts != 1 {
					t.Fatalf("a login page is not worth %d attempts", st.Attempts)
				}
			}},
		{name: "404", id: "NOPE.404", fault: "404", wantDone: false,
			check: func(t *testing.T, st Status, _ *sleepLog) {
				if !strings.Contains(st.Error, "404") {
					t.Fatalf("reason %q lacks the status", st.Error)
				}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sl := &sleepLog{}
			dir := t.TempDir()
			q := testQueue(t, Options{Dir: dir, Sleep: sl.sleep, MaxFailures: 3, StallTimeout: 10 * time.Second})
			st := runOne(t, q, Job{URL: base + c.id + "?fault=" + url.QueryEscape(c.fault)})
			want := standinBytes(t, c.id)
			if c.wantDone {
				wantDone(t, st, want)
				if filepath.Base(st.Path) != standin.FileName(c.id) {
					t.Fatalf("saved as %s, want %s", filepath.Base(st.Path), standin.FileName(c.id))
				}
			} else {
				if st.State != Failed || st.Error == "" {
					t.Fatalf("state %s (%q), want failed with a reason", st.State, st.Error)
				}
				checkFolder(t, dir, want)
				if _, err := os.Stat(filepath.Join(dir, standin.FileName(c.id))); err == nil {
					t.Fatal("a failed download left a file under the final name")
				}
			}
			if c.check != nil {
				c.check(t, st, sl)
			}
		})
	}
}

// A redirect to another host must not carry the ESO token there: the
// Authorizer covers only the stand-in's own 127.0.0.1 host.
func TestStandinRedirectKeepsTokenHome(t *testing.T) {
	srv := standin.New(standin.Options{})
	hs := serve(t, srv)
	u, _ := url.Parse(hs.URL)
	auth := esoauth.NewAuthorizer(esoauth.AuthorizerOptions{AllowHosts: []string{u.Host}})
	exp := time.Now().Add(time.Hour)
	auth.Set(&esoauth.Token{IDToken: srv.IDToken(standin.TestUser, exp), Username: standin.TestUser, Expiry: exp})
	tokenClient := vohttp.New(vohttp.Options{Authorizer: auth})

	id := "FORS2.2021-01-04T02:00:00.000"
	dir := t.TempDir()
	q := testQueue(t, Options{Dir: dir, TokenClient: tokenClient, MaxFailures: 3})
	st := runOne(t, q, Job{URL: hs.URL + standin.DataPortalPath + id + "?fault=redirect", NeedsToken: true})

	if leaks := srv.LeakedAuthorization(); len(leaks) != 0 {
		t.Fatalf("the token reached another host: %+v", leaks)
	}
	reqs := requestsFor(srv, id)
	if len(reqs) < 2 || !strings.HasPrefix(reqs[0].Authorization, "Bearer ") || reqs[1].Host == reqs[0].Host {
		t.Fatalf("want a request with the token to the ESO host, then one to the mirror host: %+v", reqs)
	}
	want := standinBytes(t, id)
	switch st.State {
	case Done:
		wantDone(t, st, want)
	case Failed:
		if st.Error == "" {
			t.Fatal("failed without a reason")
		}
		checkFolder(t, dir, want)
	default:
		t.Fatalf("state %s", st.State)
	}
}

// The stand-in's raw frames are real .Z streams: with Decompress the queue
// leaves the FITS file (and, with KeepCompressed, the .Z next to it).
func TestStandinRawFrameDecompress(t *testing.T) {
	srv := standin.New(standin.Options{})
	hs := serve(t, srv)
	id := "FORS2.2021-01-05T03:00:00.000"
	dir := t.TempDir()
	q := testQueue(t, Options{Dir: dir, Decompress: true, KeepCompressed: true})
	st := runOne(t, q, Job{URL: hs.URL + standin.DataPortalPath + id})
	if st.State != Done || filepath.Base(st.Path) != id+".fits" {
		t.Fatalf("state %s (%s), path %s", st.State, st.Error, st.Path)
	}
	fits, err := os.ReadFile(st.Path)
	if err != nil {
		t.Fatal(err)
	}
	if len(fits)%2880 != 0 || !strings.HasPrefix(string(fits), "SIMPLE  =                    T") || !strings.Contains(string(fits[:2880]), "ARCFILE = '"+id+".fits'") {
		t.Fatalf("unpacked file is not the FITS frame: %d bytes %q", len(fits), fits[:80])
	}
	if got := fileSum(t, filepath.Join(dir, standin.FileName(id))); got != standin.FileSHA256(id) {
		t.Fatal("the kept .Z file differs from the served one")
	}
}
