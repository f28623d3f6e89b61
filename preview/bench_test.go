package preview

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"esodesk/internal/fixtures"
)

func realPreview(b *testing.B) []byte {
	data, err := os.ReadFile(fixtures.Path(b, realPNG))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func newBenchServer(b *testing.B, data []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(data)
	}))
	b.Cleanup(srv.Close)
	return srv
}

func BenchmarkGetMemoryHit(b *testing.B) {
	data := realPreview(b)
	srv := newBenchServer(b, data)
	c := newCache(b, b.TempDir(), Options{})
	ctx := context.Background()
	if _, err := c.Get(ctx, srv.URL); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if p, err := c.Get(ctx, srv.URL); err != nil || p.FromCache != "memory" {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetDiskHit reads and decodes the real 1771x1240 PNG from disk.
func BenchmarkGetDiskHit(b *testing.B) {
	data := realPreview(b)
	srv := newBenchServer(b, data)
	dir := b.TempDir()
	ctx := context.Background()
	if _, err := newCache(b, dir, Options{}).Get(ctx, srv.URL); err != nil {
		b.Fatal(err)
	}
	// A one-byte memory cache forces the disk path every time.
	c := newCache(b, dir, Options{MaxMemoryBytes: 1})
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if p, err := c.Get(ctx, srv.URL); err != nil || p.FromCache != "disk" {
			b.Fatal(err, p)
		}
	}
}

func BenchmarkThumbnail(b *testing.B) {
	data := realPreview(b)
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Thumbnail(img, 256)
	}
}

// BenchmarkQuickLook: a 2048x2048 float32 image (16 MB) to 512 pixels.
func BenchmarkQuickLook(b *testing.B) {
	const n = 2048
	px := make([]float32, n*n)
	for i := range px {
		px[i] = float32(1000 + (i*7919)%97 + (i%n)/50)
	}
	var buf bytes.Buffer
	fitsHDU(&buf, []string{card("SIMPLE", true), card("BITPIX", -32), card("NAXIS", 2), card("NAXIS1", n), card("NAXIS2", n)}, px)
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := QuickLook(context.Background(), bytes.NewReader(data), 512); err != nil {
			b.Fatal(err)
		}
	}
}
