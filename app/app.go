// Package app builds esodesk's window: menus, tabs, settings, and the wiring
// between the widgets and the services. Network and disk work never runs on the
// UI goroutine: tabs start goroutines and come back through fyne.Do.
package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"esodesk/preview"
	"esodesk/services/config"
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
	raw       *rawTab
	downloads *downloadsTab
	previews  *preview.Cache // see previewCache
	account   *account

	// closed is set (on the UI goroutine) when the window closes; results
	// that arrive later are dropped by do.
	closed bool

	// settingsListeners are told when the service URLs change.
	settingsListeners []func(config.Settings)
}

// New builds the main window of a (possibly test) Fyne app without showing it.
func New(a fyne.App) *UI {
	u := &UI{
		app:      a,
		settings: config.LoadFrom(prefStore{a.Preferences()}),
	}
	u.win = a.NewWindow("esodesk")
	u.account = newAccount(u)
	// one client for every service: the account's token goes to ESO hosts only
	u.http = vohttp.New(vohttp.Options{Authorizer: u.account.auth})
	u.tap = newTapTab(u)
	u.spectra = newSpectraTab(u)
	u.downloads = newDownloadsTab(u)
	u.raw = newRawTab(u) // after downloads: it plans into the download folder
	u.tabs = container.NewAppTabs(
		container.NewTabItem("TAP", u.tap.content),
		container.NewTabItem("Spectra", u.spectra.content),
		container.NewTabItem("Raw data", u.raw.content),
		container.NewTabItem("Downloads", u.downloads.content),
	)
	u.tabs.OnSelected = func(ti *container.TabItem) { a.Preferences().SetString("window.tab", ti.Text) }
	for _, ti := range u.tabs.Items {
		if ti.Text == a.Preferences().String("window.tab") {
			u.tabs.Select(ti)
		}
	}
	u.win.SetOnDropped(u.dropped)
	u.win.SetContent(container.NewBorder(nil, u.account.bar(), nil, nil, u.tabs))
	u.account.restore()
	u.win.SetMainMenu(u.mainMenu())
	u.addShortcuts()
	u.win.Resize(fyne.NewSize(
		float32(a.Preferences().FloatWithFallback("window.width", 1280)),
		float32(a.Preferences().FloatWithFallback("window.height", 820))))
	u.win.SetCloseIntercept(func() {
		size := u.win.Canvas().Size()
		a.Preferences().SetFloat("window.width", float64(size.Width))
		a.Preferences().SetFloat("window.height", float64(size.Height))
		u.close()
		u.win.Close()
	})
	return u
}

// close stops the tabs' background work; results still on their way are
// dropped (see do).
func (u *UI) close() {
	u.closed = true
	u.tap.close()
	u.spectra.close()
	u.raw.close()
	u.downloads.close()
	u.account.close()
}

// do runs f on the UI goroutine unless the window has closed meanwhile:
// every goroutine of the tabs, and the widgets' background work (their
// RunOnUI), reports back through it: one bridge to the UI goroutine.
func (u *UI) do(f func()) {
	runOnUI(func() {
		if !u.closed {
			f()
		}
	})
}

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
	login := fyne.NewMenuItem("Log in to ESO…", u.account.showLogin)
	file := fyne.NewMenu("File", open, fyne.NewMenuItemSeparator(), login, settings)
	query := fyne.NewMenu("Query",
		u.tap.runMenuItem(),
		u.tap.abortMenuItem(),
	)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard shortcuts", u.showShortcuts),
		fyne.NewMenuItem("About esodesk", u.showAbout),
	)
	return fyne.NewMainMenu(file, query, help)
}

func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyComma, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { u.showSettings() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF1}, func(fyne.Shortcut) { u.showShortcuts() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { u.showOpenSpectrum() })
	u.tap.addShortcuts(c)
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name != fyne.KeyEscape {
			return
		}
		switch u.currentTab() {
		case "TAP":
			u.tap.abort()
		case "Spectra":
			u.spectra.close() // cancels the search and the download in progress
		case "Raw data":
			u.raw.cancelSearch()
			u.raw.datasets.stop()
		}
	})
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
	{"Enter", "search for spectra (Spectra tab) or raw frames (Raw data tab) from any field of the form"},
	{"Ctrl+O", "open a spectrum file (FITS, .fits.gz, .fits.Z, SDM VOTable); files can also be dropped on the window"},
	{"Escape", "abort the running query, search or download"},
	{"Ctrl+L", "focus the ADQL editor"},
	{"Ctrl+F", "focus the result filter"},
	{"Ctrl+A / Ctrl+C", "select all rows / copy the selected rows (in the result table)"},
	{"Ctrl+,", "settings: service URLs"},
	{"F1", "this list"},
}

func (u *UI) showShortcuts() {
	grid := container.NewGridWithColumns(2)
	for _, s := range shortcutHelp {
		grid.Add(widget.NewLabelWithStyle(s[0], fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}))
		grid.Add(widget.NewLabel(s[1]))
	}
	dialog.ShowCustom("Keyboard shortcuts", "Close", grid, u.win)
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

// runOnUI is the one way goroutines reach the UI: fyne.Do in the app. Tests
// replace it with a serialising version, because Fyne's test driver runs
// fyne.Do inline on the calling goroutine.
var runOnUI = fyne.Do
