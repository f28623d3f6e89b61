package preview

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"esodesk/internal/fixtures"
	"esodesk/internal/imagetest"
	"esodesk/internal/testserver"
	"esodesk/services/vohttp"
)

const realPNG = "eso_astroquery_examples/ADP.2025-12-18T13_16_13.402.png"

func newCache(t testing.TB, dir string, o Options) *Cache {
	t.Helper()
	o.Dir = dir
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRealPNG(t *testing.T) {
	data, err := os.ReadFile(fixtures.Path(t, realPNG))
	if err != nil {
		t.Fatal(err)
	}
	want, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	srv := testserver.New(t)
	url := srv.Put("/preview/ADP.png", "image/png", data)
	dir := t.TempDir()
	ctx := context.Background()

	c := newCache(t, dir, Options{})
	p, err := c.Get(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if p.FromCache != "network" || p.Format != "png" || p.Width != 1771 || p.Height != 1240 || p.Bytes != int64(len(data)) {
		t.Fatalf("first Get: %+v", *p)
	}
	imagetest.SamePixels(t, p.Image, want)

	p2, err := c.Get(ctx, url)
	if err != nil || p2.FromCache != "memory" || p2.Image != p.Image {
		t.Fatalf("second Get: %v, %+v", err, p2)
	}

	before := srv.Total.Load()
	c2 := newCache(t, dir, Options{})
	p3, err := c2.Get(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if p3.FromCache != "disk" || srv.Total.Load() != before {
		t.Fatalf("new cache on the same folder: from %s, %d network requests", p3.FromCache, srv.Total.Load()-before)
	}
	imagetest.SamePixels(t, p3.Image, want)
}

// noise is an incompressible PNG of about w*h*4 bytes.
func noise(t testing.TB, seed int64, w, h int) []byte {
	rng := rand.New(rand.NewSource(seed))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng.Read(img.Pix)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func dirBytes(t *testing.T, dir string) int64 {
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, e := range ents {
		info, _ := e.Info()
		n += info.Size()
	}
	return n
}

func TestDiskCapAndLRU(t *testing.T) {
	srv := testserver.New(t)
	var urls []string
	var size int64
	for i := 0; i < 8; i++ {
		data := noise(t, int64(i), 60, 60)
		size = max(size, int64(len(data)))
		urls = append(urls, srv.Put(fmt.Sprintf("/img%d.png", i), "image/png", data))
	}
	dir := t.TempDir()
	capBytes := 3*size + size/2 // room for three
	// A tiny memory cache, so every Get goes to disk or network.
	c := newCache(t, dir, Options{MaxDiskBytes: capBytes, MaxMemoryBytes: 1})
	ctx := context.Background()
	for _, u := range urls {
		if _, err := c.Get(ctx, u); err != nil {
			t.Fatal(err)
		}
		if n := dirBytes(t, dir); n > capBytes {
			t.Fatalf("%d bytes on disk, cap %d", n, capBytes)
		}
	}
	// Now 5, 6, 7 are cached. Touch 5 (the oldest), then store 0 again:
	// 6, the least recently used, must go and 5 stay.
	if p, err := c.Get(ctx, urls[5]); err != nil || p.FromCache != "disk" {
		t.Fatalf("touch 5: %v %+v", err, p)
	}
	if _, err := c.Get(ctx, urls[0]); err != nil {
		t.Fatal(err)
	}
	for i, want := range map[int]bool{5: true, 6: false, 7: true, 0: true} {
		_, err := os.Stat(filepath.Join(dir, diskName(urls[i])))
		if (err == nil) != want {
			t.Errorf("image %d on disk: %v, want %v", i, err == nil, want)
		}
	}
	if n := dirBytes(t, dir); n > capBytes {
		t.Fatalf("%d bytes on disk, cap %d", n, capBytes)
	}
	// A restarted cache sees the same files and still holds the cap.
	c2 := newCache(t, dir, Options{MaxDiskBytes: capBytes})
	if b, files, _, _ := c2.Usage(); files != 3 || b != dirBytes(t, dir) {
		t.Errorf("reopened: %d files, %d bytes; folder has %d bytes", files, b, dirBytes(t, dir))
	}
}

func TestMemoryCap(t *testing.T) {
	srv := testserver.New(t)
	c := newCache(t, t.TempDir(), Options{MaxMemoryBytes: 2*40*40*4 + 100})
	ctx := context.Background()
	for i := 0; i < 4; i++ {
		if _, err := c.Get(ctx, srv.Put(fmt.Sprintf("/m%d.png", i), "image/png", noise(t, int64(i), 40, 40))); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, mb, mn := c.Usage(); mn != 2 || mb != 2*40*40*4 {
		t.Errorf("memory holds %d images, %d bytes; want 2, %d", mn, mb, 2*40*40*4)
	}
}

func TestInMemoryNeverWaits(t *testing.T) {
	srv := testserver.New(t)
	c := newCache(t, t.TempDir(), Options{})
	url := srv.Put("/i.png", "image/png", noise(t, 3, 20, 10))
	if _, ok := c.InMemory(url); ok {
		t.Fatal("in memory before any Get")
	}
	if _, err := c.Get(context.Background(), url); err != nil {
		t.Fatal(err)
	}
	p, ok := c.InMemory(url)
	if !ok || p.FromCache != "memory" || p.Width != 20 || srv.Requests("/i.png") != 1 {
		t.Errorf("after Get: ok=%v %+v, %d requests", ok, p, srv.Requests("/i.png"))
	}
}

func TestCorruptCachedFileIsRefetched(t *testing.T) {
	data := noise(t, 7, 30, 20)
	want, _ := png.Decode(bytes.NewReader(data))
	srv := testserver.New(t)
	url := srv.Put("/c.png", "image/png", data)
	dir := t.TempDir()
	ctx := context.Background()
	if _, err := newCache(t, dir, Options{}).Get(ctx, url); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, diskName(url))
	// Garbage, and a truncated PNG (valid magic, broken body).
	for _, bad := range [][]byte{[]byte("garbage garbage garbage"), data[:len(data)/2]} {
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		before := srv.Requests("/c.png")
		p, err := newCache(t, dir, Options{}).Get(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		if p.FromCache != "network" || srv.Requests("/c.png") != before+1 {
			t.Fatalf("damaged cache file: from %s, %d requests", p.FromCache, srv.Requests("/c.png")-before)
		}
		imagetest.SamePixels(t, p.Image, want)
		if disk, _ := os.ReadFile(path); !bytes.Equal(disk, data) {
			t.Error("the damaged file was not replaced")
		}
	}
}

func TestHTMLAndOtherNonImages(t *testing.T) {
	srv := testserver.New(t)
	c := newCache(t, t.TempDir(), Options{})
	ctx := context.Background()
	login := srv.Put("/login", "text/html; charset=utf-8", []byte("<!DOCTYPE html><html><head><title>ESO Login</title></head><body>Please log in</body></html>"))
	_, err := c.Get(ctx, login)
	if err == nil || !strings.Contains(err.Error(), "HTML page instead of an image") || !strings.Contains(err.Error(), "login") {
		t.Fatalf("HTML answer: %v", err)
	}
	// Served as an image type but HTML inside: the bytes decide.
	sneaky := srv.Put("/sneaky.png", "image/png", []byte("<html><body>Session expired</body></html>"))
	if _, err := c.Get(ctx, sneaky); err == nil || !strings.Contains(err.Error(), "HTML page") {
		t.Fatalf("HTML served as image/png: %v", err)
	}
	fits := srv.Put("/x.fits", "application/fits", []byte("SIMPLE  =                    T"))
	if _, err := c.Get(ctx, fits); err == nil || !strings.Contains(err.Error(), "not a PNG, JPEG or GIF") {
		t.Fatalf("FITS answer: %v", err)
	}
	if _, err := c.Get(ctx, srv.URL+"/missing.png"); vohttp.StatusCode(err) != 404 {
		t.Fatalf("missing: %v", err)
	}
	if _, files, _, _ := c.Usage(); files != 0 {
		t.Errorf("%d refused answers stored on disk", files)
	}
}

func TestJPEGAndGIF(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 64, 48))
	draw.Draw(src, image.Rect(0, 0, 32, 48), &image.Uniform{color.RGBA{200, 30, 30, 255}}, image.Point{}, draw.Src)
	draw.Draw(src, image.Rect(32, 0, 64, 48), &image.Uniform{color.RGBA{20, 40, 220, 255}}, image.Point{}, draw.Src)
	var jb, gb bytes.Buffer
	if err := jpeg.Encode(&jb, src, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	if err := gif.Encode(&gb, src, nil); err != nil {
		t.Fatal(err)
	}
	srv := testserver.New(t)
	c := newCache(t, t.TempDir(), Options{})
	for _, tc := range []struct {
		name, ct string
		data     []byte
		decode   func([]byte) (image.Image, error)
	}{
		{"jpeg", "image/jpeg", jb.Bytes(), func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }},
		// No Content-Type: the magic bytes are enough.
		{"gif", "", gb.Bytes(), func(b []byte) (image.Image, error) { return gif.Decode(bytes.NewReader(b)) }},
	} {
		p, err := c.Get(context.Background(), srv.Put("/p."+tc.name, tc.ct, tc.data))
		if err != nil {
			t.Fatal(err)
		}
		want, _ := tc.decode(tc.data)
		if p.Format != tc.name || p.Width != 64 || p.Height != 48 {
			t.Errorf("%s: %+v", tc.name, *p)
		}
		imagetest.SamePixels(t, p.Image, want)
	}
}

func TestSingleFlight(t *testing.T) {
	srv := testserver.New(t)
	url := srv.Put("/sf.png", "image/png", noise(t, 3, 50, 50))
	release := make(chan struct{})
	srv.Hold("/sf.png", release)
	c := newCache(t, t.TempDir(), Options{})
	var wg sync.WaitGroup
	results := make([]*Preview, 10)
	errs := make([]error, 10)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], errs[i] = c.Get(context.Background(), url)
		}()
	}
	// Release the answer only once every caller has joined the one flight.
	waitFor(func() bool { return waiters(c, url) == 10 })
	close(release)
	wg.Wait()
	for i := range results {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if results[i].Image != results[0].Image {
			t.Error("callers got different decodes")
		}
	}
	if n := srv.Requests("/sf.png"); n != 1 {
		t.Errorf("%d requests for 10 concurrent Gets", n)
	}
}

func TestCancel(t *testing.T) {
	srv := testserver.New(t)
	url := srv.Put("/slow.png", "image/png", noise(t, 4, 20, 20))
	release := make(chan struct{})
	srv.Hold("/slow.png", release)
	c := newCache(t, t.TempDir(), Options{})

	// Two waiters: cancelling one leaves the download running for the other.
	ctx1, cancel1 := context.WithCancel(context.Background())
	ctx2, cancel2 := context.WithCancel(context.Background())
	errc := make(chan error, 2)
	go func() { _, err := c.Get(ctx1, url); errc <- err }()
	go func() { _, err := c.Get(ctx2, url); errc <- err }()
	waitFor(func() bool { return srv.Requests("/slow.png") == 1 && waiters(c, url) == 2 })
	cancel1()
	if err := <-errc; !vohttp.IsCanceled(err) {
		t.Fatalf("cancelled Get: %v", err)
	}
	if srv.Canceled.Load() != 0 {
		t.Fatal("the download stopped while another caller still waited")
	}
	// The last waiter leaves: the request itself is cancelled.
	cancel2()
	if err := <-errc; !vohttp.IsCanceled(err) {
		t.Fatalf("cancelled Get: %v", err)
	}
	waitFor(func() bool { return srv.Canceled.Load() == 1 })

	// A later Get starts afresh and succeeds.
	close(release)
	p, err := c.Get(context.Background(), url)
	if err != nil || p.FromCache != "network" {
		t.Fatalf("Get after cancel: %v %+v", err, p)
	}
}

func waiters(c *Cache, key string) int { return c.flights.Waiters(key) }

func TestRealNonImageFITS(t *testing.T) {
	_, err := QuickLookFile(context.Background(), fixtures.Path(t, "astroquery_eso/testfile.fits.Z"), 100)
	if err == nil || !strings.Contains(err.Error(), "no 2-D image") {
		t.Fatalf("real .Z FITS without an image: %v", err)
	}
}

func TestCacheThumbnail(t *testing.T) {
	data := noise(t, 9, 120, 80)
	srv := testserver.New(t)
	url := srv.Put("/t.png", "image/png", data)
	c := newCache(t, t.TempDir(), Options{})
	ctx := context.Background()
	p, err := c.Thumbnail(ctx, url, 30)
	if err != nil {
		t.Fatal(err)
	}
	full, _ := png.Decode(bytes.NewReader(data))
	if p.Width != 30 || p.Height != 20 {
		t.Fatalf("thumbnail %dx%d", p.Width, p.Height)
	}
	imagetest.SamePixels(t, p.Image, Thumbnail(full, 30))
	again, err := c.Thumbnail(ctx, url, 30)
	if err != nil || again.FromCache != "memory" || again.Image != p.Image || srv.Requests("/t.png") != 1 {
		t.Fatalf("second thumbnail: %v from %s, %d requests", err, again.FromCache, srv.Requests("/t.png"))
	}
}
