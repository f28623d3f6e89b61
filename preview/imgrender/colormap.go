package imgrender

import (
	"image/color"
	"strings"
)

// A colour map is a list of anchor colours, evenly spaced over [0, 1] and
// interpolated linearly in between.
type cmap [][3]uint8

func hex(s string) [3]uint8 {
	var c [3]uint8
	for i := range 3 {
		var v uint8
		for _, ch := range s[1+2*i : 3+2*i] {
			v <<= 4
			switch {
			case ch >= '0' && ch <= '9':
				v |= uint8(ch - '0')
			default:
				v |= uint8(ch-'a') + 10
			}
		}
		c[i] = v
	}
	return c
}

func hexes(s ...string) cmap {
	m := make(cmap, len(s))
	for i, h := range s {
		m[i] = hex(strings.ToLower(h))
	}
	return m
}

// The perceptual maps are built from the published anchor colours of
// matplotlib's viridis, inferno and magma (their tenths), the others as DS9
// shows them.
var colormaps = []struct {
	name string
	m    cmap
}{
	{"gray", hexes("#000000", "#ffffff")},
	{"heat", hexes("#000000", "#800000", "#ff0000", "#ff8000", "#ffff00", "#ffff80", "#ffffff")},
	{"cool", hexes("#000000", "#002050", "#0050a0", "#2090d0", "#60d0e0", "#b0f0f0", "#ffffff")},
	{"viridis", hexes("#440154", "#482878", "#3e4a89", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725")},
	{"inferno", hexes("#000004", "#1b0c41", "#4a0c6b", "#781c6d", "#a52c60", "#cf4446", "#ed6925", "#fb9b06", "#f7d13d", "#fcffa4")},
	{"magma", hexes("#000004", "#180f3d", "#440f76", "#721f81", "#9e2f7f", "#cd4071", "#f1605d", "#fd9668", "#feca8d", "#fcfdbf")},
	{"rainbow", hexes("#000000", "#ff00ff", "#0000ff", "#00ffff", "#00ff00", "#ffff00", "#ff0000")},
}

// Colormaps lists the colour map names, gray first.
func Colormaps() []string {
	out := make([]string, len(colormaps))
	for i, c := range colormaps {
		out[i] = c.name
	}
	return out
}

func colormap(name string) cmap {
	if name == "" {
		name = "gray"
	}
	for _, c := range colormaps {
		if strings.EqualFold(c.name, name) {
			return c.m
		}
	}
	return nil
}

// at is the colour at t in [0, 1].
func (m cmap) at(t float64) color.RGBA {
	pos := t * float64(len(m)-1)
	i := min(int(pos), len(m)-2)
	f := pos - float64(i)
	var c [3]uint8
	for k := range 3 {
		c[k] = uint8(float64(m[i][k])*(1-f) + float64(m[i+1][k])*f + 0.5)
	}
	return color.RGBA{c[0], c[1], c[2], 255}
}
