// Package render draws spectra with gonum/plot, without Fyne, so that the
// window (widgets/spectrumplot) and the terminal (esodesk plot) make the
// same picture. Long spectra are decimated to per-pixel-column min/max
// before plotting: gonum/plot needs seconds for 300k points, milliseconds
// for the ~2 points per pixel that look the same.
package render

import "image/color"

// Range is a closed interval; the zero value (or any with Max <= Min) means
// "automatic".
type Range struct{ Min, Max float64 }

// Valid reports whether r is a usable, non-empty range.
func (r Range) Valid() bool { return r.Max > r.Min && !isInf(r.Min) && !isInf(r.Max) }

// QualityMode says what to do with pixels whose quality flag is not 0.
type QualityMode int8

const (
	QualityShow QualityMode = iota // draw them like the others
	QualityHide                    // leave gaps where they are
	QualityMark                    // draw them, with red ticks along the bottom
)

// Options describe one picture.
type Options struct {
	// Width and Height in pixels (PNG size, and the decimation width);
	// DPI sets how large text and lines are (default 96).
	Width, Height int
	DPI           float64

	// X and Y are the zoom; zero values fit the data. X is in XUnit, Y in
	// flux units (also when LogY).
	X, Y Range
	// XUnit is nm, Angstrom or micron (see CanonicalXUnit); "" keeps the
	// first spectrum's unit. Spectra on a frequency or energy axis keep theirs.
	XUnit string
	// Rest is the rest wavelength (metres) of a km/s axis (0: DefaultRest,
	// Hα); velocities use the optical convention.
	Rest float64
	LogY bool
	// YUnit converts every visible spectrum's flux, pixel by pixel, to this
	// flux unit (one of specunits.FluxUnits, or ABmag: the y axis is then
	// inverted, brighter up). Spectra whose flux cannot be converted
	// (relative, counts) are left out and the notes say so. "" lets the
	// plot choose (DecideFlux).
	YUnit string
	// Normalize divides each visible spectrum by its median flux (after
	// YUnit's conversion, when one is given; not with ABmag).
	Normalize bool
	// Markers are line markers drawn as labelled vertical lines.
	Markers []Marker

	ErrorBand bool
	Quality   QualityMode
	// Extras names the Extra arrays (e.g. CONTINUUM) to draw as dashed lines.
	Extras []string
	// Hidden[i] hides spectrum i (the palette stays indexed by position, so
	// colours do not change when spectra are hidden).
	Hidden []bool

	// Title above the plot; "" uses the title of a single spectrum.
	Title string
	// Legend names the spectra above the data area (files need it; the
	// window has its own legend row).
	Legend bool
	// Dark picks colours for a dark background; Background and Foreground
	// override the background and the axis/text colour.
	Dark                   bool
	Background, Foreground color.Color

	// Cache keeps unit-converted arrays between renders (the widget passes
	// one; nil converts each time).
	Cache *Cache
}

func (o Options) withDefaults() Options {
	if o.Width <= 0 {
		o.Width = 1200
	}
	if o.Height <= 0 {
		o.Height = 500
	}
	if o.DPI <= 0 {
		o.DPI = 96
	}
	if o.Background == nil {
		o.Background = color.White
		if o.Dark {
			o.Background = color.NRGBA{0x1e, 0x1f, 0x24, 0xff}
		}
	}
	if o.Foreground == nil {
		o.Foreground = color.NRGBA{0x20, 0x20, 0x20, 0xff}
		if o.Dark {
			o.Foreground = color.NRGBA{0xdd, 0xdd, 0xdd, 0xff}
		}
	}
	return o
}

func (o Options) hidden(i int) bool { return i < len(o.Hidden) && o.Hidden[i] }

func (o Options) wantsExtra(name string) bool {
	for _, e := range o.Extras {
		if e == name {
			return true
		}
	}
	return false
}

// Marker is a spectral line to mark, at its observed wavelength (metres)
// in vacuum and in air: the plot uses the one its axis is in.
type Marker struct {
	Label       string
	Vacuum, Air float64
}

// markerColor: not in the palette, so that markers read as annotations.
var markerColor = color.NRGBA{0x7a, 0x3e, 0x10, 0xff}

// MarkerColor is the colour of line markers (tests look for it).
func MarkerColor() color.NRGBA { return markerColor }

// palette: mid-luminance hues that read on white and on near-black.
var palette = []color.NRGBA{
	{0x3d, 0x8b, 0xe0, 0xff}, // blue
	{0xe8, 0x74, 0x2c, 0xff}, // orange
	{0x23, 0xa8, 0x7a, 0xff}, // green
	{0xd0, 0x4f, 0x9b, 0xff}, // magenta
	{0x95, 0x7a, 0xd9, 0xff}, // violet
	{0xb8, 0x9a, 0x1c, 0xff}, // ochre
	{0x2a, 0xa8, 0xc4, 0xff}, // cyan
	{0xd9, 0x4a, 0x4a, 0xff}, // red
}

// SeriesColor is the colour of spectrum i.
func SeriesColor(i int) color.NRGBA { return palette[i%len(palette)] }

// qualityColor marks bad pixels.
var qualityColor = color.NRGBA{0xe0, 0x30, 0x30, 0xff}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }
