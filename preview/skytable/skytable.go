// Package skytable places a result table's rows on the sky: the
// footprints (s_region, STC-S or DALI) or positions (RA/Dec columns, a
// position pair) of each row, coloured by a column, with its legend. The
// Sky tab and esodesk sky use it alike.
package skytable

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"
	"strings"

	"esodesk/preview/skyrender"
	"esodesk/services/coords"
	"esodesk/services/region"
	"esodesk/services/votable"
)

// outlineStep is the longest step (degrees) between the drawn vertices of
// a circle: fine enough for a smooth ring at any sensible zoom.
const outlineStep = 0.05

// Positions says where a table keeps its rows' positions.
type Positions struct {
	Region int // s_region (or a field of DALI xtype), -1 if none
	RA     int // with Dec: a point per row, -1 if none
	Dec    int
	Pair   int // a [ra, dec] array (SSAP's location), -1 if none
}

// FindPositions picks the columns that place t's rows on the sky: an
// s_region (by name, UCD or DALI xtype) first, else RA and Dec columns (by
// UCD pos.eq.ra;meta.main, then the names s_ra, ra, RA), else a position
// pair (UCD pos.eq… with two values).
func FindPositions(t *votable.Table) Positions {
	p := Positions{Region: -1, RA: -1, Dec: -1, Pair: -1}
	if t == nil {
		return p
	}
	for i, f := range t.Fields {
		x := strings.ToLower(f.Xtype)
		if strings.EqualFold(f.Name, "s_region") || x == "polygon" || x == "circle" || x == "adql:region" ||
			strings.HasPrefix(strings.ToLower(f.UCD), "pos.outline") {
			if p.Region < 0 {
				p.Region = i
			}
		}
	}
	ucd := func(want string) int {
		for i, f := range t.Fields {
			if strings.EqualFold(strings.ReplaceAll(f.UCD, " ", ""), want) {
				return i
			}
		}
		return -1
	}
	p.RA, p.Dec = ucd("pos.eq.ra;meta.main"), ucd("pos.eq.dec;meta.main")
	for _, names := range [][2]string{{"s_ra", "s_dec"}, {"ra", "dec"}, {"raj2000", "dej2000"}} {
		if p.RA >= 0 && p.Dec >= 0 {
			break
		}
		p.RA, p.Dec = t.FieldIndex(names[0]), t.FieldIndex(names[1])
		if p.RA < 0 || p.Dec < 0 {
			p.RA, p.Dec = fieldFold(t, names[0]), fieldFold(t, names[1])
		}
	}
	if p.RA < 0 || p.Dec < 0 {
		p.RA, p.Dec = -1, -1
		for i, f := range t.Fields {
			u := strings.ToLower(f.UCD)
			if (u == "pos.eq" || strings.HasPrefix(u, "pos.eq;")) && (f.Arraysize == "2" || strings.EqualFold(f.Xtype, "point")) {
				p.Pair = i
				break
			}
		}
	}
	return p
}

func fieldFold(t *votable.Table, name string) int {
	for i, f := range t.Fields {
		if strings.EqualFold(f.Name, name) {
			return i
		}
	}
	return -1
}

// Footprints places each row of t on the sky: its s_region's outline, or
// a marker at its RA/Dec. Rows without a usable position are left out and
// counted in skipped. colours[i] (if given) colours row i.
func Footprints(t *votable.Table, colours []color.NRGBA) (fps []skyrender.Footprint, skipped int) {
	n := t.NumRows()
	if n == 0 {
		return nil, 0
	}
	p := FindPositions(t)
	fps = make([]skyrender.Footprint, 0, n)
	for row := 0; row < n; row++ {
		fp, ok := footprintOf(t, p, row)
		if !ok {
			skipped++
			continue
		}
		fp.Colour = DefaultColour
		if row < len(colours) {
			fp.Colour = colours[row]
		}
		fps = append(fps, fp)
	}
	return fps, skipped
}

// footprintOf is row's footprint: the region, or else the point.
func footprintOf(t *votable.Table, p Positions, row int) (skyrender.Footprint, bool) {
	if p.Region >= 0 {
		if r, ok := RegionOf(t, p.Region, row); ok {
			if r.Kind == region.Point {
				return skyrender.Footprint{Row: row, Point: true, Outline: [][2]float64{r.Center}}, true
			}
			if out := r.Outline(outlineStep); len(out) > 0 {
				return skyrender.Footprint{Row: row, Outline: out}, true
			}
		}
	}
	if p.RA >= 0 {
		ra, ok1 := cellFloat(t.Columns[p.RA], row)
		dec, ok2 := cellFloat(t.Columns[p.Dec], row)
		if ok1 && ok2 && validPos(ra, dec) {
			return skyrender.Footprint{Row: row, Point: true, Outline: [][2]float64{{ra, dec}}}, true
		}
	}
	if p.Pair >= 0 {
		f := strings.Fields(t.Columns[p.Pair].String(row))
		if len(f) == 2 {
			ra, e1 := strconv.ParseFloat(f[0], 64)
			dec, e2 := strconv.ParseFloat(f[1], 64)
			if e1 == nil && e2 == nil && validPos(ra, dec) {
				return skyrender.Footprint{Row: row, Point: true, Outline: [][2]float64{{ra, dec}}}, true
			}
		}
	}
	return skyrender.Footprint{}, false
}

// cellFloat reads a number from a numeric column, or from a text one (a
// CSV file's columns are all text).
func cellFloat(c votable.Column, i int) (float64, bool) {
	if c.IsNull(i) {
		return 0, false
	}
	v, ok := c.Float(i)
	if !ok {
		var err error
		v, err = strconv.ParseFloat(strings.TrimSpace(c.String(i)), 64)
		ok = err == nil
	}
	return v, ok && !math.IsNaN(v) && !math.IsInf(v, 0)
}

func validPos(ra, dec float64) bool {
	return !math.IsNaN(ra) && !math.IsNaN(dec) && !math.IsInf(ra, 0) && dec >= -90 && dec <= 90
}

// RegionOf parses row's region in column col (STC-S or DALI, by the
// field's xtype).
func RegionOf(t *votable.Table, col, row int) (region.Region, bool) {
	c := t.Columns[col]
	if c.IsNull(row) {
		return region.Region{}, false
	}
	s := strings.TrimSpace(c.String(row))
	if s == "" {
		return region.Region{}, false
	}
	r, err := region.Parse(s, t.Fields[col].Xtype)
	return r, err == nil
}

// DefaultColour draws footprints when no column colours them.
var DefaultColour = color.NRGBA{R: 0x3c, G: 0xe0, B: 0x5a, A: 0xff}

// OtherColour is for the text values beyond the palette.
var OtherColour = color.NRGBA{R: 0xa0, G: 0xa0, B: 0xa0, A: 0xff}

// palette are distinct colours for text values, most frequent first (the
// Tableau 10 hues, readable on a dark sky).
var palette = []color.NRGBA{
	{0x4e, 0x9a, 0xff, 0xff}, {0xff, 0x9d, 0x2e, 0xff}, {0x59, 0xd1, 0x5a, 0xff}, {0xff, 0x57, 0x5a, 0xff},
	{0xc0, 0x8b, 0xff, 0xff}, {0xe8, 0xc0, 0x3a, 0xff}, {0xff, 0x8d, 0xd0, 0xff}, {0x40, 0xe0, 0xe0, 0xff},
	{0xd4, 0xa0, 0x70, 0xff}, {0xf0, 0xf0, 0xf0, 0xff},
}

// gradient runs from low to high values (viridis' stops, brightened a
// little to show on a dark sky).
var gradient = []color.NRGBA{
	{0x5a, 0x3a, 0xc0, 0xff}, {0x3b, 0x7d, 0xd8, 0xff}, {0x21, 0xb0, 0xa0, 0xff}, {0x7a, 0xd1, 0x51, 0xff}, {0xfd, 0xe7, 0x25, 0xff},
}

// LegendEntry is one line of the colour legend.
type LegendEntry struct {
	Label  string
	Colour color.NRGBA
}

// ColourColumns are the columns worth colouring by: short text (instrument,
// collection, type) and numbers; not the positions or long texts.
func ColourColumns(t *votable.Table) []string {
	if t == nil {
		return nil
	}
	p := FindPositions(t)
	var out []string
	for i, f := range t.Fields {
		if i == p.Region || i == p.Pair || strings.Contains(strings.ToLower(f.Xtype), "polygon") {
			continue
		}
		if numeric(f) || f.Datatype == "char" || f.Datatype == "unicodeChar" || f.Datatype == "" {
			out = append(out, f.Name)
		}
	}
	return out
}

// numericColumn: a number column, or a text column whose every value is a
// number (a CSV file's).
func numericColumn(t *votable.Table, col int) bool {
	if numeric(t.Fields[col]) {
		return true
	}
	c, any := t.Columns[col], false
	for i := 0; i < t.NumRows(); i++ {
		if c.IsNull(i) || strings.TrimSpace(c.String(i)) == "" {
			continue
		}
		if _, ok := cellFloat(c, i); !ok {
			return false
		}
		any = true
	}
	return any
}

func numeric(f votable.Field) bool {
	switch f.Datatype {
	case "short", "int", "long", "float", "double", "unsignedByte":
		return f.Arraysize == "" || f.Arraysize == "1"
	}
	return false
}

// Colours colours t's rows by a column: a categorical palette for text
// (the most frequent values first, the rest grey), a gradient from the
// smallest to the largest value for numbers. An unknown column colours
// nothing.
func Colours(t *votable.Table, column string) ([]color.NRGBA, []LegendEntry) {
	col := -1
	if t != nil && column != "" {
		col = fieldFold(t, column)
	}
	if col < 0 {
		return nil, nil
	}
	n, c := t.NumRows(), t.Columns[col]
	out := make([]color.NRGBA, n)
	if numericColumn(t, col) {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := 0; i < n; i++ {
			if v, ok := cellFloat(c, i); ok {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		if lo > hi {
			return nil, nil
		}
		for i := 0; i < n; i++ {
			v, ok := cellFloat(c, i)
			if !ok {
				out[i] = OtherColour
				continue
			}
			f := 0.0
			if hi > lo {
				f = (v - lo) / (hi - lo)
			}
			out[i] = ramp(f)
		}
		unit := ""
		if u := t.Fields[col].Unit; u != "" {
			unit = " " + u
		}
		return out, []LegendEntry{
			{Label: fmt.Sprintf("%s = %s%s", column, fmtNum(lo), unit), Colour: ramp(0)},
			{Label: fmt.Sprintf("%s = %s%s", column, fmtNum((lo+hi)/2), unit), Colour: ramp(0.5)},
			{Label: fmt.Sprintf("%s = %s%s", column, fmtNum(hi), unit), Colour: ramp(1)},
		}
	}
	counts := map[string]int{}
	for i := 0; i < n; i++ {
		counts[strings.TrimSpace(c.String(i))]++
	}
	values := make([]string, 0, len(counts))
	for v := range counts {
		values = append(values, v)
	}
	sort.Slice(values, func(a, b int) bool {
		if counts[values[a]] != counts[values[b]] {
			return counts[values[a]] > counts[values[b]]
		}
		return values[a] < values[b]
	})
	colourOf := map[string]color.NRGBA{}
	var legend []LegendEntry
	others := 0
	for i, v := range values {
		if i < len(palette) {
			colourOf[v] = palette[i]
			label := v
			if label == "" {
				label = "(empty)"
			}
			legend = append(legend, LegendEntry{Label: fmt.Sprintf("%s (%d)", label, counts[v]), Colour: palette[i]})
		} else {
			colourOf[v] = OtherColour
			others += counts[v]
		}
	}
	if others > 0 {
		legend = append(legend, LegendEntry{Label: fmt.Sprintf("other values (%d)", others), Colour: OtherColour})
	}
	for i := 0; i < n; i++ {
		out[i] = colourOf[strings.TrimSpace(c.String(i))]
	}
	return out, legend
}

// ramp is the gradient's colour at f in [0, 1].
func ramp(f float64) color.NRGBA {
	f = math.Max(0, math.Min(1, f)) * float64(len(gradient)-1)
	i := int(f)
	if i >= len(gradient)-1 {
		return gradient[len(gradient)-1]
	}
	a, b, w := gradient[i], gradient[i+1], f-float64(i)
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-w) + float64(y)*w)) }
	return color.NRGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xff}
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

// Fit is a view that shows every footprint: the centre of their points'
// mean direction and radius, the largest distance of a point from it
// (at least an arcminute). ok is false without footprints.
func Fit(fps []skyrender.Footprint) (ra, dec, radius float64, ok bool) {
	const rad = math.Pi / 180
	var x, y, z float64
	n := 0
	for _, f := range fps {
		for _, p := range f.Outline {
			cd := math.Cos(p[1] * rad)
			x, y, z = x+cd*math.Cos(p[0]*rad), y+cd*math.Sin(p[0]*rad), z+math.Sin(p[1]*rad)
			n++
		}
	}
	norm := math.Sqrt(x*x + y*y + z*z)
	if n == 0 || norm < 1e-9 {
		return 0, 0, 0, false
	}
	ra = math.Mod(math.Atan2(y, x)/rad+360, 360)
	dec = math.Asin(z/norm) / rad
	far := 0.0
	for _, f := range fps {
		for _, p := range f.Outline {
			far = math.Max(far, coords.Separation(ra, dec, p[0], p[1]))
		}
	}
	return ra, dec, math.Max(1.0/60, far), true
}
