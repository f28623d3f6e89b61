package measure

import (
	"fmt"
	"math"
)

// Profile is a fitted line profile on a constant continuum. A Gaussian is
// Continuum + Amplitude·exp(-(x-Center)²/2σ²); a Lorentzian is
// Continuum + Amplitude·γ²/((x-Center)²+γ²), γ being the half width at half
// maximum. Amplitude is negative for absorption.
type Profile struct {
	Kind      string // "gaussian" or "lorentzian"
	Amplitude float64
	Center    float64
	Sigma     float64 // Gaussian σ (0 for a Lorentzian)
	Gamma     float64 // Lorentzian γ (0 for a Gaussian)
	Continuum float64
}

// At evaluates the profile at x (for overlays on a plot).
func (p Profile) At(x float64) float64 {
	switch p.Kind {
	case "lorentzian":
		g2 := p.Gamma * p.Gamma
		return p.Continuum + p.Amplitude*g2/(sq(x-p.Center)+g2)
	default:
		return p.Continuum + p.Amplitude*math.Exp(-sq(x-p.Center)/(2*p.Sigma*p.Sigma))
	}
}

// FWHM is the profile's full width at half maximum.
func (p Profile) FWHM() float64 {
	if p.Kind == "lorentzian" {
		return 2 * math.Abs(p.Gamma)
	}
	return gaussFWHM * math.Abs(p.Sigma)
}

// Fit fits a Gaussian or Lorentzian ("gaussian", "lorentzian") plus a
// constant to the finite pixels of y whose x lies in r, by least squares
// (Levenberg–Marquardt, unweighted).
func Fit(x, y []float64, r Range, kind string) (Profile, error) {
	if len(x) != len(y) {
		return Profile{}, fmt.Errorf("x and y have different lengths (%d, %d)", len(x), len(y))
	}
	var xs, ys []float64
	for i := range x {
		if r.contains(x[i]) && finite(x[i]) && finite(y[i]) {
			xs, ys = append(xs, x[i]), append(ys, y[i])
		}
	}
	return fitArrays(xs, ys, kind)
}

func fitArrays(x, y []float64, kind string) (Profile, error) {
	if kind != "gaussian" && kind != "lorentzian" {
		return Profile{}, fmt.Errorf("unknown profile %q: use gaussian or lorentzian", kind)
	}
	if len(x) < 5 {
		return Profile{}, errShort
	}
	// Start: continuum from the ends, the peak (or trough) furthest from it,
	// and a width from the area over the height.
	c0 := (y[0] + y[len(y)-1]) / 2
	top := 0
	var area float64
	for i := range y {
		if math.Abs(y[i]-c0) > math.Abs(y[top]-c0) {
			top = i
		}
	}
	for i := 1; i < len(x); i++ {
		area += (y[i] + y[i-1] - 2*c0) / 2 * (x[i] - x[i-1])
	}
	amp := y[top] - c0
	w := math.Abs(area / amp / math.Sqrt(2*math.Pi))
	span := math.Abs(x[len(x)-1] - x[0])
	if !(w > 0) || w > span {
		w = span / 6
	}
	if kind == "lorentzian" {
		w *= 1.18 // same FWHM as the Gaussian guess
	}
	p := []float64{amp, x[top], w, c0}
	model := func(p []float64, v float64, grad []float64) float64 {
		a, mu, s, c := p[0], p[1], p[2], p[3]
		d := v - mu
		if kind == "lorentzian" {
			den := d*d + s*s
			f := s * s / den
			grad[0] = f
			grad[1] = a * s * s * 2 * d / (den * den)
			grad[2] = a * 2 * s * d * d / (den * den)
			grad[3] = 1
			return c + a*f
		}
		e := math.Exp(-d * d / (2 * s * s))
		grad[0] = e
		grad[1] = a * e * d / (s * s)
		grad[2] = a * e * d * d / (s * s * s)
		grad[3] = 1
		return c + a*e
	}
	p, err := levenbergMarquardt(x, y, p, model)
	if err != nil {
		return Profile{}, err
	}
	out := Profile{Kind: kind, Amplitude: p[0], Center: p[1], Continuum: p[3]}
	if kind == "lorentzian" {
		out.Gamma = math.Abs(p[2])
	} else {
		out.Sigma = math.Abs(p[2])
	}
	return out, nil
}

// levenbergMarquardt minimises Σ(y - f(x; p))² from the start p: each step
// solves (JᵀJ + λ·diag JᵀJ) δ = Jᵀr, accepting it (λ/10) when the sum of
// squares falls and retrying with λ·10 when it does not (Marquardt 1963;
// Numerical Recipes §15.5). It stops when a step changes the sum by less
// than a relative 1e-12 or λ grows past 1e12.
func levenbergMarquardt(x, y, p []float64, f func(p []float64, x float64, grad []float64) float64) ([]float64, error) {
	const n = 4
	grad := make([]float64, n)
	cost := func(p []float64) float64 {
		var s float64
		for i := range x {
			s += sq(y[i] - f(p, x[i], grad))
		}
		return s
	}
	chi := cost(p)
	lambda := 1e-3
	trial := make([]float64, n)
	for iter := 0; iter < 500; iter++ {
		var jtj [n][n]float64
		var jtr [n]float64
		for i := range x {
			r := y[i] - f(p, x[i], grad)
			for a := 0; a < n; a++ {
				jtr[a] += grad[a] * r
				for b := 0; b <= a; b++ {
					jtj[a][b] += grad[a] * grad[b]
				}
			}
		}
		for a := 0; a < n; a++ {
			for b := a + 1; b < n; b++ {
				jtj[a][b] = jtj[b][a]
			}
		}
		for {
			m := jtj
			for a := 0; a < n; a++ {
				m[a][a] *= 1 + lambda
			}
			d, ok := solve4(m, jtr)
			if ok {
				for a := range p {
					trial[a] = p[a] + d[a]
				}
				if c := cost(trial); c <= chi && !math.IsNaN(c) {
					copy(p, trial)
					lambda /= 10
					done := chi-c <= 1e-12*chi
					chi = c
					if done {
						return p, nil
					}
					break
				}
			}
			lambda *= 10
			if lambda > 1e12 {
				if math.IsNaN(chi) {
					return nil, fmt.Errorf("the profile fit failed")
				}
				return p, nil // no step improves: a minimum
			}
		}
	}
	return p, nil
}

// solve4 solves m·d = v by Gaussian elimination with partial pivoting.
func solve4(m [4][4]float64, v [4]float64) ([4]float64, bool) {
	const n = 4
	for c := 0; c < n; c++ {
		piv := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r][c]) > math.Abs(m[piv][c]) {
				piv = r
			}
		}
		if m[piv][c] == 0 || math.IsNaN(m[piv][c]) {
			return v, false
		}
		m[c], m[piv] = m[piv], m[c]
		v[c], v[piv] = v[piv], v[c]
		for r := c + 1; r < n; r++ {
			k := m[r][c] / m[c][c]
			for j := c; j < n; j++ {
				m[r][j] -= k * m[c][j]
			}
			v[r] -= k * v[c]
		}
	}
	var d [4]float64
	for r := n - 1; r >= 0; r-- {
		s := v[r]
		for j := r + 1; j < n; j++ {
			s -= m[r][j] * d[j]
		}
		d[r] = s / m[r][r]
	}
	return d, true
}
