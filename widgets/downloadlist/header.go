package downloadlist

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/download"
)

// header is the batch line above the rows: total progress, totals text
// and the actions on every job.
type header struct {
	bar      *widget.ProgressBar
	activity *widget.ProgressBarInfinite
	text     *widget.Label

	pauseAll, resumeAll, cancelAll, retryFailed, clearFinished *widget.Button

	root fyne.CanvasObject
}

func newHeader(l *List) *header {
	h := &header{}
	h.bar = widget.NewProgressBar()
	h.activity = widget.NewProgressBarInfinite()
	h.activity.Hide()
	h.text = widget.NewLabel("")
	h.text.Truncation = fyne.TextTruncateEllipsis
	h.pauseAll = widget.NewButtonWithIcon("Pause all", theme.MediaPauseIcon(), func() { l.q.PauseAll() })
	h.resumeAll = widget.NewButtonWithIcon("Resume all", theme.MediaPlayIcon(), func() { l.q.ResumeAll() })
	h.cancelAll = widget.NewButtonWithIcon("Cancel all", theme.CancelIcon(), func() { l.q.CancelAll() })
	h.retryFailed = widget.NewButtonWithIcon("Retry failed", theme.ViewRefreshIcon(), func() { l.q.RetryAll() })
	h.clearFinished = widget.NewButtonWithIcon("Clear finished", theme.DeleteIcon(), func() { l.q.ClearFinished() })
	buttons := container.NewHBox(h.pauseAll, h.resumeAll, h.cancelAll, h.retryFailed, h.clearFinished)
	h.root = container.NewVBox(
		container.NewBorder(nil, nil, nil, buttons, h.text),
		container.NewStack(h.bar, h.activity),
	)
	h.update(download.Totals{ETA: -1})
	return h
}

func (h *header) update(t download.Totals) {
	h.text.SetText(totalsText(t))
	unfinished := t.Queued + t.Running + t.Paused
	if t.Total < 0 && t.Running > 0 {
		h.bar.Hide()
		h.activity.Show()
	} else {
		h.activity.Hide()
		h.bar.Show()
		v := 0.0
		if t.Total > 0 {
			v = min(1, float64(t.Bytes)/float64(t.Total))
		} else if unfinished == 0 && t.Done+t.Skipped > 0 {
			v = 1 // finished, sizes unknown; a batch where all failed stays at 0
		}
		if h.bar.Value != v {
			h.bar.SetValue(v)
		}
	}
	enable(h.pauseAll, t.Queued+t.Running > 0)
	enable(h.resumeAll, t.Paused > 0)
	enable(h.cancelAll, unfinished > 0)
	enable(h.retryFailed, t.Failed > 0)
	enable(h.clearFinished, t.Jobs > unfinished)
}
