package app

import (
	"net/url"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/accountctl"
	"esodesk/services/config"
	"esodesk/services/esoauth"
)

// account is the view of the ESO login: the status bar's text and button,
// and the login dialog, over accountctl.Controller.
type account struct {
	u      *UI
	auth   *esoauth.Authorizer // the token u.http's Authorizer attaches to ESO requests
	ctl    *accountctl.Controller
	label  *widget.Label
	button *widget.Button
}

// newAccount makes the view; its controller needs the window's HTTP client,
// which needs the Authorizer made here, so start wires them (see New).
func newAccount(u *UI) *account {
	a := &account{u: u, auth: esoauth.NewAuthorizer(esoauth.AuthorizerOptions{AllowHosts: standinHosts()})}
	a.label = widget.NewLabel("ESO: not logged in")
	a.button = widget.NewButton("Log in…", a.showLogin)
	return a
}

// start makes the controller, once the window's HTTP client exists.
func (a *account) start() {
	store, err := esoauth.NewStore()
	if err != nil {
		store = nil // no configuration folder: logins last this session
	}
	prefs := a.u.app.Preferences()
	a.ctl = accountctl.New(accountctl.Deps{
		HTTP: a.u.http, Auth: a.auth, Store: store,
		TokenURL:     func() string { return a.u.settings.Token },
		RememberUser: func(name string) { prefs.SetString("eso.username", name) },
	}, a.u.do)
	a.ctl.Subscribe(a.render)
}

// standinHosts lets the token reach the local ESO stand-in, which plays
// ESO's hosts in tests and demos; nothing else beyond ESO's own hosts.
func standinHosts() []string {
	raw := os.Getenv(config.StandinEnv)
	if raw == "" {
		return nil
	}
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return []string{u.Host}
	}
	return nil
}

func (a *account) bar() fyne.CanvasObject {
	return container.NewHBox(a.label, a.button)
}

// restore loads a saved login and checks the login's expiry every minute.
func (a *account) restore() { a.ctl.Restore(time.Minute) }

func (a *account) close() { a.ctl.Close() }

// render shows the login state (UI goroutine).
func (a *account) render(s accountctl.State) {
	a.label.SetText(s.Text())
	if s.Status == accountctl.LoggedIn {
		a.button.SetText("Log out")
		a.button.OnTapped = a.ctl.Logout
	} else {
		a.button.SetText("Log in…")
		a.button.OnTapped = a.showLogin
	}
	a.button.Refresh()
	if s.RenewalDue {
		a.showLogin()
	}
	if s.Problem != "" {
		dialog.ShowInformation("ESO login", s.Problem, a.u.win)
	}
}

// showLogin asks for the ESO user name and password. The password goes to
// the token endpoint only; it is neither stored nor shown in any error.
func (a *account) showLogin() {
	user := widget.NewEntry()
	user.SetText(a.u.app.Preferences().String("eso.username"))
	pass := widget.NewPasswordEntry()
	msg := widget.NewLabel("")
	msg.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	submit := widget.NewButton("Log in", nil)
	submit.Importance = widget.HighImportance
	submit.OnTapped = func() {
		submit.Disable()
		msg.SetText("Logging in …")
		a.ctl.Login(user.Text, pass.Text, func(backend esoauth.Backend, err error) {
			submit.Enable()
			if err != nil {
				msg.SetText("Login failed: " + err.Error() + ".")
				return
			}
			pass.SetText("")
			d.Hide()
			if backend == esoauth.BackendFile {
				path, _ := esoauth.DefaultFilePath()
				dialog.ShowInformation("ESO login saved", backend.Notice(path), a.u.win)
			}
		})
	}
	pass.OnSubmitted = func(string) { submit.OnTapped() }
	form := widget.NewForm(widget.NewFormItem("User name", user), widget.NewFormItem("Password", pass))
	content := container.NewVBox(
		widget.NewLabel("Log in with your ESO User Portal account to see and download proprietary data."),
		form, msg)
	closeBtn := widget.NewButton("Cancel", func() { a.ctl.CancelLogin(); d.Hide() })
	d = dialog.NewCustomWithoutButtons("Log in to ESO", container.NewBorder(nil, container.NewHBox(closeBtn, submit), nil, nil, content), a.u.win)
	d.Resize(fyne.NewSize(460, 260))
	d.Show()
	a.u.win.Canvas().Focus(user)
	if user.Text != "" {
		a.u.win.Canvas().Focus(pass)
	}
}
