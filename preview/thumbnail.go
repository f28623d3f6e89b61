package preview

import (
	"image"
	"image/draw"
)

// Thumbnail scales img down to fit max x max pixels, keeping its aspect
// ratio, by area averaging (each output pixel is the coverage-weighted mean
// of the source pixels under it). An image that already fits is returned
// as is.
func Thumbnail(img image.Image, max int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if max <= 0 || (w <= max && h <= max) || w == 0 || h == 0 {
		return img
	}
	tw, th := max, max
	if w >= h {
		th = int(float64(h)*float64(max)/float64(w) + 0.5)
	} else {
		tw = int(float64(w)*float64(max)/float64(h) + 0.5)
	}
	tw, th = clampMin1(tw), clampMin1(th)

	// Average premultiplied colours, so transparent pixels add no colour.
	// RGBA and NRGBA (what PNG decodes to) are read in place.
	var pix []uint8
	var stride int
	nrgba := false
	switch m := img.(type) {
	case *image.RGBA:
		pix, stride = m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride
	case *image.NRGBA:
		pix, stride, nrgba = m.Pix[m.PixOffset(b.Min.X, b.Min.Y):], m.Stride, true
	default:
		c := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(c, c.Bounds(), img, b.Min, draw.Src)
		pix, stride = c.Pix, c.Stride
	}
	xw := areaWeights(w, tw)
	yw := areaWeights(h, th)

	// Horizontal pass into a float buffer (th rows are not yet reduced).
	tmp := make([]float32, h*tw*4)
	for y := 0; y < h; y++ {
		row := pix[y*stride:]
		out := tmp[y*tw*4:]
		for x, ws := range xw {
			var r, g, bl, a float32
			for _, c := range ws {
				p := row[c.i*4:]
				pa := float32(p[3])
				m := c.w
				if nrgba {
					m *= pa / 255
				}
				r += m * float32(p[0])
				g += m * float32(p[1])
				bl += m * float32(p[2])
				a += c.w * pa
			}
			o := out[x*4:]
			o[0], o[1], o[2], o[3] = r, g, bl, a
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, tw, th))
	acc := make([]float32, tw*4)
	for y, ws := range yw {
		clear(acc)
		for _, c := range ws {
			row := tmp[c.i*tw*4 : (c.i+1)*tw*4]
			for k, v := range row {
				acc[k] += c.w * v
			}
		}
		out := dst.Pix[y*dst.Stride:]
		for k, v := range acc {
			out[k] = uint8(v + 0.5)
		}
	}
	return dst
}

func clampMin1(v int) int {
	if v < 1 {
		return 1
	}
	return v
}

type contrib struct {
	i int
	w float32
}

// areaWeights gives, for each of m output cells spanning n input cells,
// the input cells it covers and the fraction of it each covers (summing
// to 1).
func areaWeights(n, m int) [][]contrib {
	scale := float64(n) / float64(m)
	out := make([][]contrib, m)
	for j := range out {
		lo, hi := float64(j)*scale, float64(j+1)*scale
		for i := int(lo); i < n && float64(i) < hi; i++ {
			cover := min(hi, float64(i+1)) - max(lo, float64(i))
			if cover > 1e-9 {
				out[j] = append(out[j], contrib{i, float32(cover / scale)})
			}
		}
	}
	return out
}
