package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// keyEntry is an Entry that passes on the keys it has no use for, F1 and
// Esc, to onKey (the window's handler, UI.windowKey). The desktop driver
// gives a key without modifier to the focused widget only, so a plain Entry
// would swallow them.
type keyEntry struct {
	widget.Entry
	onKey func(*fyne.KeyEvent)
}

func newKeyEntry(onKey func(*fyne.KeyEvent)) *keyEntry {
	e := &keyEntry{onKey: onKey}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey hands F1 and Esc to onKey and the rest to Entry.
func (e *keyEntry) TypedKey(ev *fyne.KeyEvent) {
	if isWindowKey(ev.Name) && e.onKey != nil {
		e.onKey(ev)
		return
	}
	e.Entry.TypedKey(ev)
}

// adqlEditor is a monospaced multi-line entry that runs the query on
// Ctrl+Enter. A focused Entry receives shortcuts before the canvas does, so
// the shortcut has to be caught here rather than on the window.
type adqlEditor struct {
	keyEntry
	onRun func()
}

func newADQLEditor(onRun func(), onKey func(*fyne.KeyEvent)) *adqlEditor {
	e := &adqlEditor{onRun: onRun}
	e.onKey = onKey
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapOff
	e.TextStyle = fyne.TextStyle{Monospace: true}
	// a hint, not a query: a placeholder that looked like ADQL was taken
	// for a query already in the editor
	e.SetPlaceHolder("Type ADQL here, or pick a query from Examples ▾ above.\n" +
		"Ctrl+Enter runs it; double-click a table or column on the left to insert its name.")
	e.ExtendBaseWidget(e)
	return e
}

func isRunShortcut(s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	return ok && (cs.KeyName == fyne.KeyReturn || cs.KeyName == fyne.KeyEnter) &&
		(cs.Modifier == fyne.KeyModifierControl || cs.Modifier == fyne.KeyModifierSuper)
}

// TypedShortcut runs the query on Ctrl+Enter and leaves the rest to Entry.
func (e *adqlEditor) TypedShortcut(s fyne.Shortcut) {
	if isRunShortcut(s) {
		if e.onRun != nil {
			e.onRun()
		}
		return
	}
	e.Entry.TypedShortcut(s)
}

// Insert puts text at the cursor, with a space before it when it would
// otherwise run into the previous word.
func (e *adqlEditor) Insert(text string) {
	if e.CursorColumn > 0 {
		runes := []rune(e.Text)
		pos := e.cursorOffset()
		if pos > 0 && pos <= len(runes) {
			prev := runes[pos-1]
			if prev != ' ' && prev != '\n' && prev != '(' && prev != ',' && prev != '.' {
				text = " " + text
			}
		}
	}
	e.TypedShortcut(&fyne.ShortcutPaste{Clipboard: stringClipboard(text)})
}

// cursorOffset is the rune offset of the cursor in Text.
func (e *adqlEditor) cursorOffset() int {
	off := 0
	row := 0
	for i, r := range []rune(e.Text) {
		if row == e.CursorRow {
			return off + e.CursorColumn
		}
		if r == '\n' {
			row++
			off = i + 1
		}
	}
	return off + e.CursorColumn
}

// stringClipboard feeds a fixed text to Entry's paste path, which inserts at
// the cursor, replaces a selection and keeps undo working.
type stringClipboard string

func (c stringClipboard) Content() string   { return string(c) }
func (c stringClipboard) SetContent(string) {}
