package render

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"esodesk/fits"
)

// Formats the writers know, by file extension.
const (
	FormatPNG = "png"
	FormatSVG = "svg"
	FormatPDF = "pdf"
	FormatCSV = "csv"
)

// FormatOf returns the format for a file name's extension, or "".
func FormatOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		return FormatPNG
	case ".svg":
		return FormatSVG
	case ".pdf":
		return FormatPDF
	case ".csv":
		return FormatCSV
	}
	return ""
}

// Write writes the spectra in format (png, svg, pdf or csv) at the size in
// opts (pixels; for SVG and PDF the same physical size at opts.DPI).
func Write(ctx context.Context, w io.Writer, format string, spectra []*fits.Spectrum, opts Options) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	o := opts.withDefaults()
	if format == FormatCSV {
		return WriteCSV(ctx, w, spectra, o)
	}
	fig, _, err := build(spectra, o)
	if err != nil {
		return err
	}
	dpi := int(math.Round(o.DPI))
	width, height := pxToPt(o.Width, dpi), pxToPt(o.Height, dpi)
	var c vg.CanvasWriterTo
	switch format {
	case FormatPNG:
		// starts filled with the background, like the window's image
		c = vgimg.PngCanvas{Canvas: newImageCanvas(o.Width, o.Height, o.DPI, o.Background)}
	case FormatSVG:
		c = vgsvg.New(width, height)
		fig.bg = o.Background
	case FormatPDF:
		c = vgpdf.New(width, height)
		fig.bg = o.Background
	default:
		return fmt.Errorf("unknown output format %q (want png, svg, pdf or csv)", format)
	}
	fig.p.BackgroundColor = nil
	fig.draw(draw.New(c))
	_, err = c.WriteTo(w)
	return err
}

// WriteCSV writes every visible pixel of the visible spectra inside the x
// range (all of them when the range is automatic), undecimated, one row per
// pixel: spectrum, wavelength (in the display unit), flux, error, quality.
// Empty cells mean "not in the file"; NaN is written as NaN.
func WriteCSV(ctx context.Context, w io.Writer, spectra []*fits.Spectrum, opts Options) error {
	o := opts.withDefaults()
	l, err := makeLayout(spectra, o)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	// fluxes as in the files, each with its unit: spectra in different
	// units never share a column unlabelled
	header := []string{"spectrum", axisColumn(l.series, l.xUnit), "flux", "error", "quality", "flux_unit"}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	for _, sr := range l.series {
		lo, hi := 0, len(sr.pr.wave)
		if o.X.Valid() {
			lo, hi = visibleIndexRange(sr.pr.wave, sr.pr.order, o.X.Min, o.X.Max)
		}
		rec[0], rec[5] = seriesTitle(sr), sr.s.FluxUnit
		for i := lo; i < hi; i++ {
			if i&0xffff == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			x := sr.pr.wave[i]
			if o.X.Valid() && !(x >= o.X.Min && x <= o.X.Max) {
				continue
			}
			rec[1] = formatFloat(x)
			rec[2] = cell(sr.s.Flux, i)
			rec[3] = cell(sr.s.Err, i)
			rec[4] = ""
			if i < len(sr.s.Quality) {
				rec[4] = strconv.Itoa(int(sr.s.Quality[i]))
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func axisColumn(ser []series, unit string) string {
	name := "wavelength"
	if len(ser) > 0 && ser[0].s.Axis != "" {
		name = ser[0].s.Axis
	}
	if unit != "" {
		name += "_" + strings.ReplaceAll(unit, " ", "")
	}
	return name
}

func cell(v []float64, i int) string {
	if i >= len(v) {
		return ""
	}
	return formatFloat(v[i])
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
