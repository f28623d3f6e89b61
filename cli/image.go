package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"io"
	"math"
	"strings"

	"esodesk/fits/fitsimage"
	"esodesk/fits/wcs"
	"esodesk/preview/imgrender"
)

const imageUsage = `usage: esodesk image FILE --out PNG [options]

Renders one plane of a FITS image or cube (plain or tile-compressed) to a
PNG, north up as DS9 shows it, without opening a window.

options:
  --out FILE       output PNG (required)
  --hdu N          HDU to read, 1 = primary (default: the first image with
                   two or more axes)
  --plane P        plane of a cube, from 0 (default 0)
  --width W        output width in pixels  (default: the image's size,
  --height H       output height in pixels  at most 2000, aspect kept)
  --scale S        zscale (default), minmax, or a percentile: 99.5, 99, 95...
  --stretch S      linear (default), log, sqrt or asinh
  --cmap NAME      colour map: ` + "%s" + ` (default gray)
  --invert         invert the colour map
  --grid           draw an RA/Dec grid from the header's WCS

Blank pixels are drawn dark blue-grey.
`

func imageUsageText() string {
	return fmt.Sprintf(imageUsage, strings.Join(imgrender.Colormaps(), ", "))
}

type imageArgs struct {
	file, out      string
	hdu, plane     int
	width, height  int
	scale, stretch string
	cmap           string
	invert, grid   bool
}

func parseImageArgs(args []string, stderr io.Writer) (imageArgs, int, bool) {
	a := imageArgs{scale: "zscale", stretch: "linear", cmap: "gray"}
	fs := flag.NewFlagSet("image", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.out, "out", "", "")
	fs.IntVar(&a.hdu, "hdu", 0, "")
	fs.IntVar(&a.plane, "plane", 0, "")
	fs.IntVar(&a.width, "width", 0, "")
	fs.IntVar(&a.height, "height", 0, "")
	fs.StringVar(&a.scale, "scale", a.scale, "")
	fs.StringVar(&a.stretch, "stretch", a.stretch, "")
	fs.StringVar(&a.cmap, "cmap", a.cmap, "")
	fs.BoolVar(&a.invert, "invert", false, "")
	fs.BoolVar(&a.grid, "grid", false, "")
	fail := func(msg string) (imageArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk image: %s\n\n%s", msg, imageUsageText())
		return a, ExitUsage, false
	}
	var files []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				io.WriteString(stderr, imageUsageText())
				return a, ExitOK, false
			}
			return fail(err.Error())
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	switch {
	case len(files) != 1:
		return fail("give one FITS file")
	case a.out == "":
		return fail("--out is required")
	case !strings.HasSuffix(strings.ToLower(a.out), ".png"):
		return fail(fmt.Sprintf("--out %q: use a .png file name", a.out))
	case a.hdu < 0 || a.plane < 0:
		return fail("--hdu and --plane cannot be negative")
	case a.width < 0 || a.height < 0 || a.width > 20000 || a.height > 20000:
		return fail("--width and --height must be 1..20000")
	}
	a.file = files[0]
	if err := imgrender.CheckParams(imgrender.Params{Scale: a.scale, Stretch: a.stretch, Colormap: a.cmap}); err != nil {
		return fail(err.Error())
	}
	return a, ExitOK, true
}

// outputSize: given sizes win; a missing one follows the image's aspect;
// with neither, the image's own size, at most 2000 pixels on its long side.
func outputSize(w, h, ow, oh int) (int, int) {
	aspect := float64(w) / float64(h)
	switch {
	case ow > 0 && oh > 0:
		return ow, oh
	case ow > 0:
		return ow, max(1, int(math.Round(float64(ow)/aspect)))
	case oh > 0:
		return max(1, int(math.Round(float64(oh)*aspect))), oh
	}
	if w <= 2000 && h <= 2000 {
		return w, h
	}
	if w >= h {
		return 2000, max(1, int(math.Round(2000/aspect)))
	}
	return max(1, int(math.Round(2000*aspect))), 2000
}

func runImage(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, code, ok := parseImageArgs(args, stderr)
	if !ok {
		return code
	}
	fail := func(err error) int {
		if ctx.Err() != nil {
			return ExitCanceled
		}
		fmt.Fprintf(stderr, "esodesk image: %v\n", err)
		return ExitError
	}
	if err := checkOutFolder(a.out); err != nil {
		return fail(err)
	}
	f, err := fitsimage.Open(a.file, a.hdu)
	if err != nil {
		return fail(err)
	}
	defer f.Close()
	w, h, planes := f.Size()
	if a.plane >= planes {
		return fail(fmt.Errorf("%s has %d plane(s); --plane counts from 0", a.file, planes))
	}
	var grid *wcs.WCS
	if a.grid { // before reading pixels: a header without a WCS fails fast
		if grid, err = wcs.FromHeader(f.Header()); err != nil {
			return fail(fmt.Errorf("--grid: %s has no usable celestial WCS: %w", a.file, err))
		}
		defer grid.Close()
		grid.SetPlane(float64(a.plane + 1))
	}
	data, err := f.Plane(ctx, a.plane)
	if err != nil {
		return fail(err)
	}
	p := imgrender.Params{Scale: a.scale, Stretch: a.stretch, Colormap: a.cmap, Invert: a.invert}
	lo, hi, err := imgrender.Limits(data, p.Scale)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", a.file, err))
	}
	ow, oh := outputSize(w, h, a.width, a.height)
	v := imgrender.Fit(w, h, ow, oh)
	img, err := imgrender.Render(ctx, data, w, h, lo, hi, p, v)
	if err != nil {
		return fail(err)
	}
	if grid != nil {
		imgrender.DrawGrid(img, v, w, h,
			func(x, y float64) (float64, float64, bool) {
				ra, dec, err := grid.SkyAt(x+1, y+1)
				return ra, dec, err == nil && !math.IsNaN(ra)
			},
			func(ra, dec float64) (float64, float64, bool) {
				x, y, err := grid.PixelAt(ra, dec)
				return x - 1, y - 1, err == nil && !math.IsNaN(x)
			})
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := writeOut(a.out, func(wr io.Writer) error { return enc.Encode(wr, img) }); err != nil {
		return fail(err)
	}
	return ExitOK
}
