package skyrender

import (
	"esodesk/preview/gridlabel"
	"fmt"
	"image"
	"image/color"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Grid colours: RA/Dec green, Galactic orange, both half transparent.
var (
	GridColour         = color.NRGBA{0, 255, 120, 150}
	GalacticGridColour = color.NRGBA{255, 160, 40, 150}
)

func drawGrids(dst *image.RGBA, pr *proj, opt Options) {
	if opt.Grid {
		drawGrid(dst, pr, false)
	}
	if opt.GalacticGrid {
		drawGrid(dst, pr, true)
	}
}

// drawGrid draws lines of constant longitude and latitude (RA/Dec, or l/b
// when galactic) at nice steps, each labelled where it first shows.
func drawGrid(dst *image.RGBA, pr *proj, galactic bool) {
	m := pr.withFrame(galactic)
	mt := m.t()
	// The range the view spans, from a 24x24 sampling, longitudes unwrapped
	// around the centre's.
	lon0, _ := mt.apply(vec3{0, 0, 1}).lonLat()
	lonLo, lonHi, latLo, latHi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	const n = 24
	for i := 0; i <= n; i++ {
		for j := 0; j <= n; j++ {
			nat, ok := pr.sky(pr.w*float64(i)/n, pr.h*float64(j)/n)
			if !ok {
				continue
			}
			lon, lat := mt.apply(nat).lonLat()
			d := math.Remainder(lon-lon0, 360)
			lonLo, lonHi = min(lonLo, d), max(lonHi, d)
			latLo, latHi = min(latLo, lat), max(latHi, lat)
		}
	}
	if lonLo > lonHi {
		return
	}
	lonLo, lonHi = lon0+lonLo, lon0+lonHi
	for _, pole := range []float64{1, -1} {
		if x, y, ok := pr.native(m.apply(vec3{0, 0, pole}), 0); ok && x >= 0 && y >= 0 && x <= pr.w && y <= pr.h {
			lonLo, lonHi = 0, 360
			if pole > 0 {
				latHi = 90
			} else {
				latLo = -90
			}
		}
	}
	if lonHi-lonLo > 270 { // the whole sky, or nearly
		lonLo, lonHi = 0, 360
	}
	col := GridColour
	lonSteps := gridlabel.RASteps
	if galactic {
		col = GalacticGridColour
		lonSteps = gridlabel.DecSteps
	}
	lonStep := gridlabel.Step(lonHi-lonLo, lonSteps)
	latStep := gridlabel.Step(latHi-latLo, gridlabel.DecSteps)
	label := func(fixed float64, isLon bool) string {
		switch {
		case galactic && isLon:
			return "l " + formatDeg(math.Mod(fixed+360, 360), lonStep, false)
		case galactic:
			return "b " + formatDeg(fixed, latStep, true)
		case isLon:
			return gridlabel.RA(fixed, lonStep)
		}
		return gridlabel.Dec(fixed, latStep)
	}
	// Labels: a meridian's at its lowest point on screen (where the pole
	// is in view, where it crosses the middle row instead: meridians meet
	// at the pole), a parallel's at its leftmost.
	poleInView := latHi == 90 || latLo == -90
	line := func(fixed float64, isLon bool, from, to float64) {
		const pts = 180
		p := &pen{dst: dst, pr: pr, c: col, width: 1}
		var prev vec3
		bx, by, best := 0.0, 0.0, math.Inf(1)
		for k := 0; k <= pts; k++ {
			t := from + (to-from)*float64(k)/pts
			lon, lat := t, fixed
			if isLon {
				lon, lat = fixed, t
			}
			cur := m.apply(toVec(lon, lat))
			if k > 0 {
				p.seg(prev, cur)
			}
			prev = cur
			if x, y, ok := pr.native(cur, 0); ok && x >= 4 && y >= 14 && x <= pr.w-4 && y <= pr.h-4 {
				score := x
				if isLon && poleInView {
					score = math.Abs(y - pr.h/2)
				} else if isLon {
					score = -y
				}
				if score < best {
					bx, by, best = x, y, score
				}
			}
		}
		if !math.IsInf(best, 1) {
			drawLabel(dst, bx, by, label(fixed, isLon), col)
		}
	}
	for lon := math.Ceil(lonLo/lonStep) * lonStep; lon < lonHi+lonStep/1e6 && lon < lonLo+360; lon += lonStep {
		line(lon, true, math.Max(latLo, -89.999), math.Min(latHi, 89.999))
	}
	for lat := math.Ceil(latLo/latStep) * latStep; lat <= latHi; lat += latStep {
		if math.Abs(lat) < 90 {
			line(lat, false, lonLo, lonHi)
		}
	}
}

// formatDeg is a Galactic coordinate in decimal degrees, as precise as
// step needs.
func formatDeg(v, step float64, signed bool) string {
	dec := 0
	for s := step; s < 0.999 && dec < 5; s *= 10 {
		dec++
	}
	if signed {
		return fmt.Sprintf("%+.*f", dec, v)
	}
	return fmt.Sprintf("%.*f", dec, v)
}

// drawLabel writes text next to (x, y) on a dark backing, inside dst.
func drawLabel(dst *image.RGBA, x, y float64, text string, c color.NRGBA) {
	face := basicfont.Face7x13
	w := font.MeasureString(face, text).Ceil()
	b := dst.Bounds()
	px := min(max(int(x)+3, b.Min.X+2), b.Max.X-w-2)
	py := min(max(int(y)-3, b.Min.Y+12), b.Max.Y-3)
	for yy := max(py-11, b.Min.Y); yy < min(py+3, b.Max.Y); yy++ {
		for xx := max(px-1, b.Min.X); xx < min(px+w+1, b.Max.X); xx++ {
			p := dst.Pix[dst.PixOffset(xx, yy):]
			p[0], p[1], p[2], p[3] = p[0]/3, p[1]/3, p[2]/3, 255
		}
	}
	d := font.Drawer{Dst: dst, Src: image.NewUniform(color.NRGBA{c.R, c.G, c.B, 255}), Face: face, Dot: fixed.P(px, py)}
	d.DrawString(text)
}
