package region

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// oracle runs testdata/oracle.py (astropy + shapely, Debian's python3) on req.
func oracle(t *testing.T, req map[string]any) map[string]json.RawMessage {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("/usr/bin/python3 is missing: the oracle needs Debian's python3 with astropy and shapely")
	}
	if err := exec.Command(py, "-c", "import astropy, shapely").Run(); err != nil {
		t.Skip("astropy or shapely is missing for /usr/bin/python3 (apt install python3-astropy python3-shapely)")
	}
	in, _ := json.Marshal(req)
	cmd := exec.Command(py, "testdata/oracle.py")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle.py: %v\n%s", err, stderr.String())
	}
	var ans map[string]json.RawMessage
	if err := json.Unmarshal(out, &ans); err != nil {
		t.Fatal(err)
	}
	return ans
}

func jsonRegion(r Region) map[string]any {
	if r.Kind == Circle {
		return map[string]any{"kind": "circle", "center": r.Center, "radius": r.Radius}
	}
	return map[string]any{"kind": "polygon", "points": r.Points}
}

// offset is the point at distance d (deg) from (ra,dec) towards position angle pa (deg, east of north).
func offset(ra, dec, pa, d float64) [2]float64 {
	c := toVec(ra, dec)
	e, n := tangentBasis(c)
	s, co := math.Sincos(pa * d2r)
	sd, cd := math.Sincos(d * d2r)
	return add(scale(c, cd), scale(add(scale(n, co), scale(e, s)), sd)).pair()
}

// randomRegion is a circle, a convex polygon or a star-shaped (often
// non-convex) polygon of about size degrees around (ra,dec).
func randomRegion(rng *rand.Rand, ra, dec, size float64, kind int) Region {
	switch kind {
	case 0:
		return NewCircle(ra, dec, size*(0.5+rng.Float64()/2))
	default:
		n := 3 + rng.Intn(6)
		pts := make([][2]float64, n)
		for i := range pts {
			pa := (float64(i) + 0.8*rng.Float64()) * 360 / float64(n)
			d := size
			if kind == 2 {
				d = size * (0.3 + 0.7*rng.Float64())
			}
			pts[i] = offset(ra, dec, pa, d)
		}
		return NewPolygon(pts)
	}
}

func sampleCentres(rng *rand.Rand) [][2]float64 {
	c := [][2]float64{{359.98, 10}, {0.01, -45}, {123, 89.7}, {200, -89.8}, {204.25, -29.87}, {168.78, -61.26}}
	for i := 0; i < 2; i++ {
		c = append(c, [2]float64{rng.Float64() * 360, math.Asin(2*rng.Float64()-1) / d2r})
	}
	return c
}

// Area, Contains and Overlap against astropy + shapely over circles and
// convex and non-convex polygons from 4 arcsec to 5 degrees, across RA 0 and
// near the poles.
func TestGeometryAgainstAstropyShapely(t *testing.T) {
	rng := rand.New(rand.NewSource(16))
	var regs []Region
	var contains [][3]float64
	var overlaps [][2]int
	sizes := []float64{0.001, 0.05, 0.7, 5}
	for _, c := range sampleCentres(rng) {
		for _, size := range sizes {
			for kind := 0; kind < 3; kind++ {
				a := randomRegion(rng, c[0], c[1], size, kind)
				regs = append(regs, a)
				ia := len(regs) - 1
				for k := 0; k < 12; k++ {
					p := offset(c[0], c[1], rng.Float64()*360, size*1.2*rng.Float64())
					contains = append(contains, [3]float64{float64(ia), p[0], p[1]})
				}
				for kb := 0; kb < 3; kb++ {
					o := offset(c[0], c[1], rng.Float64()*360, size*1.5*rng.Float64())
					regs = append(regs, randomRegion(rng, o[0], o[1], size*(0.3+rng.Float64()), kb))
					overlaps = append(overlaps, [2]int{ia, len(regs) - 1})
				}
			}
		}
	}
	jr := make([]any, len(regs))
	for i, r := range regs {
		jr[i] = jsonRegion(r)
	}
	ans := oracle(t, map[string]any{"regions": jr, "contains": contains, "overlaps": overlaps})
	var areas, ovs []float64
	var cont [][2]any
	json.Unmarshal(ans["area"], &areas)
	json.Unmarshal(ans["overlap"], &ovs)
	json.Unmarshal(ans["contains"], &cont)
	if len(areas) != len(regs) || len(ovs) != len(overlaps) || len(cont) != len(contains) {
		t.Fatalf("oracle answered %d/%d/%d of %d/%d/%d", len(areas), len(ovs), len(cont), len(regs), len(overlaps), len(contains))
	}
	for i, r := range regs {
		if got := r.Area(); math.Abs(got-areas[i]) > 1e-6*areas[i]+1e-13 {
			t.Errorf("area of %v: %g, astropy/shapely %g", jsonRegion(r), got, areas[i])
		}
	}
	bad := 0
	for i, c := range contains {
		want, dist := cont[i][0].(bool), cont[i][1].(float64)
		r := regs[int(c[0])]
		if dist < 1e-9*math.Max(1, r.reach()/d2r) {
			continue // on the edge to within rounding: either answer is right
		}
		if got := r.Contains(c[1], c[2]); got != want {
			bad++
			if bad < 10 {
				t.Errorf("Contains(%v, %v) of %v = %v, astropy/shapely %v (%.3g from the edge)", c[1], c[2], jsonRegion(r), got, want, dist)
			}
		}
	}
	nonzero := 0
	for i, p := range overlaps {
		got := Overlap(regs[p[0]], regs[p[1]])
		want := ovs[i]
		if want > 0 {
			nonzero++
		}
		// 1e-3: the oracle samples circles with 2000 points, we with 720.
		if math.Abs(got-want) > 1e-3*math.Max(want, 1e-3*math.Min(regs[p[0]].Area(), regs[p[1]].Area())) {
			t.Errorf("Overlap(%v, %v) = %g, astropy/shapely %g", jsonRegion(regs[p[0]]), jsonRegion(regs[p[1]]), got, want)
		}
		if sym := Overlap(regs[p[1]], regs[p[0]]); math.Abs(sym-got) > 1e-3*math.Max(got, 1e-12) {
			t.Errorf("Overlap not symmetric: %g vs %g", got, sym)
		}
	}
	t.Logf("%d regions, %d containment checks, %d overlaps (%d non-zero)", len(regs), len(contains), len(overlaps), nonzero)
	if nonzero < len(overlaps)/3 {
		t.Errorf("only %d of %d overlap pairs overlap: the test is not testing much", nonzero, len(overlaps))
	}
}

func TestGalacticAndBoxAgainstAstropy(t *testing.T) {
	gal := [][2]float64{{0, 0}, {90, 30}, {180, -60}, {300.5, 89}, {45, -89}}
	boxes := [][4]float64{{10, 20, 1, 2}, {204.25, -29.87, 0.2, 0.1}, {359.9, 80, 5, 3}}
	ans := oracle(t, map[string]any{"galactic": gal, "boxes": boxes})
	var want [][2]float64
	json.Unmarshal(ans["galactic"], &want)
	for i, g := range gal {
		r, err := ParseSTCS("POSITION GALACTIC " + num(g[0]) + " " + num(g[1]))
		if err != nil {
			t.Fatal(err)
		}
		if sep := angle(toVec(r.Center[0], r.Center[1]), toVec(want[i][0], want[i][1])) / d2r * 3600; sep > 0.05 { // astropy goes through FK4 B1950: ~0.03 arcsec from the Hipparcos matrix
			t.Errorf("galactic %v → %v; astropy %v (%.4f arcsec apart)", g, r.Center, want[i], sep)
		}
	}
	var wb [][][2]float64
	json.Unmarshal(ans["boxes"], &wb)
	for i, b := range boxes {
		r, err := ParseSTCS("BOX ICRS " + num(b[0]) + " " + num(b[1]) + " " + num(b[2]) + " " + num(b[3]))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range wb[i] {
			best := math.Inf(1)
			for _, p := range r.Points {
				best = math.Min(best, angle(toVec(p[0], p[1]), toVec(v[0], v[1]))/d2r)
			}
			if best > 1e-8 {
				t.Errorf("BOX %v: astropy's TAN vertex %v is %.3g deg from ours %v", b, v, best, r.Points)
			}
		}
	}
}

func TestOutline(t *testing.T) {
	c := NewCircle(204.25, -29.87, 1)
	o := c.Outline(0.1)
	if len(o) < 62 {
		t.Fatalf("%d points for a 1° circle at 0.1° steps", len(o))
	}
	for _, p := range o {
		if d := angle(toVec(p[0], p[1]), toVec(204.25, -29.87)) / d2r; math.Abs(d-1) > 1e-9 {
			t.Fatalf("outline point %v is %v deg from the centre", p, d)
		}
	}
	sq := NewPolygon([][2]float64{{10, 0}, {20, 0}, {20, 10}, {10, 10}})
	o = sq.Outline(1)
	if len(o) < 40 {
		t.Fatalf("%d points for a 10° square at 1° steps", len(o))
	}
	for i := range o {
		if d := angle(toVec(o[i][0], o[i][1]), toVec(o[(i+1)%len(o)][0], o[(i+1)%len(o)][1])) / d2r; d > 1+1e-9 {
			t.Fatalf("step %d is %v deg", i, d)
		}
	}
	if p := NewPoint(1, 2).Outline(1); len(p) != 1 {
		t.Fatal(p)
	}
}

func BenchmarkOverlapPolygons(b *testing.B) {
	a, _ := ParseSTCS("Polygon ICRS 204.3241224 -29.9139742 204.2007578 -29.9529094 204.155935 -29.8459725 204.2791849 -29.807079")
	c, _ := ParseSTCS("Polygon ICRS 204.3541832 -29.9421813 204.1458168 -29.9421813 204.1459676 -29.797737 204.3540324 -29.797737")
	for i := 0; i < b.N; i++ {
		Overlap(a, c)
	}
}

func BenchmarkParseSTCS(b *testing.B) {
	for i := 0; i < b.N; i++ {
		ParseSTCS("Polygon ICRS 204.3241224 -29.9139742 204.2007578 -29.9529094 204.155935 -29.8459725 204.2791849 -29.807079")
	}
}

// A Region built as a literal, clockwise and without Center, works too.
func TestLiteralRegion(t *testing.T) {
	r := Region{Kind: Polygon, Points: [][2]float64{{10, 21}, {11, 21}, {11, 20}, {10, 20}}}
	n := NewPolygon(r.Points)
	if !r.Contains(10.5, 20.5) || r.Contains(12, 20.5) || math.Abs(r.Area()-n.Area()) > 1e-12 || math.Abs(Overlap(r, n)-n.Area()) > 1e-9 {
		t.Fatalf("literal polygon: contains %v, area %v vs %v, overlap %v", r.Contains(10.5, 20.5), r.Area(), n.Area(), Overlap(r, n))
	}
	q, _, err := Query(r, QueryOptions{Condition: ContainsTarget})
	if err != nil || strings.Contains(q, "POINT('ICRS', 0, 0)") {
		t.Fatalf("%s %v", q, err)
	}
}
