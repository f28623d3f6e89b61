package downloadlist

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// rowList is a widget.List with two more keys: Delete cancels the selected
// job and Space pauses or resumes it (with no selection Space selects the
// highlighted row, as in the plain list).
type rowList struct {
	widget.List
	onDelete, onSpace func()
	hasSelection      func() bool
}

func newRowList() *rowList {
	l := &rowList{}
	l.ExtendBaseWidget(l)
	return l
}

func (l *rowList) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		if l.onDelete != nil {
			l.onDelete()
		}
		return
	case fyne.KeySpace:
		if l.hasSelection != nil && l.hasSelection() && l.onSpace != nil {
			l.onSpace()
			return
		}
	}
	l.List.TypedKey(ev)
}
