package downloadlist

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/download"
)

// Column widths keep the rows aligned; every row has the same two-line
// height so the list never measures rows one by one.
const (
	progressWidth = 140
	sizeWidth     = 170
	speedWidth    = 90
	etaWidth      = 60
	stateWidth    = 150
)

// rowView is one list row: icon, name, progress, size, speed, ETA and
// action buttons on the first line; state and error (or path) below.
type rowView struct {
	widget.BaseWidget
	l *List
	s download.Status

	icon     *widget.Icon
	name     *widget.Label
	bar      *bar
	activity *widget.ProgressBarInfinite
	size     *widget.Label
	speed    *widget.Label
	eta      *widget.Label
	state    *widget.Label
	detail   *widget.Label

	pause, cancel, retry, folder, open, copyURL *widget.Button

	root fyne.CanvasObject
}

func newRowView(l *List) *rowView {
	r := &rowView{l: l}
	r.icon = widget.NewIcon(theme.DownloadIcon())
	r.name = widget.NewLabel("")
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.bar = newBar(func() string { return "" }) // the size column says it
	r.activity = widget.NewProgressBarInfinite()
	r.activity.Hide()
	r.size = fixedLabel(fyne.TextAlignTrailing)
	r.speed = fixedLabel(fyne.TextAlignTrailing)
	r.eta = fixedLabel(fyne.TextAlignTrailing)
	r.state = widget.NewLabel("")
	r.state.Truncation = fyne.TextTruncateEllipsis
	r.detail = widget.NewLabel("")
	r.detail.Truncation = fyne.TextTruncateEllipsis

	r.pause = iconButton(theme.MediaPauseIcon(), func() { r.l.togglePause(r.s) })
	r.cancel = iconButton(theme.CancelIcon(), func() { r.l.act(r.s.ID, r.l.q.Cancel, "cancel") })
	r.retry = iconButton(theme.ViewRefreshIcon(), func() { r.l.act(r.s.ID, r.l.q.Retry, "retry") })
	r.folder = iconButton(theme.FolderOpenIcon(), func() { r.l.openFolder(r.s) })
	r.open = iconButton(theme.FileIcon(), func() { r.l.open(r.s) })
	r.copyURL = iconButton(theme.ContentCopyIcon(), func() { r.l.copyURL(r.s) })

	buttons := container.NewHBox(r.pause, r.cancel, r.retry, r.folder, r.open, r.copyURL)
	numbers := container.NewHBox(
		fixedWidth(progressWidth, container.NewStack(r.bar.look, r.activity)),
		fixedWidth(sizeWidth, r.size), fixedWidth(speedWidth, r.speed), fixedWidth(etaWidth, r.eta))
	top := container.NewBorder(nil, nil, r.icon, container.NewHBox(numbers, buttons), r.name)
	bottom := container.NewBorder(nil, nil, fixedWidth(stateWidth, r.state), nil, r.detail)
	r.root = container.NewVBox(top, bottom)
	r.ExtendBaseWidget(r)
	return r
}

func (r *rowView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(r.root)
}

// update shows s at time now; only visible rows are ever updated.
func (r *rowView) update(s download.Status, now time.Time) {
	r.s = s
	look := lookOf(s)
	r.icon.SetResource(look.icon)
	r.name.SetText(displayName(s))
	r.size.SetText(sizeText(s))
	r.speed.SetText(speedText(s.Speed)) // the queue gives a speed and ETA only while bytes flow
	r.eta.SetText(etaText(s.ETA))
	r.state.Importance = look.importance
	r.state.SetText(look.text)
	r.detail.Importance = detailImportance(s)
	r.detail.SetText(detailText(s, now))

	// the moving bar only while bytes flow to an unknown end
	if p := progress(s); p < 0 && s.State == download.Running && !s.Waiting() {
		r.bar.Hide()
		r.activity.Show()
	} else {
		r.activity.Hide()
		r.bar.Show()
		r.bar.set(max(p, 0), s.State == download.Failed)
	}

	if s.State == download.Paused {
		r.pause.SetIcon(theme.MediaPlayIcon())
	} else {
		r.pause.SetIcon(theme.MediaPauseIcon())
	}
	enable(r.pause, canPauseOrResume(s))
	enable(r.cancel, canCancel(s))
	enable(r.retry, canRetry(s))
	enable(r.folder, r.l.OnOpenFolder != nil && s.Dir != "")
	enable(r.open, r.l.OnOpen != nil && s.Path != "")
}

// TappedSecondary opens the row's context menu with the same actions.
func (r *rowView) TappedSecondary(ev *fyne.PointEvent) {
	if r.l.win == nil || r.s.ID == 0 {
		return
	}
	widget.ShowPopUpMenuAtPosition(r.menu(), r.l.win.Canvas(), ev.AbsolutePosition)
}

func (r *rowView) menu() *fyne.Menu {
	s := r.s
	item := func(label string, ok bool, f func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, f)
		it.Disabled = !ok
		return it
	}
	pauseLabel := "Pause"
	if s.State == download.Paused {
		pauseLabel = "Resume"
	}
	menu := fyne.NewMenu("",
		item(pauseLabel, canPauseOrResume(s), func() { r.l.togglePause(s) }),
		item("Cancel", canCancel(s), func() { r.l.act(s.ID, r.l.q.Cancel, "cancel") }),
		item("Retry", canRetry(s), func() { r.l.act(s.ID, r.l.q.Retry, "retry") }),
		fyne.NewMenuItemSeparator(),
		item("Open", r.l.OnOpen != nil && s.Path != "", func() { r.l.open(s) }),
		item("Open folder", r.l.OnOpenFolder != nil && s.Dir != "", func() { r.l.openFolder(s) }),
		item("Copy URL", true, func() { r.l.copyURL(s) }),
	)
	// the queue gives a Path only once the file is there (done or skipped)
	if r.l.MenuItems != nil && s.Path != "" {
		if extra := r.l.MenuItems(s.Path); len(extra) > 0 {
			menu.Items = append(append(menu.Items, fyne.NewMenuItemSeparator()), extra...)
		}
	}
	return menu
}

func canPauseOrResume(s download.Status) bool {
	return s.State == download.Queued || s.State == download.Running || s.State == download.Paused
}

func canCancel(s download.Status) bool { return !s.State.Finished() }

func canRetry(s download.Status) bool {
	return s.State == download.Failed || s.State == download.Cancelled
}

func enable(b *widget.Button, on bool) {
	if on && b.Disabled() {
		b.Enable()
	} else if !on && !b.Disabled() {
		b.Disable()
	}
}

func iconButton(icon fyne.Resource, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon("", icon, tapped)
	b.Importance = widget.LowImportance
	return b
}

func fixedLabel(align fyne.TextAlign) *widget.Label {
	l := widget.NewLabel("")
	l.Alignment = align
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

// fixedWidth gives o a fixed width (and its own height).
func fixedWidth(w float32, o fyne.CanvasObject) fyne.CanvasObject {
	return container.New(fixedWidthLayout{w}, o)
}

type fixedWidthLayout struct{ w float32 }

func (f fixedWidthLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(f.w, h)
}

func (f fixedWidthLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
