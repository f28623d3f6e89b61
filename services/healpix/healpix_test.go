package healpix

import (
	"bytes"
	"encoding/json"
	"math"
	"os/exec"
	"testing"
)

const python = "/usr/bin/python3"

// healpyRef runs testdata/healpy_ref.py with args and decodes its JSON into v,
// skipping the test when Debian's python3-healpy is not installed.
func healpyRef(t *testing.T, v any, args ...string) {
	t.Helper()
	if err := exec.Command(python, "-c", "import healpy").Run(); err != nil {
		t.Skipf("healpy reference not available (%s -c 'import healpy': %v); install python3-healpy", python, err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(python, append([]string{"testdata/healpy_ref.py"}, args...)...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("healpy_ref.py %v: %v\n%s", args, err, stderr.String())
	}
	if v != nil {
		if err := json.Unmarshal(out, v); err != nil {
			t.Fatalf("healpy_ref.py %v: bad JSON: %v", args, err)
		}
	}
}

// sep is the angular distance between two (lon, lat) points in degrees.
func sep(a, b [2]float64) float64 {
	ax, ay, az := LonLatToVec(a[0], a[1])
	bx, by, bz := LonLatToVec(b[0], b[1])
	return angle(ax, ay, az, bx, by, bz) * 180 / math.Pi
}

const angTol = 1e-9 // degrees

type pixelRef struct {
	ResolDeg []float64    `json:"resol_deg"`
	Points   [][2]float64 `json:"points"`
	Orders   []struct {
		Order   int            `json:"order"`
		Ipix    []int64        `json:"ipix"`
		Centres [][2]float64   `json:"centres"`
		Bound1  [][][2]float64 `json:"bound1"`
		Bound4  [][][2]float64 `json:"bound4"`
	} `json:"orders"`
}

// TestAgainstHealpy: for orders 0..29 and random points plus poles, equator,
// face edges, the lon wrap, the polar-cap limit and exact pixel corners,
// Ang2PixNest equals healpy's ang2pix exactly; Pix2AngNest, Corners and
// Boundary(step 4) match pix2ang and boundaries within 1e-9 deg.
func TestAgainstHealpy(t *testing.T) {
	var ref pixelRef
	healpyRef(t, &ref, "pixels", "20261206", "3000")
	if len(ref.Orders) != 30 {
		t.Fatalf("healpy gave %d orders, want 30", len(ref.Orders))
	}
	for order, want := range ref.ResolDeg {
		if got := PixelSize(order); math.Abs(got-want) > 1e-12*want {
			t.Errorf("PixelSize(%d) = %v, healpy nside2resol %v", order, got, want)
		}
		if got := OrderFor(want * (1 + 1e-9)); got != order {
			t.Errorf("OrderFor(%v) = %d, want %d", want, got, order)
		}
	}
	for _, o := range ref.Orders {
		bad := 0
		for i, p := range ref.Points {
			got := Ang2PixNest(o.Order, p[0], p[1])
			if got != o.Ipix[i] && bad < 5 {
				bad++
				t.Errorf("order %d: Ang2PixNest(%v, %v) = %d, healpy %d", o.Order, p[0], p[1], got, o.Ipix[i])
			}
			lon, lat := Pix2AngNest(o.Order, o.Ipix[i])
			if d := sep([2]float64{lon, lat}, o.Centres[i]); d > angTol && bad < 5 {
				bad++
				t.Errorf("order %d: Pix2AngNest(%d) = (%v, %v), healpy %v (%.3g deg off)", o.Order, o.Ipix[i], lon, lat, o.Centres[i], d)
			}
			if lon < 0 || lon >= 360 || lat < -90 || lat > 90 {
				t.Errorf("order %d: Pix2AngNest(%d) = (%v, %v) out of range", o.Order, o.Ipix[i], lon, lat)
			}
		}
		for i := range o.Bound1 {
			c := Corners(o.Order, o.Ipix[i])
			for k := range c {
				if d := sep(c[k], o.Bound1[i][k]); d > angTol {
					t.Errorf("order %d pix %d: corner %d = %v, healpy %v (%.3g deg off)", o.Order, o.Ipix[i], k, c[k], o.Bound1[i][k], d)
				}
			}
			b := Boundary(o.Order, o.Ipix[i], 4)
			if len(b) != len(o.Bound4[i]) {
				t.Fatalf("Boundary gave %d points, healpy %d", len(b), len(o.Bound4[i]))
			}
			for k := range b {
				if d := sep(b[k], o.Bound4[i][k]); d > angTol {
					t.Errorf("order %d pix %d: boundary %d = %v, healpy %v (%.3g deg off)", o.Order, o.Ipix[i], k, b[k], o.Bound4[i][k], d)
				}
			}
		}
	}
}

// TestVec2PixNest: the vector form agrees with Ang2PixNest away from pixel
// edges (pixel centres at every order).
func TestVec2PixNest(t *testing.T) {
	for order := 0; order <= MaxOrder; order++ {
		for _, p := range []int64{0, 1, NPix(order) / 3, (NPix(order)/2 + 7) % NPix(order), NPix(order) - 1} {
			x, y, z := Pix2VecNest(order, p)
			if got := Vec2PixNest(order, x, y, z); got != p {
				t.Errorf("order %d: Vec2PixNest(centre of %d) = %d", order, p, got)
			}
			lon, lat := Pix2AngNest(order, p)
			if got := Ang2PixNest(order, lon, lat); got != p {
				t.Errorf("order %d: Ang2PixNest(centre of %d) = %d", order, p, got)
			}
		}
	}
}

// TestQueryDisc: every pixel whose centre is in the disc (healpy
// query_disc, inclusive=False) is listed, so are at least those healpy's
// inclusive query lists that truly touch the disc, and nothing listed is far
// outside it.
func TestQueryDisc(t *testing.T) {
	var cases []struct {
		Order     int     `json:"order"`
		Lon       float64 `json:"lon"`
		Lat       float64 `json:"lat"`
		Radius    float64 `json:"radius"`
		CentresIn []int64 `json:"centres_in"`
		Inclusive []int64 `json:"inclusive"`
	}
	healpyRef(t, &cases, "disc", "7")
	for _, c := range cases {
		got := QueryDisc(c.Order, c.Lon, c.Lat, c.Radius)
		set := map[int64]bool{}
		for i, p := range got {
			set[p] = true
			if i > 0 && got[i-1] >= p {
				t.Errorf("QueryDisc(%+v) not ascending at %d", c, i)
			}
			lon, lat := Pix2AngNest(c.Order, p)
			if d := sep([2]float64{lon, lat}, [2]float64{c.Lon, c.Lat}); d > c.Radius+2.5*PixelSize(c.Order) {
				t.Errorf("order %d disc (%v,%v) r=%v: pixel %d is %v deg away", c.Order, c.Lon, c.Lat, c.Radius, p, d)
			}
		}
		for _, p := range c.CentresIn {
			if !set[p] {
				t.Errorf("order %d disc (%v,%v) r=%v: pixel %d (centre inside) missing", c.Order, c.Lon, c.Lat, c.Radius, p)
			}
		}
		for _, p := range c.Inclusive {
			if set[p] {
				continue
			}
			// healpy's inclusive mode over-includes; only complain if the
			// pixel's outline really enters the disc.
			for _, b := range Boundary(c.Order, p, 16) {
				if sep(b, [2]float64{c.Lon, c.Lat}) < c.Radius {
					t.Errorf("order %d disc (%v,%v) r=%v: pixel %d touches the disc but is missing", c.Order, c.Lon, c.Lat, c.Radius, p)
					break
				}
			}
		}
	}
}

func TestSizes(t *testing.T) {
	for order := 0; order <= MaxOrder; order++ {
		if NPix(order) != 12*Nside(order)*Nside(order) {
			t.Errorf("NPix(%d) = %d", order, NPix(order))
		}
	}
	for _, bad := range [][2]float64{{math.NaN(), 0}, {0, math.NaN()}, {math.Inf(1), 0}, {math.Inf(-1), 10}} {
		if p := Ang2PixNest(5, bad[0], bad[1]); p != -1 {
			t.Errorf("Ang2PixNest(5, %v, %v) = %d, want -1", bad[0], bad[1], p)
		}
	}
	if OrderFor(1e-12) != MaxOrder || OrderFor(100) != 0 {
		t.Errorf("OrderFor(1e-12) = %d, OrderFor(100) = %d", OrderFor(1e-12), OrderFor(100))
	}
}

var sink int64

// BenchmarkAng2PixNest is the renderer's per-screen-pixel call (goal ≤ 50 ns,
// no allocation).
func BenchmarkAng2PixNest(b *testing.B) {
	// Points spread over the sky (both polar caps and the belt), made before
	// the timer so only the call is measured.
	var pts [4096][2]float64
	for i := range pts {
		pts[i] = [2]float64{float64(i*37%3600) * 0.1, math.Asin(float64(i)/2048-1+1e-4) * 180 / math.Pi}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := &pts[i&4095]
		sink += Ang2PixNest(12, p[0], p[1])
	}
}

func BenchmarkVec2PixNest(b *testing.B) {
	b.ReportAllocs()
	x, y, z := LonLatToVec(12.3, 45.6)
	for i := 0; i < b.N; i++ {
		sink += Vec2PixNest(12, x, y+float64(i%100)*1e-4, z)
	}
}

func BenchmarkPix2AngNest(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		lon, _ := Pix2AngNest(12, int64(i)%NPix(12))
		sink += int64(lon)
	}
}

func BenchmarkQueryDisc(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sink += int64(len(QueryDisc(9, 83.6, -5.4, 1)))
	}
}
