package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// spectrumExtensions are the files File › Open offers (others can still be
// dropped: the reader decides by content).
var spectrumExtensions = []string{".fits", ".fit", ".fts", ".gz", ".Z", ".z", ".xml", ".vot"}

// OpenFiles shows local spectrum files in the Spectra tab (command line,
// drag and drop, File › Open).
func (u *UI) OpenFiles(paths []string) {
	if len(paths) == 0 {
		return
	}
	u.selectTab("Spectra")
	u.spectra.openFiles(paths)
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
			p.SetString("spectra.open_dir", path[:i])
		}
		u.OpenFiles([]string{path})
	}, u.win)
	d.SetFilter(storage.NewExtensionFileFilter(spectrumExtensions))
	if dir := p.String("spectra.open_dir"); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Show()
	d.Resize(fyne.NewSize(900, 600)) // after Show: Fyne 2.8.1 dereferences the unbuilt dialog before it
}
