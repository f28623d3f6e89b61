package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"esodesk/fits"
	"esodesk/fits/wcs"
)

const wcsUsage = `usage: esodesk wcs FILE [--hdu N] (--pix X,Y | --world RA,DEC)...

Converts pixels to sky positions and back with the header's WCS (wcslib:
every FITS projection, SIP and TPV distortions, CROTA, cubes). Pixels are
FITS 1-based (the centre of the first pixel is 1,1); sky positions are ICRS
degrees (Galactic and FK5 J2000 headers are converted).

For each --pix it prints "x y ra dec", for each --world "ra dec x y", in
the order given, with 9 decimals.

options:
  --pix X,Y        a pixel to convert to RA,Dec (repeatable)
  --world RA,DEC   an ICRS position in degrees to convert to a pixel (repeatable)
  --hdu N          HDU to read, 1 = primary (default: the first HDU with
                   two or more axes)
  --plane Z        for cubes: the pixel on the third axis (default 1)
`

// wcsPoint is one --pix or --world, in the order given.
type wcsPoint struct {
	world bool
	a, b  float64
}

// pointList is a repeatable "A,B" flag that appends to a shared list.
type pointList struct {
	world bool
	pts   *[]wcsPoint
}

func (l pointList) String() string { return "" }
func (l pointList) Set(v string) error {
	parts := strings.Split(v, ",")
	if len(parts) != 2 {
		return fmt.Errorf("%q is not two numbers separated by a comma", v)
	}
	var xy [2]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || f != f {
			return fmt.Errorf("%q is not a number", p)
		}
		xy[i] = f
	}
	*l.pts = append(*l.pts, wcsPoint{l.world, xy[0], xy[1]})
	return nil
}

type wcsArgs struct {
	file  string
	hdu   int // 1 = primary; 0 = choose
	plane float64
	pts   []wcsPoint
}

func parseWCSArgs(args []string, stdout, stderr io.Writer) (wcsArgs, int, bool) {
	a := wcsArgs{plane: 1}
	fs := flag.NewFlagSet("wcs", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Var(pointList{false, &a.pts}, "pix", "")
	fs.Var(pointList{true, &a.pts}, "world", "")
	fs.IntVar(&a.hdu, "hdu", 0, "")
	fs.Float64Var(&a.plane, "plane", 1, "")
	fail := func(msg string) (wcsArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk wcs: %s\n\n%s", msg, wcsUsage)
		return a, ExitUsage, false
	}
	files, err := flagsAndFiles(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(stdout, wcsUsage)
		return a, ExitOK, false
	} else if err != nil {
		return fail(err.Error())
	}
	switch {
	case len(files) == 0:
		return fail("give a FITS file")
	case len(files) > 1:
		return fail(fmt.Sprintf("give one FITS file, not %d", len(files)))
	case len(a.pts) == 0:
		return fail("give at least one --pix X,Y or --world RA,DEC")
	case a.hdu < 0:
		return fail("--hdu counts from 1 (the primary HDU)")
	}
	a.file = files[0]
	return a, ExitOK, true
}

func runWCS(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, code, ok := parseWCSArgs(args, stdout, stderr)
	if !ok {
		return code
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "esodesk wcs: %s: %v\n", a.file, err)
		return ExitError
	}
	f, err := os.Open(a.file)
	if err != nil {
		return fail(errors.Unwrap(err))
	}
	hdrs, err := fits.Headers(f)
	f.Close()
	if err != nil && len(hdrs) == 0 {
		return fail(err)
	}
	h, err := pickWCSHeader(hdrs, a.hdu)
	if err != nil {
		return fail(err)
	}
	w, err := wcs.FromHeader(wcs.HeaderText(h.Cards))
	if err != nil {
		return fail(fmt.Errorf("HDU %d: %w", h.Index+1, err))
	}
	defer w.Close()
	w.SetPlane(a.plane)
	for _, p := range a.pts {
		if ctx.Err() != nil {
			return ExitCanceled
		}
		if p.world {
			x, y, err := w.PixelAt(p.a, p.b)
			if err != nil {
				return fail(err)
			}
			fmt.Fprintf(stdout, "%.9f %.9f %.9f %.9f\n", p.a, p.b, x, y)
			continue
		}
		ra, dec, err := w.SkyAt(p.a, p.b)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "%.9f %.9f %.9f %.9f\n", p.a, p.b, ra, dec)
	}
	return ExitOK
}

// pickWCSHeader returns HDU n (1 = primary) or, for n = 0, the first HDU
// with NAXIS >= 2.
func pickWCSHeader(hdrs []fits.Header, n int) (fits.Header, error) {
	if n > 0 {
		if n > len(hdrs) {
			return fits.Header{}, fmt.Errorf("no HDU %d: the file has %d", n, len(hdrs))
		}
		return hdrs[n-1], nil
	}
	for _, h := range hdrs {
		for _, c := range h.Cards {
			if c.Key == "NAXIS" {
				if v, err := strconv.Atoi(strings.TrimSpace(c.Value)); err == nil && v >= 2 {
					return h, nil
				}
				break
			}
		}
	}
	return fits.Header{}, errors.New("no HDU has two or more axes: choose one with --hdu N")
}
