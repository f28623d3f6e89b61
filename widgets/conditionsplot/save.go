package conditionsplot

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"esodesk/services/conditions"
	"esodesk/widgets/conditionsplot/render"
	"esodesk/widgets/savefile"
)

// fileSize is the PNG's size when nothing is on show yet.
const fileW, fileH = 1600, 1000

// pngOptions: the picture as shown (size and scale), or 1600 x 1000.
func (p *Plot) pngOptions() render.Options {
	o := p.opt
	if p.shown != nil {
		return p.shown.opt
	}
	o.Width, o.Height, o.Scale = fileW, fileH, 1
	return o
}

func (p *Plot) showSavePNG() {
	series, o := p.series, p.pngOptions()
	p.save("PNG", ".png", func(uw fyne.URIWriteCloser) error {
		return render.WriteTo(uw, "png", series, o)
	})
}

func (p *Plot) showSaveCSV() {
	series := p.series
	p.save("CSV", ".csv", func(uw fyne.URIWriteCloser) error {
		return conditions.WriteCSV(uw, series)
	})
}

// save asks for a file, then writes it in the background; a failure is
// shown in a dialog.
func (p *Plot) save(kind, ext string, write func(fyne.URIWriteCloser) error) {
	if p.win == nil || p.series == nil {
		return
	}
	savefile.Show(p.win, savefile.Options{
		Title: "Save the conditions as " + kind, Name: fileName(p.opt.Title) + ext, Ext: ext,
	}, func(uw fyne.URIWriteCloser) {
		p.work.Add(1)
		go func() {
			defer p.work.Done()
			err := errors.Join(write(uw), uw.Close())
			if err == nil {
				return
			}
			p.run(func() {
				dialog.ShowError(fmt.Errorf("saving %s failed: %w. Check the folder exists and is writable, then save again", uw.URI().Name(), err), p.win)
			})
		}()
	})
}

// fileName suggests a name from the plot's title: "Paranal_2019-03-05_night".
func fileName(title string) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '_'
	}, title)
	for strings.Contains(name, "__") {
		name = strings.ReplaceAll(name, "__", "_")
	}
	if name = strings.Trim(name, "_."); name == "" {
		return "conditions"
	}
	return name
}
