package linkslist

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/datalink"
)

// rowView is the drawing of one link; check is nil for rows that are not
// files to download.
type rowView struct {
	root  fyne.CanvasObject
	check *widget.Check
}

// newRow draws link i of the list's document.
func (l *List) newRow(i int, multiID bool) *rowView {
	lk := &l.links.Rows[i]
	r := &rowView{}
	titleColor := theme.ColorNameForeground
	if lk.Failed() {
		titleColor = theme.ColorNameError
	}
	wrap := fyne.TextWrapBreak // file names have no spaces to break at
	if strings.Contains(Title(lk), " ") {
		wrap = fyne.TextWrapWord
	}
	lines := []fyne.CanvasObject{text(Title(lk), titleColor, "", fyne.TextStyle{Bold: true}, wrap)}

	// ESO's category goes first and in the accent colour: it is what tells
	// an ANCILLARY.PREVIEW PNG from a README among the #auxiliary rows.
	var meta []*widget.TextSegment
	if lk.ESOCategory != "" {
		meta = append(meta, &widget.TextSegment{Text: lk.ESOCategory + "  ",
			Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePrimary, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameCaptionText}})
	}
	if m := metaText(lk); m != "" {
		meta = append(meta, &widget.TextSegment{Text: m,
			Style: widget.RichTextStyle{Inline: true, ColorName: theme.ColorNameForeground, SizeName: theme.SizeNameCaptionText}})
	}
	if len(meta) > 0 {
		segs := make([]widget.RichTextSegment, len(meta))
		for k, s := range meta {
			segs[k] = s
		}
		rt := widget.NewRichText(segs...)
		rt.Wrapping = fyne.TextWrapWord
		lines = append(lines, rt)
	}
	if lk.Failed() {
		lines = append(lines, text("✗ "+lk.ErrorMessage, theme.ColorNameError, theme.SizeNameCaptionText, fyne.TextStyle{}, fyne.TextWrapWord))
	}
	if lk.Description != "" && lk.Description != Title(lk) {
		lines = append(lines, secondary(lk.Description))
	}
	if lk.ServiceDef != "" {
		lines = append(lines, serviceLines(lk)...)
	}
	if multiID && lk.ID != "" {
		lines = append(lines, secondary("of "+lk.ID))
	}

	var actions []fyne.CanvasObject
	if hop := nextHop(lk); hop != "" {
		b := widget.NewButtonWithIcon("Links", theme.NavigateNextIcon(), func() {
			if l.OnFollow != nil {
				l.OnFollow(hop)
			}
		})
		b.Importance = widget.LowImportance
		actions = append(actions, b)
	}
	if openable(lk) {
		u := lk.AccessURL
		b := widget.NewButtonWithIcon("Open", theme.ComputerIcon(), func() {
			if l.OnOpenURL != nil {
				l.OnOpenURL(u)
			}
		})
		b.Importance = widget.LowImportance
		actions = append(actions, b)
	}

	var left fyne.CanvasObject
	if Downloadable(lk) {
		r.check = widget.NewCheck("", func(on bool) { l.setChecked(i, on) })
		r.check.Checked = l.sel[i]
		left = container.NewVBox(r.check)
	}
	var right fyne.CanvasObject
	if len(actions) > 0 {
		right = container.NewVBox(actions...)
	}
	r.root = container.NewBorder(nil, nil, left, right, container.NewVBox(lines...))
	return r
}

// serviceLines describe the service a descriptor row points at, and its
// inputs, read-only.
func serviceLines(lk *datalink.Link) []fyne.CanvasObject {
	sd := lk.Service
	if sd == nil {
		return []fyne.CanvasObject{secondary("Service " + lk.ServiceDef + ": its descriptor is not in this document, so its parameters are unknown.")}
	}
	var out []fyne.CanvasObject
	head := "Service"
	if sd.Name != "" {
		head += " " + sd.Name
	}
	if sd.StandardID != "" {
		head += " (" + strings.TrimPrefix(sd.StandardID, "ivo://ivoa.net/std/") + ")"
	}
	out = append(out, text(head, theme.ColorNameForeground, theme.SizeNameCaptionText, fyne.TextStyle{Italic: true}, fyne.TextWrapWord))
	if sd.Description != "" && sd.Description != lk.Description {
		out = append(out, secondary(sd.Description))
	}
	if len(sd.Inputs) == 0 {
		out = append(out, secondary("No input parameters."))
	}
	for _, p := range sd.Inputs {
		out = append(out, text("• "+paramText(p), theme.ColorNameForeground, theme.SizeNameCaptionText, fyne.TextStyle{Monospace: true}, fyne.TextWrapWord))
	}
	return out
}
