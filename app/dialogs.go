package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/config"
)

// checkedDialog shows content above Cancel and a confirm button. Confirm
// (or Enter in a field, through the submit it returns) runs check: an error
// keeps the dialog open with the reason under the content, nil closes it.
// Fyne's confirm dialogs close first and its entries show no validation
// error while they have the focus, so a bad value was either lost or silent.
// cancelled (may be nil) runs on Cancel.
func (u *UI) checkedDialog(title, confirm string, content fyne.CanvasObject, size fyne.Size, check func() error, cancelled func()) (submit func()) {
	problem := widget.NewLabel("")
	problem.Importance = widget.DangerImportance
	problem.Wrapping = fyne.TextWrapWord
	problem.Hide()

	var d dialog.Dialog
	submit = func() {
		if err := check(); err != nil {
			problem.SetText(err.Error())
			problem.Show()
			d.Resize(size) // room for the message
			return
		}
		d.Hide()
	}
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), func() {
		d.Hide()
		if cancelled != nil {
			cancelled()
		}
	})
	ok := widget.NewButtonWithIcon(confirm, theme.ConfirmIcon(), submit)
	ok.Importance = widget.HighImportance
	bottom := container.NewVBox(problem, container.NewCenter(container.NewHBox(cancel, ok)))
	d = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, bottom, nil, nil, content), u.win)
	d.Resize(size)
	d.Show()
	return submit
}

// askURL asks for a URL in a form whose last item is the URL field: wide
// enough for a whole job URL, focused, and Enter in it confirms like the
// button. use runs with the URL once it is one; cancelled (may be nil) on
// Cancel.
func (u *UI) askURL(title, confirm string, items []*widget.FormItem, field *widget.FormItem, use func(url string), cancelled func()) {
	entry := field.Widget.(*widget.Entry)
	field.HintText = "Press Enter to confirm"
	submit := u.checkedDialog(title, confirm, widget.NewForm(append(items, field)...), fyne.NewSize(640, 0),
		func() error {
			if err := config.Validate(entry.Text); err != nil {
				return fmt.Errorf("Not a usable URL: %v.", err)
			}
			use(entry.Text)
			return nil
		}, cancelled)
	entry.OnSubmitted = func(string) { submit() }
	u.win.Canvas().Focus(entry)
}
