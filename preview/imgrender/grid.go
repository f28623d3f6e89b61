package imgrender

import (
	"esodesk/preview/gridlabel"
	"image"
	"image/color"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// GridColor is the colour of the coordinate grid (half-transparent green).
var GridColor = color.RGBA{0, 255, 120, 170}

// DrawGrid draws lines of constant RA and Dec over img, which shows view v
// of an imgW x imgH image. sky maps a 0-based image pixel to (ra, dec) in
// degrees, pix the reverse; ok false means off the sky or the projection.
// Steps are chosen so that about four to eight lines cross the view: RA in
// hours, minutes or seconds of time, Dec in degrees, arcminutes or
// arcseconds. It imports no WCS library: the caller wraps its own.
func DrawGrid(img *image.RGBA, v View, imgW, imgH int, sky func(x, y float64) (ra, dec float64, ok bool), pix func(ra, dec float64) (x, y float64, ok bool)) {
	// The visible part of the image, sampled on a 24x24 grid.
	x0, y0 := v.ToImage(0, float64(v.H))
	x1, y1 := v.ToImage(float64(v.W), 0)
	x0, y0 = max(x0, -0.5), max(y0, -0.5)
	x1, y1 = min(x1, float64(imgW)-0.5), min(y1, float64(imgH)-0.5)
	if x0 >= x1 || y0 >= y1 {
		return
	}
	var ras, decs []float64
	const n = 24
	for i := 0; i <= n; i++ {
		for j := 0; j <= n; j++ {
			ra, dec, ok := sky(x0+(x1-x0)*float64(i)/n, y0+(y1-y0)*float64(j)/n)
			if ok {
				ras = append(ras, ra)
				decs = append(decs, dec)
			}
		}
	}
	if len(ras) < 2 {
		return
	}
	// Unwrap RA around the first sample so a view across RA=0 is one range.
	ref := ras[0]
	raLo, raHi := math.Inf(1), math.Inf(-1)
	decLo, decHi := math.Inf(1), math.Inf(-1)
	for i, ra := range ras {
		ra = ref + math.Remainder(ra-ref, 360)
		raLo, raHi = min(raLo, ra), max(raHi, ra)
		decLo, decHi = min(decLo, decs[i]), max(decHi, decs[i])
	}
	// A pole in view: every RA crosses it.
	for _, pole := range []float64{90, -90} {
		if px, py, ok := pix(0, pole); ok && px >= x0 && px <= x1 && py >= y0 && py <= y1 {
			raLo, raHi = 0, 360
			if pole > 0 {
				decHi = 90
			} else {
				decLo = -90
			}
		}
	}
	raStep := gridlabel.Step(raHi-raLo, gridlabel.RASteps)
	decStep := gridlabel.Step(decHi-decLo, gridlabel.DecSteps)
	// line draws one grid line and labels it where it first enters the view.
	line := func(fixed float64, isRA bool, from, to float64) {
		const pts = 400
		var px, py float64
		have, labelled := false, false
		for k := 0; k <= pts; k++ {
			t := from + (to-from)*float64(k)/pts
			ra, dec := t, fixed
			if isRA {
				ra, dec = fixed, t
			}
			ix, iy, ok := pix(math.Mod(ra+360, 360), dec)
			if !ok || ix < -0.5 || iy < -0.5 || ix > float64(imgW)-0.5 || iy > float64(imgH)-0.5 {
				have = false
				continue
			}
			ox, oy := v.ToOutput(ix, iy)
			// A jump of more than half the output is a wrap, not a line.
			if have && math.Abs(ox-px)+math.Abs(oy-py) < float64(v.W+v.H)/2 {
				drawLine(img, px, py, ox, oy, GridColor)
				if !labelled {
					text := gridlabel.Dec(fixed, decStep)
					if isRA {
						text = gridlabel.RA(fixed, raStep)
					}
					drawLabel(img, ox, oy, text)
					labelled = true
				}
			}
			px, py, have = ox, oy, true
		}
	}
	for ra := math.Ceil(raLo/raStep) * raStep; ra <= raHi; ra += raStep {
		line(math.Mod(ra+360, 360), true, decLo, decHi)
	}
	for dec := math.Ceil(decLo/decStep) * decStep; dec <= decHi; dec += decStep {
		line(dec, false, raLo, raHi)
	}
}

// drawLine blends a one-pixel line from (x0, y0) to (x1, y1) into img.
func drawLine(img *image.RGBA, x0, y0, x1, y1 float64, c color.RGBA) {
	n := int(math.Max(math.Abs(x1-x0), math.Abs(y1-y0))) + 1
	b := img.Bounds()
	a := uint32(c.A)
	for k := 0; k <= n; k++ {
		t := float64(k) / float64(n)
		x := int(math.Floor(x0 + (x1-x0)*t))
		y := int(math.Floor(y0 + (y1-y0)*t))
		if !(image.Point{x, y}.In(b)) {
			continue
		}
		i := img.PixOffset(x, y)
		p := img.Pix[i : i+4]
		p[0] = uint8((uint32(c.R)*a + uint32(p[0])*(255-a)) / 255)
		p[1] = uint8((uint32(c.G)*a + uint32(p[1])*(255-a)) / 255)
		p[2] = uint8((uint32(c.B)*a + uint32(p[2])*(255-a)) / 255)
		p[3] = uint8(min(255, uint32(p[3])+a))
	}
}

// drawLabel writes text in the grid colour next to (x, y), kept inside img.
func drawLabel(img *image.RGBA, x, y float64, text string) {
	face := basicfont.Face7x13
	w := font.MeasureString(face, text).Ceil()
	b := img.Bounds()
	px := min(max(int(x)+3, b.Min.X+2), b.Max.X-w-2)
	py := min(max(int(y)-3, b.Min.Y+12), b.Max.Y-3)
	// A dark backing keeps the label readable over any colour map.
	for yy := max(py-11, b.Min.Y); yy < min(py+3, b.Max.Y); yy++ {
		for xx := max(px-1, b.Min.X); xx < min(px+w+1, b.Max.X); xx++ {
			p := img.Pix[img.PixOffset(xx, yy):]
			p[0], p[1], p[2], p[3] = p[0]/3, p[1]/3, p[2]/3, 255
		}
	}
	d := font.Drawer{Dst: img, Src: image.NewUniform(color.RGBA{GridColor.R, GridColor.G, GridColor.B, 255}), Face: face,
		Dot: fixed.P(px, py)}
	d.DrawString(text)
}
