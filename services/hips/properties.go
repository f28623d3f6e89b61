// Package hips reads Hierarchical Progressive Surveys (IVOA HiPS 1.0): a
// survey's properties file, its Allsky preview and its tiles
// (base/NorderK/DirD/NpixN.ext), with a disk cache that keeps the tiles
// used most recently. It draws nothing: preview/skyrender does.
package hips

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Properties is what a HiPS says about itself in its properties file.
type Properties struct {
	Base       string // the survey's base URL (set by Client.Properties)
	Title      string // obs_title
	CreatorDID string // creator_did (ivo://...)
	Frame      string // "equatorial", "galactic" or "ecliptic" (a body frame such as "mars" as written)

	Order     int // hips_order: the deepest order with tiles
	OrderMin  int // hips_order_min (0 when not given)
	TileWidth int // hips_tile_width in pixels (512 when not given)

	Formats []string // tile formats in the file's order: "png", "jpeg", "fits"

	// Where and how wide a viewer should first show the survey (ICRS,
	// degrees); NaN when the file does not say.
	InitialRA, InitialDec, InitialFOV float64

	Raw map[string]string // every key = value line, as written (the first of repeated keys)
}

// DefaultTileWidth is the tile size HiPS 1.0 implies when hips_tile_width
// is absent.
const DefaultTileWidth = 512

// ParseProperties reads a HiPS properties file ("key = value" lines, "#"
// comments), also understanding the keys of surveys made before HiPS 1.0
// (maxOrder, format, coordsys).
func ParseProperties(r io.Reader) (Properties, error) {
	p := Properties{Raw: map[string]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue // HiPS allows nothing else; be lenient with stray lines
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if _, seen := p.Raw[k]; !seen && k != "" {
			p.Raw[k] = v
		}
	}
	if err := sc.Err(); err != nil {
		return Properties{}, fmt.Errorf("cannot read the HiPS properties: %w", err)
	}
	if len(p.Raw) == 0 {
		return Properties{}, errors.New("not a HiPS properties file: no \"key = value\" lines")
	}
	get := func(keys ...string) (string, string) {
		for _, k := range keys {
			if v, ok := p.Raw[k]; ok && v != "" {
				return k, v
			}
		}
		return "", ""
	}

	k, v := get("hips_order", "maxOrder")
	if k == "" {
		return Properties{}, errors.New("not a HiPS properties file: no hips_order")
	}
	var err error
	if p.Order, err = orderValue(k, v); err != nil {
		return Properties{}, err
	}
	if k, v := get("hips_order_min", "minOrder"); k != "" {
		if p.OrderMin, err = orderValue(k, v); err != nil {
			return Properties{}, err
		}
		if p.OrderMin > p.Order {
			return Properties{}, fmt.Errorf("bad HiPS properties: %s = %d is deeper than hips_order = %d", k, p.OrderMin, p.Order)
		}
	}

	p.TileWidth = DefaultTileWidth
	if k, v := get("hips_tile_width", "tileWidth"); k != "" {
		w, err := strconv.Atoi(v)
		if err != nil || w <= 0 || w&(w-1) != 0 {
			return Properties{}, fmt.Errorf("bad HiPS properties: %s = %q is not a power of two", k, v)
		}
		p.TileWidth = w
	}

	p.Formats = formats(p.Raw)
	p.Frame = frame(p.Raw)
	_, p.Title = get("obs_title", "label")
	_, p.CreatorDID = get("creator_did", "publisher_did")
	p.InitialRA = floatOr(p.Raw["hips_initial_ra"])
	p.InitialDec = floatOr(p.Raw["hips_initial_dec"])
	p.InitialFOV = floatOr(p.Raw["hips_initial_fov"])
	return p, nil
}

// ImageFormat is the tile format to show on screen: "png" (which keeps
// transparency, so uncovered sky stays empty) or "jpeg", "" when the survey
// has FITS tiles only.
func (p Properties) ImageFormat() string {
	for _, want := range []string{"png", "jpeg"} {
		for _, f := range p.Formats {
			if f == want {
				return want
			}
		}
	}
	return ""
}

func orderValue(k, v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 29 {
		return 0, fmt.Errorf("bad HiPS properties: %s = %q is not a HEALPix order (0 to 29)", k, v)
	}
	return n, nil
}

// formats reads hips_tile_format ("png fits"), or the older format key;
// "jpg" counts as "jpeg". Surveys made before HiPS 1.0 that say nothing
// had JPEG tiles, which is what Aladin assumed.
func formats(raw map[string]string) []string {
	v, ok := raw["hips_tile_format"]
	if !ok {
		v, ok = raw["format"]
	}
	if !ok {
		return []string{"jpeg"}
	}
	var out []string
	for _, f := range strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
		if f == "jpg" {
			f = "jpeg"
		}
		out = append(out, f)
	}
	return out
}

// frame reads hips_frame, or the older coordsys (C, G, E); equatorial when
// neither is given, as HiPS 1.0 says.
func frame(raw map[string]string) string {
	v := raw["hips_frame"]
	if v == "" {
		v = raw["coordsys"]
	}
	switch strings.ToLower(v) {
	case "", "c", "equatorial", "icrs":
		return "equatorial"
	case "g", "galactic":
		return "galactic"
	case "e", "ecliptic":
		return "ecliptic"
	}
	return strings.ToLower(v)
}

func floatOr(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return math.NaN()
	}
	return f
}
