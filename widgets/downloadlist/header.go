package downloadlist

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/download"
)

// header is the batch line above the rows: total progress, totals text
// (failures apart, in the error colour) and the actions on every job. It
// is hidden while the queue is empty: a bar then would measure nothing.
type header struct {
	bar      *bar
	activity *widget.ProgressBarInfinite
	text     *widget.RichText
	view     view
	summary  string // what text shows
	failed   string

	pauseAll, resumeAll, cancelAll, retryFailed, clearFinished *widget.Button

	root fyne.CanvasObject
}

func newHeader(l *List) *header {
	h := &header{}
	h.bar = newBar(func() string { return batchBarText(h.view.totals, h.view.fraction) })
	h.activity = widget.NewProgressBarInfinite()
	h.activity.Hide()
	h.text = widget.NewRichText()
	h.text.Truncation = fyne.TextTruncateEllipsis
	h.pauseAll = widget.NewButtonWithIcon("Pause all", theme.MediaPauseIcon(), func() { l.q.PauseAll() })
	h.resumeAll = widget.NewButtonWithIcon("Resume all", theme.MediaPlayIcon(), func() { l.q.ResumeAll() })
	h.cancelAll = widget.NewButtonWithIcon("Cancel all", theme.CancelIcon(), func() { l.q.CancelAll() })
	h.retryFailed = widget.NewButtonWithIcon("Retry failed", theme.ViewRefreshIcon(), func() { l.q.RetryAll() })
	h.clearFinished = widget.NewButtonWithIcon("Clear finished", theme.DeleteIcon(), func() { l.q.ClearFinished() })
	buttons := container.NewHBox(h.pauseAll, h.resumeAll, h.cancelAll, h.retryFailed, h.clearFinished)
	h.root = container.NewVBox(
		container.NewBorder(nil, nil, nil, buttons, h.text),
		container.NewStack(h.bar.look, h.activity),
	)
	h.update(view{totals: download.Totals{ETA: -1}})
	return h
}

func (h *header) update(v view) {
	h.view = v
	t := v.totals
	if t.Jobs == 0 {
		h.root.Hide()
	} else {
		h.root.Show()
	}
	h.setText(totalsText(t))
	unfinished := t.Queued + t.Running + t.Paused
	if t.Total < 0 && t.Running > t.Waiting { // bytes flow, to an unknown end
		h.bar.Hide()
		h.activity.Show()
	} else {
		h.activity.Hide()
		h.bar.Show()
		// red once the batch has ended short; before, the bar still moves
		// and the red "N failed" tells of the failures
		h.bar.set(v.fraction, t.Failed > 0 && unfinished == 0)
		h.bar.Refresh() // the text may change with the same value
	}
	enable(h.pauseAll, t.Queued+t.Running > 0)
	enable(h.resumeAll, t.Paused > 0)
	enable(h.cancelAll, unfinished > 0)
	enable(h.retryFailed, t.Failed > 0)
	enable(h.clearFinished, t.Jobs > unfinished)
}

// setText shows the summary and, apart in the error colour, the failures.
func (h *header) setText(summary, failed string) {
	if h.summary == summary && h.failed == failed && len(h.text.Segments) > 0 {
		return
	}
	h.summary, h.failed = summary, failed
	h.text.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: summary, Style: widget.RichTextStyleInline}}
	if failed != "" {
		h.text.Segments = append(h.text.Segments,
			&widget.TextSegment{Text: " · ", Style: widget.RichTextStyleInline},
			&widget.TextSegment{Text: failed, Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameError, TextStyle: fyne.TextStyle{Bold: true}}})
	}
	h.text.Refresh()
}
