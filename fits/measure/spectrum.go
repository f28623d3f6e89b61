package measure

import "esodesk/fits"

// MeasureSpectrum is Measure on a spectrum's wavelength, flux and error
// (r and o in the spectrum's WaveUnit), with the result's units filled in.
// Pixels flagged bad in Quality are left out.
func MeasureSpectrum(s *fits.Spectrum, r Range, o Options) (Result, error) {
	y := s.Flux
	if s.Quality != nil {
		y = append([]float64(nil), s.Flux...)
		for i, q := range s.Quality {
			if q != 0 && i < len(y) {
				y[i] = nan
			}
		}
	}
	res, err := Measure(s.Wave, y, s.Err, r, o)
	res.Unit, res.FluxUnit = s.WaveUnit, s.FluxUnit
	return res, err
}
