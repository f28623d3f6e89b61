package skyrender

import (
	"math"
	"sync"

	"esodesk/services/healpix"
	"esodesk/services/hips"
)

// How the background is cut: screen samples every coverStep pixels find
// the tiles under the view, and tiles are drawn as meshes of cells about
// meshCell pixels wide, each an affine map from screen to tile image (the
// HEALPix grid is smooth, so the error is far below a pixel), which costs
// no trigonometry per pixel.
const (
	coverStep = 16
	meshCell  = 32
	maxMesh   = 7

	maxMeshVerts = 1 << 21 // kept mesh vertices (24 bytes each)
)

func tileWidth(p hips.Properties) int {
	if p.TileWidth > 0 && p.TileWidth&(p.TileWidth-1) == 0 {
		return p.TileWidth
	}
	return hips.DefaultTileWidth
}

// allskyOrder is the order of the survey's Allsky image: 3, or hips_order
// when the survey stops before.
func allskyOrder(p hips.Properties) int {
	if p.Order > 0 && p.Order < 3 {
		return p.Order
	}
	return 3
}

func galacticFrame(p hips.Properties) bool { return p.Frame == "galactic" }

// neededOrder is the order whose tile pixels are about one screen pixel
// (at most hips_order); allsky when that is below the Allsky's order.
func neededOrder(v View, p hips.Properties) (order int, allsky bool) {
	px := v.PixelScale() // degrees per screen pixel
	tw := tileWidth(p)
	// PixelSize(k) = sqrt(π/3) rad / 2^k; a tile at order k has tw pixels
	// of order k+log2(tw) across.
	ideal := math.Log2(math.Sqrt(math.Pi/3)*rad/px) - math.Log2(float64(tw))
	order = int(math.Round(ideal))
	if p.Order > 0 && order > p.Order {
		order = p.Order
	}
	if ao := allskyOrder(p); order < ao {
		return ao, true
	}
	return order, false
}

// Needed is the HiPS order a tile pixel of which is about one screen pixel
// of v (at most hips_order) and the tiles at that order covering v. Below
// order 3 the Allsky image is enough: order is then the Allsky's order and
// tiles is nil. The widget fetches these; Render draws what is loaded.
func Needed(v View, p hips.Properties) (order int, tiles []int64) {
	order, allsky := neededOrder(v, p)
	if allsky {
		return order, nil
	}
	pr := newProj(v)
	return order, cover(pr, pr.withFrame(galacticFrame(p)), order)
}

// cover lists the tiles at order that show in the view (m: HiPS frame →
// native). A tile is in when a screen sample falls in it or a point of its
// outline falls on the screen; it is found by descending from the twelve
// base tiles, so a tile only on the far side of the sphere (or beyond AIT's
// seam) never is.
func cover(pr *proj, m mat3, order int) []int64 {
	mt := m.t()
	sampled := make([]map[int64]bool, order+1)
	for o := range sampled {
		sampled[o] = map[int64]bool{}
	}
	add := func(x, y float64) {
		n, ok := pr.sky(x, y)
		if !ok {
			return
		}
		w := mt.apply(n)
		ip := healpix.Vec2PixNest(order, w[0], w[1], w[2])
		for o := order; o >= 0; o-- {
			if sampled[o][ip] {
				break
			}
			sampled[o][ip] = true
			ip >>= 2
		}
	}
	// The border every 2 pixels: a tile that only clips a corner or an
	// edge of the view still crosses it.
	for x := 0.0; x <= pr.w; x += 2 {
		add(x, 0)
		add(x, pr.h)
	}
	for y := 0.0; y <= pr.h; y += 2 {
		add(0, y)
		add(pr.w, y)
	}
	for y := 0.0; ; y += coverStep {
		y = math.Min(y, pr.h)
		for x := 0.0; ; x += coverStep {
			x = math.Min(x, pr.w)
			add(x, y)
			if x >= pr.w {
				break
			}
		}
		if y >= pr.h {
			break
		}
	}
	onScreen := func(o int, t int64) bool {
		size := healpix.PixelSize(o) * pr.scale
		step := int(math.Min(16, math.Max(2, math.Ceil(size/coverStep))))
		for _, c := range healpix.Boundary(o, t, step) {
			x, y, ok := pr.native(m.apply(toVec(c[0], c[1])), 0)
			if ok && x >= -1 && y >= -1 && x <= pr.w+1 && y <= pr.h+1 {
				return true
			}
		}
		return false
	}
	var out []int64
	var visit func(o int, t int64)
	visit = func(o int, t int64) {
		if !sampled[o][t] && !onScreen(o, t) {
			return
		}
		if o == order {
			out = append(out, t)
			return
		}
		for k := range int64(4) {
			visit(o+1, 4*t+k)
		}
	}
	for t := range int64(12) {
		visit(0, t)
	}
	return out
}

// Corner order: which of healpix.Corners' N, W, S, E is the top-left,
// top-right, bottom-left and bottom-right corner of a pixel in a tile image,
// found once from TilePixelNest so the mesh follows services/healpix's
// tile layout whatever it is.
var imageCorners = sync.OnceValue(func() [4]int {
	const order, tw, tile = 1, 4, 5
	at := func(x, y int) [4][2]float64 {
		return healpix.Corners(order+2, healpix.TilePixelNest(order, tw, tile, x, y))
	}
	p := at(1, 1)
	shared := func(qs ...[4][2]float64) int {
		for i, c := range p {
			all := true
			for _, q := range qs {
				found := false
				for _, d := range q {
					if angDistDeg(c, d) < 1e-9 {
						found = true
					}
				}
				all = all && found
			}
			if all {
				return i
			}
		}
		panic("skyrender: tile corners not shared")
	}
	left, right, up, down := at(0, 1), at(2, 1), at(1, 0), at(1, 2)
	return [4]int{shared(left, up), shared(right, up), shared(left, down), shared(right, down)}
})

func angDistDeg(a, b [2]float64) float64 {
	u, v := toVec(a[0], a[1]), toVec(b[0], b[1])
	return math.Sqrt((u[0]-v[0])*(u[0]-v[0])+(u[1]-v[1])*(u[1]-v[1])+(u[2]-v[2])*(u[2]-v[2])) * rad
}

type meshKey struct {
	order, depth int
	tile         int64
}

// mesh is the (n+1)² grid of sky directions (HiPS frame) at the corners of
// an n x n division of a tile image, n = 2^depth, row by row from the top.
// Directions do not change with the view, so they are kept.
func (bg *Background) mesh(order int, tile int64, depth int) []vec3 {
	k := meshKey{order, depth, tile}
	bg.mu.Lock()
	m, ok := bg.meshes[k]
	bg.mu.Unlock()
	if ok {
		return m
	}
	n := 1 << depth
	m = make([]vec3, (n+1)*(n+1))
	ic := imageCorners()
	for sub := range int64(n * n) {
		ip := tile<<(2*depth) + sub
		_, x, y := healpix.TilePixel(order, n, ip)
		c := healpix.Corners(order+depth, ip)
		m[y*(n+1)+x] = toVec(c[ic[0]][0], c[ic[0]][1])
		m[y*(n+1)+x+1] = toVec(c[ic[1]][0], c[ic[1]][1])
		m[(y+1)*(n+1)+x] = toVec(c[ic[2]][0], c[ic[2]][1])
		m[(y+1)*(n+1)+x+1] = toVec(c[ic[3]][0], c[ic[3]][1])
	}
	bg.mu.Lock()
	if bg.meshes == nil || bg.meshVerts+len(m) > maxMeshVerts {
		bg.meshes, bg.meshVerts = map[meshKey][]vec3{}, 0 // crude, but a view needs far fewer
	}
	bg.meshes[k] = m
	bg.meshVerts += len(m)
	bg.mu.Unlock()
	return m
}

// source is the best loaded image for tile at order: the tile itself, else
// the nearest loaded parent, else the Allsky, as a texture with the block
// of it that covers the tile.
func (bg *Background) source(order int, tile int64, tw int) (texture, bool) {
	if bg.Tiles != nil {
		for a := order; a >= max(bg.Props.OrderMin, 0); a-- {
			k := order - a
			anc, bx, by := healpix.TilePixel(a, 1<<k, tile)
			img, ok := bg.Tiles.Tile(a, anc)
			if !ok || img == nil {
				continue
			}
			b := img.Bounds()
			bs := float64(b.Dx()) / float64(int(1)<<k)
			t := newTexture(img, float64(b.Min.X)+float64(bx)*bs, float64(b.Min.Y)+float64(by)*bs, bs/float64(tw))
			t.clampTo(tw)
			return t, true
		}
	}
	ao := allskyOrder(bg.Props)
	if bg.Allsky == nil || order < ao {
		return texture{}, false
	}
	k := order - ao
	anc, bx, by := healpix.TilePixel(ao, 1<<k, tile)
	b := bg.Allsky.Bounds()
	cols := int64(math.Sqrt(float64(healpix.NPix(ao))))
	atw := float64(b.Dx() / int(cols))
	bs := atw / float64(int(1)<<k)
	ox := float64(b.Min.X) + float64(anc%cols)*atw + float64(bx)*bs
	oy := float64(b.Min.Y) + float64(anc/cols)*atw + float64(by)*bs
	t := newTexture(bg.Allsky, ox, oy, bs/float64(tw))
	t.clampTo(tw)
	return t, true
}

// triangles cuts the tiles of the view into textured screen triangles
// (in bg.scratch, reused: call with bg.render held).
func (bg *Background) triangles(pr *proj, v View) []triangle {
	order, tiles := Needed(v, bg.Props)
	m := pr.withFrame(galacticFrame(bg.Props))
	if tiles == nil {
		tiles = cover(pr, m, order)
	}
	tw := tileWidth(bg.Props)
	size := healpix.PixelSize(order) * pr.scale
	depth := int(math.Ceil(math.Log2(math.Max(1, size/meshCell))))
	depth = min(max(depth, 2), maxMesh)
	n := 1 << depth
	cell := float64(tw) / float64(n)
	seamy := pr.kind == AIT || pr.kind == CAR
	tris := bg.scratch[:0]
	type vert struct {
		nat  vec3
		x, y float64
		ok   bool
	}
	vs := make([]vert, (n+1)*(n+1))
	for _, t := range tiles {
		tex, ok := bg.source(order, t, tw)
		if !ok {
			continue
		}
		depth, n, cell := depth, n, cell
		if extra := min(polarRefinement(order, t), int(math.Log2(math.Max(1, size/4)))-depth); extra > 0 {
			// In the polar caps the HEALPix grid bends more, and most where
			// the faces meet at the pole: cut finer there (to cells of 4
			// pixels at least).
			depth = min(depth+extra, maxMesh+3)
			n = 1 << depth
			cell = float64(tw) / float64(n)
		}
		if len(vs) < (n+1)*(n+1) {
			vs = make([]vert, (n+1)*(n+1))
		}
		mesh := bg.mesh(order, t, depth)
		for i, d := range mesh {
			nat := m.apply(d)
			x, y, ok := pr.native(nat, 0)
			vs[i] = vert{nat, x, y, ok}
		}
		for j := range n {
			for i := range n {
				idx := [4]int{j*(n+1) + i, j*(n+1) + i + 1, (j+1)*(n+1) + i, (j+1)*(n+1) + i + 1}
				uv := [4][2]float64{
					{float64(i) * cell, float64(j) * cell}, {float64(i+1) * cell, float64(j) * cell},
					{float64(i) * cell, float64(j+1) * cell}, {float64(i+1) * cell, float64(j+1) * cell},
				}
				var xy [4][2]float64
				valid := true
				for k, id := range idx {
					xy[k] = [2]float64{vs[id].x, vs[id].y}
					valid = valid && vs[id].ok
				}
				if !valid {
					continue
				}
				if seamy && crossesSeam(vs[idx[0]].nat, vs[idx[1]].nat, vs[idx[2]].nat, vs[idx[3]].nat) {
					// Once on each side, the far corners pinned to the seam.
					for _, side := range []float64{-1, 1} {
						for k, id := range idx {
							x, y, _ := pr.native(vs[id].nat, side)
							xy[k] = [2]float64{x, y}
						}
						tris = appendCell(tris, xy, uv, &tex)
					}
					continue
				}
				tris = appendCell(tris, xy, uv, &tex)
			}
		}
	}
	return tris
}

// polarRefinement is how many more levels to cut a tile's mesh: 3 for a
// tile at a pole, 2 in the polar caps (|lat| > 41.8°), else 0.
func polarRefinement(order int, t int64) int {
	extra := 0
	for _, c := range healpix.Corners(order, t) {
		switch lat := math.Abs(c[1]); {
		case lat > 89.999:
			return 3
		case lat > 41.81:
			extra = 2
		}
	}
	return extra
}

// crossesSeam: the cell has corners on both sides of the back meridian.
func crossesSeam(a ...vec3) bool {
	east, west := false, false
	for _, n := range a {
		if n[2] < 0 {
			east = east || n[0] > 0
			west = west || n[0] < 0
		}
	}
	if !(east && west) {
		return false
	}
	// Near the native poles every meridian meets: only a cell whose corners
	// are really far apart in longitude crosses.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, n := range a {
		phi := math.Atan2(n[0], n[2])
		lo, hi = min(lo, phi), max(hi, phi)
	}
	return hi-lo > math.Pi
}

func appendCell(tris []triangle, xy, uv [4][2]float64, tex *texture) []triangle {
	var t [4][2]float64
	for k := range uv {
		t[k] = [2]float64{tex.ox + uv[k][0]*tex.s, tex.oy + uv[k][1]*tex.s}
	}
	// Split along the top-right/bottom-left diagonal: in tile images that is
	// a line of constant x+y of the HEALPix face, where the grid folds at
	// the polar-cap boundary (|z| = 2/3), so the fold falls on triangle edges.
	tris = append(tris,
		makeTriangle([3][2]float64{xy[0], xy[1], xy[2]}, [3][2]float64{t[0], t[1], t[2]}, tex),
		makeTriangle([3][2]float64{xy[1], xy[3], xy[2]}, [3][2]float64{t[1], t[3], t[2]}, tex))
	return tris
}
