// Package headerview is a searchable viewer for FITS headers: pick an HDU,
// type to filter cards by key, value or comment, copy what is shown.
package headerview

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/fits"
)

// View shows one HDU's header cards at a time. Use it on the UI goroutine.
type View struct {
	widget.BaseWidget

	headers []fits.Header
	hdu     int
	shown   []fits.Card // cards of the HDU that match the search

	hduSelect *widget.Select
	search    *widget.Entry
	count     *widget.Label
	list      *widget.List
	copyBtn   *widget.Button
	content   fyne.CanvasObject
}

// New makes an empty viewer.
func New() *View {
	v := &View{}
	v.hduSelect = widget.NewSelect(nil, func(string) { v.SelectHDU(v.hduSelect.SelectedIndex()) })
	v.search = widget.NewEntry()
	v.search.SetPlaceHolder("Search keys, values, comments")
	v.search.OnChanged = func(string) { v.refilter() }
	v.count = widget.NewLabel("")
	v.list = widget.NewList(
		func() int { return len(v.shown) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.TextStyle.Monospace = true
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(v.shown) {
				o.(*widget.Label).SetText(FormatCard(v.shown[i]))
			}
		})
	v.list.OnSelected = func(i widget.ListItemID) {
		if i < len(v.shown) {
			v.copy(FormatCard(v.shown[i]))
		}
		v.list.UnselectAll()
	}
	v.copyBtn = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() { v.copy(v.Text()) })
	top := container.NewBorder(nil, nil, v.hduSelect, container.NewHBox(v.count, v.copyBtn), v.search)
	v.content = container.NewBorder(top, nil, nil, nil, v.list)
	v.ExtendBaseWidget(v)
	return v
}

func (v *View) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.content) }

// SetHeaders shows a new set of HDU headers, starting with the first.
func (v *View) SetHeaders(h []fits.Header) {
	v.headers = h
	names := make([]string, len(h))
	for i, hd := range h {
		names[i] = HDULabel(hd)
	}
	v.hduSelect.SetOptions(names)
	v.hdu = -1
	v.SelectHDU(0)
}

// HDULabel is how an HDU is named in the selector: "0 PRIMARY".
func HDULabel(h fits.Header) string {
	name := h.Name
	if name == "" {
		name = "HDU"
	}
	return strconv.Itoa(h.Index) + " " + name
}

// SelectHDU shows the cards of the i-th header.
func (v *View) SelectHDU(i int) {
	if i < 0 || i >= len(v.headers) || i == v.hdu {
		if len(v.headers) == 0 {
			v.hdu = -1
			v.refilter()
		}
		return
	}
	v.hdu = i
	if v.hduSelect.SelectedIndex() != i {
		v.hduSelect.SetSelectedIndex(i)
	}
	v.refilter()
}

// SetSearch sets the search text (as if typed).
func (v *View) SetSearch(s string) { v.search.SetText(s) }

// Cards returns the cards shown (those of the HDU matching the search).
func (v *View) Cards() []fits.Card { return append([]fits.Card(nil), v.shown...) }

// refilter keeps the cards whose key, value or comment contain every word
// of the search, ignoring case.
func (v *View) refilter() {
	v.shown = v.shown[:0]
	var all []fits.Card
	if v.hdu >= 0 && v.hdu < len(v.headers) {
		all = v.headers[v.hdu].Cards
	}
	words := strings.Fields(strings.ToLower(v.search.Text))
	for _, c := range all {
		if matches(c, words) {
			v.shown = append(v.shown, c)
		}
	}
	v.count.SetText(fmt.Sprintf("%d of %d", len(v.shown), len(all)))
	v.list.Refresh()
	v.list.ScrollToTop()
}

func matches(c fits.Card, words []string) bool {
	if len(words) == 0 {
		return true
	}
	text := strings.ToLower(c.Key + "\x00" + c.Value + "\x00" + c.Comment)
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// FormatCard writes a card the way FITS shows it: KEY = VALUE / COMMENT.
func FormatCard(c fits.Card) string {
	switch c.Key {
	case "COMMENT", "HISTORY", "":
		return fmt.Sprintf("%-8s %s", c.Key, c.Value+c.Comment)
	}
	s := fmt.Sprintf("%-8s = %20s", c.Key, c.Value)
	if c.Comment != "" {
		s += " / " + c.Comment
	}
	return s
}

// Text is the shown cards, one per line, for the clipboard.
func (v *View) Text() string {
	var b strings.Builder
	for _, c := range v.shown {
		b.WriteString(FormatCard(c))
		b.WriteByte('\n')
	}
	return b.String()
}

func (v *View) copy(s string) {
	if app := fyne.CurrentApp(); app != nil {
		app.Clipboard().SetContent(s)
	}
}
