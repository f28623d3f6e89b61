package render

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"

	"esodesk/services/conditions"
)

// Write draws the series into path, in the format its extension names:
// .png (opt.Width x opt.Height pixels), .svg or .pdf (the same physical
// size). A file it cannot finish is removed.
func Write(path string, series []conditions.Series, opt Options) error {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".png", ".svg", ".pdf":
	default:
		return fmt.Errorf("cannot write the conditions plot to %s: unknown file type %q (use .png, .svg or .pdf)", path, ext)
	}
	out, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cannot write the conditions plot: %w", err)
	}
	werr := WriteTo(out, ext[1:], series, opt)
	if err := errors.Join(werr, out.Close()); err != nil {
		os.Remove(path)
		return fmt.Errorf("cannot write the conditions plot to %s: %w", path, err)
	}
	return nil
}

// WriteTo is Write to w in format "png", "svg" or "pdf".
func WriteTo(w io.Writer, format string, series []conditions.Series, opt Options) error {
	o := opt.withDefaults()
	dpi := o.dpi()
	width, height := pxToPt(o.Width, dpi), pxToPt(o.Height, dpi)
	var c vg.CanvasWriterTo
	pdf := false
	switch strings.ToLower(format) {
	case "png":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi),
			vgimg.UseBackgroundColor(bgColour))}
	case "svg":
		c = vgsvg.New(width, height)
	case "pdf":
		pc := vgpdf.New(width, height)
		pc.EmbedFonts(true) // the app's font, on any viewer
		c, pdf = pc, true
	default:
		return fmt.Errorf("unknown image format %q (use png, svg or pdf)", format)
	}
	f, err := build(series, o, pdf)
	if err != nil {
		return err
	}
	f.draw(draw.New(c))
	_, err = c.WriteTo(w)
	return err
}
