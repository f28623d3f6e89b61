//go:build cgo

package fitsimage

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFloatImage writes a w x h BITPIX=-32 primary image (a plain FITS
// writer is enough for benchmarks; the tests use astropy's files).
func writeFloatImage(tb testing.TB, path string, w, h int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	var hdr strings.Builder
	for _, c := range []string{"SIMPLE  =                    T", "BITPIX  =                  -32", "NAXIS   =                    2",
		fmt.Sprintf("NAXIS1  = %20d", w), fmt.Sprintf("NAXIS2  = %20d", h), "END"} {
		fmt.Fprintf(&hdr, "%-80s", c)
	}
	s := hdr.String()
	s += strings.Repeat(" ", (2880-len(s)%2880)%2880)
	bw.WriteString(s)
	var b [4]byte
	for i := 0; i < w*h; i++ {
		binary.BigEndian.PutUint32(b[:], math.Float32bits(float32(i%9973)*0.5))
		bw.Write(b[:])
	}
	if pad := (2880 - (w*h*4)%2880) % 2880; pad > 0 {
		bw.Write(make([]byte, pad))
	}
	if err := bw.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
}

// BenchmarkPlane8k reads one 8192x8192 float32 plane (256 MiB of pixels).
func BenchmarkPlane8k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.fits")
	writeFloatImage(b, path, 8192, 8192)
	f, err := Open(path, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	b.SetBytes(8192 * 8192 * 4)
	b.ResetTimer()
	for range b.N {
		if _, err := f.Plane(context.Background(), 0); err != nil {
			b.Fatal(err)
		}
	}
}
