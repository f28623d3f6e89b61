package render

import (
	"math"
	"sort"
)

// Decimated is a polyline ready to draw: NaN in X or Y marks a break that
// must not be bridged.
type Decimated struct {
	X, Y []float64
}

// Order says how a wavelength array is sorted, so that the visible range can
// be found by binary search instead of a scan.
type Order int8

const (
	Unordered Order = iota
	Ascending
	Descending
)

// OrderOf checks x once (O(n)); NaN values make it Unordered.
func OrderOf(x []float64) Order {
	if len(x) < 2 {
		return Ascending
	}
	asc, desc := true, true
	for i := 1; i < len(x); i++ {
		a, b := x[i-1], x[i]
		if !(b >= a) { // also false for NaN
			asc = false
		}
		if !(b <= a) {
			desc = false
		}
		if !asc && !desc {
			return Unordered
		}
	}
	if asc {
		return Ascending
	}
	return Descending
}

// visibleIndexRange returns [lo, hi) covering the points with x in
// [xmin, xmax] plus one neighbour on each side, so lines reach the edges.
func visibleIndexRange(x []float64, order Order, xmin, xmax float64) (lo, hi int) {
	n := len(x)
	switch order {
	case Ascending:
		lo = sort.SearchFloat64s(x, xmin) - 1
		hi = sort.Search(n, func(i int) bool { return x[i] > xmax }) + 1
	case Descending:
		lo = sort.Search(n, func(i int) bool { return x[i] <= xmax }) - 1
		hi = sort.Search(n, func(i int) bool { return x[i] < xmin }) + 1
	default:
		return 0, n
	}
	return max(lo, 0), min(hi, n)
}

// Decimate reduces (x, y) over the x range [xmin, xmax] to the minimum and
// maximum of each of cols pixel columns, in their original order, so that a
// line through the result looks the same as one through every point. NaN
// in x or y starts a break (at most one per column, so the output stays
// near 2 points per column); points outside the range beyond the first
// neighbour are skipped when x is ordered. It reuses dst's storage.
func Decimate(dst Decimated, x, y []float64, order Order, xmin, xmax float64, cols int) Decimated {
	out := Decimated{X: dst.X[:0], Y: dst.Y[:0]}
	n := min(len(x), len(y))
	if n == 0 || cols <= 0 || !(xmax > xmin) {
		return out
	}
	lo, hi := visibleIndexRange(x[:n], order, xmin, xmax)
	scale := float64(cols) / (xmax - xmin)

	var d decimator
	d.out = &out
	d.col = math.MinInt
	for i := lo; i < hi; i++ {
		xv, yv := x[i], y[i]
		if xv != xv || yv != yv { // NaN
			d.gap()
			continue
		}
		c := columnOf(xv, xmin, scale, cols)
		if c != d.col {
			d.flush()
			d.col = c
			d.brokeInCol = false
		}
		d.add(i, xv, yv)
	}
	d.flush()
	return out
}

// columnOf maps x to a pixel column; everything left of the range is
// column -1 and everything right of it is cols.
func columnOf(x, xmin, scale float64, cols int) int {
	f := (x - xmin) * scale
	switch {
	case f < 0:
		return -1
	case f >= float64(cols):
		return cols
	}
	return int(f)
}

// decimator accumulates one segment (a run of finite points in one column).
type decimator struct {
	out        *Decimated
	col        int
	has        bool
	brokeInCol bool
	minI, maxI int
	minX, maxX float64
	minY, maxY float64
}

func (d *decimator) add(i int, x, y float64) {
	if !d.has {
		d.has = true
		d.minI, d.maxI, d.minX, d.maxX, d.minY, d.maxY = i, i, x, x, y, y
		return
	}
	if y < d.minY {
		d.minI, d.minX, d.minY = i, x, y
	}
	if y > d.maxY {
		d.maxI, d.maxX, d.maxY = i, x, y
	}
}

// flush emits the segment's extremes in index order.
func (d *decimator) flush() {
	if !d.has {
		return
	}
	d.has = false
	switch {
	case d.minI == d.maxI:
		d.emit(d.minX, d.minY)
	case d.minI < d.maxI:
		d.emit(d.minX, d.minY)
		d.emit(d.maxX, d.maxY)
	default:
		d.emit(d.maxX, d.maxY)
		d.emit(d.minX, d.minY)
	}
}

// gap ends the current segment and writes a break. Later gaps in the same
// column are merged into the first, which a pixel could not show anyway.
func (d *decimator) gap() {
	if d.brokeInCol {
		return
	}
	d.flush()
	if k := len(d.out.X); k > 0 && d.out.X[k-1] == d.out.X[k-1] {
		d.emit(math.NaN(), math.NaN())
	}
	d.brokeInCol = true
}

func (d *decimator) emit(x, y float64) {
	d.out.X = append(d.out.X, x)
	d.out.Y = append(d.out.Y, y)
}

// Band is a decimated error band: per column, the lowest lower edge and the
// highest upper edge, at the column's mean x. NaN in X marks a break.
type Band struct {
	X, Lo, Hi []float64
}

// DecimateBand reduces the band y±e over [xmin, xmax] to one (lo, hi) pair
// per pixel column, breaking at NaN like Decimate.
func DecimateBand(dst Band, x, y, e []float64, order Order, xmin, xmax float64, cols int) Band {
	out := Band{X: dst.X[:0], Lo: dst.Lo[:0], Hi: dst.Hi[:0]}
	n := min(len(x), len(y), len(e))
	if n == 0 || cols <= 0 || !(xmax > xmin) {
		return out
	}
	lo, hi := visibleIndexRange(x[:n], order, xmin, xmax)
	scale := float64(cols) / (xmax - xmin)
	col, has, broke := math.MinInt, false, false
	var sx, bl, bh float64
	var cnt int
	flush := func() {
		if has {
			out.X = append(out.X, sx/float64(cnt))
			out.Lo = append(out.Lo, bl)
			out.Hi = append(out.Hi, bh)
			has = false
		}
	}
	for i := lo; i < hi; i++ {
		xv, yv, ev := x[i], y[i], math.Abs(e[i])
		if xv != xv || yv != yv || ev != ev {
			if broke { // one break per column, as in Decimate
				continue
			}
			broke = true
			flush()
			if k := len(out.X); k > 0 && out.X[k-1] == out.X[k-1] {
				out.X = append(out.X, math.NaN())
				out.Lo = append(out.Lo, math.NaN())
				out.Hi = append(out.Hi, math.NaN())
			}
			continue
		}
		c := columnOf(xv, xmin, scale, cols)
		if c != col {
			flush()
			col, broke = c, false
		}
		l, h := yv-ev, yv+ev
		if !has {
			has, sx, cnt, bl, bh = true, xv, 1, l, h
			continue
		}
		sx += xv
		cnt++
		bl, bh = math.Min(bl, l), math.Max(bh, h)
	}
	flush()
	return out
}
