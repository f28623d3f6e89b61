package imgrender

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	"runtime"
	"sync"
)

// NaNColor is drawn for blank (NaN) pixels; the area outside the image is
// left transparent.
var NaNColor = color.RGBA{24, 24, 36, 255}

// View is what part of the image the output shows. Image pixel (i, j) has
// its centre at (i, j) and covers [i-0.5, i+0.5); j = 0 is the bottom row.
type View struct {
	CX, CY float64 // image pixel (0-based, may be fractional) at the output's centre
	Zoom   float64 // output pixels per image pixel
	W, H   int     // output size
}

// Fit is the view of the whole w x h image centred in outW x outH.
func Fit(w, h, outW, outH int) View {
	z := math.Min(float64(outW)/float64(w), float64(outH)/float64(h))
	return View{CX: float64(w-1) / 2, CY: float64(h-1) / 2, Zoom: z, W: outW, H: outH}
}

// ToImage is the image position under output position (ox, oy) (output
// pixel k covers [k, k+1); y grows down).
func (v View) ToImage(ox, oy float64) (ix, iy float64) {
	return v.CX + (ox-float64(v.W)/2)/v.Zoom, v.CY - (oy-float64(v.H)/2)/v.Zoom
}

// ToOutput is the inverse of ToImage.
func (v View) ToOutput(ix, iy float64) (ox, oy float64) {
	return (ix-v.CX)*v.Zoom + float64(v.W)/2, float64(v.H)/2 - (iy-v.CY)*v.Zoom
}

const lutSize = 1 << 16

// lut maps a linear position in [0, 1] (quantised to 1/65535, below what
// 8-bit colours show even through the log stretch) to its colour.
func lut(p Params) ([]color.RGBA, error) {
	m := colormap(p.Colormap)
	if m == nil {
		return nil, CheckParams(p)
	}
	s := stretchFunc(p.Stretch)
	t := make([]color.RGBA, lutSize)
	for i := range t {
		y := s(float64(i) / (lutSize - 1))
		if p.Invert {
			y = 1 - y
		}
		t[i] = m.at(y)
	}
	return t, nil
}

// Render draws the part of data (w x h, row 0 at the bottom) that v shows:
// nearest pixel when zoomed in (Zoom >= 1), the mean of the finite pixels
// under each output pixel when zoomed out. Output row 0 is the top (north
// up, as DS9 shows images). Bands of rows are drawn in parallel.
func Render(ctx context.Context, data []float32, w, h int, lo, hi float64, p Params, v View) (*image.RGBA, error) {
	if len(data) != w*h {
		return nil, fmt.Errorf("imgrender: %d values for a %dx%d image", len(data), w, h)
	}
	if v.W <= 0 || v.H <= 0 || !(v.Zoom > 0) {
		return nil, fmt.Errorf("imgrender: bad view %+v", v)
	}
	if err := CheckParams(p); err != nil {
		return nil, fmt.Errorf("imgrender: %w", err)
	}
	table, err := lut(p)
	if err != nil {
		return nil, err
	}
	img := image.NewRGBA(image.Rect(0, 0, v.W, v.H))
	// Image columns and rows under each output column and row: [from, to).
	xs, xe := spans(v.W, v.Zoom, func(o float64) float64 { x, _ := v.ToImage(o, 0); return x }, w)
	ys, ye := spans(v.H, v.Zoom, func(o float64) float64 { _, y := v.ToImage(0, o); return y }, h)
	scale := float64(lutSize-1) / (hi - lo)
	colorOf := func(val float64) color.RGBA {
		if val != val {
			return NaNColor
		}
		t := (val - lo) * scale
		switch {
		case t <= 0:
			return table[0]
		case t >= lutSize-1:
			return table[lutSize-1]
		}
		return table[int(t+0.5)]
	}
	bands := runtime.NumCPU() * 4
	rowsPer := (v.H + bands - 1) / bands
	var wg sync.WaitGroup
	for y0 := 0; y0 < v.H; y0 += rowsPer {
		wg.Add(1)
		go func(y0, y1 int) {
			defer wg.Done()
			sum := make([]float64, v.W)
			cnt := make([]int32, v.W)
			for oy := y0; oy < y1; oy++ {
				if ctx.Err() != nil {
					return
				}
				if ys[oy] >= ye[oy] {
					continue // above or below the image: transparent
				}
				row := img.Pix[oy*img.Stride : oy*img.Stride+4*v.W]
				if v.Zoom >= 1 {
					src := data[ys[oy]*w : ys[oy]*w+w]
					for ox := range v.W {
						if xs[ox] < xe[ox] {
							c := colorOf(float64(src[xs[ox]]))
							row[4*ox], row[4*ox+1], row[4*ox+2], row[4*ox+3] = c.R, c.G, c.B, c.A
						}
					}
					continue
				}
				clear(sum)
				clear(cnt)
				for iy := ys[oy]; iy < ye[oy]; iy++ {
					src := data[iy*w : iy*w+w]
					for ox := range v.W {
						var s float64
						var n int32
						for _, val := range src[xs[ox]:xe[ox]] {
							if val == val {
								s += float64(val)
								n++
							}
						}
						sum[ox] += s
						cnt[ox] += n
					}
				}
				for ox := range v.W {
					if xs[ox] >= xe[ox] {
						continue
					}
					val := math.NaN()
					if cnt[ox] > 0 {
						val = sum[ox] / float64(cnt[ox])
					}
					c := colorOf(val)
					row[4*ox], row[4*ox+1], row[4*ox+2], row[4*ox+3] = c.R, c.G, c.B, c.A
				}
			}
		}(y0, min(v.H, y0+rowsPer))
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return img, nil
}

// spans gives, for each of n output pixels along one axis, the image
// pixels [from, to) it shows (clamped to the image, empty outside it).
// toImage maps an output coordinate to an image coordinate. Zoomed in, an
// output pixel shows the one image pixel under its centre; zoomed out, the
// image pixels whose centres fall inside it.
func spans(n int, zoom float64, toImage func(float64) float64, size int) (from, to []int) {
	from, to = make([]int, n), make([]int, n)
	for o := range n {
		var a, b int
		if zoom >= 1 {
			a = int(math.Floor(toImage(float64(o)+0.5) + 0.5))
			b = a + 1
		} else {
			e0, e1 := toImage(float64(o)), toImage(float64(o)+1)
			if e0 > e1 {
				e0, e1 = e1, e0
			}
			a, b = int(math.Ceil(e0)), int(math.Ceil(e1))
		}
		a, b = max(a, 0), min(b, size)
		if a >= b {
			a, b = 0, 0
		}
		from[o], to[o] = a, b
	}
	return from, to
}
