package skyrender

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"sync"

	"esodesk/services/hips"
	"esodesk/services/region"
)

// Footprint is one result on the sky: a polygon outline (ICRS vertices,
// great-circle edges; a circle as its sampled outline) or, with Point, a
// marker at Outline[0]. Row is the result table row it stands for.
type Footprint struct {
	Row     int
	Outline [][2]float64
	Point   bool
	Colour  color.NRGBA
}

// Layer is what is drawn over the background: the footprints, the rows
// selected in the table (highlighted), and the region the user drew
// (dashed). Render and Hit keep a per-view index in it: use a Layer by
// pointer and replace Footprints with a new slice (not in place) to change
// them.
type Layer struct {
	Footprints []Footprint
	Selected   map[int]bool
	Drawn      *region.Region

	mu    sync.Mutex
	cache *layerCache
}

// Tiles is what is loaded now: the renderer never fetches, it draws what
// it finds and falls back to a loaded parent tile or the Allsky image.
type Tiles interface {
	Tile(order int, npix int64) (image.Image, bool)
}

// Background is a HiPS survey as far as it is loaded. Allsky is the
// survey's NorderK/Allsky image (K = 3, or hips_order if lower), nil until
// loaded. Keep one Background per survey across frames: it caches tile
// meshes.
type Background struct {
	Props  hips.Properties
	Tiles  Tiles
	Allsky image.Image

	mu        sync.Mutex
	meshes    map[meshKey][]vec3
	meshVerts int

	render  sync.Mutex // one frame at a time uses scratch and half
	scratch []triangle
	half    *image.RGBA
}

// Options choose what Render draws besides the background and footprints.
type Options struct {
	Grid         bool // RA/Dec lines with sexagesimal labels
	GalacticGrid bool // Galactic l/b lines
	Fast         bool // interactive frame (pan/zoom in progress): lower quality where it saves time
}

// SkyColour is where nothing is drawn (no tile, off the projection).
var SkyColour = color.RGBA{8, 8, 16, 255}

// WritePNG writes img to path as PNG.
func WritePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Render draws the frame v into dst (its size should be v's): the
// background (bg may be nil, or have nothing loaded yet), the layer (may be
// nil) and the grids opt asks for. It is safe to call off the UI goroutine;
// the background's cells are filled on all cores.
func Render(dst *image.RGBA, v View, bg *Background, layer *Layer, opt Options) {
	fillColour(dst, SkyColour)
	pr := newProj(v)
	if bg != nil {
		bg.render.Lock()
		if opt.Fast && v.Width >= 64 && v.Height >= 64 {
			// Interactive: the background at half resolution, doubled.
			half := v
			half.Width, half.Height = (v.Width+1)/2, (v.Height+1)/2
			half.FOV = v.FOV * float64(half.Width) / float64(v.Width)
			if bg.half == nil || bg.half.Bounds().Dx() != half.Width || bg.half.Bounds().Dy() != half.Height {
				bg.half = image.NewRGBA(image.Rect(0, 0, half.Width, half.Height))
			}
			fillColour(bg.half, SkyColour)
			bg.scratch = bg.triangles(newProj(half), half)
			fillAll(bg.half, bg.scratch)
			double(dst, bg.half)
		} else {
			bg.scratch = bg.triangles(pr, v)
			fillAll(dst, bg.scratch)
		}
		bg.render.Unlock()
	}
	if layer != nil {
		layer.draw(dst, pr, v)
	}
	drawGrids(dst, pr, opt)
}

// double scales src up by two into dst (nearest pixel).
func double(dst, src *image.RGBA) {
	b := dst.Bounds()
	for y := 0; y < b.Dy(); y++ {
		s := src.Pix[(y/2)*src.Stride:]
		d := dst.Pix[y*dst.Stride:]
		if y%2 == 1 && y > 0 {
			copy(d[:b.Dx()*4], dst.Pix[(y-1)*dst.Stride:(y-1)*dst.Stride+b.Dx()*4])
			continue
		}
		for x := 0; x < b.Dx(); x++ {
			copy(d[x*4:x*4+4], s[(x/2)*4:(x/2)*4+4])
		}
	}
}
