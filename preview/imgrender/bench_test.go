package imgrender

import (
	"context"
	"testing"
)

func bigImage() []float32 {
	const n = 8192
	d := make([]float32, n*n)
	for i := range d {
		d[i] = float32(i%9973) * 0.5
	}
	return d
}

// BenchmarkFirstView8k: Limits (zscale) and Render of a whole 8192x8192
// image fitted into 1400x900, as the first view of a file.
func BenchmarkFirstView8k(b *testing.B) {
	d := bigImage()
	p := Params{Scale: "zscale", Stretch: "linear", Colormap: "gray"}
	b.ResetTimer()
	for range b.N {
		lo, hi, err := Limits(d, p.Scale)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Render(context.Background(), d, 8192, 8192, lo, hi, p, Fit(8192, 8192, 1400, 900)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPanZoom8k: a re-render after a pan at zoom 2 (limits known).
func BenchmarkPanZoom8k(b *testing.B) {
	d := bigImage()
	p := Params{Scale: "zscale", Stretch: "asinh", Colormap: "viridis"}
	lo, hi, _ := Limits(d, p.Scale)
	b.ResetTimer()
	for i := range b.N {
		v := View{CX: 3000 + float64(i%100), CY: 5000, Zoom: 2, W: 1400, H: 900}
		if _, err := Render(context.Background(), d, 8192, 8192, lo, hi, p, v); err != nil {
			b.Fatal(err)
		}
	}
}
