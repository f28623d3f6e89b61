package render

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"image/png"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
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
	p, err := Plot(spectra, o)
	if err != nil {
		return err
	}
	switch format {
	case FormatPNG:
		return WritePNG(w, p, o.Width, o.Height, o.DPI)
	case FormatSVG:
		return WriteSVG(w, p, pxToPt(o.Width, int(math.Round(o.DPI))), pxToPt(o.Height, int(math.Round(o.DPI))))
	case FormatPDF:
		return WritePDF(w, p, pxToPt(o.Width, int(math.Round(o.DPI))), pxToPt(o.Height, int(math.Round(o.DPI))))
	}
	return fmt.Errorf("unknown output format %q (want png, svg, pdf or csv)", format)
}

// WritePNG draws p to a width x height pixel PNG at dpi.
func WritePNG(w io.Writer, p *plot.Plot, width, height int, dpi float64) error {
	c := newImageCanvas(width, height, dpi, p.BackgroundColor)
	p.Draw(draw.New(c))
	return png.Encode(w, c.Image())
}

// WriteSVG draws p to an SVG of the given size.
func WriteSVG(w io.Writer, p *plot.Plot, width, height vg.Length) error {
	c := vgsvg.New(width, height)
	p.Draw(draw.New(c))
	_, err := c.WriteTo(w)
	return err
}

// WritePDF draws p to a one-page PDF of the given size.
func WritePDF(w io.Writer, p *plot.Plot, width, height vg.Length) error {
	c := vgpdf.New(width, height)
	p.Draw(draw.New(c))
	_, err := c.WriteTo(w)
	return err
}

// WriteCSV writes every visible pixel of the visible spectra inside the x
// range (all of them when the range is automatic), undecimated, one row per
// pixel: spectrum, wavelength (in the display unit), flux, error, quality.
// Empty cells mean "not in the file"; NaN is written as NaN.
func WriteCSV(ctx context.Context, w io.Writer, spectra []*fits.Spectrum, opts Options) error {
	o := opts.withDefaults()
	ser, err := visibleSeries(spectra, o)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	unit := ""
	if len(ser) > 0 {
		unit = ser[0].pr.unit
	}
	header := []string{"spectrum", axisColumn(ser, unit), "flux", "error", "quality"}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, 5)
	for _, sr := range ser {
		lo, hi := 0, len(sr.pr.wave)
		if o.X.Valid() {
			lo, hi = visibleIndexRange(sr.pr.wave, sr.pr.order, o.X.Min, o.X.Max)
		}
		rec[0] = seriesTitle(sr)
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
