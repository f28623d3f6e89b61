// Package fits reads 1D spectra from FITS files (and from the SDM VOTables
// that DataLink services return) into one Spectrum type, whatever layout the
// file uses: ESO Science Data Product tables, one-row-per-pixel tables, or 1D
// images with a linear or log-linear dispersion.
package fits

// Spectrum is one 1D spectrum, ready to plot.
type Spectrum struct {
	// Source is where it came from (file path or URL), for titles and errors.
	Source string
	// Title is a short label for legends: OBJECT and instrument when known.
	Title  string
	Object string

	// Spectral axis. Axis is "wavelength", "frequency" or "energy"; Unit is
	// the file's unit string (e.g. "nm", "Angstrom", "um", "Hz", "keV").
	Axis     string
	WaveUnit string
	// WaveUnitAssumed is true when the file gave no wavelength unit and
	// WaveUnit is our guess (Ångström, for values that look like it).
	WaveUnitAssumed bool
	// Air is true when the wavelengths are in air (UCD em.wl;obs.atmos).
	Air  bool
	Wave []float64

	// Flux and its 1-sigma error (nil when the file has none). NaN marks a gap.
	Flux     []float64
	FluxUnit string
	Err      []float64
	// Quality per pixel, 0 = good (nil when the file has none).
	Quality []int32

	// Extra holds the other arrays of the same length (CONTINUUM,
	// FLUX_TELL_CORR, ...) so they can be plotted too.
	Extra []Array

	// Meta is the header metadata worth showing beside the plot (PRODCATG,
	// INSTRUME, SPEC_RES, SNR, EXPTIME, ...), in header order.
	Meta []Card
	// Headers holds every HDU's cards for the header viewer.
	Headers []Header
}

// Array is one more per-pixel quantity of a spectrum.
type Array struct {
	Name, Unit, UCD, Utype string
	Values                 []float64
}

// Header is the header of one HDU.
type Header struct {
	Index int    // 0 for the primary HDU
	Name  string // EXTNAME, or "PRIMARY"
	Cards []Card
}

// Card is one header keyword.
type Card struct {
	Key, Value, Comment string
}

// Len is the number of pixels.
func (s *Spectrum) Len() int { return len(s.Wave) }
