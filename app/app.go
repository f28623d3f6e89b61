// Package app builds esodesk's window: menus, tabs, settings, and the wiring
// between views, controllers, widgets and services.
//
// A tab is a thin view (a file here, app/<tab>_tab.go: Fyne widgets and
// their events) over a Fyne-free controller (app/<tab>ctl: state, service
// calls, cancellation, latest wins). Network and disk work never runs on the
// UI goroutine; results come back through the one bridge (app/bridge), whose
// Run the app hands to every widget, view and controller it builds.
package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/bridge"
	"esodesk/preview"
	"esodesk/services/config"
	"esodesk/services/fetch"
	"esodesk/services/hips"
	"esodesk/services/vohttp"
)

// UI is the main window and the state shared by its tabs.
type UI struct {
	app       fyne.App
	win       fyne.Window
	settings  config.Settings
	http      *vohttp.Client
	tabs      *container.AppTabs
	tap       *tapTab
	spectra   *spectraTab
	images    *imagesTab
	sky       *skyTab
	raw       *rawTab
	downloads *downloadsTab
	previews  *preview.Cache // see previewCache
	account   *account
	samp      *sampView

	// bridge is the one way back to the UI goroutine; once the window
	// closed, it drops what still arrives.
	bridge *bridge.Bridge

	runItem   *fyne.MenuItem // Run query, only on the TAP tab
	shortcuts dialog.Dialog  // the shortcuts dialog while on show

	// settingsListeners are told when the service URLs change.
	settingsListeners []func(config.Settings)
}

// New builds the main window of a Fyne app without showing it.
func New(a fyne.App) *UI { return newUI(a, bridge.New()) }

// newUI is New with the bridge given (tests pass one that serialises calls).
func newUI(a fyne.App, b *bridge.Bridge) *UI {
	u := &UI{
		app:      a,
		settings: config.LoadFrom(prefStore{a.Preferences()}),
		bridge:   b,
	}
	u.win = a.NewWindow("esodesk")
	u.account = newAccount(u)
	// one client for every service: the account's token goes to ESO hosts only
	u.http = vohttp.New(vohttp.Options{Authorizer: u.account.auth})
	u.account.start()
	u.samp = newSampView(u) // before the tabs: their menus send through it
	u.tap = newTapTab(u)
	u.spectra = newSpectraTab(u)
	u.downloads = newDownloadsTab(u)
	u.raw = newRawTab(u) // after downloads: it plans into the download folder
	u.images = newImagesTab(u)
	u.sky = newSkyTab(u, hips.New(u.http, fetch.DefaultDir("hips"), hips.DefaultMaxBytes)) // after the tabs whose results it shows
	u.tabs = container.NewAppTabs(
		container.NewTabItem("TAP", u.tap.content),
		container.NewTabItem("Spectra", u.spectra.content),
		container.NewTabItem("Images", u.images.content),
		container.NewTabItem("Sky", u.sky.content),
		container.NewTabItem("Raw data", u.raw.content),
		container.NewTabItem("Downloads", u.downloads.content),
		container.NewTabItem("SAMP", u.samp.content),
	)
	u.shareResults()
	u.tabs.OnSelected = func(ti *container.TabItem) {
		a.Preferences().SetString("window.tab", ti.Text)
		u.tabChanged()
	}
	for _, ti := range u.tabs.Items {
		if ti.Text == a.Preferences().String("window.tab") {
			u.tabs.Select(ti)
		}
	}
	u.win.SetOnDropped(u.dropped)
	u.win.SetContent(container.NewBorder(nil, container.NewBorder(nil, nil, u.account.bar(), u.samp.bar()), nil, nil, u.tabs))
	u.account.restore()
	u.win.SetMainMenu(u.mainMenu())
	u.tabChanged()
	u.addShortcuts()
	u.win.Resize(fyne.NewSize(
		float32(a.Preferences().FloatWithFallback("window.width", 1280)),
		float32(a.Preferences().FloatWithFallback("window.height", 820))))
	u.samp.start()
	u.win.SetCloseIntercept(func() {
		size := u.win.Canvas().Size()
		a.Preferences().SetFloat("window.width", float64(size.Width))
		a.Preferences().SetFloat("window.height", float64(size.Height))
		u.close()
		u.win.Close()
	})
	return u
}

// shareResults gives the result tables their SAMP menus (the Spectra
// tab's plot and the downloads have theirs from their tabs).
func (u *UI) shareResults() {
	u.samp.share(u.tap.results, func() string { return resultName("TAP result", u.tap.results.Info().Service) })
	u.samp.share(u.spectra.results, func() string { return resultName("spectra", u.spectra.results.Info().Service) })
	u.samp.share(u.images.results, func() string { return resultName("images", u.images.results.Info().Service) })
	u.samp.share(u.raw.results, func() string { return resultName("raw frames", u.raw.results.Info().Service) })
}

// resultName titles a table sent to other tools.
func resultName(what, service string) string {
	if service == "" {
		return "esodesk " + what
	}
	return "esodesk " + what + " (" + service + ")"
}

// close stops the tabs' background work; results still on their way are
// dropped (see do).
func (u *UI) close() {
	u.bridge.Close()
	u.tap.close()
	u.spectra.close()
	u.images.close()
	u.sky.close()
	u.raw.close()
	u.downloads.close()
	u.account.close()
	u.samp.close() // unregisters; esodesk's own hub stops and removes its lock
}

// do runs f on the UI goroutine unless the window has closed meanwhile: the
// runner every view, controller and widget of the window is given.
func (u *UI) do(f func()) { u.bridge.Run(f) }

// Window is the main window.
func (u *UI) Window() fyne.Window { return u.win }

// ShowAndRun shows the window and runs the app until it quits.
func (u *UI) ShowAndRun() { u.win.ShowAndRun() }

// Settings are the service URLs in force.
func (u *UI) Settings() config.Settings { return u.settings }

func (u *UI) applySettings(s config.Settings) {
	u.settings = s
	for _, f := range u.settingsListeners {
		f(s)
	}
}

func (u *UI) onSettingsChanged(f func(config.Settings)) {
	u.settingsListeners = append(u.settingsListeners, f)
}

func (u *UI) mainMenu() *fyne.MainMenu {
	settings := fyne.NewMenuItem("Settings…", u.showSettings)
	settings.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: fyne.KeyModifierShortcutDefault}
	open := fyne.NewMenuItem("Open spectrum…", u.showOpenSpectrum)
	open.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	openImage := fyne.NewMenuItem("Open image or cube…", u.showOpenImage)
	openImage.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyI, Modifier: fyne.KeyModifierShortcutDefault}
	login := fyne.NewMenuItem("Log in to ESO…", u.account.showLogin)
	file := fyne.NewMenu("File", open, openImage, fyne.NewMenuItemSeparator(), login, settings)
	// The driver tries the main menu's shortcuts before the focused widget,
	// which would swallow them (an Entry or the result table drops a
	// Ctrl+key it does not know): so Ctrl+Enter, Ctrl+L and Ctrl+F live here.
	u.runItem = fyne.NewMenuItem("Run query", u.onTAP(u.tap.runQuery))
	u.runItem.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
	edit := fyne.NewMenuItem("Edit query", u.focusEditor)
	edit.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}
	filter := fyne.NewMenuItem("Filter results", u.focusFilter)
	filter.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	query := fyne.NewMenu("Query",
		u.runItem,
		fyne.NewMenuItem("Abort (Esc)", u.abortCurrent),
		fyne.NewMenuItemSeparator(),
		edit, filter,
	)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard shortcuts (F1)", u.showShortcuts),
		fyne.NewMenuItem("About esodesk", u.showAbout),
	)
	return fyne.NewMainMenu(file, query, help)
}

// tabChanged greys out Run query away from the TAP tab, where it does nothing.
func (u *UI) tabChanged() {
	if u.runItem == nil {
		return // the menu comes after the tabs
	}
	if u.currentTab() == "Sky" {
		u.sky.refresh() // the source tab's table may have changed meanwhile
	}
	if disabled := u.currentTab() != "TAP"; u.runItem.Disabled != disabled {
		u.runItem.Disabled = disabled
		u.win.MainMenu().Refresh()
	}
}

// onTAP makes f act only while the TAP tab is on show (a menu shortcut
// fires whatever the tab).
func (u *UI) onTAP(f func()) func() {
	return func() {
		if u.currentTab() == "TAP" {
			f()
		}
	}
}

// focusEditor brings the ADQL editor up, from any tab.
func (u *UI) focusEditor() {
	u.selectTab("TAP")
	u.win.Canvas().Focus(u.tap.editor)
}

// focusFilter puts the keyboard in the filter of the result table on show.
func (u *UI) focusFilter() {
	switch u.currentTab() {
	case "TAP":
		u.tap.results.FocusFilter()
	case "Spectra":
		u.spectra.results.FocusFilter()
	case "Images":
		u.images.results.FocusFilter()
	case "Raw data":
		u.raw.results.FocusFilter()
	}
}

func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	u.tap.addShortcuts(c)
	c.SetOnTypedKey(u.windowKey)
}

// isWindowKey: the keys windowKey acts on.
func isWindowKey(k fyne.KeyName) bool { return k == fyne.KeyF1 || k == fyne.KeyEscape }

// windowKey acts on the keys that work wherever the focus is: F1 lists the
// shortcuts, Esc aborts what the tab on show is doing. The desktop driver
// hands a key without modifier to the focused widget only (a canvas or menu
// shortcut needs a modifier), so the canvas passes it here when nothing has
// the focus, and our own entries (keyEntry) when they have it.
func (u *UI) windowKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyF1:
		u.showShortcuts()
	case fyne.KeyEscape:
		switch {
		case u.shortcuts != nil:
			u.shortcuts.Hide()
		case u.win.Canvas().Overlays().Top() == nil: // Esc in a dialog is not meant for the tab behind
			u.abortCurrent()
		}
	}
}

// abortCurrent stops what the tab on show is running.
func (u *UI) abortCurrent() {
	switch u.currentTab() {
	case "TAP":
		u.tap.abort()
	case "Spectra":
		u.spectra.abort() // cancels the search and the download in progress
	case "Images":
		u.images.abort()
	case "Raw data":
		u.raw.cancelSearch()
		u.raw.datasets.stop()
	}
}

// currentTab is the title of the tab on show ("" before the tabs exist).
func (u *UI) currentTab() string {
	if u.tabs == nil || u.tabs.Selected() == nil {
		return ""
	}
	return u.tabs.Selected().Text
}

// shortcutHelp lists every keyboard shortcut; the Help dialog shows it.
var shortcutHelp = [][2]string{
	{"Ctrl+Enter", "run the query in the ADQL editor (TAP tab)"},
	{"Enter", "search from any field of the Spectra, Images or Raw data form"},
	{"Esc", "abort the running query, search or download"},
	{"Ctrl+L", "go to the ADQL editor"},
	{"Ctrl+F", "filter the result table on show"},
	{"Ctrl+A", "select all rows of the result table"},
	{"Ctrl+C", "copy the selected rows as tab-separated text"},
	{"Ctrl+O", "open a spectrum file (or drop files on the window)"},
	{"Ctrl+I", "open a FITS image or cube in the Images tab"},
	{"+ − 0 1", "image viewer: zoom in, out, fit, 1:1 (arrows pan, wheel zooms)"},
	{"Shift+drag", "image viewer: a box on a cube gives its spectrum"},
	{"Ctrl+,", "settings: service URLs"},
	{"F1", "this list"},
}

// showShortcuts lists the shortcuts in a dialog as wide as its longest line,
// so nothing is cut off; pressing F1 again does not stack a second one, and
// Esc closes it.
func (u *UI) showShortcuts() {
	if u.shortcuts != nil {
		return
	}
	rows := container.New(layout.NewFormLayout())
	for _, s := range shortcutHelp {
		rows.Add(widget.NewLabelWithStyle(s[0], fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}))
		rows.Add(widget.NewLabel(s[1]))
	}
	u.shortcuts = dialog.NewCustom("Keyboard shortcuts", "Close", rows, u.win)
	u.shortcuts.SetOnClosed(func() { u.shortcuts = nil })
	u.shortcuts.Show()
}

func (u *UI) showAbout() {
	meta := u.app.Metadata()
	text := widget.NewRichTextFromMarkdown("## esodesk " + meta.Version + "\n\n" +
		"Search the ESO Science Archive and Virtual Observatory services, browse results, " +
		"plot spectra and download data with its calibrations.\n\n" +
		"ESO data: please acknowledge ESO archive data as the ESO data access policy asks.")
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("About esodesk", "Close", text, u.win)
	d.Resize(fyne.NewSize(480, 260))
	d.Show()
}
