package schemabrowser

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// schemaTree is a widget.Tree that also reacts to Enter/Return: it selects
// the highlighted node (what Space does in the plain tree) and then asks
// the browser to insert it.
type schemaTree struct {
	widget.Tree
	onEnter func()
}

func newSchemaTree() *schemaTree {
	t := &schemaTree{}
	t.ExtendBaseWidget(t)
	return t
}

func (t *schemaTree) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		t.Tree.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
		if t.onEnter != nil {
			t.onEnter()
		}
		return
	}
	t.Tree.TypedKey(ev)
}
