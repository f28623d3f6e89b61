package standin

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Preview images: dataPortal ids that phase3v2.product_files lists as
// ANCILLARY.PREVIEW are PNG images, as at ESO, not generated FITS. Each is
// drawn from its id (a plot or a small sky image), so it is deterministic
// and different per id; RealPreviewID is ESO's own preview, byte for byte.
const (
	// RealPreviewID is the id of the real ESO preview PNG in the fixtures
	// (a GRAVITY pipeline QC preview, 1771x1240); gen_data.py gives it to
	// the first testbed product with a preview.
	RealPreviewID   = "ADP.2025-12-18T13:16:13.402"
	realPreviewFile = "eso_astroquery_examples/ADP.2025-12-18T13_16_13.402.png"

	previewWidth, previewHeight = 800, 500
)

var previewCache sync.Map // id#version → []byte

// PreviewPNG is the generated preview image of a dataPortal id (what the
// stand-in serves for an ANCILLARY.PREVIEW archive id other than
// RealPreviewID); version > 0 is the image after a "version:N" fault.
func PreviewPNG(id string, version int) []byte {
	key := id + "#v" + strconv.Itoa(version)
	if b, ok := previewCache.Load(key); ok {
		return b.([]byte)
	}
	seedKey := id
	if version > 0 {
		seedKey = key
	}
	seed := hashID(seedKey)
	img := image.NewPaletted(image.Rect(0, 0, previewWidth, previewHeight), previewPalette)
	if seed%3 == 0 {
		drawSky(img, seed)
	} else {
		drawPlot(img, seed)
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img); err != nil {
		panic("stand-in: encoding a preview PNG: " + err.Error()) // cannot fail on an in-memory image
	}
	b, _ := previewCache.LoadOrStore(key, buf.Bytes())
	return b.([]byte)
}

// previewPalette: plot colours, then a 64-step grey ramp for sky images.
var previewPalette = func() color.Palette {
	p := color.Palette{
		color.White, color.Black,
		color.RGBA{0xdd, 0xdd, 0xdd, 0xff}, // grid
		color.RGBA{0x1f, 0x4e, 0xb4, 0xff}, // flux
		color.RGBA{0xd6, 0x27, 0x28, 0xff}, // error
		color.RGBA{0x2c, 0xa0, 0x2c, 0xff}, // model / marker
	}
	for i := 0; i < 64; i++ {
		v := uint8(i * 255 / 63)
		p = append(p, color.RGBA{v, v, uint8(min(255, int(v)+12)), 0xff})
	}
	return p
}()

const (
	palWhite = iota
	palBlack
	palGrid
	palFlux
	palErr
	palModel
	palGrey0
)

// unit is a deterministic number in [0, 1) from (seed, counter).
func unit(seed, ctr uint64) float64 { return float64(mix(seed, ctr)>>11) / (1 << 53) }

// drawPlot draws a spectrum-like quick-look plot: axes, grid, a noisy
// continuum with a few lines, its error below.
func drawPlot(img *image.Paletted, seed uint64) {
	draw.Draw(img, img.Bounds(), image.NewUniform(previewPalette[palWhite]), image.Point{}, draw.Src)
	x0, y0, x1, y1 := 70, 30, previewWidth-30, previewHeight-60
	for i := 0; i <= 10; i++ {
		x := x0 + (x1-x0)*i/10
		line(img, x, y0, x, y1, palGrid)
		line(img, x, y1, x, y1+6, palBlack)
	}
	for i := 0; i <= 5; i++ {
		y := y0 + (y1-y0)*i/5
		line(img, x0, y, x1, y, palGrid)
		line(img, x0-6, y, x0, y, palBlack)
	}
	rect(img, x0, y0, x1, y1, palBlack)
	nLines := 3 + int(seed%6)
	type feature struct{ at, width, depth float64 }
	feats := make([]feature, nLines)
	for i := range feats {
		feats[i] = feature{unit(seed, uint64(100+i)), 0.002 + 0.01*unit(seed, uint64(200+i)), 0.6*unit(seed, uint64(300+i)) - 0.25}
	}
	slope, wave := unit(seed, 1)-0.5, 2+6*unit(seed, 2)
	noise := 0.01 + 0.03*unit(seed, 3)
	flux := func(t float64, k int) float64 {
		v := 0.6 + 0.2*slope*(t-0.5) + 0.05*math.Sin(wave*t*math.Pi)
		for _, f := range feats {
			v -= f.depth * math.Exp(-0.5*math.Pow((t-f.at)/f.width, 2))
		}
		return v + noise*(unit(seed, uint64(1000+k))-0.5)*2
	}
	py := func(v float64) int { return y1 - int(math.Max(0, math.Min(1, v))*float64(y1-y0)) }
	prevX, prevY, prevE := -1, 0, 0
	for x := x0 + 1; x < x1; x++ {
		t := float64(x-x0) / float64(x1-x0)
		yv, ye := py(flux(t, x)), py(0.05+noise*(1+unit(seed, uint64(5000+x))))
		if prevX >= 0 {
			line(img, prevX, prevE, x, ye, palErr)
			line(img, prevX, prevY, x, yv, palFlux)
		}
		prevX, prevY, prevE = x, yv, ye
	}
	// a legend marker per line, like pipeline QC plots
	for i, f := range feats {
		x := x0 + int(f.at*float64(x1-x0))
		line(img, x, y0+4, x, y0+14+4*(i%3), palModel)
	}
}

// drawSky draws a small sky image: a smooth background, a few stars and
// a faint extended source, on the grey ramp.
func drawSky(img *image.Paletted, seed uint64) {
	type star struct{ x, y, flux, sigma float64 }
	stars := make([]star, 12+int(seed%25))
	for i := range stars {
		stars[i] = star{unit(seed, uint64(10+i)) * previewWidth, unit(seed, uint64(60+i)) * previewHeight,
			0.2 + 0.8*unit(seed, uint64(110+i)), 1.5 + 3*unit(seed, uint64(160+i))}
	}
	gx, gy, gs := unit(seed, 4)*previewWidth, unit(seed, 5)*previewHeight, 40+80*unit(seed, 6)
	v := make([]float64, previewWidth*previewHeight)
	for y := 0; y < previewHeight; y++ {
		for x := 0; x < previewWidth; x++ {
			dx, dy := float64(x)-gx, float64(y)-gy
			v[y*previewWidth+x] = 0.08 + 0.04*float64(y)/previewHeight + 0.3*math.Exp(-(dx*dx+dy*dy)/(2*gs*gs))
			if mix(seed, uint64(y*previewWidth+x))%7 == 0 { // sparse noise: compresses
				v[y*previewWidth+x] += 0.03
			}
		}
	}
	for _, s := range stars { // each star only within 5 sigma
		r := int(5*s.sigma) + 1
		for y := max(0, int(s.y)-r); y < min(previewHeight, int(s.y)+r); y++ {
			for x := max(0, int(s.x)-r); x < min(previewWidth, int(s.x)+r); x++ {
				dx, dy := float64(x)-s.x, float64(y)-s.y
				v[y*previewWidth+x] += s.flux * math.Exp(-(dx*dx+dy*dy)/(2*s.sigma*s.sigma))
			}
		}
	}
	for i, val := range v {
		img.Pix[i] = uint8(palGrey0 + int(math.Min(1, val)*63))
	}
}

func line(img *image.Paletted, x0, y0, x1, y1 int, c uint8) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := 1, 1
	if x0 > x1 {
		sx = -1
	}
	if y0 > y1 {
		sy = -1
	}
	err := dx + dy
	for {
		img.SetColorIndex(x0, y0, c)
		if x0 == x1 && y0 == y1 {
			return
		}
		e2 := 2 * err
		if e2 >= dy {
			err += dy
			x0 += sx
		}
		if e2 <= dx {
			err += dx
			y0 += sy
		}
	}
}

func rect(img *image.Paletted, x0, y0, x1, y1 int, c uint8) {
	line(img, x0, y0, x1, y0, c)
	line(img, x1, y0, x1, y1, c)
	line(img, x1, y1, x0, y1, c)
	line(img, x0, y1, x0, y0, c)
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// servedFile is what the dataPortal serves for id: the real preview PNG,
// a generated preview PNG for the archive's ANCILLARY.PREVIEW ids, the
// FITS image or cube of image and cube products (and a cube's white-light
// image, imagedata.go), else the generated file of filedata.go. An archive that cannot be read only
// costs the previews, never the download.
func (s *Server) servedFile(ctx context.Context, id string, version int) *genFile {
	var pf *ProductFile
	var sky, whiteOf *ArchiveProduct
	if strings.HasPrefix(id, "ADP.") {
		if idx, err := s.archive.index(ctx); err == nil {
			pf = idx.products.file[id]
			sky = skyProduct(idx, id)
			if pf != nil && pf.Category == "ANCILLARY.IMAGE.WHITELIGHT" {
				whiteOf = idx.products.fileOf[id]
			}
		}
	}
	if id == RealPreviewID && s.opts.FixturesDir != "" {
		if b, err := os.ReadFile(filepath.Join(s.opts.FixturesDir, filepath.FromSlash(realPreviewFile))); err == nil {
			return pngFile(id, version, pf, b)
		}
	}
	if pf != nil && pf.Category == "ANCILLARY.PREVIEW" {
		return pngFile(id, version, pf, PreviewPNG(id, version))
	}
	f := newGenFile(id, version)
	var m *skyModel
	if sky != nil {
		m, _ = newSkyModel(id, f.seed, sky)
	} else if whiteOf != nil {
		// the white-light image of the cube (as the cube's version)
		sci := scienceFileID(whiteOf)
		if c, ok := newSkyModel(sci, newGenFile(sci, version).seed, whiteOf); ok && c.cube {
			m = c.whiteLight(id)
		}
	}
	if m != nil {
		f.packed = skyFileBytes(m)
		f.size, f.header = int64(len(f.packed)), nil
	}
	return f
}

// pngFile wraps PNG bytes as a served file named "<origfile or id>.png".
func pngFile(id string, version int, pf *ProductFile, b []byte) *genFile {
	f := newGenFile(id, version)
	f.kind, f.packed, f.size, f.header = kindPNG, b, int64(len(b)), nil
	f.name = id + ".png"
	if pf != nil && pf.OrigFile != "" {
		f.name = pf.OrigFile
		if !strings.HasSuffix(strings.ToLower(f.name), ".png") {
			f.name += ".png"
		}
	}
	return f
}
