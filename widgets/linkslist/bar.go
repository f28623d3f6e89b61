package linkslist

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/bytesize"
)

// bar is the bottom of the list: select all, the summary and the download.
type bar struct {
	l        *List
	all      *widget.Button
	none     *widget.Button
	summary  *widget.Label
	download *widget.Button
	root     fyne.CanvasObject
}

func newBar(l *List) *bar {
	b := &bar{l: l}
	b.all = widget.NewButton("Select all files", l.SelectAll)
	b.none = widget.NewButton("Clear", l.SelectNone)
	b.summary = widget.NewLabel("")
	b.summary.Wrapping = fyne.TextWrapWord
	b.download = widget.NewButtonWithIcon("Download selected", theme.DownloadIcon(), func() {
		if sel := l.Selected(); len(sel) > 0 && l.OnDownload != nil {
			l.OnDownload(sel)
		}
	})
	b.download.Importance = widget.HighImportance
	b.root = container.NewVBox(widget.NewSeparator(), b.summary,
		container.NewBorder(nil, nil, container.NewHBox(b.all, b.none), nil, b.download))
	return b
}

// Summary is the bar's text: "3 selected · 12.4 MB" ("≈12.4 MB" when some
// of it is an estimate), with the number of files of unknown size when
// some are.
func Summary(n int, total int64, unknown int, estimated bool) string {
	if n == 0 {
		return "Nothing selected"
	}
	s := fmt.Sprintf("%d selected · %s", n, bytesize.Text(total, estimated))
	if unknown > 0 {
		s += fmt.Sprintf(" + %d of unknown size", unknown)
	}
	return s
}

func (b *bar) refresh() {
	var total int64
	n, unknown, files, estimated := 0, 0, 0, false
	if b.l.links != nil {
		for i := range b.l.links.Rows {
			lk := &b.l.links.Rows[i]
			if Downloadable(lk) {
				files++
			}
			if i < len(b.l.sel) && b.l.sel[i] {
				n++
				if lk.ContentLength < 0 {
					unknown++
				} else {
					total += lk.ContentLength
					estimated = estimated || lk.LengthEstimated
				}
			}
		}
	}
	b.summary.SetText(Summary(n, total, unknown, estimated))
	enable(b.download, n > 0)
	enable(b.none, n > 0)
	enable(b.all, files > n)
}

func enable(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

// canvasRect is the shaded background of a group heading.
func canvasRect() fyne.CanvasObject {
	return canvas.NewRectangle(theme.Color(theme.ColorNameHeaderBackground))
}
