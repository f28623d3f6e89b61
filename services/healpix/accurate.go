package healpix

import "math"

// Go's math.Cos and math.Sin are up to about one ulp off, while healpy (glibc)
// gets the correctly rounded value. Almost always that last bit cannot move a
// point across a pixel edge; when loc2nest sees a point within a hair of an
// edge, Ang2PixNest recomputes z = cos(theta) (and sin(theta)) here in
// double-double arithmetic, rounded once, to land where healpy does.

// dd is an unevaluated sum hi+lo with |lo| ≤ ulp(hi)/2.
type dd struct{ hi, lo float64 }

func quickTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

func ddAdd(a, b dd) dd {
	s := a.hi + b.hi
	bb := s - a.hi
	e := (a.hi - (s - bb)) + (b.hi - bb)
	return quickTwoSum(s, e+a.lo+b.lo)
}

func ddMul(a, b dd) dd {
	p := a.hi * b.hi
	e := math.FMA(a.hi, b.hi, -p)
	return quickTwoSum(p, e+a.hi*b.lo+a.lo*b.hi)
}

func ddDiv(a dd, f float64) dd {
	q := a.hi / f
	p := q * f
	e := math.FMA(q, f, -p)
	return quickTwoSum(q, (a.hi-p-e+a.lo)/f)
}

// ddSin is sin(x) by its Taylor series, for |x| ≤ pi/2.
func ddSin(x dd) float64 {
	x2 := ddMul(x, x)
	term, sum := x, x
	for k := 1; k < 40; k++ {
		term = ddDiv(ddMul(term, x2), -float64((2*k)*(2*k+1)))
		sum = ddAdd(sum, term)
		if math.Abs(term.hi) < 1e-36 {
			break
		}
	}
	return sum.hi + sum.lo
}

// pi/2 and pi as double-doubles: the float64 value plus the remainder
// (pi - float64(pi) = 1.2246467991473531772e-16).
var (
	pio2DD = dd{math.Pi / 2, 6.123233995736765886e-17}
	piDD   = dd{math.Pi, 1.2246467991473531772e-16}
)

// accurateCos is cos(theta) for theta in [0, pi], correctly rounded but for
// astronomically rare hard cases: sin(pi/2 - theta) with pi/2 - theta exact.
func accurateCos(theta float64) float64 {
	return ddSin(ddAdd(pio2DD, dd{-theta, 0}))
}

// accurateSin is sin(theta) for theta in [0, pi].
func accurateSin(theta float64) float64 {
	if theta <= math.Pi/2 {
		return ddSin(dd{theta, 0})
	}
	return ddSin(ddAdd(piDD, dd{-theta, 0}))
}
