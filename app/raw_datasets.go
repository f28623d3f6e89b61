package app

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/rawctl"
	"esodesk/services/calselector"
	"esodesk/services/dataset"
	"esodesk/widgets/datasetview"
)

// Association mode choices, as the user reads them.
const (
	modeRawLabel       = "raw calibrations (Raw2Raw)"
	modeProcessedLabel = "processed calibrations (Raw2Master)"
)

// rawDatasets is the Raw tab's second half: the association bar under the
// frames and the Datasets tab (the controller asks CalSelector).
type rawDatasets struct {
	t            *rawTab
	tab          *container.TabItem
	associateBar fyne.CanvasObject
	mode         *widget.Select
	associateBtn *widget.Button
	cancelBtn    *widget.Button
	progress     *widget.ProgressBar
	progressBox  fyne.CanvasObject // the bar at a fixed width; shown while associating
	modeBox      fyne.CanvasObject // "with" and the mode; hidden while associating
	view         *datasetview.View
}

func newRawDatasets(t *rawTab) *rawDatasets {
	d := &rawDatasets{t: t}
	p := t.u.app.Preferences()
	d.mode = widget.NewSelect([]string{modeRawLabel, modeProcessedLabel}, func(s string) { p.SetString("raw.mode", s) })
	d.mode.SetSelected(p.StringWithFallback("raw.mode", modeRawLabel))
	d.associateBtn = widget.NewButton("Associate calibrations", func() { t.ctl.Associate(d.requestedMode()) })
	d.associateBtn.Importance = widget.HighImportance
	d.associateBtn.Disable()
	d.cancelBtn = widget.NewButton("Cancel", d.stop)
	d.cancelBtn.Hide()
	d.progress = widget.NewProgressBar()
	// the progress takes the mode's place while associating (the status
	// line names the mode), so the bar keeps its width
	d.modeBox = container.NewHBox(widget.NewLabel("with"), atLeast(selectWidth(d.mode), d.mode))
	d.progressBox = atLeast(180, d.progress)
	d.progressBox.Hide()
	d.associateBar = container.NewHBox(d.progressBox, d.cancelBtn, d.modeBox, d.associateBtn)

	d.view = datasetview.New(t.u.win)
	d.view.OnNeedTree = t.ctl.FetchTree
	d.view.Summary = func(o datasetview.Options) string { return d.plan(o).Summary() }
	d.view.OnDownload = d.download
	d.tab = container.NewTabItem("Datasets", d.view)
	return d
}

func (d *rawDatasets) requestedMode() calselector.Mode {
	if d.mode.Selected == modeProcessedLabel {
		return calselector.Raw2Master
	}
	return calselector.Raw2Raw
}

// render shows the association part of the controller's state.
func (d *rawDatasets) render(s, prev rawctl.State) {
	if n := len(s.Selected); n > 0 && !s.Associating {
		d.associateBtn.Enable()
		d.associateBtn.SetText(fmt.Sprintf("Associate calibrations (%d)", n))
	} else {
		d.associateBtn.Disable()
		d.associateBtn.SetText("Associate calibrations")
	}
	if s.Associating {
		d.progress.SetValue(s.Progress)
		d.cancelBtn.Show()
		d.progressBox.Show()
		d.modeBox.Hide()
	} else {
		d.cancelBtn.Hide()
		d.progressBox.Hide()
		d.modeBox.Show()
	}
	if s.Datasets.Seq != prev.Datasets.Seq {
		d.view.SetDatasets(s.Datasets.List)
		d.tab.Text = fmt.Sprintf("Datasets (%d)", len(s.Datasets.List))
		d.t.inner.Select(d.tab)
		d.t.inner.Refresh()
	}
	if s.Failure.Seq != prev.Failure.Seq {
		d.showFailure(s.Failure)
	}
	if tr := s.Tree; tr.Seq != prev.Tree.Seq {
		d.view.SetTree(tr.Dataset, tr.Tree, tr.Err)
	}
}

// showFailure offers a retry for the service's own trouble (HTTP 5xx,
// network) and shows the service's words for a bad request.
func (d *rawDatasets) showFailure(f rawctl.Failure) {
	win := d.t.u.win
	if !f.Retry {
		dialog.ShowError(errors.New(f.Message), win)
		return
	}
	dlg := dialog.NewCustomConfirm("CalSelector is unavailable", "Retry", "Close", wrappedLabel(f.Message),
		func(retry bool) {
			if retry {
				d.t.ctl.Retry()
			}
		}, win)
	dlg.Resize(fyne.NewSize(560, 260))
	dlg.Show()
}

func (d *rawDatasets) plan(o datasetview.Options) *dataset.Plan {
	return d.t.ctl.Plan(rawctl.PlanOptions(o))
}

// download shows what will be fetched (total size first) and queues it.
func (d *rawDatasets) download(o datasetview.Options) {
	p, confirm := d.t.ctl.PrepareDownload(rawctl.PlanOptions(o))
	if p == nil {
		return
	}
	text := widget.NewLabel(confirm)
	text.Wrapping = fyne.TextWrapWord
	text.Alignment = fyne.TextAlignCenter
	dlg := dialog.NewCustomConfirm("Download datasets", "Download", "Cancel", text, func(ok bool) {
		if !ok {
			return
		}
		if err := d.t.ctl.Download(p); err != nil {
			dialog.ShowError(err, d.t.u.win)
		}
	}, d.t.u.win)
	// wide enough for the total on one line; the height follows the text
	dlg.Resize(fyne.NewSize(640, 0))
	dlg.Show()
}

func (d *rawDatasets) stop() { d.t.ctl.CancelAssociation() }

// wrappedLabel is a dialog text that wraps at the dialog's width.
func wrappedLabel(s string) fyne.CanvasObject {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}
