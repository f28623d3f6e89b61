package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/config"
	"esodesk/services/esoauth"
)

// renewMargin is how long before expiry the app asks for a new login.
const renewMargin = 10 * time.Minute

// account is the ESO login: the status bar text, the login dialog, and the
// token that u.http's Authorizer attaches to ESO requests.
type account struct {
	u      *UI
	auth   *esoauth.Authorizer
	store  *esoauth.Store
	label  *widget.Label
	button *widget.Button

	asked bool // the renewal dialog was shown for the current token
	stop  chan struct{}
}

func newAccount(u *UI) *account {
	a := &account{u: u, auth: esoauth.NewAuthorizer(esoauth.AuthorizerOptions{AllowHosts: standinHosts()}), stop: make(chan struct{})}
	a.label = widget.NewLabel("ESO: not logged in")
	a.button = widget.NewButton("Log in…", a.showLogin)
	if s, err := esoauth.NewStore(); err == nil {
		a.store = s
	}
	return a
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

// restore loads a saved login in the background and watches its expiry.
func (a *account) restore() {
	if a.store == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		tok, _, err := a.store.Load(ctx)
		a.u.do(func() {
			if err == nil && !tok.Expired(time.Now()) {
				a.auth.Set(tok)
			}
			a.refresh()
		})
	}()
	go func() {
		tick := time.NewTicker(time.Minute)
		defer tick.Stop()
		for {
			select {
			case <-a.stop:
				return
			case <-tick.C:
				a.u.do(a.refresh)
			}
		}
	}()
}

func (a *account) close() { close(a.stop) }

// refresh shows who is logged in and asks for a new login shortly before the
// token expires, so downloads and queries do not silently lose access.
func (a *account) refresh() {
	tok := a.auth.Token()
	now := time.Now()
	switch {
	case tok == nil:
		a.label.SetText("ESO: not logged in (proprietary data is not shown)")
		a.button.SetText("Log in…")
		a.button.OnTapped = a.showLogin
	case tok.Expired(now):
		a.auth.Clear()
		a.label.SetText("ESO: your login expired; log in again to see proprietary data")
		a.button.SetText("Log in…")
		a.button.OnTapped = a.showLogin
	default:
		a.label.SetText(fmt.Sprintf("ESO: logged in as %s (until %s)", tok.Username, tok.Expiry.Local().Format("15:04")))
		a.button.SetText("Log out")
		a.button.OnTapped = a.logout
		if tok.ExpiresSoon(now, renewMargin) && !a.asked {
			a.asked = true
			a.label.SetText(fmt.Sprintf("ESO: login of %s expires at %s", tok.Username, tok.Expiry.Local().Format("15:04")))
			a.showLogin()
		}
	}
	a.button.Refresh()
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
	var cancel context.CancelFunc = func() {}
	submit := widget.NewButton("Log in", nil)
	submit.Importance = widget.HighImportance
	submit.OnTapped = func() {
		if user.Text == "" || pass.Text == "" {
			msg.SetText("Enter your ESO user name and password.")
			return
		}
		var ctx context.Context
		ctx, cancel = context.WithTimeout(context.Background(), time.Minute)
		submit.Disable()
		msg.SetText("Logging in …")
		a.login(ctx, user.Text, pass.Text, func(backend esoauth.Backend, err error) {
			submit.Enable()
			if err != nil {
				msg.SetText("Login failed: " + err.Error())
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
	closeBtn := widget.NewButton("Cancel", func() { cancel(); d.Hide() })
	d = dialog.NewCustomWithoutButtons("Log in to ESO", container.NewBorder(nil, container.NewHBox(closeBtn, submit), nil, nil, content), a.u.win)
	d.Resize(fyne.NewSize(460, 260))
	d.Show()
	a.u.win.Canvas().Focus(user)
	if user.Text != "" {
		a.u.win.Canvas().Focus(pass)
	}
}

// login gets a token off the UI goroutine, saves it (keyring, else a private
// file) and starts using it; done runs on the UI goroutine.
func (a *account) login(ctx context.Context, username, password string, done func(esoauth.Backend, error)) {
	tokenURL := a.u.settings.Token
	go func() {
		tok, err := esoauth.Login(ctx, a.u.http, tokenURL, username, password)
		backend := esoauth.BackendNone
		if err == nil && a.store != nil {
			backend, _ = a.store.Save(ctx, tok) // unsaved, the login still lasts this session
		}
		a.u.do(func() {
			if err == nil {
				a.u.app.Preferences().SetString("eso.username", username)
				a.auth.Set(tok)
				a.asked = false
				a.refresh()
			}
			done(backend, err)
		})
	}()
}

func (a *account) logout() {
	a.auth.Clear()
	a.refresh()
	if a.store == nil {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := a.store.Delete(ctx); err != nil && !errors.Is(err, esoauth.ErrNoToken) {
			a.u.do(func() {
				dialog.ShowError(fmt.Errorf("logged out, but the saved login could not be removed: %w", err), a.u.win)
			})
		}
	}()
}
