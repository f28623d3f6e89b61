package app

import (
	"context"
	"fmt"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/calselector"
	"esodesk/services/dataset"
	"esodesk/services/vohttp"
	"esodesk/widgets/datasetview"
)

// Association mode choices, as the user reads them.
const (
	modeRawLabel       = "raw calibrations (Raw2Raw)"
	modeProcessedLabel = "processed calibrations (Raw2Master)"
)

// rawDatasets is the Raw tab's second half: ask CalSelector for the
// selected frames, show the datasets, download them.
type rawDatasets struct {
	t            *rawTab
	tab          *container.TabItem
	associateBar fyne.CanvasObject
	mode         *widget.Select
	associateBtn *widget.Button
	cancelBtn    *widget.Button
	progress     *widget.ProgressBar
	progressBox  fyne.CanvasObject // the bar at a fixed width; shown while associating
	view         *datasetview.View

	// UI-goroutine state
	cancel    context.CancelFunc
	requested calselector.Mode // of the datasets on show
	treeWork  map[*dataset.Dataset]bool
}

func newRawDatasets(t *rawTab) *rawDatasets {
	d := &rawDatasets{t: t, treeWork: map[*dataset.Dataset]bool{}}
	p := t.u.app.Preferences()
	d.mode = widget.NewSelect([]string{modeRawLabel, modeProcessedLabel}, func(s string) { p.SetString("raw.mode", s) })
	d.mode.SetSelected(p.StringWithFallback("raw.mode", modeRawLabel))
	d.associateBtn = widget.NewButton("Associate calibrations", d.associate)
	d.associateBtn.Importance = widget.HighImportance
	d.associateBtn.Disable()
	d.cancelBtn = widget.NewButton("Cancel", d.stop)
	d.cancelBtn.Hide()
	d.progress = widget.NewProgressBar()
	modeBox := container.NewGridWrap(fyne.NewSize(300, d.mode.MinSize().Height), d.mode)
	d.progressBox = container.NewGridWrap(fyne.NewSize(180, d.progress.MinSize().Height), d.progress)
	d.progressBox.Hide()
	d.associateBar = container.NewHBox(d.progressBox, d.cancelBtn, widget.NewLabel("with"), modeBox, d.associateBtn)

	d.view = datasetview.New(t.u.win)
	d.view.RunOnUI = t.u.do
	d.view.OnNeedTree = d.fetchTree
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

func (d *rawDatasets) selectionChanged(n int) {
	if n > 0 && d.cancel == nil {
		d.associateBtn.Enable()
		d.associateBtn.SetText(fmt.Sprintf("Associate calibrations (%d)", n))
	} else {
		d.associateBtn.Disable()
		d.associateBtn.SetText("Associate calibrations")
	}
}

// associate asks CalSelector about the selected frames, in the background,
// in batches of 100 with progress; the datasets on show stay until the
// answer is complete.
func (d *rawDatasets) associate() {
	t := d.t
	ids := t.selectedIDs()
	if len(ids) == 0 {
		t.status.SetText("Select the frames first (Ctrl+A selects all).")
		return
	}
	if warn := t.nonScienceWarning(t.results.SelectedRows()); warn != "" {
		t.status.SetText("⚠ " + warn)
	}
	d.stop()
	mode := d.requestedMode()
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	d.associateBtn.Disable()
	d.cancelBtn.Show()
	d.progress.SetValue(0)
	d.progressBox.Show()
	client := calselector.New(t.u.settings.CalSelector, t.u.http)
	started := time.Now()
	t.status.SetText(fmt.Sprintf("Asking CalSelector for the %s of %d frames …", modeText(mode), len(ids)))
	go func() {
		res, err := client.Do(ctx, calselector.Request{
			DPIDs: ids, Mode: mode, Format: calselector.VOTable,
			Progress: func(done, total int) {
				t.u.do(func() {
					if d.cancel != nil {
						d.progress.SetValue(float64(done) / float64(total))
						t.status.SetText(fmt.Sprintf("CalSelector: %d of %d frames done …", done, total))
					}
				})
			},
		})
		t.u.do(func() {
			cancelled := ctx.Err() != nil
			d.finishWork()
			switch {
			case cancelled:
				t.status.SetText("Association cancelled; the datasets shown before are unchanged.")
			case err != nil:
				d.showAssociationError(err, ids)
			default:
				d.show(ids, res, mode, time.Since(started))
			}
		})
	}()
}

func modeText(m calselector.Mode) string {
	if m == calselector.Raw2Master {
		return "processed calibrations"
	}
	return "raw calibrations"
}

func (d *rawDatasets) finishWork() {
	if d.cancel != nil {
		d.cancel()
		d.cancel = nil
	}
	d.cancelBtn.Hide()
	d.progressBox.Hide()
	d.selectionChanged(len(d.t.results.SelectedRows()))
}

func (d *rawDatasets) stop() {
	if d.cancel != nil {
		d.finishWork()
		d.t.status.SetText("Association cancelled; the datasets shown before are unchanged.")
	}
}

// showAssociationError offers a retry for server trouble (HTTP 5xx, network)
// and shows the service's words for a bad request.
func (d *rawDatasets) showAssociationError(err error, ids []string) {
	t := d.t
	if calselector.IsRetryable(err) {
		t.status.SetText("CalSelector failed: " + err.Error())
		dlg := dialog.NewCustomConfirm("CalSelector is unavailable", "Retry", "Close",
			wrappedLabel(err.Error()+"\n\nThis is trouble on the service's side; retrying in a minute usually works."),
			func(retry bool) {
				if retry {
					d.associate()
				}
			}, t.u.win)
		dlg.Resize(fyne.NewSize(560, 260))
		dlg.Show()
		return
	}
	t.status.SetText("CalSelector refused the request: " + err.Error())
	dialog.ShowError(fmt.Errorf("CalSelector refused the request for %d frames:\n%s", len(ids), err), t.u.win)
}

// show turns the answer into one dataset per requested frame, in the
// order of the table.
func (d *rawDatasets) show(ids []string, res *calselector.Result, mode calselector.Mode, took time.Duration) {
	ds := make([]*dataset.Dataset, 0, len(ids))
	for _, id := range ids {
		if l := res.Links[id]; l != nil {
			ds = append(ds, dataset.FromLinks(l, mode))
			continue
		}
		ds = append(ds, &dataset.Dataset{
			Science:       dataset.File{DPID: id, Size: -1},
			RequestedMode: mode,
			Errors:        []string{"CalSelector's answer has nothing for this frame"},
		})
	}
	d.requested = mode
	d.treeWork = map[*dataset.Dataset]bool{}
	d.view.SetDatasets(ds)
	d.tab.Text = fmt.Sprintf("Datasets (%d)", len(ds))
	d.t.inner.Select(d.tab)
	d.t.inner.Refresh()
	d.t.status.SetText(fmt.Sprintf("CalSelector associated %s with %d frames in %s · to download: %s", modeText(mode),
		len(ds), formatElapsed(took), d.plan(datasetview.Options{Trees: true}).Summary()))
}

// fetchTree loads a dataset's ASSOCIATION_TREE for the cascade view.
func (d *rawDatasets) fetchTree(ds *dataset.Dataset) {
	if d.treeWork[ds] || ds.TreeURL == "" {
		return
	}
	d.treeWork[ds] = true
	client, treeURL := d.t.u.http, ds.TreeURL
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		a, err := fetchAssociationTree(ctx, client, treeURL)
		if err != nil {
			d.t.u.do(func() { delete(d.treeWork, ds) }) // selecting it again retries
		}
		d.view.SetTree(ds, a, err) // attaches the tree, on the UI goroutine
	}()
}

func fetchAssociationTree(ctx context.Context, c *vohttp.Client, treeURL string) (*calselector.Association, error) {
	resp, err := c.Get(ctx, treeURL)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	a, err := calselector.ParseTree(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("the calibration cascade could not be read: %w", err)
	}
	return a, nil
}

func (d *rawDatasets) plan(o datasetview.Options) *dataset.Plan {
	return dataset.MakePlan(d.view.Datasets(), dataset.PlanOptions{
		Dir: d.t.u.downloads.dir(), Mode: d.requested, Trees: o.Trees, NightLogs: o.NightLogs,
		DataPortalURL: d.t.u.settings.DataPortal, NeedsToken: true,
	})
}

// download shows what will be fetched (total size first) and queues it.
func (d *rawDatasets) download(o datasetview.Options) {
	p := d.plan(o)
	if p.Files == 0 {
		d.t.status.SetText("Nothing to download: associate calibrations first.")
		return
	}
	msg := fmt.Sprintf("%s\n\ninto %s\n\nShared calibrations are downloaded once; files already there are skipped.", p.Summary(), p.Folder)
	dialog.ShowConfirm("Download datasets", msg, func(ok bool) {
		if !ok {
			return
		}
		if err := d.t.u.downloads.enqueue(p.Jobs, ""); err != nil {
			dialog.ShowError(err, d.t.u.win)
			return
		}
		d.t.status.SetText(fmt.Sprintf("Queued %d files into %s.", p.Files, p.Folder))
	}, d.t.u.win)
}

func (d *rawDatasets) close() {
	if d.cancel != nil {
		d.cancel()
		d.cancel = nil
	}
}

// wrappedLabel is a dialog text that wraps at the dialog's width.
func wrappedLabel(s string) fyne.CanvasObject {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}
