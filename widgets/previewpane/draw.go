package previewpane

import (
	"image"
	"image/color"
)

// renderView draws src as seen through a w x h view whose top-left is the
// image point (ox, oy), at scale screen pixels per image pixel, by
// nearest-neighbour sampling; outside the image is bg. The result has
// src's pixel type (*image.RGBA, *image.NRGBA or *image.Gray).
func renderView(src image.Image, w, h int, ox, oy, scale float64, bg color.Color) image.Image {
	w, h = max(w, 1), max(h, 1)
	var pix, dpix []byte
	var stride, dstride, bpp int
	var out image.Image
	var bgPix []byte
	r := image.Rect(0, 0, w, h)
	switch m := src.(type) {
	case *image.RGBA:
		d := image.NewRGBA(r)
		pix, stride, dpix, dstride, bpp, out = m.Pix, m.Stride, d.Pix, d.Stride, 4, d
		c := color.RGBAModel.Convert(bg).(color.RGBA)
		bgPix = []byte{c.R, c.G, c.B, c.A}
	case *image.NRGBA:
		d := image.NewNRGBA(r)
		pix, stride, dpix, dstride, bpp, out = m.Pix, m.Stride, d.Pix, d.Stride, 4, d
		c := color.NRGBAModel.Convert(bg).(color.NRGBA)
		bgPix = []byte{c.R, c.G, c.B, c.A}
	case *image.Gray:
		d := image.NewGray(r)
		pix, stride, dpix, dstride, bpp, out = m.Pix, m.Stride, d.Pix, d.Stride, 1, d
		bgPix = []byte{color.GrayModel.Convert(bg).(color.Gray).Y}
	default:
		panic("previewpane: renderView needs an RGBA, NRGBA or Gray image")
	}
	b := src.Bounds()
	sw, sh := b.Dx(), b.Dy()
	// Source byte offset of each output column, -1 outside the image.
	cols := make([]int, w)
	for x := range cols {
		fx := ox + (float64(x)+0.5)/scale
		if fx < 0 || fx >= float64(sw) {
			cols[x] = -1
		} else {
			cols[x] = int(fx) * bpp
		}
	}
	for y := 0; y < h; y++ {
		row := dpix[y*dstride : y*dstride+w*bpp]
		fy := oy + (float64(y)+0.5)/scale
		if fy < 0 || fy >= float64(sh) {
			fill(row, bgPix)
			continue
		}
		srow := pix[int(fy)*stride:]
		if bpp == 4 {
			for x, c := range cols {
				o := row[x*4 : x*4+4 : x*4+4]
				if c < 0 {
					copy(o, bgPix)
				} else {
					copy(o, srow[c:c+4])
				}
			}
		} else {
			for x, c := range cols {
				if c < 0 {
					row[x] = bgPix[0]
				} else {
					row[x] = srow[c]
				}
			}
		}
	}
	return out
}

func fill(row, px []byte) {
	for i := 0; i < len(row); i += len(px) {
		copy(row[i:], px)
	}
}
