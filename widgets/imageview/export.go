package imageview

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"esodesk/widgets/savefile"
)

// errNothingShown: an export before the first render.
var errNothingShown = errors.New("there is no image on show to export: open an image first")

// ExportPNG writes the view as shown (the last render, with its grid) as
// PNG to w, on the calling goroutine.
func (v *Viewer) ExportPNG(w io.Writer) error {
	if v.shown == nil {
		return errNothingShown
	}
	return png.Encode(w, v.shown)
}

// ExportFile writes the view as shown to path as PNG in the background;
// done (may be nil) gets the result on the UI goroutine.
func (v *Viewer) ExportFile(path string, done func(error)) {
	img := v.shown
	v.background(func() error {
		if img == nil {
			return errNothingShown
		}
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := png.Encode(f, img); err != nil {
			f.Close()
			os.Remove(path)
			return err
		}
		return f.Close()
	}, done)
}

// showExportDialog asks for a file name, then writes in the background.
func (v *Viewer) showExportDialog() {
	img := v.shown
	if v.win == nil || img == nil {
		return
	}
	savefile.Show(v.win, savefile.Options{
		Title: "Export the view as PNG", Name: exportName(v.title, v.plane, v.planes) + ".png", Ext: ".png",
	}, func(uw fyne.URIWriteCloser) {
		v.background(func() error {
			return errors.Join(writePNG(uw, img), uw.Close())
		}, func(err error) {
			if err != nil {
				dialog.ShowError(fmt.Errorf("export to %s failed: %w", uw.URI().Name(), err), v.win)
			}
		})
	})
}

func writePNG(w io.Writer, img *image.RGBA) error { return png.Encode(w, img) }

// background runs fn off the UI goroutine; done gets its error on it.
func (v *Viewer) background(fn func() error, done func(error)) {
	v.work.Add(1)
	go func() {
		defer v.work.Done()
		err := fn()
		if done != nil {
			v.run(func() { done(err) })
		}
	}()
}

// exportName suggests a file name: the title (safe characters only) and,
// for a cube, the plane.
func exportName(title string, plane, planes int) string {
	name := strings.Trim(strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, title), "_.")
	if name == "" {
		name = "image"
	}
	if planes > 1 {
		name += fmt.Sprintf("_plane%d", plane+1)
	}
	return name
}
