package spectrumplot

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// statusPane replaces the plot while a spectrum downloads or after an error.
type statusPane struct {
	box      *fyne.Container
	msg      *widget.Label
	bar      *widget.ProgressBar
	spin     *widget.ProgressBarInfinite
	cancel   *widget.Button
	onCancel func()
}

func newStatusPane() *statusPane {
	s := &statusPane{msg: widget.NewLabel(""), bar: widget.NewProgressBar(), spin: widget.NewProgressBarInfinite()}
	s.msg.Wrapping = fyne.TextWrapWord
	s.msg.Alignment = fyne.TextAlignCenter
	s.cancel = widget.NewButton("Cancel", func() {
		if s.onCancel != nil {
			s.onCancel()
		}
	})
	inner := container.NewVBox(s.msg, s.bar, s.spin, container.NewCenter(s.cancel))
	s.box = container.NewPadded(container.NewVBox(layoutFill(), inner, layoutFill()))
	s.hide()
	return s
}

func layoutFill() fyne.CanvasObject { return widget.NewLabel("") }

func (s *statusPane) loading(msg string, progress float64, onCancel func()) {
	s.msg.Importance = widget.MediumImportance
	s.msg.SetText(msg)
	if progress < 0 {
		s.bar.Hide()
		s.spin.Show()
		s.spin.Start()
	} else {
		s.spin.Stop()
		s.spin.Hide()
		s.bar.SetValue(min(progress, 1))
		s.bar.Show()
	}
	s.onCancel = onCancel
	if onCancel != nil {
		s.cancel.Show()
	} else {
		s.cancel.Hide()
	}
	s.box.Show()
}

func (s *statusPane) showError(msg string) {
	s.msg.Importance = widget.DangerImportance
	s.msg.SetText(msg)
	s.bar.Hide()
	s.spin.Stop()
	s.spin.Hide()
	s.cancel.Hide()
	s.onCancel = nil
	s.box.Show()
}

func (s *statusPane) hide() {
	s.spin.Stop()
	s.onCancel = nil
	s.box.Hide()
}

// Status returns the loading or error message shown ("" when the plot is shown).
func (p *Plot) Status() string {
	if !p.status.box.Visible() {
		return ""
	}
	return p.status.msg.Text
}
