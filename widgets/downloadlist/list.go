// Package downloadlist shows the download queue: one row per file with
// progress, speed, ETA, state and actions, a header with the batch totals
// and global actions, and a details line for the selected row.
package downloadlist

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/download"
)

// Controller is what the list needs from the queue; *download.Queue
// satisfies it. (Totals are summed from the snapshot: download.Sum.)
type Controller interface {
	Snapshot() []download.Status
	Subscribe() (<-chan struct{}, func())
	Pause(id download.ID) error
	Resume(id download.ID) error
	Cancel(id download.ID) error
	Retry(id download.ID) error
	PauseAll()
	ResumeAll()
	CancelAll()
	RetryAll()
	ClearFinished()
}

var _ Controller = (*download.Queue)(nil)

// EmptyText is shown, alone, while the queue holds no job.
const EmptyText = "No downloads yet: files you queue from the other tabs appear here."

const noSelectionText = "Select a download to see its full error, address and file."

// List is the download list widget. Create it with New, then call Start.
type List struct {
	widget.BaseWidget

	// OnOpenFolder is called with a job's folder ("Open folder").
	OnOpenFolder func(dir string)
	// OnOpen is called with the path of a finished file ("Open").
	OnOpen func(path string)
	// MenuItems, when set, adds items (after a separator) to the context
	// menu of a row whose file is there (done or skipped), for actions the
	// list does not know, such as "Send to ▸" submenus. It is called each
	// time the menu opens, with the file's path; nil or no items adds nothing.
	MenuItems func(path string) []*fyne.MenuItem
	// OnBatchFinished is called once each time the queue goes from busy
	// (a job queued, running or paused) to idle, with how many of the jobs
	// seen in that batch ended done (or already there) and failed.
	OnBatchFinished func(done, failed int)

	win fyne.Window
	q   Controller

	// run hands refreshes to the UI goroutine: the app's bridge (never
	// Fyne's Do directly), a test's runner in tests.
	run         func(func())
	minInterval time.Duration // throttle: at most one refresh per interval

	// UI goroutine state: the cached snapshot the rows are drawn from.
	view       view
	selected   download.ID // 0: none
	gen        int         // bumped by Start/Stop; stale refreshes are dropped
	stop       context.CancelFunc
	rowUpdates int // rows drawn, for the test that only visible rows are

	list    *rowList
	header  *header
	details *widget.Label
	empty   *widget.Label
	border  *fyne.Container
	root    fyne.CanvasObject
}

// New builds the list for q. win is used for the clipboard, menus and
// error dialogs.
func New(win fyne.Window, q Controller, run func(func())) *List {
	l := &List{win: win, q: q, run: run, minInterval: 200 * time.Millisecond}
	l.build()
	l.ExtendBaseWidget(l)
	return l
}

func (l *List) build() {
	l.list = newRowList()
	l.list.Length = func() int { return len(l.view.rows) }
	l.list.CreateItem = func() fyne.CanvasObject { return newRowView(l) }
	l.list.UpdateItem = func(i widget.ListItemID, o fyne.CanvasObject) {
		if i < len(l.view.rows) {
			l.rowUpdates++
			o.(*rowView).update(l.view.rows[i], time.Now())
		}
	}
	l.list.OnSelected = func(i widget.ListItemID) {
		if i < len(l.view.rows) {
			l.selected = l.view.rows[i].ID
		}
		l.updateDetails()
	}
	l.list.OnUnselected = func(widget.ListItemID) {
		l.selected = 0
		l.updateDetails()
	}
	l.list.onDelete = func() { l.act(l.selected, l.q.Cancel, "cancel") }
	l.list.onSpace = l.togglePauseSelected
	l.list.hasSelection = func() bool { _, ok := l.selectedStatus(); return ok }

	l.header = newHeader(l)
	l.details = widget.NewLabel("")
	l.details.Wrapping = fyne.TextWrapWord
	l.details.Selectable = true
	l.details.SetText(noSelectionText)
	l.empty = widget.NewLabel(EmptyText)
	l.empty.Alignment = fyne.TextAlignCenter
	l.empty.Wrapping = fyne.TextWrapWord
	body := container.NewStack(l.list, container.NewCenter(l.empty))
	l.border = container.NewBorder(l.header.root, l.details, nil, nil, body)
	l.root = l.border
	l.applyEmpty()
}

// CreateRenderer implements fyne.Widget.
func (l *List) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(l.root)
}

// Start subscribes to the queue and keeps the list up to date. Call on the
// UI goroutine; Stop ends it.
func (l *List) Start() {
	l.Stop()
	l.gen++
	gen := l.gen
	ctx, cancel := context.WithCancel(context.Background())
	l.stop = cancel
	ch, unsubscribe := l.q.Subscribe()
	r := newRefresher(l.q, l.minInterval)
	hop := l.run
	go func() {
		defer unsubscribe()
		r.run(ctx, ch, func(v view, batch *batchResult) {
			hop(func() {
				if gen != l.gen {
					return // Stop or a new Start came first
				}
				l.apply(v)
				if batch != nil && l.OnBatchFinished != nil {
					l.OnBatchFinished(batch.done, batch.failed)
				}
			})
		})
	}()
}

// Stop ends the updates started by Start. Call on the UI goroutine.
func (l *List) Stop() {
	if l.stop != nil {
		l.stop()
		l.stop = nil
	}
	l.gen++
}

// apply shows a new snapshot. Work here is bounded by the visible rows:
// the list only redraws rows on screen, and the selection is found
// through the view's index.
func (l *List) apply(v view) {
	l.view = v
	shown := l.header.root.Visible()
	l.header.update(v)
	if l.header.root.Visible() != shown {
		l.border.Refresh() // lay out again with or without the header
	}
	l.applyEmpty()
	if l.selected != 0 {
		if i, ok := v.index[l.selected]; ok {
			l.list.Select(i) // no-op when the row did not move
		} else {
			l.list.UnselectAll()
		}
	}
	l.list.Refresh()
	l.updateDetails()
}

// applyEmpty shows the sentence alone while the queue is empty: no rows,
// and no details line about a selection there cannot be.
func (l *List) applyEmpty() {
	if len(l.view.rows) == 0 {
		l.empty.Show()
		l.list.Hide()
		l.details.Hide()
	} else {
		l.empty.Hide()
		l.list.Show()
		l.details.Show()
	}
}

func (l *List) selectedStatus() (download.Status, bool) {
	if l.selected == 0 {
		return download.Status{}, false
	}
	i, ok := l.view.index[l.selected]
	if !ok {
		return download.Status{}, false
	}
	return l.view.rows[i], true
}

func (l *List) updateDetails() {
	text := noSelectionText
	if s, ok := l.selectedStatus(); ok {
		text = fullDetails(s, time.Now())
	}
	if text != l.details.Text {
		l.details.SetText(text)
		l.border.Refresh() // the details may need more or fewer lines
	}
}

func (l *List) togglePauseSelected() {
	s, ok := l.selectedStatus()
	if !ok {
		return
	}
	l.togglePause(s)
}

func (l *List) togglePause(s download.Status) {
	switch s.State {
	case download.Paused:
		l.act(s.ID, l.q.Resume, "resume")
	case download.Queued, download.Running:
		l.act(s.ID, l.q.Pause, "pause")
	}
}

// act runs a per-job action and reports a failure (the job may have been
// cleared meanwhile) in a dialog.
func (l *List) act(id download.ID, f func(download.ID) error, what string) {
	if id == 0 {
		return
	}
	if err := f(id); err != nil && l.win != nil {
		dialog.ShowError(fmt.Errorf("could not %s: %w", what, err), l.win)
	}
}

func (l *List) openFolder(s download.Status) {
	if l.OnOpenFolder != nil && s.Dir != "" {
		l.OnOpenFolder(s.Dir)
	}
}

func (l *List) open(s download.Status) {
	if l.OnOpen != nil && s.Path != "" {
		l.OnOpen(s.Path)
	}
}

func (l *List) copyURL(s download.Status) {
	if app := fyne.CurrentApp(); app != nil {
		app.Clipboard().SetContent(s.Job.URL)
	}
}
