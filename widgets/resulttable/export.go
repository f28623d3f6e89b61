package resulttable

import (
	"errors"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/votable"
	"esodesk/widgets/savefile"
)

var errNoTable = errors.New("resulttable: no table to export")

// ExportCSV writes the current view (visible columns; filtered, sorted rows)
// as CSV. Call it on the UI goroutine; it writes synchronously.
func (rt *ResultTable) ExportCSV(w io.Writer) error { return rt.snapshot(false).writeCSV(w) }

// ExportVOTable writes the current view as a VOTable (TABLEDATA) keeping the
// fields' metadata. Call it on the UI goroutine; it writes synchronously.
func (rt *ResultTable) ExportVOTable(w io.Writer) error { return rt.snapshot(false).writeVOTable(w) }

// rowList converts the view to the index list the votable writers take.
func (s viewSnapshot) rowList() []int {
	if s.view == nil {
		return nil
	}
	rows := make([]int, len(s.view))
	for i, r := range s.view {
		rows[i] = int(r)
	}
	return rows
}

func (s viewSnapshot) writeCSV(w io.Writer) error {
	if s.table == nil {
		return errNoTable
	}
	return votable.WriteCSV(w, s.table, s.rowList(), s.cols)
}

func (s viewSnapshot) writeVOTable(w io.Writer) error {
	if s.table == nil {
		return errNoTable
	}
	return votable.WriteVOTable(w, s.table, s.rowList(), s.cols, "TABLEDATA")
}

func (rt *ResultTable) showExportMenu() {
	menu := fyne.NewMenu("",
		fyne.NewMenuItem("CSV…", func() { rt.exportWithDialog("result.csv", ".csv", viewSnapshot.writeCSV) }),
		fyne.NewMenuItem("VOTable…", func() { rt.exportWithDialog("result.vot", ".vot", viewSnapshot.writeVOTable) }),
	)
	c := fyne.CurrentApp().Driver().CanvasForObject(rt.exportButton)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(rt.exportButton)
	widget.ShowPopUpMenuAtPosition(menu, c, pos.AddXY(0, rt.exportButton.Size().Height))
}

// exportWithDialog asks for a file, then writes the view as it is now in a
// goroutine behind a progress dialog; errors are shown in a dialog. The path
// is taken as typed (full, ~/… or a name in the folder offered): Fyne's own
// save dialog put a full path under its current folder.
func (rt *ResultTable) exportWithDialog(name, ext string, write func(viewSnapshot, io.Writer) error) {
	if rt.table == nil || rt.win == nil {
		return
	}
	snap := rt.snapshot(false)
	format := strings.ToUpper(strings.TrimPrefix(ext, "."))
	if ext == ".vot" {
		format = "VOTable"
	}
	savefile.Show(rt.win, savefile.Options{
		Title: "Export " + groupDigits(snap.n) + " rows as " + format,
		Name:  name, Ext: ext,
	}, func(w fyne.URIWriteCloser) {
		rt.writeInBackground(w, snap, write)
	})
}

func (rt *ResultTable) writeInBackground(w fyne.URIWriteCloser, snap viewSnapshot, write func(viewSnapshot, io.Writer) error) {
	bar := widget.NewProgressBarInfinite()
	progress := dialog.NewCustomWithoutButtons("Exporting "+groupDigits(snap.n)+" rows",
		container.NewVBox(widget.NewLabel(w.URI().Name()), bar), rt.win)
	progress.Show()
	rt.busy.Add(1)
	go func() {
		err := write(snap, w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		rt.run(func() {
			defer rt.busy.Done()
			bar.Stop()
			progress.Hide()
			if err != nil {
				dialog.ShowError(err, rt.win)
			}
		})
	}()
}
