package spectrumplot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"esodesk/fits"
	"esodesk/fits/lines"
	"esodesk/widgets/headerview"
	"esodesk/widgets/savefile"
	"esodesk/widgets/spectrumplot/render"
)

var exportLabel = map[string]string{
	render.FormatPNG: "PNG image…",
	render.FormatSVG: "SVG drawing…",
	render.FormatPDF: "PDF document…",
	render.FormatCSV: "CSV table (pixels in view)…",
}

// exportJob is what an export writes: the current view, in print colours
// (white background), at the size shown on screen. Pictures are smoothed
// as on screen; a CSV table has the file's values.
func (p *Plot) exportJob(format string) ([]*fits.Spectrum, render.Options) {
	w, h := 1200, 500
	if p.shown != nil {
		b := p.shown.r.Image.Bounds()
		w, h = max(b.Dx(), 400), max(b.Dy(), 200)
	}
	o := p.options(w, h, 1)
	o.DPI = 80
	o.Dark, o.Background, o.Foreground = false, nil, nil
	o.Legend = true // a file has no legend row beside it
	if x, y, ok := p.view(); ok {
		o.X = x
		if p.yr.Valid() {
			o.Y = y
		}
	}
	if format == render.FormatCSV {
		return p.Spectra(), o
	}
	o.Markers = p.exportMarkers()
	return p.smoothed.drawn(p.Spectra(), p.smooth), o
}

// exportMarkers are the line markers on show, for render to draw into a
// picture file (the window draws its own, interactive, overlay).
func (p *Plot) exportMarkers() []render.Marker {
	if p.lines.list == nil {
		return nil
	}
	var out []render.Marker
	for _, l := range p.lines.list.Lines {
		vac, air := l.Vacuum, l.Air
		if l.IsBand() {
			vac = (l.Start + l.End) / 2
			air = lines.VacuumToAir(vac)
		}
		if !restFrame(l) {
			vac, air = lines.Observed(vac, p.lines.z), lines.Observed(air, p.lines.z)
		}
		m := render.Marker{Vacuum: vac, Air: air}
		if p.lines.labels {
			m.Label = l.Name
		}
		out = append(out, m)
	}
	return out
}

// Export writes the current view in format (png, svg, pdf or csv) to w,
// on the calling goroutine.
func (p *Plot) Export(ctx context.Context, w io.Writer, format string) error {
	spectra, o := p.exportJob(format)
	return render.Write(ctx, w, format, spectra, o)
}

// ExportFile writes the current view to path in the background, in the
// format of its extension; done (may be nil) gets the result on the UI
// goroutine.
func (p *Plot) ExportFile(path string, done func(error)) {
	format := render.FormatOf(path)
	if format == "" {
		if done != nil {
			done(fmt.Errorf("%s: use a .png, .svg, .pdf or .csv file name", path))
		}
		return
	}
	spectra, o := p.exportJob(format)
	p.background(func(ctx context.Context) error {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := render.Write(ctx, f, format, spectra, o); err != nil {
			f.Close()
			os.Remove(path)
			return err
		}
		return f.Close()
	}, done)
}

// showExportDialog asks for a file name, then writes in the background.
func (p *Plot) showExportDialog(format string) {
	if p.win == nil {
		return
	}
	spectra, o := p.exportJob(format)
	savefile.Show(p.win, savefile.Options{
		Title: "Export the plot as " + strings.ToUpper(format),
		Name:  exportName(spectra) + "." + format, Ext: "." + format,
	}, func(uw fyne.URIWriteCloser) {
		p.background(func(ctx context.Context) error {
			werr := render.Write(ctx, uw, format, spectra, o)
			cerr := uw.Close()
			return errors.Join(werr, cerr)
		}, func(err error) {
			if err != nil {
				dialog.ShowError(fmt.Errorf("export to %s failed: %w", uw.URI().Name(), err), p.win)
			}
		})
	})
}

// exportName suggests a file name from the first spectrum's title.
func exportName(spectra []*fits.Spectrum) string {
	if len(spectra) == 0 || spectra[0].Title == "" {
		return "spectrum"
	}
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, spectra[0].Title)
	return strings.Trim(name, "_.")
}

// showHeader opens the header viewer for the spectrum last under the mouse
// (else the first visible one).
func (p *Plot) showHeader() {
	s := p.headerSpectrum()
	if s == nil || p.win == nil {
		return
	}
	title := s.Title
	if title == "" {
		title = s.Source
	}
	headerview.ShowDialog(p.win, "Header: "+title, s.Headers)
}

func (p *Plot) headerSpectrum() *fits.Spectrum {
	if p.lastHit >= 0 && p.lastHit < len(p.spectra) && !p.hidden[p.lastHit] {
		return p.spectra[p.lastHit]
	}
	for i, s := range p.spectra {
		if !p.hidden[i] {
			return s
		}
	}
	return nil
}

// extraNames lists the extra arrays of all spectra, once each, in order.
func extraNames(spectra []*fits.Spectrum) []string {
	var names []string
	for _, s := range spectra {
		for _, e := range s.Extra {
			if !contains(names, e.Name) {
				names = append(names, e.Name)
			}
		}
	}
	return names
}
