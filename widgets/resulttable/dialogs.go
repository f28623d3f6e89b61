package resulttable

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/votable"
)

// columnDetails is one line of metadata: unit, datatype, UCD, utype.
func columnDetails(f votable.Field) string {
	var parts []string
	add := func(label, v string) {
		if v != "" {
			parts = append(parts, label+v)
		}
	}
	add("unit: ", f.Unit)
	dt := f.Datatype
	if dt != "" && f.Arraysize != "" {
		dt += "[" + f.Arraysize + "]"
	}
	add("type: ", dt)
	add("UCD: ", f.UCD)
	add("utype: ", f.Utype)
	add("xtype: ", f.Xtype)
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += "   "
		}
		out += p
	}
	return out
}

// showColumnInfo shows every piece of metadata of model column col.
func (rt *ResultTable) showColumnInfo(col int) {
	if rt.table == nil || rt.win == nil || col < 0 || col >= len(rt.table.Fields) {
		return
	}
	f := rt.table.Fields[col]
	form := widget.NewForm()
	for _, item := range [][2]string{
		{"Name", f.Name}, {"Unit", f.Unit}, {"Datatype", f.Datatype}, {"Arraysize", f.Arraysize},
		{"UCD", f.UCD}, {"Utype", f.Utype}, {"Xtype", f.Xtype}, {"Null", f.Null},
	} {
		if item[1] != "" {
			l := widget.NewLabel(item[1])
			l.Selectable = true
			form.Append(item[0], l)
		}
	}
	desc := widget.NewLabel(f.Description)
	desc.Wrapping = fyne.TextWrapWord
	if f.Description == "" {
		desc.SetText("(no description)")
	}
	d := dialog.NewCustom("Column "+f.Name, "Close", container.NewVBox(form, desc), rt.win)
	d.Resize(fyne.NewSize(480, 320))
	d.Show()
}

// ShowColumnsDialog lists every column (name, unit, datatype, UCD, utype,
// description) with a checkbox to show or hide it.
func (rt *ResultTable) ShowColumnsDialog() {
	if rt.table == nil || rt.win == nil {
		return
	}
	d := dialog.NewCustom("Columns", "Close", rt.columnsList(), rt.win)
	d.Resize(fyne.NewSize(720, 520))
	d.Show()
}

// columnsList is the content of the columns dialog: a virtualised list (a
// table may have hundreds of columns) plus Show all / Hide all.
func (rt *ResultTable) columnsList() fyne.CanvasObject {
	t := rt.table
	var list *widget.List
	list = widget.NewList(
		func() int { return len(t.Fields) },
		func() fyne.CanvasObject {
			check := widget.NewCheck("", nil)
			details := widget.NewLabel("")
			details.Truncation = fyne.TextTruncateEllipsis
			desc := widget.NewLabel("")
			desc.Truncation = fyne.TextTruncateEllipsis
			desc.Importance = widget.LowImportance
			info := widget.NewButtonWithIcon("", infoIcon(), nil)
			info.Importance = widget.LowImportance
			return container.NewBorder(nil, nil, check, info, container.NewVBox(details, desc))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			texts := row.Objects[0].(*fyne.Container)
			check, info := row.Objects[1].(*widget.Check), row.Objects[2].(*widget.Button)
			f := t.Fields[id]
			check.OnChanged = nil
			check.Text = f.Name
			check.SetChecked(rt.ColumnVisible(id))
			check.OnChanged = func(on bool) { rt.SetColumnVisible(id, on) }
			texts.Objects[0].(*widget.Label).SetText(columnDetails(f))
			texts.Objects[1].(*widget.Label).SetText(f.Description)
			info.OnTapped = func() { rt.showColumnInfo(id) }
		})
	setAll := func(on bool) {
		for c := range t.Fields {
			rt.SetColumnVisible(c, on)
		}
		list.Refresh()
	}
	buttons := container.NewHBox(
		widget.NewButton("Show all", func() { setAll(true) }),
		widget.NewButton("Hide all", func() { setAll(false) }))
	return container.NewBorder(nil, buttons, nil, nil, list)
}
