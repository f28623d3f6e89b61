// Package imagetest compares decoded images in tests. Only tests import it.
package imagetest

import (
	"image"
	"image/color"
	"testing"
)

// SamePixels fails the test unless got has want's bounds and every pixel
// equal to want's (compared as 16-bit non-premultiplied RGBA).
func SamePixels(t testing.TB, got, want image.Image) {
	t.Helper()
	if got == nil {
		t.Fatal("no image")
	}
	if got.Bounds() != want.Bounds() {
		t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
	}
	b := want.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if g, w := color.NRGBA64Model.Convert(got.At(x, y)), color.NRGBA64Model.Convert(want.At(x, y)); g != w {
				t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, g, w)
			}
		}
	}
}
