package skyrender

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"runtime"
	"sync"
)

// texture is a block of a decoded tile image (a whole tile, a parent's
// quarter, an Allsky cell) with direct access to its pixels: the generic
// image.At costs an interface call and an allocation per pixel.
type texture struct {
	img            image.Image
	ox, oy, s      float64 // block origin in image pixels, image pixels per tile pixel
	x0, y0, x1, y1 int     // the block's pixels, for clamping (inclusive)

	rgba  *image.RGBA
	nrgba *image.NRGBA
	gray  *image.Gray
	ycc   *image.YCbCr
}

func newTexture(img image.Image, ox, oy, s float64) texture {
	t := texture{img: img, ox: ox, oy: oy, s: s}
	switch im := img.(type) {
	case *image.RGBA:
		t.rgba = im
	case *image.NRGBA:
		t.nrgba = im
	case *image.Gray:
		t.gray = im
	case *image.YCbCr:
		t.ycc = im
	}
	return t
}

func (t *texture) clampTo(tw int) {
	b := t.img.Bounds()
	t.x0 = max(b.Min.X, int(math.Floor(t.ox+1e-9)))
	t.y0 = max(b.Min.Y, int(math.Floor(t.oy+1e-9)))
	t.x1 = min(b.Max.X-1, int(math.Ceil(t.ox+float64(tw)*t.s-1e-9))-1)
	t.y1 = min(b.Max.Y-1, int(math.Ceil(t.oy+float64(tw)*t.s-1e-9))-1)
	t.x1, t.y1 = max(t.x1, t.x0), max(t.y1, t.y0)
}

// at is the colour of image pixel (x, y) (already clamped), opaque over
// SkyColour where the tile is transparent.
func (t *texture) at(x, y int) (r, g, b uint8) {
	switch {
	case t.rgba != nil:
		p := t.rgba.Pix[t.rgba.PixOffset(x, y):]
		return p[0], p[1], p[2]
	case t.nrgba != nil:
		p := t.nrgba.Pix[t.nrgba.PixOffset(x, y):]
		if a := uint32(p[3]); a != 255 {
			return blend(p[0], SkyColour.R, a), blend(p[1], SkyColour.G, a), blend(p[2], SkyColour.B, a)
		}
		return p[0], p[1], p[2]
	case t.gray != nil:
		v := t.gray.Pix[t.gray.PixOffset(x, y)]
		return v, v, v
	case t.ycc != nil:
		yi, ci := t.ycc.YOffset(x, y), t.ycc.COffset(x, y)
		return color.YCbCrToRGB(t.ycc.Y[yi], t.ycc.Cb[ci], t.ycc.Cr[ci])
	}
	c := color.NRGBAModel.Convert(t.img.At(x, y)).(color.NRGBA)
	a := uint32(c.A)
	return blend(c.R, SkyColour.R, a), blend(c.G, SkyColour.G, a), blend(c.B, SkyColour.B, a)
}

// blend mixes fg over bg with alpha a (0..255), in 1/256ths (a shift,
// not a division: this runs for every pixel of every outline).
func blend(fg, bg uint8, a uint32) uint8 {
	a += a >> 7 // 255 → 256
	return uint8((uint32(fg)*a + uint32(bg)*(256-a)) >> 8)
}

// triangle is a screen triangle with an affine map from screen to texture:
// u = au·x + bu·y + cu (likewise v).
type triangle struct {
	p          [3][2]float64
	minY, maxY float64
	au, bu, cu float64
	av, bv, cv float64
	tex        *texture
	degenerate bool
}

func makeTriangle(p, uv [3][2]float64, tex *texture) triangle {
	t := triangle{p: p, tex: tex}
	x0, y0 := p[0][0], p[0][1]
	dx1, dy1 := p[1][0]-x0, p[1][1]-y0
	dx2, dy2 := p[2][0]-x0, p[2][1]-y0
	det := dx1*dy2 - dx2*dy1
	if math.Abs(det) < 1e-9 {
		t.degenerate = true
		return t
	}
	du1, du2 := uv[1][0]-uv[0][0], uv[2][0]-uv[0][0]
	dv1, dv2 := uv[1][1]-uv[0][1], uv[2][1]-uv[0][1]
	t.au, t.bu = (du1*dy2-du2*dy1)/det, (du2*dx1-du1*dx2)/det
	t.av, t.bv = (dv1*dy2-dv2*dy1)/det, (dv2*dx1-dv1*dx2)/det
	t.cu = uv[0][0] - t.au*x0 - t.bu*y0
	t.cv = uv[0][1] - t.av*x0 - t.bv*y0
	t.minY = min(p[0][1], p[1][1], p[2][1])
	t.maxY = max(p[0][1], p[1][1], p[2][1])
	return t
}

// fill paints the pixels whose centres lie in t (edges included, so cells
// sharing an edge leave no gap) within rows [r0, r1) of dst.
func (t *triangle) fill(dst *image.RGBA, r0, r1 int) {
	if t.degenerate {
		return
	}
	b := dst.Bounds()
	ya := max(r0, int(math.Ceil(t.minY-0.5-1e-7)))
	yb := min(r1-1, int(math.Floor(t.maxY-0.5+1e-7)))
	tex := t.tex
	for py := ya; py <= yb; py++ {
		yc := float64(py) + 0.5
		xl, xr := math.Inf(1), math.Inf(-1)
		for k := range 3 {
			a, c := t.p[k], t.p[(k+1)%3]
			if (a[1] > yc) == (c[1] > yc) && a[1] != yc && c[1] != yc {
				continue
			}
			var x float64
			if a[1] == c[1] {
				xl, xr = min(xl, a[0], c[0]), max(xr, a[0], c[0])
				continue
			}
			x = a[0] + (yc-a[1])*(c[0]-a[0])/(c[1]-a[1])
			xl, xr = min(xl, x), max(xr, x)
		}
		if xl > xr {
			continue
		}
		xa := max(b.Min.X, int(math.Ceil(xl-0.5-1e-7)))
		xb := min(b.Max.X-1, int(math.Floor(xr-0.5+1e-7)))
		if xa > xb {
			continue
		}
		xc := float64(xa) + 0.5
		u := t.au*xc + t.bu*yc + t.cu
		v := t.av*xc + t.bv*yc + t.cv
		row := dst.Pix[dst.PixOffset(xa, py):]
		if tex.fastRow(row[:(xb-xa+1)*4], u, v, t.au, t.av) {
			continue
		}
		for px := xa; px <= xb; px++ {
			iu, iv := int(math.Floor(u)), int(math.Floor(v))
			iu = min(max(iu, tex.x0), tex.x1)
			iv = min(max(iv, tex.y0), tex.y1)
			r, g, bb := tex.at(iu, iv)
			o := (px - xa) * 4
			row[o], row[o+1], row[o+2], row[o+3] = r, g, bb, 255
			u += t.au
			v += t.av
		}
	}
}

// fillAll paints the triangles into dst, rows split between the cores.
func fillAll(dst *image.RGBA, tris []triangle) {
	b := dst.Bounds()
	workers := min(runtime.GOMAXPROCS(0), max(1, b.Dy()/32))
	var wg sync.WaitGroup
	for w := range workers {
		r0 := b.Min.Y + b.Dy()*w/workers
		r1 := b.Min.Y + b.Dy()*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range tris {
				t := &tris[i]
				if t.maxY < float64(r0) || t.minY > float64(r1) {
					continue
				}
				t.fill(dst, r0, r1)
			}
		}()
	}
	wg.Wait()
}

// fillColour fills dst with c.
func fillColour(dst *image.RGBA, c color.RGBA) {
	draw.Draw(dst, dst.Bounds(), image.NewUniform(c), image.Point{}, draw.Src)
}

// fastRow fills a row of dst pixels from the two texture types surveys
// decode to (JPEG: YCbCr 4:2:0; PNG: RGBA or NRGBA opaque), without a call
// per pixel; false for other types.
func (t *texture) fastRow(row []uint8, u, v, du, dv float64) bool {
	switch {
	case t.ycc != nil && t.ycc.SubsampleRatio == image.YCbCrSubsampleRatio420:
		m := t.ycc
		bx, by := m.Rect.Min.X, m.Rect.Min.Y
		for o := 0; o < len(row); o += 4 {
			// int() truncates: below 0 it rounds up, but clamping
			// to x0, y0 >= 0 hides that.
			iu := min(max(int(u), t.x0), t.x1)
			iv := min(max(int(v), t.y0), t.y1)
			yy := m.Y[(iv-by)*m.YStride+(iu-bx)]
			ci := (iv/2-by/2)*m.CStride + (iu/2 - bx/2)
			r, g, b := color.YCbCrToRGB(yy, m.Cb[ci], m.Cr[ci])
			row[o], row[o+1], row[o+2], row[o+3] = r, g, b, 255
			u += du
			v += dv
		}
		return true
	case t.rgba != nil:
		m := t.rgba
		for o := 0; o < len(row); o += 4 {
			// int() truncates: below 0 it rounds up, but clamping
			// to x0, y0 >= 0 hides that.
			iu := min(max(int(u), t.x0), t.x1)
			iv := min(max(int(v), t.y0), t.y1)
			p := m.Pix[(iv-m.Rect.Min.Y)*m.Stride+(iu-m.Rect.Min.X)*4:]
			row[o], row[o+1], row[o+2], row[o+3] = p[0], p[1], p[2], 255
			u += du
			v += dv
		}
		return true
	}
	return false
}
