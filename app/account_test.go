package app

import (
	"context"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"esodesk/internal/testbedenv"
	"esodesk/services/esoauth"
	"esodesk/testbed/standin"
)

// newAccountUI points the token endpoint and dataPortal at an in-process
// ESO stand-in, which the token may reach as it would reach ESO.
func newAccountUI(t *testing.T) (*UI, *standin.Server, string) {
	t.Helper()
	testbedenv.URL(t)
	srv := standin.New(standin.Options{})
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	t.Setenv("ESODESK_STANDIN_URL", hs.URL)
	t.Setenv("ESODESK_TOKEN_URL", hs.URL+standin.TokenPath)
	return newTestUI(t), srv, hs.URL
}

func loginInGUI(t *testing.T, u *UI, user, pass string) (esoauth.Backend, error) {
	t.Helper()
	type result struct {
		b   esoauth.Backend
		err error
	}
	got := make(chan result, 1)
	onUI(func() {
		u.account.ctl.Login(user, pass, func(b esoauth.Backend, err error) { got <- result{b, err} })
	})
	select {
	case r := <-got:
		return r.b, r.err
	case <-time.After(queryTimeout):
		t.Fatal("login did not finish")
	}
	return 0, nil
}

func TestLoginShowsTheUserAndUnlocksProprietaryFiles(t *testing.T) {
	u, srv, base := newAccountUI(t)
	fileURL := base + standin.DataPortalPath + "PROPRIETARY.2021-01-02T00:59:12.533"

	get := func() (string, string) {
		resp, err := u.http.Get(context.Background(), fileURL)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		io.Copy(io.Discard, resp.Body)
		return resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition")
	}
	if ct, _ := get(); !strings.Contains(ct, "text/html") {
		t.Fatalf("without login the stand-in should answer with its login page, got %q", ct)
	}

	const secret = "not-the-password-9f3"
	_, err := loginInGUI(t, u, standin.TestUser, secret)
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Fatalf("wrong password: want an error that does not repeat the password, got %v", err)
	}
	var label string
	onUI(func() { label = u.account.label.Text })
	if !strings.Contains(label, "not logged in") {
		t.Errorf("after a failed login the bar says %q", label)
	}

	backend, err := loginInGUI(t, u, standin.TestUser, standin.TestPassword)
	if err != nil {
		t.Fatal(err)
	}
	onUI(func() { label = u.account.label.Text })
	if !strings.Contains(label, "logged in as "+standin.TestUser) {
		t.Errorf("after login the bar says %q", label)
	}
	if backend == esoauth.BackendNone {
		t.Error("the login was not saved anywhere")
	}
	if ct, cd := get(); strings.Contains(ct, "text/html") || !strings.Contains(cd, "PROPRIETARY") {
		t.Fatalf("with a token the file should download, got %q %q", ct, cd)
	}
	for _, r := range srv.Requests() {
		if strings.Contains(r.Query, standin.TestPassword) {
			t.Errorf("the stand-in's record shows the password in %q", r.Query)
		}
	}

	onUI(func() { u.account.ctl.Logout() })
	onUI(func() { label = u.account.label.Text })
	if !strings.Contains(label, "not logged in") {
		t.Errorf("after logout the bar says %q", label)
	}
	if ct, _ := get(); !strings.Contains(ct, "text/html") {
		t.Fatalf("after logout the token must not be sent, got %q", ct)
	}
}
