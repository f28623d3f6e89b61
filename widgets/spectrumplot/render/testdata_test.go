package render

import (
	"math"

	"esodesk/fits"
)

// synth makes an n-pixel spectrum from lo to hi nm: a sloped continuum
// with absorption lines, noise-like wiggles, an error array and quality.
func synth(n int, lo, hi float64) *fits.Spectrum {
	s := &fits.Spectrum{Title: "synthetic", Axis: "wavelength", WaveUnit: "nm", FluxUnit: "erg/s/cm2/Angstrom"}
	s.Wave = make([]float64, n)
	s.Flux = make([]float64, n)
	s.Err = make([]float64, n)
	s.Quality = make([]int32, n)
	for i := range n {
		w := lo + (hi-lo)*float64(i)/float64(n-1)
		s.Wave[i] = w
		f := 1 + 0.3*math.Sin(w/50) + 0.05*math.Sin(float64(i)*1.7)
		for _, line := range []float64{486.1, 656.3, 589.0} {
			f -= 0.6 * math.Exp(-(w-line)*(w-line)/0.5)
		}
		s.Flux[i] = f
		s.Err[i] = 0.02 + 0.01*math.Abs(math.Sin(float64(i)))
	}
	return s
}
