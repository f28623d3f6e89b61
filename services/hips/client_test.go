package hips_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"esodesk/services/hips"
	"esodesk/services/vohttp"
)

// fakeHiPS is a HiPS folder on disk served over loopback, counting the
// requests per path; a path in block waits until release is closed (or
// the request ends, which it records in ended).
type fakeHiPS struct {
	dir     string
	srv     *httptest.Server
	mu      sync.Mutex
	hits    map[string]int
	block   string
	release chan struct{}
	ended   chan struct{}
}

const fakeProps = "creator_did = ivo://test.example/P/fake\nobs_title = fake\nhips_order = 3\nhips_frame = galactic\nhips_tile_format = png jpeg\nhips_tile_width = 64\n"

// tile writes a tile of n bytes that starts like a PNG; its content is
// random so that a mix-up between tiles cannot go unnoticed.
func tile(t *testing.T, path string, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	copy(b, "\x89PNG\r\n\x1a\n")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return b
}

func newFake(t *testing.T) *fakeHiPS {
	t.Helper()
	f := &fakeHiPS{dir: t.TempDir(), hits: map[string]int{}, release: make(chan struct{}), ended: make(chan struct{})}
	if err := os.WriteFile(filepath.Join(f.dir, "properties"), []byte(fakeProps), 0o644); err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(f.dir))
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.hits[r.URL.Path]++
		block := f.block
		f.mu.Unlock()
		if r.URL.Path == block {
			select {
			case <-f.release:
			case <-r.Context().Done():
				close(f.ended)
				return
			}
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeHiPS) hitsOf(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

func newClient(t *testing.T, maxBytes int64) (*hips.Client, string) {
	dir := t.TempDir()
	return hips.New(nil, dir, maxBytes), dir
}

func TestPropertiesAreReadOnce(t *testing.T) {
	f := newFake(t)
	c, _ := newClient(t, 0)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := c.Properties(context.Background(), f.srv.URL+"/")
			if err != nil {
				t.Error(err)
				return
			}
			if p.Base != f.srv.URL || p.Order != 3 || p.Frame != "galactic" || p.TileWidth != 64 || p.ImageFormat() != "png" {
				t.Errorf("properties %+v", p)
			}
		}()
	}
	wg.Wait()
	if _, err := c.Properties(context.Background(), f.srv.URL); err != nil {
		t.Fatal(err)
	}
	if n := f.hitsOf("/properties"); n != 1 {
		t.Errorf("properties fetched %d times, want once", n)
	}
}

// The properties saved when the server last answered stand in for it when
// it cannot be reached, so that cached tiles still show offline.
func TestPropertiesOffline(t *testing.T) {
	f := newFake(t)
	_, dir := newClient(t, 0)
	if _, err := hips.New(nil, dir, 0).Properties(context.Background(), f.srv.URL); err != nil {
		t.Fatal(err)
	}
	f.srv.Close()
	p, err := hips.New(nil, dir, 0).Properties(context.Background(), f.srv.URL)
	if err != nil || p.Order != 3 || p.Base != f.srv.URL {
		t.Errorf("offline: %+v, %v", p, err)
	}
}

func TestPropertiesErrors(t *testing.T) {
	f := newFake(t)
	c, _ := newClient(t, 0)
	os.MkdirAll(filepath.Join(f.dir, "page"), 0o755)
	os.WriteFile(filepath.Join(f.dir, "page", "properties"), []byte("<!DOCTYPE html><html><body>Welcome</body></html>"), 0o644)
	os.MkdirAll(filepath.Join(f.dir, "other"), 0o755)
	os.WriteFile(filepath.Join(f.dir, "other", "properties"), []byte("title = something else\n"), 0o644)
	for path, want := range map[string]string{
		"/nothing": "has no properties file (HTTP 404): check that the survey address is a HiPS base URL",
		"/page":    "web page, not a HiPS properties file",
		"/other":   "/other/properties is not a HiPS properties file: no hips_order",
	} {
		_, err := c.Properties(context.Background(), f.srv.URL+path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error saying %q", path, err, want)
		}
	}
}

// Tiles arrive byte for byte, the second time from the disk cache without
// the network; a missing tile is ErrNoTile and is not asked for again.
func TestTileCacheAndMissingTiles(t *testing.T) {
	f := newFake(t)
	want := tile(t, filepath.Join(f.dir, "Norder3", "Dir0", "Npix300.png"), 5000)
	allsky := tile(t, filepath.Join(f.dir, "Norder3", "Allsky.jpg"), 7000)
	c, _ := newClient(t, 0)
	ctx := context.Background()
	got, err := c.Tile(ctx, f.srv.URL, 3, 300, "png")
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("tile: %d bytes, %v", len(got), err)
	}
	if got, err := c.Allsky(ctx, f.srv.URL, "jpeg"); err != nil || !bytes.Equal(got, allsky) {
		t.Fatalf("Allsky: %d bytes, %v", len(got), err)
	}
	_, err = c.Tile(ctx, f.srv.URL, 3, 301, "png")
	if !errors.Is(err, hips.ErrNoTile) {
		t.Fatalf("missing tile: %v, want ErrNoTile", err)
	}
	_, err = c.Tile(ctx, f.srv.URL, 3, 301, "png")
	if !errors.Is(err, hips.ErrNoTile) || f.hitsOf("/Norder3/Dir0/Npix301.png") != 1 {
		t.Errorf("missing tile asked for %d times (%v), want once", f.hitsOf("/Norder3/Dir0/Npix301.png"), err)
	}
	f.srv.Close()
	if got, err := c.Tile(ctx, f.srv.URL, 3, 300, "png"); err != nil || !bytes.Equal(got, want) {
		t.Errorf("cached tile with the server gone: %d bytes, %v", len(got), err)
	}
	if _, err := c.Tile(ctx, f.srv.URL, 3, 768, "png"); err == nil {
		t.Error("pixel 768 at order 3 (there are 768) accepted")
	}
}

// Many views asking for one tile at once cause one download.
func TestTileSingleFlight(t *testing.T) {
	f := newFake(t)
	want := tile(t, filepath.Join(f.dir, "Norder3", "Dir0", "Npix7.png"), 3000)
	f.block = "/Norder3/Dir0/Npix7.png"
	c, _ := newClient(t, 0)
	var wg sync.WaitGroup
	var bad atomic.Int32
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got, err := c.Tile(context.Background(), f.srv.URL, 3, 7, "png"); err != nil || !bytes.Equal(got, want) {
				bad.Add(1)
			}
		}()
	}
	time.Sleep(50 * time.Millisecond) // let every caller join
	close(f.release)
	wg.Wait()
	if bad.Load() != 0 || f.hitsOf(f.block) != 1 {
		t.Errorf("%d callers failed; %d downloads, want 1", bad.Load(), f.hitsOf(f.block))
	}
}

// A tile that leaves the view is cancelled: the caller returns at once and
// the transfer stops.
func TestTileCancel(t *testing.T) {
	f := newFake(t)
	tile(t, filepath.Join(f.dir, "Norder3", "Dir0", "Npix9.png"), 3000)
	f.block = "/Norder3/Dir0/Npix9.png"
	c, _ := newClient(t, 0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.Tile(ctx, f.srv.URL, 3, 9, "png"); done <- err }()
	for f.hitsOf(f.block) == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if !vohttp.IsCanceled(err) {
			t.Errorf("cancelled tile: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Tile did not return after its context was cancelled")
	}
	select {
	case <-f.ended:
	case <-time.After(5 * time.Second):
		t.Fatal("the server never saw the transfer stop")
	}
}

// Past the cap the tiles used longest ago go, down to 90% of the cap; a
// tile read again counts as used.
func TestTileCacheLRU(t *testing.T) {
	f := newFake(t)
	const size, n = 10_000, 40
	for i := 0; i < n; i++ {
		tile(t, filepath.Join(f.dir, "Norder3", "Dir0", fmt.Sprintf("Npix%d.png", i)), size)
	}
	const capBytes = 20*size + size/2 // room for 20 tiles
	c, dir := newClient(t, capBytes)
	ctx := context.Background()
	get := func(i int) {
		t.Helper()
		if _, err := c.Tile(ctx, f.srv.URL, 3, int64(i), "png"); err != nil {
			t.Fatal(err)
		}
	}
	// Tile 0 is read again after every other tile, so it stays the most
	// recently used; modification times are set by hand so that the order
	// does not depend on the file system's clock resolution.
	at := time.Now().Add(-time.Hour)
	touch := func(i int) {
		at = at.Add(time.Second)
		matches, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, m := range matches {
			if b, _ := os.ReadFile(m); len(b) == size {
				want, _ := os.ReadFile(filepath.Join(f.dir, "Norder3", "Dir0", fmt.Sprintf("Npix%d.png", i)))
				if bytes.Equal(b, want) {
					os.Chtimes(m, at, at)
				}
			}
		}
	}
	for i := 1; i < n; i++ {
		get(i)
		touch(i)
		get(0)
		touch(0)
	}
	var total int64
	var count int
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && !e.IsDir() {
			total += info.Size()
			count++
		}
	}
	if total > capBytes || count < 17 {
		t.Errorf("%d tiles, %d bytes in the cache: want at most %d bytes and at least 90%% of it used", count, total, capBytes)
	}
	f.srv.Close()
	for _, i := range []int{0, n - 1, n - 2} {
		if _, err := c.Tile(ctx, f.srv.URL, 3, int64(i), "png"); err != nil {
			t.Errorf("recently used tile %d evicted: %v", i, err)
		}
	}
	if _, err := c.Tile(ctx, f.srv.URL, 3, 1, "png"); err == nil {
		t.Error("tile 1, used longest ago, is still cached")
	}
}

// BenchmarkTileCached reads a tile that is in the disk cache (the sky
// view's common case when panning back).
func BenchmarkTileCached(b *testing.B) {
	dir := b.TempDir()
	data := make([]byte, 20_000)
	copy(data, "\x89PNG\r\n\x1a\n")
	os.MkdirAll(filepath.Join(dir, "Norder3", "Dir0"), 0o755)
	os.WriteFile(filepath.Join(dir, "Norder3", "Dir0", "Npix5.png"), data, 0o644)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer srv.Close()
	c := hips.New(nil, b.TempDir(), 0)
	ctx := context.Background()
	if _, err := c.Tile(ctx, srv.URL, 3, 5, "png"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Tile(ctx, srv.URL, 3, 5, "png"); err != nil {
			b.Fatal(err)
		}
	}
}
