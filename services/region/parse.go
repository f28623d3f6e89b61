package region

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParseError says which region text could not be read, where, and why.
type ParseError struct {
	Input string // the text as given
	Pos   int    // 1-based word number where the problem is (0: the whole text)
	Msg   string
}

func (e *ParseError) Error() string {
	in := e.Input
	if len(in) > 80 {
		in = in[:77] + "..."
	}
	if e.Pos > 0 {
		return fmt.Sprintf("region %q, word %d: %s", in, e.Pos, e.Msg)
	}
	return fmt.Sprintf("region %q: %s", in, e.Msg)
}

// Words STC-S allows between the shape and its numbers that do not change
// the coordinates: reference positions, flavours, epoch-less frames we take
// as ICRS (FK5 J2000 differs from ICRS by < 0.03 arcsec).
var (
	icrsFrames = map[string]bool{"ICRS": true, "J2000": true, "FK5": true, "UNKNOWNFRAME": true}
	skipWords  = map[string]bool{
		"GEOCENTER": true, "BARYCENTER": true, "HELIOCENTER": true, "TOPOCENTER": true, "LSR": true,
		"LSRK": true, "LSRD": true, "GALACTIC_CENTER": true, "LOCAL_GROUP_CENTER": true, "EMBARYCENTER": true,
		"UNKNOWNREFPOS": true, "SPHERICAL2": true, "SPHER2": true,
	}
	otherFrames = map[string]bool{"FK4": true, "B1950": true, "ECLIPTIC": true, "GALACTIC_II": true,
		"SUPER_GALACTIC": true, "GEO_C": true, "GEO_D": true}
	shapes = map[string]bool{"POLYGON": true, "CIRCLE": true, "BOX": true, "POSITION": true, "POINT": true}
)

// ParseSTCS reads an STC-S region as ObsCore and SIA services write
// s_region: POLYGON, CIRCLE, BOX (a box on the sphere as STC-S defines it:
// centre, full widths along the axes through the centre, great-circle
// sides), POSITION; any case; an optional frame (ICRS, J2000, FK5, GALACTIC
// converted to ICRS) and reference position/flavour words; a trailing
// "unit deg". A UNION yields its first part (ParseSTCSParts gives all).
func ParseSTCS(s string) (Region, error) {
	parts, err := ParseSTCSParts(s)
	if err != nil {
		return Region{}, err
	}
	return parts[0], nil
}

// ParseSTCSParts is ParseSTCS giving every part of a UNION (one part for
// other shapes), e.g. for drawing a multi-detector footprint.
func ParseSTCSParts(s string) ([]Region, error) {
	p := &stcs{in: s, words: tokens(s)}
	if len(p.words) == 0 {
		return nil, p.errAt(0, "empty; expected POLYGON, CIRCLE, BOX or POSITION")
	}
	head := strings.ToUpper(p.words[0])
	switch head {
	case "UNION":
		p.i = 1
		frame, err := p.frame("ICRS")
		if err != nil {
			return nil, err
		}
		if !p.take("(") {
			return nil, p.errAt(p.i+1, "expected \"(\" after UNION")
		}
		var out []Region
		for p.i < len(p.words) && p.words[p.i] != ")" {
			r, err := p.shape(frame)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		if !p.take(")") {
			return nil, p.errAt(0, "UNION is missing its closing \")\"")
		}
		if len(out) == 0 {
			return nil, p.errAt(0, "UNION has no parts")
		}
		if err := p.end(); err != nil {
			return nil, err
		}
		return out, nil
	case "INTERSECTION", "NOT", "DIFFERENCE":
		return nil, p.errAt(1, "%s regions are not supported; only POLYGON, CIRCLE, BOX, POSITION and UNION of them", head)
	}
	r, err := p.shape("")
	if err != nil {
		return nil, err
	}
	if err := p.end(); err != nil {
		return nil, err
	}
	return []Region{r}, nil
}

type stcs struct {
	in    string
	words []string
	i     int
}

func (p *stcs) errAt(pos int, format string, a ...any) error {
	return &ParseError{Input: p.in, Pos: pos, Msg: fmt.Sprintf(format, a...)}
}

func (p *stcs) take(w string) bool {
	if p.i < len(p.words) && p.words[p.i] == w {
		p.i++
		return true
	}
	return false
}

// frame reads the optional frame and skip words; def is the frame when
// none is named (a UNION's parts inherit the UNION's).
func (p *stcs) frame(def string) (string, error) {
	frame := def
	for p.i < len(p.words) {
		w := strings.ToUpper(p.words[p.i])
		switch {
		case icrsFrames[w] || w == "GALACTIC":
			frame = w
		case skipWords[w]:
		case otherFrames[w]:
			return "", p.errAt(p.i+1, "frame %s is not supported; esodesk reads ICRS, FK5/J2000 and GALACTIC", p.words[p.i])
		default:
			return frame, nil
		}
		p.i++
	}
	return frame, nil
}

// shape reads one POLYGON/CIRCLE/BOX/POSITION with its numbers.
func (p *stcs) shape(defFrame string) (Region, error) {
	if p.i >= len(p.words) {
		return Region{}, p.errAt(0, "ends where a shape was expected")
	}
	start := p.i + 1
	name := strings.ToUpper(p.words[p.i])
	if !shapes[name] {
		return Region{}, p.errAt(start, "%q is not a region shape; expected POLYGON, CIRCLE, BOX, POSITION or UNION", p.words[p.i])
	}
	p.i++
	// STC-S allows a fill factor right after the shape name.
	if p.i+1 < len(p.words) && strings.EqualFold(p.words[p.i], "fillfactor") {
		p.i += 2
	}
	frame, err := p.frame(defFrame)
	if err != nil {
		return Region{}, err
	}
	var nums []float64
	for p.i < len(p.words) {
		w := p.words[p.i]
		if w == ")" || shapes[strings.ToUpper(w)] || strings.EqualFold(w, "unit") {
			break
		}
		v, err := strconv.ParseFloat(w, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return Region{}, p.errAt(p.i+1, "%q is not a number (%s needs numbers after its frame)", w, name)
		}
		nums = append(nums, v)
		p.i++
	}
	if p.i < len(p.words) && strings.EqualFold(p.words[p.i], "unit") {
		if p.i+1 >= len(p.words) || !strings.EqualFold(p.words[p.i+1], "deg") {
			return Region{}, p.errAt(p.i+1, "only \"unit deg\" is supported")
		}
		p.i += 2
	}
	r, err := build(name, nums, frame)
	if err != nil {
		return Region{}, p.errAt(start, "%v", err)
	}
	return r, nil
}

func (p *stcs) end() error {
	if p.i < len(p.words) {
		return p.errAt(p.i+1, "unexpected %q after the region", p.words[p.i])
	}
	return nil
}

// tokens splits on spaces and commas, keeping parentheses as words.
func tokens(s string) []string {
	s = strings.NewReplacer("(", " ( ", ")", " ) ", ",", " ").Replace(s)
	return strings.Fields(s)
}

// build makes a Region from a shape's numbers in frame (converted to ICRS).
func build(shape string, nums []float64, frame string) (Region, error) {
	conv := func(a, b float64) (float64, float64) { return a, b }
	if frame == "GALACTIC" {
		conv = galacticToICRS
	}
	checkLat := func(k int) error {
		if nums[k] < -90 || nums[k] > 90 {
			return fmt.Errorf("latitude %v (number %d) is outside -90..90", nums[k], k+1)
		}
		return nil
	}
	var r Region
	switch shape {
	case "POSITION", "POINT":
		if len(nums) != 2 {
			return r, fmt.Errorf("%s needs 2 numbers (ra dec), got %d", shape, len(nums))
		}
		if err := checkLat(1); err != nil {
			return r, err
		}
		ra, dec := conv(nums[0], nums[1])
		r = NewPoint(ra, dec)
	case "CIRCLE":
		if len(nums) != 3 {
			return r, fmt.Errorf("CIRCLE needs 3 numbers (ra dec radius), got %d", len(nums))
		}
		if err := checkLat(1); err != nil {
			return r, err
		}
		if nums[2] < 0 || nums[2] > 180 {
			return r, fmt.Errorf("CIRCLE radius %v is outside 0..180 degrees", nums[2])
		}
		ra, dec := conv(nums[0], nums[1])
		r = NewCircle(ra, dec, nums[2])
	case "BOX":
		if len(nums) != 4 {
			return r, fmt.Errorf("BOX needs 4 numbers (ra dec width height), got %d", len(nums))
		}
		if err := checkLat(1); err != nil {
			return r, err
		}
		if nums[2] <= 0 || nums[3] <= 0 || nums[2] >= 180 || nums[3] >= 180 {
			return r, fmt.Errorf("BOX width and height must be between 0 and 180 degrees, got %v and %v", nums[2], nums[3])
		}
		// Vertices where the sides (great circles at right angles to the arms
		// of the cross through the centre) meet: in the gnomonic projection
		// about the centre these are (±tan(w/2), ±tan(h/2)).
		c := toVec(nums[0], nums[1])
		e, n := tangentBasis(c)
		tx, ty := math.Tan(nums[2]/2*d2r), math.Tan(nums[3]/2*d2r)
		var pts [][2]float64
		for _, s := range [][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
			v := norm(add(c, add(scale(e, s[0]*tx), scale(n, s[1]*ty))))
			ra, dec := conv(v.radec())
			pts = append(pts, [2]float64{ra, dec})
		}
		r = NewPolygon(pts)
	default: // POLYGON
		pts, err := vertices(nums, conv)
		if err != nil {
			return r, err
		}
		r = NewPolygon(pts)
	}
	r.Frame = frame // as the source named it ("" if it named none); coordinates are ICRS now
	return r, nil
}

// vertices pairs up a polygon's numbers, dropping a repeated closing vertex.
func vertices(nums []float64, conv func(a, b float64) (float64, float64)) ([][2]float64, error) {
	if len(nums)%2 != 0 {
		return nil, fmt.Errorf("POLYGON needs pairs of numbers (ra dec), got %d numbers", len(nums))
	}
	var pts [][2]float64
	for k := 0; k < len(nums); k += 2 {
		if nums[k+1] < -90 || nums[k+1] > 90 {
			return nil, fmt.Errorf("latitude %v (number %d) is outside -90..90", nums[k+1], k+2)
		}
		ra, dec := conv(nums[k], nums[k+1])
		pts = append(pts, [2]float64{ra, dec})
	}
	if n := len(pts); n > 1 && pts[0] == pts[n-1] {
		pts = pts[:n-1]
	}
	if len(pts) < 3 {
		return nil, fmt.Errorf("POLYGON needs at least 3 vertices (6 numbers), got %d numbers", len(nums))
	}
	return pts, nil
}

// ParseDALI reads a DALI array (ICRS degrees) as TAP/SIA services serialise
// them: xtype "polygon" (ra1 dec1 ra2 dec2 ...), "circle" (ra dec r),
// "point" (ra dec); numbers separated by spaces or commas, brackets allowed.
func ParseDALI(xtype, value string) (Region, error) {
	x := strings.ToLower(strings.TrimSpace(xtype))
	x = strings.TrimPrefix(x, "adql:")
	words := strings.Fields(strings.NewReplacer(",", " ", "[", " ", "]", " ", "(", " ", ")", " ").Replace(value))
	nums := make([]float64, 0, len(words))
	for i, w := range words {
		v, err := strconv.ParseFloat(w, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return Region{}, &ParseError{Input: value, Pos: i + 1, Msg: fmt.Sprintf("%q is not a number (DALI %s arrays hold numbers only)", w, x)}
		}
		nums = append(nums, v)
	}
	shape := map[string]string{"polygon": "POLYGON", "circle": "CIRCLE", "point": "POINT"}[x]
	if shape == "" {
		return Region{}, &ParseError{Input: value, Msg: fmt.Sprintf("xtype %q is not a DALI shape; expected polygon, circle or point", xtype)}
	}
	r, err := build(shape, nums, "ICRS")
	if err != nil {
		return Region{}, &ParseError{Input: value, Msg: "DALI " + x + ": " + err.Error()}
	}
	return r, nil
}

// Parse reads a region column's value whichever way it is written: DALI when
// xtype is polygon/circle/point (or the value is bare numbers), STC-S
// otherwise (xtype "adql:REGION", "" or anything else).
func Parse(value, xtype string) (Region, error) {
	x := strings.ToLower(strings.TrimPrefix(strings.ToLower(strings.TrimSpace(xtype)), "adql:"))
	v := strings.TrimSpace(value)
	if v == "" {
		return Region{}, &ParseError{Input: value, Msg: "empty"}
	}
	startsWithLetter := (v[0] >= 'A' && v[0] <= 'Z') || (v[0] >= 'a' && v[0] <= 'z')
	switch x {
	case "polygon", "circle", "point":
		if !startsWithLetter {
			return ParseDALI(x, v)
		}
	}
	if !startsWithLetter {
		// Bare numbers without a DALI xtype: guess from the count.
		n := len(tokens(strings.NewReplacer("[", " ", "]", " ").Replace(v)))
		switch {
		case n == 2:
			return ParseDALI("point", v)
		case n == 3:
			return ParseDALI("circle", v)
		default:
			return ParseDALI("polygon", v)
		}
	}
	return ParseSTCS(v)
}
