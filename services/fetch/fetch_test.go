package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"esodesk/services/vohttp"
)

func fitsLike(n int) []byte {
	b := []byte(strings.Repeat("SIMPLE  =                    T", 1))
	for len(b) < n {
		b = append(b, byte(len(b)%251))
	}
	return b[:n]
}

func TestGetDownloadsOnceThenServesFromCache(t *testing.T) {
	data := fitsLike(100_000)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Length", "100000")
		w.Header().Set("Content-Type", "application/fits")
		w.Header().Set("Content-Disposition", `attachment; filename="ADP.2016-07-15T08:22:40.678.fits"`)
		w.Write(data)
	}))
	defer srv.Close()
	c := New(t.TempDir(), nil)

	var last, total int64
	p, err := c.Get(context.Background(), srv.URL+"/dataPortal/file/ADP.x", func(d, tot int64) { last, total = d, tot })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(p, ".fits") {
		t.Errorf("cached name %q lost the .fits suffix from Content-Disposition", p)
	}
	got, _ := os.ReadFile(p)
	if string(got) != string(data) {
		t.Fatal("cached file differs from the served bytes")
	}
	if last != int64(len(data)) || total != int64(len(data)) {
		t.Errorf("progress ended at %d/%d, want %d", last, total, len(data))
	}
	p2, err := c.Get(context.Background(), srv.URL+"/dataPortal/file/ADP.x", nil)
	if err != nil || p2 != p {
		t.Fatalf("second Get = %q, %v", p2, err)
	}
	if hits.Load() != 1 {
		t.Fatalf("server hit %d times, want 1 (the second Get must come from the cache)", hits.Load())
	}
}

func TestConcurrentGetsShareOneDownload(t *testing.T) {
	var hits atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		<-release
		w.Write(fitsLike(5000))
	}))
	defer srv.Close()
	c := New(t.TempDir(), nil)
	var wg sync.WaitGroup
	paths := make([]string, 4)
	for i := range paths {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			p, err := c.Get(context.Background(), srv.URL+"/f.fits", nil)
			if err != nil {
				t.Error(err)
			}
			paths[i] = p
		}(i)
	}
	time.Sleep(100 * time.Millisecond)
	close(release)
	wg.Wait()
	if hits.Load() != 1 {
		t.Fatalf("%d downloads for one URL", hits.Load())
	}
	for _, p := range paths[1:] {
		if p != paths[0] {
			t.Fatalf("paths differ: %q", paths)
		}
	}
}

func TestHTMLPageIsAnErrorAndNothingIsCached(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!DOCTYPE html><html><head><title>ESO Login</title></head><body>Please log in</body></html>"))
	}))
	defer srv.Close()
	dir := t.TempDir()
	c := New(dir, nil)
	_, err := c.Get(context.Background(), srv.URL+"/file.fits", nil)
	var verr *vohttp.Error
	if !errors.As(err, &verr) || !strings.Contains(err.Error(), "web page instead of the file") || !strings.Contains(err.Error(), "Please log in") {
		t.Fatalf("want a clear error quoting the page, got %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("files left behind: %v", entries)
	}
}

func TestShortBodyIsAnError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// claim 10000 bytes, send 100, close the connection
		conn, buf, _ := w.(http.Hijacker).Hijack()
		defer conn.Close()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/fits\r\nContent-Length: 10000\r\n\r\n")
		buf.Write(fitsLike(100))
		buf.Flush()
	}))
	defer srv.Close()
	dir := t.TempDir()
	_, err := New(dir, nil).Get(context.Background(), srv.URL+"/x.fits", nil)
	if err == nil {
		t.Fatal("a truncated body was accepted")
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*")); len(m) != 0 {
		t.Fatalf("partial file left: %v", m)
	}
}

func TestCancelStopsTheDownload(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000000")
		w.Write(fitsLike(1000))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{}, 1)
	finished := make(chan struct{})
	go func() {
		_, err := New(dir, nil).Get(ctx, srv.URL+"/slow.fits", func(d, _ int64) {
			select {
			case started <- struct{}{}:
			default:
			}
		})
		if !vohttp.IsCanceled(err) {
			t.Errorf("want a cancellation error, got %v", err)
		}
		close(finished)
	}()
	<-started
	cancel()
	<-finished
	// The cancelled download cleans up on its own goroutine: give it a moment.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		m, _ := filepath.Glob(filepath.Join(dir, "*"))
		if len(m) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("partial file left after cancel: %v", m)
		}
	}
}

// Past MaxBytes the files used longest ago go; a file read again counts as
// used, and the file just fetched always stays.
func TestSizeCapEvictsLeastRecentlyUsed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/fits")
		w.Write(fitsLike(10_000))
	}))
	defer srv.Close()
	dir := t.TempDir()
	c := New(dir, nil)
	c.MaxBytes = 35_000 // room for three files
	ctx := context.Background()
	get := func(name string) {
		t.Helper()
		if _, err := c.Get(ctx, srv.URL+"/"+name+".fits", nil); err != nil {
			t.Fatal(err)
		}
	}
	// distinct, increasing use times without sleeping: set them by hand
	at := time.Now().Add(-time.Hour)
	age := func(name string) {
		at = at.Add(time.Minute)
		p, _ := c.Cached(srv.URL + "/" + name + ".fits")
		os.Chtimes(p, at, at)
	}
	for _, n := range []string{"a", "b", "c"} {
		get(n)
		age(n)
	}
	get("a") // a hit: a is now the most recently used
	get("d") // over the cap: b, the least recently used, goes
	cached := func(name string) bool { _, ok := c.Cached(srv.URL + "/" + name + ".fits"); return ok }
	if !cached("a") || cached("b") || !cached("c") || !cached("d") {
		t.Errorf("after the cap: a=%v b=%v c=%v d=%v, want b evicted only", cached("a"), cached("b"), cached("c"), cached("d"))
	}
	var total int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		info, _ := e.Info()
		total += info.Size()
	}
	if total > c.MaxBytes {
		t.Errorf("%d bytes in the cache, cap %d", total, c.MaxBytes)
	}
	c.MaxBytes = 5_000 // smaller than one file: the one just fetched stays
	get("e")
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || !cached("e") {
		t.Errorf("%d files left, want just the new one", len(entries))
	}
}

// slowFile serves n bytes: the first 1000 at once, the rest once release is
// closed. ended is closed when the server sees its request's context end
// before the file was sent: the transfer was cancelled.
type slowFile struct {
	data    []byte
	hits    atomic.Int32
	release chan struct{}
	ended   chan struct{}
	url     string
}

func newSlowFile(t *testing.T, n int) *slowFile {
	f := &slowFile{data: fitsLike(n), release: make(chan struct{}), ended: make(chan struct{})}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.hits.Add(1)
		w.Header().Set("Content-Length", strconv.Itoa(len(f.data)))
		w.Write(f.data[:1000])
		w.(http.Flusher).Flush()
		select {
		case <-f.release:
			w.Write(f.data[1000:])
		case <-r.Context().Done():
			close(f.ended)
		}
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL + "/spectrum.fits"
	return f
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// The Spectra tab's Ctrl+click overplot: a second request joins the first
// one's download, then the first is cancelled. The second must still get
// the file (it used to get "download failed: cancelled").
func TestFirstCallerCancelDoesNotFailTheOthers(t *testing.T) {
	f := newSlowFile(t, 50_000)
	c := New(t.TempDir(), nil)
	ctx1, cancel1 := context.WithCancel(context.Background())
	defer cancel1()
	var got1, got2 atomic.Int64 // bytes each caller's progress last saw
	err1 := make(chan error, 1)
	go func() {
		_, err := c.Get(ctx1, f.url, func(done, _ int64) { got1.Store(done) })
		err1 <- err
	}()
	waitUntil(t, "the first caller sees bytes", func() bool { return got1.Load() >= 1000 })
	type result struct {
		path string
		err  error
	}
	res2 := make(chan result, 1)
	go func() {
		p, err := c.Get(context.Background(), f.url, func(done, _ int64) { got2.Store(done) })
		res2 <- result{p, err}
	}()
	waitUntil(t, "both callers wait", func() bool { return c.flights.Waiters(f.url) == 2 })

	cancel1()
	if err := <-err1; !vohttp.IsCanceled(err) {
		t.Errorf("first caller: %v, want a cancellation", err)
	}
	close(f.release)
	r := <-res2
	if r.err != nil {
		t.Fatalf("second caller: %v", r.err)
	}
	if b, _ := os.ReadFile(r.path); string(b) != string(f.data) {
		t.Error("the second caller's file differs from the served bytes")
	}
	select {
	case <-f.ended:
		t.Error("the transfer was cancelled although a caller still waited")
	default:
	}
	if got2.Load() != int64(len(f.data)) {
		t.Errorf("the second caller's progress ended at %d of %d bytes", got2.Load(), len(f.data))
	}
	if got1.Load() == int64(len(f.data)) {
		t.Error("the first caller was told of progress after it left")
	}
	if f.hits.Load() != 1 {
		t.Errorf("%d requests, want one shared download", f.hits.Load())
	}
}

// When every caller has given up, the transfer stops: the server sees its
// request end, and no partial file stays.
func TestCancellingEveryCallerStopsTheTransfer(t *testing.T) {
	f := newSlowFile(t, 50_000)
	defer close(f.release)
	dir := t.TempDir()
	c := New(dir, nil)
	ctx1, cancel1 := context.WithCancel(context.Background())
	ctx2, cancel2 := context.WithCancel(context.Background())
	errs := make(chan error, 2)
	for _, ctx := range []context.Context{ctx1, ctx2} {
		go func() { _, err := c.Get(ctx, f.url, nil); errs <- err }()
	}
	waitUntil(t, "both callers wait", func() bool { return c.flights.Waiters(f.url) == 2 && f.hits.Load() == 1 })
	cancel1()
	if err := <-errs; !vohttp.IsCanceled(err) {
		t.Errorf("first caller: %v", err)
	}
	select {
	case <-f.ended:
		t.Fatal("the transfer stopped while a caller still waited")
	case <-time.After(20 * time.Millisecond):
	}
	cancel2()
	if err := <-errs; !vohttp.IsCanceled(err) {
		t.Errorf("second caller: %v", err)
	}
	select {
	case <-f.ended:
	case <-time.After(5 * time.Second):
		t.Fatal("the server never saw the transfer cancelled")
	}
	waitUntil(t, "the partial file is gone", func() bool {
		m, _ := filepath.Glob(filepath.Join(dir, "*"))
		return len(m) == 0
	})
}

// Many small downloads into a capped folder (a sky view's tiles): the cap
// holds throughout, files others put in the folder count at the next
// listing, and a file removed by Remove stops counting.
func TestSizeCapHoldsOverManyDownloads(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(fitsLike(1000))
	}))
	defer srv.Close()
	dir := t.TempDir()
	c := New(dir, nil)
	c.MaxBytes = 50_000
	size := func() (total int64) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			info, _ := e.Info()
			total += info.Size()
		}
		return total
	}
	for i := 0; i < 300; i++ {
		if _, err := c.Get(context.Background(), srv.URL+"/t"+strconv.Itoa(i)+".png", nil); err != nil {
			t.Fatal(err)
		}
		if s := size(); s > c.MaxBytes {
			t.Fatalf("after %d downloads %d bytes in the folder, cap %d", i+1, s, c.MaxBytes)
		}
	}
	// Someone else fills the folder: the next listing sees it.
	os.WriteFile(filepath.Join(dir, "other.fits"), fitsLike(60_000), 0o644)
	for i := 0; i < 10 && size() > c.MaxBytes; i++ {
		c.Get(context.Background(), srv.URL+"/more"+strconv.Itoa(i)+".png", nil)
	}
	if s := size(); s > c.MaxBytes {
		t.Errorf("a file added behind the cache's back never counted: %d bytes, cap %d", s, c.MaxBytes)
	}
}

// BenchmarkGetIntoFullFolder downloads small files into a folder that
// already holds 20,000 (a sky view's tile cache near its cap).
func BenchmarkGetIntoFullFolder(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(fitsLike(2000))
	}))
	defer srv.Close()
	dir := b.TempDir()
	c := New(dir, nil)
	c.MaxBytes = 100 << 20
	data := fitsLike(2000)
	for i := 0; i < 20_000; i++ {
		os.WriteFile(filepath.Join(dir, key("old"+strconv.Itoa(i))+".png"), data, 0o644)
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Get(ctx, srv.URL+"/n"+strconv.Itoa(i)+".png", nil); err != nil {
			b.Fatal(err)
		}
	}
}
