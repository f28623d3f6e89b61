package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"esodesk/fits"
	"esodesk/widgets/spectrumplot/render"
)

const plotUsage = `usage: esodesk plot FILE... --out PLOT [options]

Plots 1D spectra (FITS: ESO SDP tables, one-row-per-pixel tables, 1D
images; or SDM VOTables) into a file, the same picture as the window's
Spectra tab, without opening a window. The format follows --out's extension.

options:
  --out FILE          output: .png, .svg, .pdf or .csv (required)
  --width W           width in pixels (default 1200)
  --height H          height in pixels (default 500)
  --xunit U           nm (default), angstrom or micron
  --xmin X, --xmax X  zoom the x axis to [X, X] (in --xunit)
  --logy              logarithmic flux axis
  --errors            draw the flux±error band
  --quality Q         all (default), hide or mark pixels with QUAL≠0
  --title TEXT        plot title (default: the spectrum's)

Spectra share the first one's units: fluxes in convertible units (erg s-1
cm-2 nm-1 and erg s-1 cm-2 angstrom-1, W m-2 um-1, ...) are converted to
it; when they cannot be (a relative flux, counts, F_nu beside F_lambda),
every spectrum is normalised to a median of 1. The plot says which.

CSV output holds every pixel in the x range: spectrum, wavelength, flux,
error, quality and the flux unit, with each file's own flux values.
`

type plotArgs struct {
	files            []string
	out, xunit, qual string
	title            string
	width, height    int
	xmin, xmax       float64
	logy, errors     bool
}

// parsePlotArgs accepts flags before, between and after the file names.
func parsePlotArgs(args []string, stderr io.Writer) (plotArgs, int, bool) {
	a := plotArgs{width: 1200, height: 500, xunit: "nm", qual: "all"}
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
	fail := func(msg string) (plotArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk plot: %s\n\n%s", msg, plotUsage)
		return a, ExitUsage, false
	}
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				io.WriteString(stderr, plotUsage)
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
	if u, ok := render.CanonicalXUnit(a.xunit); ok {
		a.xunit = u
	} else {
		return fail(fmt.Sprintf("--xunit must be nm, angstrom or micron, not %q", a.xunit))
	}
	switch strings.ToLower(a.qual) {
	case "all", "hide", "mark":
		a.qual = strings.ToLower(a.qual)
	default:
		return fail(fmt.Sprintf("--quality must be all, hide or mark, not %q", a.qual))
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
	opts := render.Options{
		Width: a.width, Height: a.height, XUnit: a.xunit, LogY: a.logy, ErrorBand: a.errors,
		X: render.Range{Min: a.xmin, Max: a.xmax}, Title: a.title, Legend: true,
		Quality: map[string]render.QualityMode{"all": render.QualityShow, "hide": render.QualityHide, "mark": render.QualityMark}[a.qual],
	}
	if err := writePlot(ctx, a.out, spectra, opts); err != nil {
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
func writePlot(ctx context.Context, out string, spectra []*fits.Spectrum, opts render.Options) error {
	return writeOut(out, func(w io.Writer) error {
		return render.Write(ctx, w, render.FormatOf(out), spectra, opts)
	})
}
