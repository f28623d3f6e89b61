package datasetview

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// bar is the bottom bar: download options, the summary of what a download
// would fetch, and the actions.
type bar struct {
	v                *View
	trees, nightLogs *widget.Check
	summary          *widget.Label
	copyIDs          *widget.Button
	download         *widget.Button
	root             fyne.CanvasObject
}

func newBar(v *View) *bar {
	b := &bar{v: v}
	b.trees = widget.NewCheck("Association trees", func(bool) { b.refresh() })
	b.trees.Checked = true
	b.nightLogs = widget.NewCheck("Night logs", func(bool) { b.refresh() })
	// the summary (the total, what was downgraded) wraps rather than lose its end
	b.summary = widget.NewLabel("")
	b.summary.Wrapping = fyne.TextWrapWord
	b.copyIDs = widget.NewButtonWithIcon("Copy ids", theme.ContentCopyIcon(), v.copyIDs)
	b.download = widget.NewButtonWithIcon("Download datasets…", theme.DownloadIcon(), func() {
		if v.OnDownload != nil {
			v.OnDownload(v.options())
		}
	})
	b.download.Importance = widget.HighImportance
	b.root = container.NewBorder(nil, nil,
		container.NewCenter(container.NewHBox(b.trees, b.nightLogs)),
		container.NewCenter(container.NewHBox(b.copyIDs, b.download)),
		b.summary)
	return b
}

// refresh asks the app's Summary again and enables Download when there is
// something to download.
func (b *bar) refresh() {
	if b.summary == nil {
		return // checkbox callbacks while building
	}
	text := ""
	if b.v.Summary != nil && len(b.v.ds) > 0 {
		text = b.v.Summary(b.v.options())
	}
	b.summary.SetText(text)
	if len(b.v.ds) == 0 {
		b.download.Disable()
	} else {
		b.download.Enable()
	}
}

// copyIDs puts the selected dataset's dp_ids (science, siblings,
// calibrations), one a line, on the clipboard.
func (v *View) copyIDs() {
	if text := v.SelectedIDs(); text != "" {
		fyne.CurrentApp().Clipboard().SetContent(text)
	}
}

// SelectedIDs is what "Copy ids" copies: the selected dataset's dp_ids,
// science frame first, one a line; "" with no selection.
func (v *View) SelectedIDs() string {
	d := v.Selected()
	if d == nil {
		return ""
	}
	ids := []string{d.Science.DPID}
	for _, f := range d.Siblings {
		ids = append(ids, f.DPID)
	}
	for _, f := range d.Calibrations {
		ids = append(ids, f.DPID)
	}
	return strings.Join(ids, "\n")
}
