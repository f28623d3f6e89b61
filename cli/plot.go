package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"esodesk/fits"
	"esodesk/fits/lines"
	"esodesk/fits/measure"
	"esodesk/fits/specunits"
	"esodesk/widgets/spectrumplot/render"
)

// usageText is the usage with the built-in line lists' names filled in.
func usageText() string {
	var names []string
	for _, l := range lines.Builtin() {
		names = append(names, listKey(l.Name))
	}
	return fmt.Sprintf(plotUsage, strings.Join(names, ", "))
}

const plotUsage = `usage: esodesk plot FILE... --out PLOT [options]

Plots 1D spectra (FITS: ESO SDP tables, one-row-per-pixel tables, 1D
images; or SDM VOTables) into a file, the same picture as the window's
Spectra tab, without opening a window. The format follows --out's extension.

options:
  --out FILE          output: .png, .svg, .pdf or .csv (required)
  --width W           width in pixels (default 1200)
  --height H          height in pixels (default 500)
  --xunit U           nm (default), angstrom, micron, GHz, THz, eV, keV,
                      1/cm (wavenumber) or km/s (velocity around --rest)
  --rest NM           rest wavelength of a km/s axis, in nm (default Hα, 656.28)
  --xmin X, --xmax X  zoom the x axis to [X, X] (in --xunit)
  --logy              logarithmic flux axis
  --errors            draw the flux±error band
  --quality Q         all (default), hide or mark pixels with QUAL≠0
  --title TEXT        plot title (default: the spectrum's)
  --yunit U           show (and write) fluxes in U: F_lambda (erg/s/cm2/Angstrom,
                      W/m2/nm, ...), F_nu (Jy, mJy, uJy, erg/s/cm2/Hz, W/m2/Hz),
                      nu*F_nu (erg/s/cm2, W/m2) or ABmag; converted pixel by
                      pixel as astropy's spectral_density does
  --normalize [AT]    divide each spectrum by its median flux, or by the median
                      of the 11 pixels nearest wavelength AT (in --xunit)
  --lines LIST        mark spectral lines: a built-in list (%s)
                      or a CSV file of lines (name,wavelength_A,... as the
                      window's "Load list…" reads)
  --z Z               redshift of the --lines markers (sky and telluric lines
                      stay at rest)
  --smooth KIND:WIDTH smooth the drawn flux: boxcar:5, gaussian:3 (FWHM in
                      pixels) or savgol:11 (odd width); for the eye only, the
                      CSV output is never smoothed

Spectra share the first one's units: fluxes in convertible units (erg s-1
cm-2 nm-1 and erg s-1 cm-2 angstrom-1, W m-2 um-1, ...) are converted to
it; when they cannot be (a relative flux, counts, F_nu beside F_lambda),
every spectrum is normalised to a median of 1. The plot says which.

CSV output holds every pixel in the x range: spectrum, wavelength, flux,
error, quality and the flux unit, with each file's own flux values (in
--yunit, or normalised, when asked: the flux and error columns then name
the unit, e.g. flux_Jy).
`

type plotArgs struct {
	files            []string
	out, xunit, qual string
	title            string
	width, height    int
	xmin, xmax       float64
	logy, errors     bool
	yunit            string
	normalize        normalizeFlag
	rest             float64 // nm
	lines            string
	z                float64
	zSet             bool
	smooth           string
	smoothKind       string
	smoothWidth      int
}

// normalizeFlag is --normalize (by the median) or --normalize AT (by the
// flux near wavelength AT).
type normalizeFlag struct {
	on bool
	at float64 // NaN: the median
}

func (n *normalizeFlag) String() string {
	if n == nil || !n.on {
		return "false"
	}
	if math.IsNaN(n.at) {
		return "median"
	}
	return strconv.FormatFloat(n.at, 'g', -1, 64)
}

func (n *normalizeFlag) IsBoolFlag() bool { return true }

func (n *normalizeFlag) Set(v string) error {
	switch strings.ToLower(v) {
	case "true", "median":
		n.on, n.at = true, math.NaN()
		return nil
	case "false":
		n.on = false
		return nil
	}
	at, err := strconv.ParseFloat(v, 64)
	if err != nil || !(at > 0) || math.IsInf(at, 0) {
		return fmt.Errorf("--normalize takes a positive wavelength (in --xunit), not %q", v)
	}
	n.on, n.at = true, at
	return nil
}

// joinNormalizeValue turns "--normalize 6563" into "--normalize=6563": a
// boolean flag takes no separate value, and the number must not be read
// as a file name.
func joinNormalizeValue(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		if (a == "--normalize" || a == "-normalize") && i+1 < len(args) {
			if _, err := strconv.ParseFloat(args[i+1], 64); err == nil {
				out = append(out, a+"="+args[i+1])
				i++
				continue
			}
		}
		if a == "--" {
			return append(out, args[i:]...)
		}
		out = append(out, a)
	}
	return out
}

// parsePlotArgs accepts flags before, between and after the file names.
func parsePlotArgs(args []string, stderr io.Writer) (plotArgs, int, bool) {
	a := plotArgs{width: 1200, height: 500, xunit: "nm", qual: "all", normalize: normalizeFlag{at: math.NaN()}}
	fs := flag.NewFlagSet("plot", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.out, "out", "", "")
	fs.IntVar(&a.width, "width", a.width, "")
	fs.IntVar(&a.height, "height", a.height, "")
	fs.StringVar(&a.xunit, "xunit", a.xunit, "")
	fs.Float64Var(&a.xmin, "xmin", 0, "")
	fs.Float64Var(&a.xmax, "xmax", 0, "")
	fs.BoolVar(&a.logy, "logy", false, "")
	fs.BoolVar(&a.errors, "errors", false, "")
	fs.StringVar(&a.qual, "quality", a.qual, "")
	fs.StringVar(&a.title, "title", "", "")
	fs.StringVar(&a.yunit, "yunit", "", "")
	fs.Var(&a.normalize, "normalize", "")
	fs.Float64Var(&a.rest, "rest", 0, "")
	fs.StringVar(&a.lines, "lines", "", "")
	fs.Func("z", "", func(v string) error {
		z, err := strconv.ParseFloat(v, 64)
		if err != nil || !(z > -1) || math.IsInf(z, 0) {
			return fmt.Errorf("--z takes a redshift above -1, not %q", v)
		}
		a.z, a.zSet = z, true
		return nil
	})
	fs.StringVar(&a.smooth, "smooth", "", "")
	fail := func(msg string) (plotArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk plot: %s\n\n%s", msg, usageText())
		return a, ExitUsage, false
	}
	for rest := joinNormalizeValue(args); ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				io.WriteString(stderr, usageText())
				return a, ExitOK, false
			}
			return fail(err.Error())
		}
		if fs.NArg() == 0 {
			break
		}
		a.files = append(a.files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	switch {
	case len(a.files) == 0:
		return fail("give at least one spectrum file")
	case a.out == "":
		return fail("--out is required")
	case render.FormatOf(a.out) == "":
		return fail(fmt.Sprintf("--out %q: use a .png, .svg, .pdf or .csv file name", a.out))
	case a.width < 100 || a.height < 80 || a.width > 20000 || a.height > 20000:
		return fail("--width must be 100..20000 and --height 80..20000")
	case (a.xmin != 0 || a.xmax != 0) && !(a.xmax > a.xmin):
		return fail("--xmax must be larger than --xmin")
	}
	if u, ok := render.CanonicalAxisUnit(a.xunit); ok {
		a.xunit = u
	} else {
		return fail(fmt.Sprintf("--xunit must be nm, angstrom, micron, GHz, THz, eV, keV, 1/cm or km/s, not %q", a.xunit))
	}
	if a.rest < 0 || math.IsInf(a.rest, 0) || math.IsNaN(a.rest) {
		return fail("--rest must be a positive wavelength in nm")
	}
	if a.normalize.on && !math.IsNaN(a.normalize.at) && !render.IsWavelengthUnit(a.xunit) {
		return fail("--normalize AT needs a wavelength --xunit (nm, angstrom or micron)")
	}
	if a.zSet && a.lines == "" {
		return fail("--z places line markers: give --lines too")
	}
	if a.smooth != "" {
		kind, width, err := parseSmooth(a.smooth)
		if err != nil {
			return fail(err.Error())
		}
		a.smoothKind, a.smoothWidth = kind, width
	}
	switch strings.ToLower(a.qual) {
	case "all", "hide", "mark":
		a.qual = strings.ToLower(a.qual)
	default:
		return fail(fmt.Sprintf("--quality must be all, hide or mark, not %q", a.qual))
	}
	if a.yunit != "" {
		switch specunits.FluxKind(a.yunit) {
		case specunits.FluxLambda, specunits.FluxNu, specunits.FluxNuFnu:
		case specunits.FluxABMag:
			if a.normalize.on {
				return fail("--normalize divides fluxes: it cannot be used with --yunit ABmag")
			}
		default:
			return fail(fmt.Sprintf("--yunit %q is not a flux unit we can convert to (e.g. %s)", a.yunit, strings.Join(specunits.FluxUnits, ", ")))
		}
	}
	return a, ExitOK, true
}

func runPlot(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, code, ok := parsePlotArgs(args, stderr)
	if !ok {
		return code
	}
	if err := checkOutFolder(a.out); err != nil { // before reading the spectra
		fmt.Fprintf(stderr, "esodesk plot: %v\n", err)
		return ExitError
	}
	var spectra []*fits.Spectrum
	for _, f := range a.files {
		s, err := fits.OpenContext(ctx, f)
		if err != nil {
			if ctx.Err() != nil {
				return ExitCanceled
			}
			fmt.Fprintf(stderr, "esodesk plot: %s: %v\n", f, err)
			return ExitError
		}
		spectra = append(spectra, s)
	}
	fits.DistinctTitles(spectra)
	for i, s := range spectra {
		c, err := plotUnits(s, a)
		if err != nil {
			fmt.Fprintf(stderr, "esodesk plot: %s: %v\n", a.files[i], err)
			return ExitError
		}
		spectra[i] = c
	}
	opts := render.Options{
		Width: a.width, Height: a.height, XUnit: a.xunit, Rest: a.rest * 1e-9, LogY: a.logy, ErrorBand: a.errors,
		X: render.Range{Min: a.xmin, Max: a.xmax}, Title: a.title, Legend: true,
		Quality: map[string]render.QualityMode{"all": render.QualityShow, "hide": render.QualityHide, "mark": render.QualityMark}[a.qual],
	}
	if a.lines != "" {
		markers, err := lineMarkers(a.lines, a.z)
		if err != nil {
			fmt.Fprintf(stderr, "esodesk plot: --lines %s: %v\n", a.lines, err)
			return ExitError
		}
		opts.Markers = markers
	}
	if a.smoothKind != "" {
		if render.FormatOf(a.out) == render.FormatCSV {
			fmt.Fprintf(stderr, "esodesk plot: --smooth is for display only: %s holds the unsmoothed fluxes\n", a.out)
		} else {
			for i, s := range spectra {
				c, err := smoothed(s, a.smoothKind, a.smoothWidth)
				if err != nil {
					fmt.Fprintf(stderr, "esodesk plot: %s: --smooth %s: %v\n", a.files[i], a.smooth, err)
					return ExitError
				}
				spectra[i] = c
			}
		}
	}
	var rename map[string]string
	if u := fluxColumnUnit(a); u != "" {
		rename = map[string]string{"flux": "flux_" + u, "error": "error_" + u}
	}
	if err := writePlot(ctx, a.out, spectra, opts, rename); err != nil {
		if ctx.Err() != nil {
			return ExitCanceled
		}
		fmt.Fprintf(stderr, "esodesk plot: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// writePlot writes the plot through writeOut: a failed or interrupted run
// leaves no half-written plot.
// rename renames CSV header columns (nil: none).
func writePlot(ctx context.Context, out string, spectra []*fits.Spectrum, opts render.Options, rename map[string]string) error {
	return writeOut(out, func(w io.Writer) error {
		if rename != nil && render.FormatOf(out) == render.FormatCSV {
			w = &csvHeaderRenamer{w: w, rename: rename}
		}
		return render.Write(ctx, w, render.FormatOf(out), spectra, opts)
	})
}

// normalisedUnit is the flux unit of a normalised spectrum (specunits
// reads it as relative; the plot labels the axis with it).
const normalisedUnit = "normalised"

// plotUnits returns s with its fluxes in --yunit and/or normalised (a
// copy: the file's own spectrum is not changed). Extra arrays in the
// flux's unit (CONTINUUM, ...) follow the flux; others are left as they are.
func plotUnits(s *fits.Spectrum, a plotArgs) (*fits.Spectrum, error) {
	if a.yunit == "" && !a.normalize.on {
		return s, nil
	}
	c := *s
	c.Extra = append([]fits.Array(nil), s.Extra...)
	follows := make([]bool, len(c.Extra))
	for i, ex := range c.Extra {
		_, follows[i] = fits.UnitFactor(ex.Unit, s.FluxUnit)
	}
	if a.yunit != "" {
		flux, err := specunits.ConvertFlux(s.Flux, s.FluxUnit, s.Wave, s.WaveUnit, a.yunit)
		if err != nil {
			return nil, fmt.Errorf("--yunit %s: %w", a.yunit, err)
		}
		if s.Err != nil {
			if c.Err, err = specunits.ConvertFluxErr(s.Err, s.Flux, s.FluxUnit, s.Wave, s.WaveUnit, a.yunit); err != nil {
				return nil, fmt.Errorf("--yunit %s: %w", a.yunit, err)
			}
		}
		for i, ex := range c.Extra {
			if !follows[i] {
				continue
			}
			v, err := specunits.ConvertFlux(ex.Values, ex.Unit, s.Wave, s.WaveUnit, a.yunit)
			if err != nil {
				return nil, fmt.Errorf("--yunit %s: %s: %w", a.yunit, ex.Name, err)
			}
			c.Extra[i].Values, c.Extra[i].Unit = v, a.yunit
		}
		c.Flux, c.FluxUnit = flux, a.yunit
	}
	if a.normalize.on {
		wave := c.Wave
		if !math.IsNaN(a.normalize.at) {
			if fits.UnitAxis(s.WaveUnit) != "wavelength" {
				return nil, fmt.Errorf("--normalize %g: the spectrum has no wavelength axis to find %g %s on", a.normalize.at, a.normalize.at, a.xunit)
			}
			var err error
			if wave, err = fits.ConvertWave(s.Wave, s.WaveUnit, a.xunit); err != nil {
				return nil, fmt.Errorf("--normalize: %w", err)
			}
		}
		flux, d := specunits.Normalize(c.Flux, wave, a.normalize.at)
		if flux == nil {
			return nil, normalizeError(a, wave, d)
		}
		c.Err = scaledBy(c.Err, 1/math.Abs(d))
		for i, ex := range c.Extra { // CONTINUUM and the like: in the flux's unit, then divided alike
			if k, ok := fits.UnitFactor(ex.Unit, c.FluxUnit); ok {
				c.Extra[i].Values, c.Extra[i].Unit = scaledBy(ex.Values, k/d), normalisedUnit
			}
		}
		c.Flux, c.FluxUnit = flux, normalisedUnit
	}
	return &c, nil
}

func normalizeError(a plotArgs, wave []float64, d float64) error {
	if math.IsNaN(a.normalize.at) {
		if d == 0 {
			return fmt.Errorf("--normalize: the median flux is 0, nothing to divide by")
		}
		return fmt.Errorf("--normalize: the spectrum has no finite flux")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, w := range wave {
		if !math.IsNaN(w) && !math.IsInf(w, 0) {
			lo, hi = math.Min(lo, w), math.Max(hi, w)
		}
	}
	if a.normalize.at < lo || a.normalize.at > hi {
		return fmt.Errorf("--normalize %g: outside the spectrum's %g–%g %s (give AT in --xunit)", a.normalize.at, lo, hi, a.xunit)
	}
	return fmt.Errorf("--normalize %g: the flux near %g %s is %g, nothing to divide by", a.normalize.at, a.normalize.at, a.xunit, d)
}

func scaledBy(v []float64, k float64) []float64 {
	if v == nil {
		return nil
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = x * k
	}
	return out
}

// fluxColumnUnit is the unit the CSV's flux and error columns are named
// for, "" when the files' own units are written.
func fluxColumnUnit(a plotArgs) string {
	switch {
	case a.normalize.on:
		return normalisedUnit
	case a.yunit != "":
		return strings.ReplaceAll(a.yunit, " ", "")
	}
	return ""
}

// csvHeaderRenamer renames columns of a CSV's first line as it passes
// through (render.WriteCSV names them "flux" and "error" whatever the unit).
type csvHeaderRenamer struct {
	w      io.Writer
	rename map[string]string
	head   []byte
	done   bool
}

func (h *csvHeaderRenamer) Write(p []byte) (int, error) {
	if h.done {
		return h.w.Write(p)
	}
	i := bytes.IndexByte(p, '\n')
	if i < 0 {
		h.head = append(h.head, p...)
		return len(p), nil
	}
	h.head = append(h.head, p[:i]...)
	h.done = true
	line := strings.TrimSuffix(string(h.head), "\r")
	fields := strings.Split(line, ",")
	for k, f := range fields {
		if r, ok := h.rename[f]; ok {
			fields[k] = csvField(r)
		}
	}
	if _, err := io.WriteString(h.w, strings.Join(fields, ",")+string(h.head[len(line):])+"\n"); err != nil {
		return 0, err
	}
	if _, err := h.w.Write(p[i+1:]); err != nil {
		return 0, err
	}
	return len(p), nil
}

// csvField quotes a header name that needs it.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\r\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// listKey is how a built-in list is named on the command line: "galaxy
// emission" as galaxy-emission.
func listKey(name string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), " ", "-")
}

// lineMarkers reads --lines (a built-in list's name, else a CSV file) and
// places its lines at redshift z; sky and telluric lines stay at rest,
// bands are marked at their middle.
func lineMarkers(list string, z float64) ([]render.Marker, error) {
	var chosen *lines.List
	for _, l := range lines.Builtin() {
		if listKey(l.Name) == listKey(strings.ReplaceAll(list, "_", "-")) {
			chosen = &l
			break
		}
	}
	if chosen == nil {
		f, err := os.Open(list)
		if err != nil {
			return nil, fmt.Errorf("neither a built-in list nor a readable CSV file (%v); built-in lists: %s",
				err, strings.Join(builtinKeys(), ", "))
		}
		defer f.Close()
		l, err := lines.ReadCSV(f)
		if err != nil {
			return nil, err
		}
		chosen = &l
	}
	var out []render.Marker
	for _, l := range chosen.Lines {
		vac, air := l.Vacuum, l.Air
		if l.IsBand() {
			mid := (l.Start + l.End) / 2
			vac, air = mid, lines.VacuumToAir(mid)
		}
		if l.Kind != "sky" && l.Kind != "telluric" {
			vac, air = lines.Observed(vac, z), lines.Observed(air, z)
		}
		out = append(out, render.Marker{Label: l.Name, Vacuum: vac, Air: air})
	}
	return out, nil
}

func builtinKeys() []string {
	var names []string
	for _, l := range lines.Builtin() {
		names = append(names, listKey(l.Name))
	}
	return names
}

// parseSmooth reads --smooth KIND:WIDTH and tries it, so that a bad width
// (an even savgol) is a usage error rather than a failed plot.
func parseSmooth(v string) (string, int, error) {
	kind, w, ok := strings.Cut(strings.ToLower(strings.TrimSpace(v)), ":")
	width, err := strconv.Atoi(w)
	if !ok || err != nil {
		return "", 0, fmt.Errorf("--smooth takes KIND:WIDTH (boxcar:5, gaussian:3, savgol:11), not %q", v)
	}
	switch kind {
	case "boxcar", "gaussian", "savgol":
	default:
		return "", 0, fmt.Errorf("--smooth: the kind is boxcar, gaussian or savgol, not %q", kind)
	}
	if _, err := measure.Smooth(make([]float64, 64), kind, width); err != nil {
		return "", 0, fmt.Errorf("--smooth %s: %v", v, err)
	}
	return kind, width, nil
}

// smoothed is a copy of s with its flux smoothed (errors and quality as
// they are: the smoothing is for the eye).
func smoothed(s *fits.Spectrum, kind string, width int) (*fits.Spectrum, error) {
	y, err := measure.Smooth(s.Flux, kind, width)
	if err != nil {
		return nil, err
	}
	c := *s
	c.Flux = y
	return &c, nil
}
