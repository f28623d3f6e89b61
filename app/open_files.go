package app

import (
	"esodesk/fits/sampfile"
	"esodesk/services/samp"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// spectrumExtensions are the files File › Open offers (others can still be
// dropped: the reader decides by content).
var spectrumExtensions = []string{".fits", ".fit", ".fts", ".fz", ".gz", ".Z", ".z", ".xml", ".vot"}

// OpenFiles shows local files (command line, drag and drop): images and
// cubes in the Images tab (the first of them), the rest in the Spectra tab.
// What a file holds is read off the UI goroutine.
func (u *UI) OpenFiles(paths []string) {
	if len(paths) == 0 {
		return
	}
	go func() {
		var spectra, images []string
		for _, p := range paths {
			if k, err := sampfile.Kind(p); err == nil && k == samp.MTypeImageLoadFITS {
				images = append(images, p)
			} else {
				spectra = append(spectra, p) // the Spectra tab says why what it cannot read
			}
		}
		u.do(func() {
			if len(spectra) > 0 {
				u.selectTab("Spectra")
				u.spectra.openFiles(spectra)
			}
			if len(images) > 0 {
				u.images.openFile(images[0])
			}
		})
	}()
}

func (u *UI) selectTab(name string) {
	for _, ti := range u.tabs.Items {
		if ti.Text == name {
			u.tabs.Select(ti)
		}
	}
}

func (u *UI) dropped(_ fyne.Position, uris []fyne.URI) {
	var paths []string
	for _, uri := range uris {
		if uri.Scheme() == "file" {
			paths = append(paths, uri.Path())
		}
	}
	u.OpenFiles(paths)
}

func (u *UI) showOpenSpectrum() {
	u.showOpenFITS("spectra.open_dir", func(path string) {
		u.selectTab("Spectra")
		u.spectra.openFiles([]string{path})
	})
}

// showOpenImage opens a FITS image or cube in the Images tab.
func (u *UI) showOpenImage() {
	u.showOpenFITS("images.open_dir", u.images.openFile)
}

// showOpenFITS asks for a file, starting in the folder remembered under
// dirKey, and hands it to open.
func (u *UI) showOpenFITS(dirKey string, open func(path string)) {
	p := u.app.Preferences()
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, u.win)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		r.Close()
		if i := strings.LastIndex(path, "/"); i > 0 {
			p.SetString(dirKey, path[:i])
		}
		open(path)
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter(spectrumExtensions))
	if dir := p.String(dirKey); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Show()
	d.Resize(fyne.NewSize(900, 600)) // after Show: Fyne 2.8.1 dereferences the unbuilt dialog before it
}
