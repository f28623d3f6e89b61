package cli

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTinyFITS writes a w x h float32 primary image whose pixel (i, j)
// (j = 0 the bottom row) is value(i, j), with extra header cards.
func writeTinyFITS(t *testing.T, path string, w, h int, value func(i, j int) float32, cards ...string) {
	t.Helper()
	var hdr strings.Builder
	all := append([]string{"SIMPLE  =                    T", "BITPIX  =                  -32", "NAXIS   =                    2",
		fmt.Sprintf("NAXIS1  = %20d", w), fmt.Sprintf("NAXIS2  = %20d", h)}, cards...)
	for _, c := range append(all, "END") {
		fmt.Fprintf(&hdr, "%-80s", c)
	}
	var b bytes.Buffer
	b.WriteString(hdr.String())
	b.WriteString(strings.Repeat(" ", (2880-b.Len()%2880)%2880))
	for j := range h {
		for i := range w {
			binary.Write(&b, binary.BigEndian, value(i, j))
		}
	}
	b.Write(make([]byte, (2880-b.Len()%2880)%2880))
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func runImageCmd(args ...string) (int, string) {
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{"image"}, args...), &out, &errb)
	return code, errb.String()
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestImageTinyColours: a 4x3 ramp rendered at 8x6 with minmax/linear/gray
// puts the minimum (pixel 0,0, FITS bottom left) black at the output's
// bottom left, the maximum white at the top right, a NaN dark, each pixel
// a 2x2 block; --invert swaps black and white.
func TestImageTinyColours(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "tiny.fits")
	writeTinyFITS(t, in, 4, 3, func(i, j int) float32 {
		if i == 1 && j == 1 {
			return float32(math.NaN())
		}
		return float32(10*j + i)
	})
	out := filepath.Join(dir, "t.png")
	if code, msg := runImageCmd(in, "--out", out, "--scale", "minmax", "--width", "8", "--height", "6"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, msg)
	}
	img := readPNG(t, out)
	if b := img.Bounds(); b.Dx() != 8 || b.Dy() != 6 {
		t.Fatalf("PNG is %v, want 8x6", b)
	}
	gray := func(x, y int) uint32 { r, _, _, _ := img.At(x, y).RGBA(); return r >> 8 }
	if gray(0, 5) != 0 || gray(1, 4) != 0 {
		t.Errorf("minimum block at the bottom left = %d, want black", gray(0, 5))
	}
	if gray(7, 0) != 255 {
		t.Errorf("maximum at the top right = %d, want white", gray(7, 0))
	}
	if r, g, b, _ := img.At(2, 2).RGBA(); r>>8 != 24 || g>>8 != 24 || b>>8 != 36 {
		t.Errorf("NaN pixel drawn %d,%d,%d", r>>8, g>>8, b>>8)
	}
	if want := math.Round(255 * 13.0 / 23); math.Abs(float64(gray(6, 2))-want) > 1 {
		t.Errorf("pixel (3,1) = %d, want about %v", gray(6, 2), want)
	}
	if code, _ := runImageCmd(in, "--out", out, "--scale", "minmax", "--invert"); code != ExitOK {
		t.Fatal("--invert failed")
	}
	img = readPNG(t, out)
	if b := img.Bounds(); b.Dx() != 4 || b.Dy() != 3 {
		t.Errorf("default size %v, want the image's 4x3", b)
	}
	if gray(0, 2) != 255 {
		t.Errorf("inverted minimum = %d, want white", gray(0, 2))
	}
}

// TestImageDefaultSizeAndGrid: a 3000x1500 image comes out at 2000x1000;
// --grid with a TAN WCS draws green lines; without a WCS it fails.
func TestImageDefaultSizeAndGrid(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "wcs.fits")
	writeTinyFITS(t, in, 3000, 1500, func(i, j int) float32 { return float32((i * j) % 97) },
		"CTYPE1  = 'RA---TAN'", "CTYPE2  = 'DEC--TAN'", "CRPIX1  =               1500.0", "CRPIX2  =                750.0",
		"CRVAL1  =                150.0", "CRVAL2  =                  2.0", "CDELT1  =          -0.00027778", "CDELT2  =           0.00027778")
	out := filepath.Join(dir, "g.png")
	if code, msg := runImageCmd(in, "--out", out, "--grid"); code != ExitOK {
		t.Fatalf("exit %d: %s", code, msg)
	}
	img := readPNG(t, out)
	if b := img.Bounds(); b.Dx() != 2000 || b.Dy() != 1000 {
		t.Fatalf("PNG is %v, want 2000x1000", b)
	}
	green := 0
	for y := 0; y < 1000; y += 3 {
		for x := 0; x < 2000; x += 3 {
			r, g, b, _ := img.At(x, y).RGBA()
			if g > r+0x4000 && g > b+0x2000 {
				green++
			}
		}
	}
	if green < 200 {
		t.Errorf("%d grid-coloured samples: no grid drawn", green)
	}
	plain := filepath.Join(dir, "plain.fits")
	writeTinyFITS(t, plain, 5, 5, func(i, j int) float32 { return float32(i) })
	if code, msg := runImageCmd(plain, "--out", out, "--grid"); code != ExitError || !strings.Contains(msg, "--grid") {
		t.Errorf("--grid without WCS: exit %d, %q", code, msg)
	}
}

// TestImageExitCodes: usage errors exit 2, unreadable input 1, -h 0.
func TestImageExitCodes(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "a.fits")
	writeTinyFITS(t, in, 5, 4, func(i, j int) float32 { return float32(i + j) })
	out := filepath.Join(dir, "a.png")
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{in}, ExitUsage, "--out is required"},
		{[]string{"--out", out}, ExitUsage, "give one FITS file"},
		{[]string{in, "--out", "a.jpg"}, ExitUsage, ".png"},
		{[]string{in, "--out", out, "--cmap", "nope"}, ExitUsage, "colour map"},
		{[]string{in, "--out", out, "--stretch", "cube"}, ExitUsage, "stretch"},
		{[]string{in, "--out", out, "--scale", "median"}, ExitUsage, "scale"},
		{[]string{filepath.Join(dir, "missing.fits"), "--out", out}, ExitError, "cannot open"},
		{[]string{in, "--out", out, "--plane", "1"}, ExitError, "1 plane(s)"},
		{[]string{in, "--out", out, "--hdu", "2"}, ExitError, "no HDU 2"},
		{[]string{in, "--out", filepath.Join(dir, "no", "x.png")}, ExitError, ""},
		{[]string{"-h"}, ExitOK, "usage: esodesk image"},
	} {
		code, msg := runImageCmd(c.args...)
		if code != c.code || !strings.Contains(msg, c.msg) {
			t.Errorf("%v: exit %d (%q), want %d with %q", c.args, code, msg, c.code, c.msg)
		}
	}
}
