// Package savefile asks where to save a file. Fyne's save dialog joins
// whatever is typed in its name field to the folder it shows, so a full
// path or ~/… typed there lands under that folder, or fails; this dialog
// takes a path the way users type it, and Browse… picks the folder.
package savefile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// Options say what the dialog offers.
type Options struct {
	Title   string // e.g. "Export 1 234 rows as CSV"
	Confirm string // the button, "Save" when empty
	Dir     string // the folder offered, and where a bare name goes; the last one saved to (home at first) when empty
	Name    string // the file name offered
	Ext     string // ".csv": added to a name typed without any extension
}

// Resolve turns a path as typed into an absolute one: "~" and "~/…" are in
// home, a relative path is in dir.
func Resolve(typed, dir, home string) (string, error) {
	p := strings.TrimSpace(typed)
	switch {
	case p == "":
		return "", errors.New("type a file name")
	case p == "~" || strings.HasPrefix(p, "~"+string(filepath.Separator)):
		p = filepath.Join(home, p[1:])
	case !filepath.IsAbs(p):
		p = filepath.Join(dir, p)
	}
	return filepath.Clean(p), nil
}

// target is the file a typed path names: ext is added to a name without
// any extension, and a folder is refused, as is a folder that does not exist.
func target(typed, dir, home, ext string) (string, error) {
	p, err := Resolve(typed, dir, home)
	if err != nil {
		return "", err
	}
	if info, err := os.Stat(p); (err == nil && info.IsDir()) || strings.HasSuffix(typed, string(filepath.Separator)) {
		return "", fmt.Errorf("%s is a folder: add a file name", p)
	}
	if filepath.Ext(p) == "" {
		p += ext
	}
	if info, err := os.Stat(filepath.Dir(p)); err != nil || !info.IsDir() {
		return "", fmt.Errorf("the folder %s does not exist", filepath.Dir(p))
	}
	return p, nil
}

// Show opens the dialog on win. save gets the chosen file opened for
// writing, once the user confirmed (and agreed to replace an existing file);
// it must close it. Nothing happens on Cancel.
func Show(win fyne.Window, o Options, save func(fyne.URIWriteCloser)) {
	home, _ := os.UserHomeDir()
	dir := o.Dir
	if dir == "" {
		dir = lastDir
	}
	if dir == "" {
		dir = home
	}
	if o.Confirm == "" {
		o.Confirm = "Save"
	}
	entry := widget.NewEntry()
	entry.SetText(filepath.Join(dir, o.Name))
	field := widget.NewFormItem("File", entry)
	field.HintText = "A full path, ~/… or a name in " + dir + ". Enter saves."
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	problem.Hide()

	var d dialog.Dialog
	fail := func(err error) {
		problem.SetText("Cannot save there: " + err.Error() + ".")
		problem.Show()
		d.Resize(fyne.NewSize(dialogWidth, 0)) // room for the message
	}
	write := func(path string) {
		w, err := storage.Writer(storage.NewFileURI(path))
		if err != nil {
			fail(err)
			return
		}
		d.Hide()
		lastDir = filepath.Dir(path)
		save(w)
	}
	submit := func() {
		path, err := target(entry.Text, dir, home, o.Ext)
		if err != nil {
			fail(err)
			return
		}
		if _, err := os.Stat(path); err == nil {
			dialog.ShowConfirm("Replace the file?", path+" exists already. Replace it?", func(ok bool) {
				if ok {
					write(path)
				}
			}, win)
			return
		}
		write(path)
	}
	entry.OnChanged = func(string) { problem.Hide() }
	entry.OnSubmitted = func(string) { submit() }

	browse := widget.NewButton("Browse…", func() {
		pickFolder(win, entry, dir, home, o.Ext)
	})
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	ok := widget.NewButton(o.Confirm, submit)
	ok.Importance = widget.HighImportance
	buttons := container.NewHBox(browse, layout.NewSpacer(), cancel, ok)
	content := container.NewVBox(widget.NewForm(field), problem, buttons)
	d = dialog.NewCustomWithoutButtons(o.Title, content, win)
	d.Resize(fyne.NewSize(dialogWidth, 0))
	d.Show()
	win.Canvas().Focus(entry)
}

// lastDir is the folder of the last file saved (UI goroutine only): the
// next export, of a table or a plot, is offered there.
var lastDir string

// dialogWidth shows a usual full path whole.
const dialogWidth = 640

// pickFolder lets the user choose the folder in Fyne's folder view; the
// file name typed so far is kept.
func pickFolder(win fyne.Window, entry *widget.Entry, dir, home, ext string) {
	name := "result" + ext
	start := dir
	if p, err := Resolve(entry.Text, dir, home); err == nil && !strings.HasSuffix(entry.Text, string(filepath.Separator)) {
		name, start = filepath.Base(p), filepath.Dir(p)
	}
	f := dialog.NewFolderOpen(func(folder fyne.ListableURI, err error) {
		if err == nil && folder != nil {
			entry.SetText(filepath.Join(folder.Path(), name))
		}
	}, win)
	if l, err := storage.ListerForURI(storage.NewFileURI(start)); err == nil {
		f.SetLocation(l)
	}
	f.Show()
}
