package region

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// num writes a coordinate with 8 decimals (under 0.04 milliarcseconds),
// trailing zeros trimmed, never in exponent form (ADQL 2.0 grammar).
func num(v float64) string { return numPrec(v, 8) }

// size writes a radius: 8 decimals, more for tiny ones (10 significant digits).
func size(v float64) string {
	d := 8
	if v > 0 && v < 0.1 {
		d = int(math.Max(8, 9-math.Floor(math.Log10(v))))
	}
	return numPrec(v, d)
}

func numPrec(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// ADQL is the region as an ADQL 2.0 geometry in ICRS: CIRCLE('ICRS', ra,
// dec, r), POLYGON('ICRS', ra1, dec1, ...) or POINT('ICRS', ra, dec).
func (r Region) ADQL() string {
	var b strings.Builder
	switch r.Kind {
	case Circle:
		fmt.Fprintf(&b, "CIRCLE('ICRS', %s, %s, %s)", num(r.Center[0]), num(r.Center[1]), size(r.Radius))
	case Point:
		fmt.Fprintf(&b, "POINT('ICRS', %s, %s)", num(r.Center[0]), num(r.Center[1]))
	default:
		b.WriteString("POLYGON('ICRS'")
		for _, p := range r.Points {
			b.WriteString(", " + num(p[0]) + ", " + num(p[1]))
		}
		b.WriteString(")")
	}
	return b.String()
}

// Condition is what a query asks of each row relative to the region.
type Condition int

const (
	Intersects     Condition = iota // the footprint (or point) touches the region
	ContainsTarget                  // the footprint contains the region's centre
	Within                          // the footprint lies inside the region
	OverlapAtLeast                  // the footprint overlaps the region by at least MinOverlap deg²
)

func (c Condition) String() string {
	switch c {
	case Intersects:
		return "intersects"
	case ContainsTarget:
		return "contains the target"
	case Within:
		return "within"
	case OverlapAtLeast:
		return "overlap at least"
	}
	return fmt.Sprintf("Condition(%d)", int(c))
}

// QueryOptions say which table and what to ask.
type QueryOptions struct {
	Table      string // "ivoa.obscore" (s_region footprints), "dbo.raw" (ra/dec points) or another table
	Condition  Condition
	MinOverlap float64  // deg², for OverlapAtLeast
	HasArea    bool     // the service supports ADQL AREA() (DaCHS, ESO's TAP do)
	Columns    []string // nil: all (*)
	MaxRec     int      // > 0: SELECT TOP n

	// Which columns hold the geometry; "" = by table: s_region for tables
	// named *obscore, else points in ra/dec.
	RegionColumn        string
	RAColumn, DecColumn string
}

var identRE = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*|"[^"]+")(\.([A-Za-z_][A-Za-z0-9_]*|"[^"]+")){0,2}$`)

func ident(what, s string) error {
	if !identRE.MatchString(s) {
		return fmt.Errorf("%s %q is not an ADQL name (letters, digits, _ and dots, or \"quoted\")", what, s)
	}
	return nil
}

// Query writes the ADQL for r under o. note tells the user what the query
// does not decide itself: for OverlapAtLeast the exact overlap, which
// esodesk checks on the results with Overlap after the query.
func Query(r Region, o QueryOptions) (adql string, note string, err error) {
	table := strings.TrimSpace(o.Table)
	if table == "" {
		table = "ivoa.obscore"
	}
	if err := ident("table", table); err != nil {
		return "", "", err
	}
	if r.Kind == Polygon && len(r.Points) < 3 {
		return "", "", fmt.Errorf("the polygon has %d vertices; draw at least 3", len(r.Points))
	}
	if r.Kind == Circle && !(r.Radius > 0) {
		return "", "", fmt.Errorf("the circle has radius %v; it must be above 0", r.Radius)
	}
	cols := "*"
	if len(o.Columns) > 0 {
		for _, c := range o.Columns {
			if err := ident("column", c); err != nil {
				return "", "", err
			}
		}
		cols = strings.Join(o.Columns, ", ")
	}
	regCol := o.RegionColumn
	if regCol == "" && strings.HasSuffix(strings.ToLower(table), "obscore") {
		regCol = "s_region"
	}
	geom := r.ADQL()
	cc := r.centre()
	center := NewPoint(cc[0], cc[1]).ADQL()
	var where string
	if regCol != "" {
		if err := ident("column", regCol); err != nil {
			return "", "", err
		}
		switch o.Condition {
		case Intersects:
			if r.Kind == Point {
				where = fmt.Sprintf("CONTAINS(%s, %s)=1", geom, regCol)
			} else {
				where = fmt.Sprintf("INTERSECTS(%s, %s)=1", regCol, geom)
			}
		case ContainsTarget:
			where = fmt.Sprintf("CONTAINS(%s, %s)=1", center, regCol)
		case Within:
			if r.Kind == Point {
				return "", "", fmt.Errorf("no footprint lies within a point; draw a circle or polygon, or ask which footprints contain it")
			}
			where = fmt.Sprintf("CONTAINS(%s, %s)=1", regCol, geom)
		case OverlapAtLeast:
			if r.Kind == Point {
				return "", "", fmt.Errorf("a point has no area to overlap; draw a circle or polygon")
			}
			if !(o.MinOverlap >= 0) || math.IsInf(o.MinOverlap, 0) {
				return "", "", fmt.Errorf("minimum overlap %v deg² must be a number ≥ 0", o.MinOverlap)
			}
			where = fmt.Sprintf("INTERSECTS(%s, %s)=1", regCol, geom)
			if o.HasArea && o.MinOverlap > 0 {
				// A footprint smaller than X cannot overlap by X: the
				// server can drop those; the rest is checked by esodesk.
				where += fmt.Sprintf(" AND AREA(%s) >= %s", regCol, size(o.MinOverlap))
			}
			note = fmt.Sprintf("ADQL cannot measure an overlap: this query returns the footprints that intersect the region%s; esodesk then keeps those overlapping it by at least %s deg² (computed on the sphere).",
				map[bool]string{true: " and are at least that large (AREA)", false: ""}[o.HasArea && o.MinOverlap > 0],
				strconv.FormatFloat(o.MinOverlap, 'g', 6, 64))
		default:
			return "", "", fmt.Errorf("unknown condition %v", o.Condition)
		}
	} else {
		raCol, decCol := o.RAColumn, o.DecColumn
		if raCol == "" {
			raCol = "ra"
		}
		if decCol == "" {
			decCol = "dec"
		}
		for _, c := range []string{raCol, decCol} {
			if err := ident("column", c); err != nil {
				return "", "", err
			}
		}
		switch o.Condition {
		case Intersects, Within:
			if r.Kind == Point {
				return "", "", fmt.Errorf("%s holds positions, not footprints: a point region selects nothing there; draw a circle or polygon", table)
			}
			where = fmt.Sprintf("CONTAINS(POINT('ICRS', %s, %s), %s)=1", raCol, decCol, geom)
		case ContainsTarget, OverlapAtLeast:
			return "", "", fmt.Errorf("%s holds positions (%s, %s), not footprints, so %q cannot be asked; use \"intersects\" (positions inside the region)", table, raCol, decCol, o.Condition.String())
		default:
			return "", "", fmt.Errorf("unknown condition %v", o.Condition)
		}
	}
	top := ""
	if o.MaxRec > 0 {
		top = fmt.Sprintf("TOP %d ", o.MaxRec)
	}
	return fmt.Sprintf("SELECT %s%s FROM %s WHERE %s", top, cols, table, where), note, nil
}
