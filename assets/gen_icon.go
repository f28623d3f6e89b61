//go:build ignore

// gen_icon draws esodesk's application icon (assets/icon.png): a night-sky
// disc with a dome silhouette and a rainbow spectrum trace. Run: go run assets/gen_icon.go
package main

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

func main() {
	const n = 512
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	c := float64(n) / 2
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			dx, dy := float64(x)-c+0.5, float64(y)-c+0.5
			r := math.Hypot(dx, dy)
			if r > c-8 {
				continue
			}
			t := float64(y) / n // sky gradient, deep blue to violet
			col := color.NRGBA{uint8(10 + 40*t), uint8(20 + 10*t), uint8(70 + 60*t), 255}
			// a few stars
			for _, s := range [][3]float64{{150, 120, 5}, {340, 90, 4}, {390, 190, 3}, {110, 230, 3}, {260, 150, 3}} {
				if math.Hypot(float64(x)-s[0], float64(y)-s[1]) < s[2] {
					col = color.NRGBA{255, 250, 230, 255}
				}
			}
			// spectrum trace: an emission-line profile drawn in rainbow colours
			fx := float64(x) / n
			curve := 330 - 60*math.Exp(-math.Pow((fx-0.62)/0.03, 2)) - 25*math.Sin(fx*9)
			if math.Abs(float64(y)-curve) < 7 {
				h := fx * 300
				col = hsv(h, 0.9, 1)
			}
			// dome silhouette at the bottom
			if dy > 120 && math.Hypot(dx, dy-260) < 150 {
				col = color.NRGBA{200, 205, 215, 255}
			}
			if dy > 200 {
				col = color.NRGBA{35, 40, 55, 255}
			}
			img.Set(x, y, col)
		}
	}
	f, err := os.Create("assets/icon.png")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		panic(err)
	}
}

func hsv(h, s, v float64) color.NRGBA {
	c := v * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	var r, g, b float64
	switch {
	case h < 60:
		r, g = c, x
	case h < 120:
		r, g = x, c
	case h < 180:
		g, b = c, x
	case h < 240:
		g, b = x, c
	default:
		r, b = x, c
	}
	m := v - c
	return color.NRGBA{uint8((r + m) * 255), uint8((g + m) * 255), uint8((b + m) * 255), 255}
}
