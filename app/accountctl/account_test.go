package accountctl

import (
	"errors"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"esodesk/internal/runtest"
	"esodesk/services/esoauth"
	"esodesk/services/vohttp"
	"esodesk/testbed/standin"
)

// memKeyring is an OS keyring in memory (the real Secret Service is tested
// in services/esoauth).
type memKeyring struct {
	mu sync.Mutex
	m  map[string]string
}

func (k *memKeyring) Set(s, key, v string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string]string{}
	}
	k.m[s+"/"+key] = v
	return nil
}

func (k *memKeyring) Get(s, key string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.m[s+"/"+key]
	if !ok {
		return "", errors.New("secret not found in keyring")
	}
	return v, nil
}

func (k *memKeyring) Delete(s, key string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, s+"/"+key)
	return nil
}

type fixture struct {
	ctl   *Controller
	ui    *runtest.Queue
	store *esoauth.Store
	srv   *standin.Server
	url   string
	user  string // remembered user name
}

// newFixture is a controller against an in-process ESO stand-in's token
// endpoint, with a store in a temporary folder.
func newFixture(t *testing.T, store *esoauth.Store) *fixture {
	t.Helper()
	srv := standin.New(standin.Options{})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	if store == nil {
		store = &esoauth.Store{Secrets: &memKeyring{}, FilePath: filepath.Join(t.TempDir(), "token.json")}
	}
	f := &fixture{ui: &runtest.Queue{}, store: store, srv: srv, url: hs.URL}
	f.ctl = New(Deps{
		HTTP:         vohttp.New(vohttp.Options{}),
		Auth:         esoauth.NewAuthorizer(esoauth.AuthorizerOptions{}),
		Store:        store,
		TokenURL:     func() string { return hs.URL + standin.TokenPath },
		RememberUser: func(u string) { f.user = u },
	}, f.ui.Run)
	t.Cleanup(f.ctl.Close)
	return f
}

func (f *fixture) settle() { f.ui.Settle(f.ctl.Wait) }

func (f *fixture) login(t *testing.T, user, pass string) (esoauth.Backend, error) {
	t.Helper()
	var backend esoauth.Backend
	var err error
	called := false
	f.ctl.Login(user, pass, func(b esoauth.Backend, e error) { backend, err, called = b, e, true })
	f.settle()
	if !called {
		t.Fatal("login never finished")
	}
	return backend, err
}

func TestLoginSavesAndRestores(t *testing.T) {
	f := newFixture(t, nil)
	f.ctl.Restore(0)
	f.settle()
	if s := f.ctl.Snapshot(); s.Status != LoggedOut || !strings.Contains(s.Text(), "not logged in") {
		t.Fatalf("before login: %+v %q", s, s.Text())
	}
	backend, err := f.login(t, standin.TestUser, standin.TestPassword)
	if err != nil || backend != esoauth.BackendKeyring {
		t.Fatalf("login: %v, saved to %v", err, backend)
	}
	s := f.ctl.Snapshot()
	if s.Status != LoggedIn || s.User != standin.TestUser || f.user != standin.TestUser ||
		!strings.HasPrefix(s.Text(), "ESO: logged in as testuser (until ") {
		t.Fatalf("after login: %+v %q, remembered %q", s, s.Text(), f.user)
	}
	if f.ctl.deps.Auth.LoggedInAs() != standin.TestUser {
		t.Fatal("the token is not in the Authorizer")
	}

	// a new session restores the saved login
	g := newFixture(t, f.store)
	g.ctl.Restore(0)
	g.settle()
	if s := g.ctl.Snapshot(); s.Status != LoggedIn || s.User != standin.TestUser {
		t.Fatalf("restored: %+v", s)
	}

	g.ctl.Logout()
	g.settle()
	if s := g.ctl.Snapshot(); s.Status != LoggedOut || s.Problem != "" {
		t.Fatalf("after logout: %+v", s)
	}
	if _, _, err := f.store.Load(t.Context()); !errors.Is(err, esoauth.ErrNoToken) {
		t.Fatalf("the saved login is still there after logout: %v", err)
	}
}

func TestLoginRefusedSaysWhy(t *testing.T) {
	f := newFixture(t, nil)
	_, err := f.login(t, standin.TestUser, "wrong")
	if err == nil || !strings.Contains(err.Error(), "Invalid user credentials") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("refused login: %v (must quote ESO, never the password)", err)
	}
	if s := f.ctl.Snapshot(); s.Status != LoggedOut {
		t.Fatalf("state after a refused login: %+v", s)
	}
	if _, err := f.login(t, "", ""); err == nil || !strings.Contains(err.Error(), "user name and password") {
		t.Fatalf("empty fields: %v", err)
	}
}

func TestCancelledLoginIsDropped(t *testing.T) {
	f := newFixture(t, nil)
	called := false
	f.ctl.Login(standin.TestUser, standin.TestPassword, func(esoauth.Backend, error) { called = true })
	f.ctl.CancelLogin()
	f.settle()
	if called || f.ctl.Snapshot().Status != LoggedOut || f.ctl.deps.Auth.Token() != nil {
		t.Fatalf("a cancelled login still took effect: called=%v state=%+v", called, f.ctl.Snapshot())
	}
}

func TestExpiryAndRenewal(t *testing.T) {
	f := newFixture(t, nil)
	now := time.Now()
	f.ctl.deps.Now = func() time.Time { return now }
	f.ctl.deps.Auth.Set(&esoauth.Token{IDToken: f.srv.IDToken("anna", now.Add(5*time.Minute)), Username: "anna", Expiry: now.Add(5 * time.Minute)})
	f.ctl.Refresh()
	s := f.ctl.Snapshot()
	if s.Status != LoggedIn || !s.RenewalDue || !strings.Contains(s.Text(), "login of anna expires at") {
		t.Fatalf("5 minutes before expiry: %+v %q", s, s.Text())
	}
	f.ctl.Refresh()
	if f.ctl.Snapshot().RenewalDue {
		t.Fatal("the renewal was asked for twice for one token")
	}
	now = now.Add(6 * time.Minute)
	f.ctl.Refresh()
	if s := f.ctl.Snapshot(); s.Status != Expired || f.ctl.deps.Auth.Token() != nil || !strings.Contains(s.Text(), "expired") {
		t.Fatalf("after expiry: %+v, token still set: %v", s, f.ctl.deps.Auth.Token() != nil)
	}
}

// The expiry clock posts its checks through the runner, so a login that
// expires while the window is open is noticed without any user action.
func TestClockNoticesExpiry(t *testing.T) {
	f := newFixture(t, &esoauth.Store{Secrets: &memKeyring{}, FilePath: filepath.Join(t.TempDir(), "t.json")})
	exp := time.Now().Add(150 * time.Millisecond)
	f.ctl.deps.Auth.Set(&esoauth.Token{IDToken: f.srv.IDToken("anna", exp), Username: "anna", Expiry: exp})
	f.ctl.Restore(20 * time.Millisecond)
	deadline := time.Now().Add(5 * time.Second)
	for f.ctl.Snapshot().Status != Expired {
		if time.Now().After(deadline) {
			t.Fatalf("the clock did not notice the expiry: %+v", f.ctl.Snapshot())
		}
		time.Sleep(10 * time.Millisecond)
		f.ui.Drain()
	}
}
