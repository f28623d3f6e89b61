// Package accountctl is the ESO login behind the status bar: it restores a
// saved login, logs in and out, keeps the token the HTTP client's
// Authorizer attaches to ESO requests, and says when the login is about to
// expire. Fyne-free; the view is app/account.go.
package accountctl

import (
	"context"
	"errors"
	"fmt"
	"time"

	"esodesk/internal/latest"
	"esodesk/internal/observable"
	"esodesk/services/esoauth"
	"esodesk/services/vohttp"
)

// RenewMargin is how long before expiry the user is asked to log in again.
const RenewMargin = 10 * time.Minute

// Status is what the status bar says of the login.
type Status int

const (
	LoggedOut Status = iota
	Expired
	LoggedIn
)

// State is what the view shows.
type State struct {
	Status Status
	User   string
	Expiry time.Time
	// RenewalDue turns true once per token, shortly before it expires: the
	// view then opens the login dialog.
	RenewalDue bool
	// Problem is a failure that is not the login's own (the saved login
	// could not be removed); "" when none.
	Problem string
}

// Text is the status bar's sentence for s.
func (s State) Text() string {
	switch s.Status {
	case Expired:
		return "ESO: your login expired; log in again to see proprietary data"
	case LoggedIn:
		if s.RenewalDue {
			return fmt.Sprintf("ESO: login of %s expires at %s", s.User, s.Expiry.Local().Format("15:04"))
		}
		return fmt.Sprintf("ESO: logged in as %s (until %s)", s.User, s.Expiry.Local().Format("15:04"))
	}
	return "ESO: not logged in (proprietary data is not shown)"
}

// Deps is what the controller works with.
type Deps struct {
	HTTP     *vohttp.Client
	Auth     *esoauth.Authorizer
	Store    *esoauth.Store // nil: logins last this session only
	TokenURL func() string  // ESO's token endpoint in force
	Now      func() time.Time
	// RememberUser saves the user name of a successful login (preferences).
	RememberUser func(string)
}

// Controller is the login's state and work.
type Controller struct {
	deps  Deps
	run   latest.Runner
	state observable.Value[State]
	login *latest.Task
	other *latest.Task // restore and logout's clean-up
	asked bool         // RenewalDue already raised for the current token
	stop  chan struct{}
}

// New returns a controller; run is the way back to the UI goroutine.
func New(deps Deps, run latest.Runner) *Controller {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	return &Controller{deps: deps, run: run, login: latest.New(run), other: latest.New(run), stop: make(chan struct{})}
}

func (c *Controller) Snapshot() State                              { return c.state.Snapshot() }
func (c *Controller) Subscribe(f func(State)) (unsubscribe func()) { return c.state.Subscribe(f) }

// Restore loads a saved login in the background, then checks the login
// every interval (the view's clock) so an expiry is noticed.
func (c *Controller) Restore(interval time.Duration) {
	if c.deps.Store != nil {
		c.other.Start(func(j latest.Job) {
			ctx, cancel := context.WithTimeout(j.Context(), 10*time.Second)
			defer cancel()
			tok, _, err := c.deps.Store.Load(ctx)
			j.Finish(func() {
				if err == nil && !tok.Expired(c.deps.Now()) {
					c.deps.Auth.Set(tok)
				}
				c.Refresh()
			})
		})
	}
	if interval > 0 {
		go func() {
			tick := time.NewTicker(interval)
			defer tick.Stop()
			for {
				select {
				case <-c.stop:
					return
				case <-tick.C:
					c.run(c.Refresh)
				}
			}
		}()
	}
	c.Refresh()
}

// Refresh reads the token in force into the state: expired tokens are
// dropped, a token about to expire raises RenewalDue once.
func (c *Controller) Refresh() {
	tok := c.deps.Auth.Token()
	now := c.deps.Now()
	c.state.Update(func(s *State) {
		*s = State{Problem: s.Problem}
		switch {
		case tok == nil:
			s.Status = LoggedOut
		case tok.Expired(now):
			c.deps.Auth.Clear()
			s.Status = Expired
		default:
			s.Status, s.User, s.Expiry = LoggedIn, tok.Username, tok.Expiry
			if tok.ExpiresSoon(now, RenewMargin) && !c.asked {
				c.asked = true
				s.RenewalDue = true
			}
		}
	})
}

// Login asks ESO for a token off the UI goroutine, saves it (keyring, else
// a private file) and starts using it; done runs on the UI goroutine with
// where it was saved, or the error. A newer Login or CancelLogin drops it.
// The password goes to the token endpoint only.
func (c *Controller) Login(username, password string, done func(esoauth.Backend, error)) {
	if username == "" || password == "" {
		done(esoauth.BackendNone, errors.New("enter your ESO user name and password"))
		return
	}
	tokenURL := c.deps.TokenURL()
	c.login.Start(func(j latest.Job) {
		ctx, cancel := context.WithTimeout(j.Context(), time.Minute)
		defer cancel()
		tok, err := esoauth.Login(ctx, c.deps.HTTP, tokenURL, username, password)
		backend := esoauth.BackendNone
		if err == nil && c.deps.Store != nil {
			backend, _ = c.deps.Store.Save(ctx, tok) // unsaved, the login still lasts this session
		}
		j.Finish(func() {
			if err == nil {
				if c.deps.RememberUser != nil {
					c.deps.RememberUser(username)
				}
				c.deps.Auth.Set(tok)
				c.asked = false
				c.Refresh()
			}
			done(backend, err)
		})
	})
}

// CancelLogin abandons a login in progress (the dialog's Cancel).
func (c *Controller) CancelLogin() { c.login.Stop() }

// Logout forgets the token at once and removes the saved one in the
// background; a failure to remove it becomes State.Problem.
func (c *Controller) Logout() {
	c.deps.Auth.Clear()
	c.state.Update(func(s *State) { s.Problem = "" })
	c.Refresh()
	if c.deps.Store == nil {
		return
	}
	c.other.Start(func(j latest.Job) {
		ctx, cancel := context.WithTimeout(j.Context(), 10*time.Second)
		defer cancel()
		err := c.deps.Store.Delete(ctx)
		j.Finish(func() {
			if err != nil && !errors.Is(err, esoauth.ErrNoToken) {
				c.state.Update(func(s *State) {
					s.Problem = fmt.Sprintf("logged out, but the saved login could not be removed: %v", err)
				})
			}
		})
	})
}

// Wait returns when the background work started so far has ended (tests).
func (c *Controller) Wait() { latest.WaitAll(c.login, c.other) }

// Close stops the expiry clock and any work in flight.
func (c *Controller) Close() {
	select {
	case <-c.stop:
	default:
		close(c.stop)
	}
	latest.StopAll(c.login, c.other)
}
