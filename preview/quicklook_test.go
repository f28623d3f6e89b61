package preview

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fitsHDU writes one header (cards padded to 80 columns, END, 2880-byte
// blocks) and its big-endian data.
func fitsHDU(buf *bytes.Buffer, cards []string, data any) {
	var h strings.Builder
	for _, c := range append(cards, "END") {
		fmt.Fprintf(&h, "%-80s", c)
	}
	for h.Len()%2880 != 0 {
		h.WriteByte(' ')
	}
	buf.WriteString(h.String())
	if data == nil {
		return
	}
	start := buf.Len()
	binary.Write(buf, binary.BigEndian, data)
	for (buf.Len()-start)%2880 != 0 {
		buf.WriteByte(0)
	}
}

func card(k string, v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%-8s= '%s'", k, x)
	case bool:
		if x {
			return fmt.Sprintf("%-8s= %20s", k, "T")
		}
		return fmt.Sprintf("%-8s= %20s", k, "F")
	}
	return fmt.Sprintf("%-8s= %20v", k, v)
}

// scaledImage is an int16 image in an extension (primary empty) with
// BSCALE/BZERO/BLANK: value = 10 + x + 100*[y >= h/2], one BLANK row.
func scaledImage(w, h int) ([]byte, []float64) {
	var buf bytes.Buffer
	fitsHDU(&buf, []string{card("SIMPLE", true), card("BITPIX", 8), card("NAXIS", 0), card("EXTEND", true)}, nil)
	raw := make([]int16, w*h)
	want := make([]float64, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := 10 + float64(x)
			if y >= h/2 {
				v += 100
			}
			want[y*w+x] = v
			raw[y*w+x] = int16((v - 5) / 0.5) // BZERO 5, BSCALE 0.5
		}
	}
	for x := 0; x < w; x++ {
		raw[2*w+x] = -999
		want[2*w+x] = math.NaN()
	}
	fitsHDU(&buf, []string{card("XTENSION", "IMAGE"), card("BITPIX", 16), card("NAXIS", 2),
		card("NAXIS1", w), card("NAXIS2", h), card("PCOUNT", 0), card("GCOUNT", 1),
		card("BSCALE", 0.5), card("BZERO", 5.0), card("BLANK", -999)}, raw)
	return buf.Bytes(), want
}

func TestQuickLookScaledImage(t *testing.T) {
	const w, h = 40, 20
	data, want := scaledImage(w, h)
	q, err := QuickLook(context.Background(), bytes.NewReader(data), 0)
	if err != nil {
		t.Fatal(err)
	}
	if q.HDU != 1 || q.Width != w || q.Height != h || q.Image.Bounds().Dx() != w || q.Image.Bounds().Dy() != h {
		t.Fatalf("HDU %d %dx%d image %v", q.HDU, q.Width, q.Height, q.Image.Bounds())
	}
	lo, hi, _ := ZScale(want)
	if q.Low != lo || q.High != hi {
		t.Errorf("limits %g..%g, zscale of the scaled values %g..%g", q.Low, q.High, lo, hi)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := want[y*w+x]
			exp := uint8(0)
			if !math.IsNaN(v) {
				exp = gray(v, lo, hi-lo)
			}
			// FITS row 1 is the bottom of the picture.
			if got := q.Image.GrayAt(x, h-1-y).Y; got != exp {
				t.Fatalf("pixel (%d,%d) = %d, want %d (value %g, limits %g..%g)", x, y, got, exp, v, lo, hi)
			}
		}
	}
	// Both halves differ by 100 in value: the upper half must be brighter.
	if q.Image.GrayAt(5, 0).Y <= q.Image.GrayAt(5, h-1).Y && q.High > q.Low {
		t.Errorf("top row %d not brighter than bottom row %d", q.Image.GrayAt(5, 0).Y, q.Image.GrayAt(5, h-1).Y)
	}
}

func TestQuickLookDownsamples(t *testing.T) {
	const w, h = 300, 120
	var buf bytes.Buffer
	px := make([]float32, w*h)
	for i := range px {
		px[i] = float32(i % w)
	}
	px[0] = float32(math.NaN())
	fitsHDU(&buf, []string{card("SIMPLE", true), card("BITPIX", -32), card("NAXIS", 2), card("NAXIS1", w), card("NAXIS2", h)}, px)
	q, err := QuickLook(context.Background(), bytes.NewReader(buf.Bytes()), 100)
	if err != nil {
		t.Fatal(err)
	}
	if b := q.Image.Bounds(); b.Dx() != 100 || b.Dy() != 40 {
		t.Fatalf("downsampled to %v, want 100x40", b)
	}
	// A horizontal ramp stays a ramp: columns are non-decreasing.
	for x := 1; x < 100; x++ {
		if q.Image.GrayAt(x, 20).Y < q.Image.GrayAt(x-1, 20).Y {
			t.Fatalf("column %d darker than column %d", x, x-1)
		}
	}
}

func TestQuickLookErrors(t *testing.T) {
	ctx := context.Background()
	var spec bytes.Buffer
	fitsHDU(&spec, []string{card("SIMPLE", true), card("BITPIX", -32), card("NAXIS", 1), card("NAXIS1", 50)}, make([]float32, 50))
	if _, err := QuickLook(ctx, bytes.NewReader(spec.Bytes()), 0); err == nil || !strings.Contains(err.Error(), "no 2-D image") {
		t.Errorf("1-D spectrum: %v", err)
	}
	if _, err := QuickLook(ctx, strings.NewReader("<html>login</html>"), 0); err == nil || !strings.Contains(err.Error(), "not a readable FITS file") {
		t.Errorf("HTML: %v", err)
	}
	data, _ := scaledImage(10, 10)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := QuickLook(cctx, bytes.NewReader(data), 0); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestQuickLookFileGzip(t *testing.T) {
	data, _ := scaledImage(16, 12)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	path := filepath.Join(t.TempDir(), "img.fits.gz")
	if err := os.WriteFile(path, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	q, err := QuickLookFile(context.Background(), path, 0)
	if err != nil {
		t.Fatal(err)
	}
	direct, err := QuickLook(context.Background(), bytes.NewReader(data), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(q.Image.Pix, direct.Image.Pix) {
		t.Error("gzip-compressed file renders differently from the plain one")
	}
}
