package standin

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkGenerate measures how fast file bytes are computed (the stand-in
// must outrun any client it tests).
func BenchmarkGenerate(b *testing.B) {
	size, open := FileBytes("BENCH.100MB")
	b.SetBytes(size)
	for b.Loop() {
		if _, err := io.Copy(io.Discard, open()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkServe5MB measures a whole download over loopback HTTP.
func BenchmarkServe5MB(b *testing.B) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	size, _ := FileBytes("BENCH.5MB")
	b.SetBytes(size)
	for b.Loop() {
		resp, err := http.Get(srv.URL + DataPortalPath + "BENCH.5MB")
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || n != size {
			b.Fatalf("%d bytes, %v", n, err)
		}
	}
}
