package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"esodesk/fits"
	"esodesk/fits/measure"
)

const measureUsage = `usage: esodesk measure FILE --range A,B [--range C,D ...] [--xunit UNIT]
                       [--continuum A,B,C,D] [--format csv|text]

Measures spectral lines in a 1D spectrum: for each --range, the continuum
(a straight line fitted to the --continuum side bands, or through the
range's end points), the equivalent width ∫(1 - F/C) (absorption
positive), the line flux ∫(F - C), the flux-weighted centroid, the FWHM
(half-maximum crossings and a Gaussian fit) and the S/N.

It prints a header row and one row per range: range_lo, range_hi, unit,
continuum, ew, ew_err, line_flux, line_flux_err, centroid, fwhm,
fwhm_gauss, snr (in the file's spectral and flux units).

options:
  --range A,B           a wavelength range to measure (repeatable)
  --continuum A,B,...   side bands for the continuum, as pairs (default: the
                        end points of each range)
  --xunit UNIT          the unit of --range and --continuum (default: the
                        file's, e.g. nm, Angstrom, um)
  --format csv|text     output format (default csv)
`

// floatList is a repeatable flag of comma-separated numbers.
type floatList struct{ v *[][]float64 }

func (l floatList) String() string { return "" }
func (l floatList) Set(s string) error {
	var out []float64
	for _, p := range strings.Split(s, ",") {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || f != f {
			return fmt.Errorf("%q is not a number", p)
		}
		out = append(out, f)
	}
	*l.v = append(*l.v, out)
	return nil
}

type measureArgs struct {
	file, xunit, format string
	ranges, cont        [][]float64
}

func parseMeasureArgs(args []string, stdout, stderr io.Writer) (measureArgs, int, bool) {
	var a measureArgs
	fs := flag.NewFlagSet("measure", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Var(floatList{&a.ranges}, "range", "")
	fs.Var(floatList{&a.cont}, "continuum", "")
	fs.StringVar(&a.xunit, "xunit", "", "")
	fs.StringVar(&a.format, "format", "csv", "")
	fail := func(msg string) (measureArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk measure: %s\n\n%s", msg, measureUsage)
		return a, ExitUsage, false
	}
	files, err := flagsAndFiles(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(stdout, measureUsage)
		return a, ExitOK, false
	} else if err != nil {
		return fail(err.Error())
	}
	switch {
	case len(files) == 0:
		return fail("give a FITS file")
	case len(files) > 1:
		return fail(fmt.Sprintf("give one FITS file, not %d", len(files)))
	case len(a.ranges) == 0:
		return fail("give at least one --range A,B")
	case a.format != "csv" && a.format != "text":
		return fail(fmt.Sprintf("--format %q: use csv or text", a.format))
	case a.xunit != "" && fits.UnitAxis(a.xunit) == "":
		return fail(fmt.Sprintf("--xunit %q: not a spectral unit (use nm, Angstrom, um, ...)", a.xunit))
	}
	for _, r := range a.ranges {
		if len(r) != 2 || !(r[1] > r[0]) {
			return fail("--range takes two numbers A,B with A < B")
		}
	}
	for _, c := range a.cont {
		if len(c) == 0 || len(c)%2 != 0 {
			return fail("--continuum takes pairs of numbers: A,B[,C,D...]")
		}
	}
	a.file = files[0]
	return a, ExitOK, true
}

func runMeasure(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, code, ok := parseMeasureArgs(args, stdout, stderr)
	if !ok {
		return code
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "esodesk measure: %s: %v\n", a.file, err)
		return ExitError
	}
	s, err := fits.OpenContext(ctx, a.file)
	if err != nil {
		if ctx.Err() != nil {
			return ExitCanceled
		}
		return fail(err)
	}
	// Ranges and bands into the file's unit.
	conv := func(v []float64) ([]float64, error) {
		if a.xunit == "" {
			return v, nil
		}
		out, err := fits.ConvertWave(v, a.xunit, s.WaveUnit)
		if err != nil {
			return nil, fmt.Errorf("--xunit: %w", err)
		}
		return out, nil
	}
	var opts measure.Options
	for _, c := range a.cont {
		v, err := conv(c)
		if err != nil {
			return fail(err)
		}
		for i := 0; i < len(v); i += 2 {
			lo, hi := v[i], v[i+1]
			if lo > hi { // a frequency unit reverses the order
				lo, hi = hi, lo
			}
			opts.Continuum = append(opts.Continuum, measure.Range{Lo: lo, Hi: hi})
		}
	}
	cols := []string{"range_lo", "range_hi", "unit", "continuum", "ew", "ew_err", "line_flux", "line_flux_err", "centroid", "fwhm", "fwhm_gauss", "snr"}
	var rows [][]string
	for _, r := range a.ranges {
		if ctx.Err() != nil {
			return ExitCanceled
		}
		v, err := conv(r)
		if err != nil {
			return fail(err)
		}
		lo, hi := v[0], v[1]
		if lo > hi {
			lo, hi = hi, lo
		}
		res, err := measure.MeasureSpectrum(s, measure.Range{Lo: lo, Hi: hi}, opts)
		if err != nil {
			return fail(err)
		}
		g := func(f float64) string { return strconv.FormatFloat(f, 'g', 10, 64) }
		rows = append(rows, []string{g(lo), g(hi), s.WaveUnit, g(res.Continuum), g(res.EquivalentWidth), g(res.EWErr),
			g(res.LineFlux), g(res.LineFluxErr), g(res.Centroid), g(res.FWHM), g(res.FWHMGauss), g(res.SNR)})
	}
	if a.format == "csv" {
		fmt.Fprintln(stdout, strings.Join(cols, ","))
		for _, r := range rows {
			fmt.Fprintln(stdout, strings.Join(r, ","))
		}
		return ExitOK
	}
	// text: aligned columns.
	width := make([]int, len(cols))
	for i, c := range cols {
		width[i] = len(c)
		for _, r := range rows {
			if len(r[i]) > width[i] {
				width[i] = len(r[i])
			}
		}
	}
	for _, r := range append([][]string{cols}, rows...) {
		var b strings.Builder
		for i, f := range r {
			if i > 0 {
				b.WriteString("  ")
			}
			fmt.Fprintf(&b, "%-*s", width[i], f)
		}
		fmt.Fprintln(stdout, strings.TrimRight(b.String(), " "))
	}
	return ExitOK
}
