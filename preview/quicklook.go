package preview

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"io"
	"math"
	"os"

	"codeberg.org/astrogo/fitsio"

	"esodesk/internal/unixz"
)

// QuickLookImage is a 2-D FITS image rendered for display.
type QuickLookImage struct {
	Image  *image.Gray // north (FITS row NAXIS2) up, at most maxDim on a side
	HDU    int         // index of the HDU shown (0 = primary)
	Width  int         // NAXIS1 of the full image
	Height int         // NAXIS2 of the full image
	Low    float64     // zscale limits: Low is black, High is white
	High   float64
}

// maxFITSBytes bounds what QuickLook reads into memory.
const maxFITSBytes = 2 << 30

// QuickLookFile is QuickLook on a file; .gz and unix-compressed (.Z) files
// are unpacked on the fly (recognised by their first bytes).
func QuickLookFile(ctx context.Context, path string, maxDim int) (*QuickLookImage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("quick look: %w", err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	head, _ := br.Peek(2)
	var r io.Reader = br
	switch {
	case bytes.Equal(head, []byte{0x1f, 0x8b}):
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("quick look of %s: the gzip stream is damaged: %w", path, err)
		}
		defer gz.Close()
		r = gz
	case bytes.Equal(head, []byte{0x1f, 0x9d}):
		data, err := unixz.Decompress(br, maxFITSBytes)
		if err != nil {
			return nil, fmt.Errorf("quick look of %s: the .Z stream is damaged: %w", path, err)
		}
		r = bytes.NewReader(data)
	}
	q, err := QuickLook(ctx, r, maxDim)
	if err != nil {
		return nil, fmt.Errorf("quick look of %s: %w", path, err)
	}
	return q, nil
}

// QuickLook renders the first image HDU with at least two axes longer than
// one pixel (the first plane of a cube) as 8-bit grayscale with zscale
// limits, area-averaged down to at most maxDim pixels on a side (no limit
// when maxDim <= 0). BSCALE, BZERO and BLANK are applied; NaN pixels are
// black.
func QuickLook(ctx context.Context, r io.Reader, maxDim int) (*QuickLookImage, error) {
	f, err := fitsio.Open(&ctxReader{ctx, r})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("not a readable FITS file: %w", err)
	}
	defer f.Close()
	var compressed bool
	for i, h := range f.HDUs() {
		hdr := h.Header()
		if hdr.Type() == fitsio.BINARY_TBL && cardBool(hdr, "ZIMAGE") {
			compressed = true
		}
		img, ok := h.(fitsio.Image)
		if !ok {
			continue
		}
		axes := hdr.Axes()
		if len(axes) < 2 || axes[0] < 2 || axes[1] < 2 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		w, ht := axes[0], axes[1]
		vals, err := pixels(img.Raw(), hdr, w*ht)
		if err != nil {
			return nil, fmt.Errorf("HDU %d: %w", i, err)
		}
		lo, hi, _ := ZScale(vals)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return &QuickLookImage{Image: render(vals, w, ht, maxDim, lo, hi), HDU: i, Width: w, Height: ht, Low: lo, High: hi}, nil
	}
	if compressed {
		return nil, fmt.Errorf("the image is tile-compressed (.fits.fz), which the quick look cannot read yet: use the file in DS9 or Aladin")
	}
	return nil, fmt.Errorf("no 2-D image in this FITS file (%d HDU(s); spectra and tables have no quick look)", len(f.HDUs()))
}

type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func cardBool(hdr *fitsio.Header, key string) bool {
	c := hdr.Get(key)
	if c == nil {
		return false
	}
	b, ok := c.Value.(bool)
	return ok && b
}

func cardFloat(hdr *fitsio.Header, key string) (float64, bool) {
	c := hdr.Get(key)
	if c == nil {
		return 0, false
	}
	switch v := c.Value.(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	}
	return 0, false
}

// pixels decodes the first n raw big-endian pixels and applies BLANK,
// BSCALE and BZERO (fitsio mishandles a fractional BSCALE, so it is done
// here).
func pixels(raw []byte, hdr *fitsio.Header, n int) ([]float64, error) {
	bitpix := hdr.Bitpix()
	size := bitpix / 8
	if size < 0 {
		size = -size
	}
	if size == 0 || len(raw) < n*size {
		return nil, fmt.Errorf("the image data is shorter than its NAXIS1 x NAXIS2 (file truncated?)")
	}
	scale, zero := 1.0, 0.0
	if v, ok := cardFloat(hdr, "BSCALE"); ok && v != 0 {
		scale = v
	}
	if v, ok := cardFloat(hdr, "BZERO"); ok {
		zero = v
	}
	blank, hasBlank := cardFloat(hdr, "BLANK")
	out := make([]float64, n)
	for i := range out {
		b := raw[i*size:]
		var v float64
		switch bitpix {
		case 8:
			v = float64(b[0])
		case 16:
			v = float64(int16(binary.BigEndian.Uint16(b)))
		case 32:
			v = float64(int32(binary.BigEndian.Uint32(b)))
		case 64:
			v = float64(int64(binary.BigEndian.Uint64(b)))
		case -32:
			out[i] = float64(math.Float32frombits(binary.BigEndian.Uint32(b)))*scale + zero
			continue
		case -64:
			out[i] = math.Float64frombits(binary.BigEndian.Uint64(b))*scale + zero
			continue
		default:
			return nil, fmt.Errorf("BITPIX = %d is not a valid FITS pixel type", bitpix)
		}
		if hasBlank && v == blank {
			out[i] = math.NaN()
			continue
		}
		out[i] = v*scale + zero
	}
	return out, nil
}

// render area-averages the w x h values (NaN skipped) down to maxDim and maps
// [lo, hi] to 0..255, flipping rows so FITS row 1 is at the bottom.
func render(vals []float64, w, h, maxDim int, lo, hi float64) *image.Gray {
	tw, th := w, h
	if maxDim > 0 && (w > maxDim || h > maxDim) {
		if w >= h {
			tw, th = maxDim, clampMin1(int(float64(h)*float64(maxDim)/float64(w)+0.5))
		} else {
			tw, th = clampMin1(int(float64(w)*float64(maxDim)/float64(h)+0.5)), maxDim
		}
	}
	xw, yw := areaWeights(w, tw), areaWeights(h, th)
	// Sums of weight*value and of the weights of non-NaN pixels, per row.
	rowV := make([]float64, h*tw)
	rowW := make([]float64, h*tw)
	for y := 0; y < h; y++ {
		src := vals[y*w : (y+1)*w]
		for x, ws := range xw {
			var sv, sw float64
			for _, c := range ws {
				if v := src[c.i]; !math.IsNaN(v) && !math.IsInf(v, 0) {
					sv += float64(c.w) * v
					sw += float64(c.w)
				}
			}
			rowV[y*tw+x], rowW[y*tw+x] = sv, sw
		}
	}
	img := image.NewGray(image.Rect(0, 0, tw, th))
	span := hi - lo
	for y, ws := range yw {
		out := img.Pix[(th-1-y)*img.Stride:]
		for x := 0; x < tw; x++ {
			var sv, sw float64
			for _, c := range ws {
				sv += float64(c.w) * rowV[c.i*tw+x]
				sw += float64(c.w) * rowW[c.i*tw+x]
			}
			if sw == 0 {
				continue // all NaN: black
			}
			out[x] = gray(sv/sw, lo, span)
		}
	}
	return img
}

// gray maps v linearly from [lo, lo+span] to 0..255, clipping.
func gray(v, lo, span float64) uint8 {
	if span <= 0 {
		if v > lo {
			return 255
		}
		return 0
	}
	t := (v - lo) / span * 255
	switch {
	case t <= 0:
		return 0
	case t >= 255:
		return 255
	}
	return uint8(t + 0.5)
}
