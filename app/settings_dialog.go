package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/config"
)

// showSettings opens the Settings dialog: one URL per service, each checked
// before it is saved. Values forced by environment variables are shown but
// locked, with the variable named, so an edit is never silently ignored.
func (u *UI) showSettings() {
	var submit func()
	entries := make([]*widget.Entry, len(config.Entries))
	items := make([]*widget.FormItem, 0, len(config.Entries))
	for i, e := range config.Entries {
		en := widget.NewEntry()
		en.SetText(e.Get(u.settings))
		en.Validator = config.Validate
		en.OnSubmitted = func(string) { submit() } // Enter saves, as in any form
		entries[i] = en
		hint := "default: " + e.Default
		if e.FromEnv() {
			en.Disable()
			hint = "set by the environment variable " + e.Env
		}
		item := widget.NewFormItem(e.Label, en)
		item.HintText = hint
		items = append(items, item)
	}
	reset := widget.NewButton("Reset to defaults", func() {
		def := config.Defaults()
		for i, e := range config.Entries {
			if !e.FromEnv() {
				entries[i].SetText(e.Get(def))
			}
		}
	})
	form := widget.NewForm(items...)
	content := container.NewBorder(nil, container.NewHBox(reset), nil, nil, container.NewVScroll(form))
	// a bad URL keeps the dialog open, edits and all, with the reason shown
	submit = u.checkedDialog("Settings: service URLs", "Save", content, fyne.NewSize(760, 560), func() error {
		next := u.settings
		for i, e := range config.Entries {
			if err := config.Validate(entries[i].Text); err != nil {
				return fmt.Errorf("%s: %v. Nothing was saved yet: fix the URL and save again.", e.Label, err)
			}
			e.Set(&next, entries[i].Text)
		}
		config.Save(prefStore{u.app.Preferences()}, next)
		u.applySettings(config.LoadFrom(prefStore{u.app.Preferences()}))
		return nil
	}, nil)
}
