package esoauth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"esodesk/services/vohttp"
)

const (
	testUser = "astro"
	// testPassword has characters that URL escaping changes, so every
	// spelling of it is looked for in errors.
	testPassword = "s3cr3t P@ss+wörd&x"
)

// tokenEndpoint is a stand-in for ESO's OIDC token endpoint. It answers
// like ESO (the shape of oidc_token.json) for testUser/testPassword, and
// with status for anything else; the reply body for a refusal echoes the
// password to check that Login hides it.
type tokenEndpoint struct {
	t       *testing.T
	jwt     string
	refusal int

	mu    sync.Mutex
	query []string
}

func (e *tokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.mu.Lock()
	e.query = append(e.query, r.URL.RawQuery)
	e.mu.Unlock()
	q := r.URL.Query()
	if r.Method != http.MethodGet || q.Get("grant_type") != "password" || q.Get("client_id") != "clientid" ||
		q.Get("response_type") != "id_token token" {
		http.Error(w, "bad request shape", http.StatusTeapot)
		return
	}
	if q.Get("username") != testUser || q.Get("password") != testPassword {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(e.refusal)
		fmt.Fprintf(w, `{"error":"invalid_grant","error_description":"bad password %s"}`, q.Get("password"))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"access_token":"some-access-token","id_token":%q,"token_type":"bearer","expires_in":28800,"scope":""}`, e.jwt)
}

// captureLogs sends the standard logger and slog's default to a buffer for
// the rest of the test.
func captureLogs(t *testing.T) *bytes.Buffer {
	var buf bytes.Buffer
	oldOut, oldFlags := log.Writer(), log.Flags()
	oldSlog := slog.Default()
	log.SetOutput(&buf)
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() {
		log.SetOutput(oldOut)
		log.SetFlags(oldFlags)
		slog.SetDefault(oldSlog)
	})
	return &buf
}

func assertNoPassword(t *testing.T, where, s string) {
	t.Helper()
	for _, f := range []string{testPassword, "s3cr3t", "P@ss", "P%40ss", "w%C3%B6rd"} {
		if strings.Contains(s, f) {
			t.Fatalf("%s contains (part of) the password %q: %s", where, f, s)
		}
	}
}

func TestLoginSuccess(t *testing.T) {
	logs := captureLogs(t)
	exp := time.Now().Add(8 * time.Hour).Truncate(time.Second).UTC()
	ep := &tokenEndpoint{t: t, jwt: makeJWT(t, map[string]any{"exp": exp.Unix(), "preferred_username": "Astro Nomer"}), refusal: 401}
	srv := httptest.NewServer(ep)
	defer srv.Close()

	tok, err := Login(context.Background(), vohttp.New(vohttp.Options{}), srv.URL+"/sso/oidc/token", testUser, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if tok.IDToken != ep.jwt || tok.AccessToken != "some-access-token" || tok.Username != "Astro Nomer" || !tok.Expiry.Equal(exp) {
		t.Fatalf("token = %+v", tok)
	}
	if tok.Expired(time.Now()) || !tok.ExpiresSoon(time.Now(), 9*time.Hour) {
		t.Fatal("fresh 8 h token: wrong expiry logic")
	}
	// ESO's own clients send %20 in response_type; we do the same.
	if q := ep.query[0]; !strings.Contains(q, "response_type=id_token%20token") {
		t.Fatalf("query %q", q)
	}
	assertNoPassword(t, "logs", logs.String())
}

func TestLoginWrongCredentials(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusBadRequest} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			logs := captureLogs(t)
			ep := &tokenEndpoint{t: t, jwt: "unused", refusal: status}
			srv := httptest.NewServer(ep)
			defer srv.Close()
			wrong := "s3cr3t P@ss+wörd&y" // differs from testPassword in its last letter only
			_, err := Login(context.Background(), nil, srv.URL+"/sso/oidc/token", testUser, wrong)
			if err == nil {
				t.Fatal("wrong password accepted")
			}
			if !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("error %v does not wrap ErrBadCredentials", err)
			}
			msg := err.Error()
			t.Logf("error shown: %s", msg)
			if !strings.Contains(msg, "ESO refused the user name or password") {
				t.Fatalf("message %q", msg)
			}
			// The URL is in the message, the server echoed the password: still hidden.
			if !strings.Contains(msg, srv.URL+"/sso/oidc/token") {
				t.Fatalf("message lacks the endpoint: %q", msg)
			}
			assertNoPassword(t, "error", msg)
			if e, ok := vohttp.AsError(err); !ok || e.StatusCode != status {
				t.Fatalf("not a *vohttp.Error with status %d: %#v", status, err)
			}
			assertNoPassword(t, "logs", logs.String())
		})
	}
}

func TestLoginNetworkErrorHidesPassword(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL + "/token"
	srv.Close() // nothing listens any more
	_, err := Login(context.Background(), nil, url, testUser, testPassword)
	if err == nil {
		t.Fatal("login to a closed port succeeded")
	}
	if vohttp.KindOf(err) != vohttp.KindRefused {
		t.Fatalf("kind %v: %v", vohttp.KindOf(err), err)
	}
	if errors.Is(err, ErrBadCredentials) {
		t.Fatal("a network error blamed the password")
	}
	assertNoPassword(t, "error", err.Error())
	assertNoPassword(t, "error (%#v)", fmt.Sprintf("%#v", err))
}

func TestLoginMalformedReply(t *testing.T) {
	cases := map[string]string{
		"not json":    `<html>login page</html>`,
		"no id_token": `{"access_token":"a","token_type":"bearer"}`,
		"not a jwt":   `{"id_token":"abc","expires_in":10}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, body)
			}))
			defer srv.Close()
			_, err := Login(context.Background(), nil, srv.URL+"/token", testUser, testPassword)
			if vohttp.KindOf(err) != vohttp.KindProtocol {
				t.Fatalf("kind %v: %v", vohttp.KindOf(err), err)
			}
			assertNoPassword(t, "error", err.Error())
		})
	}
}

func TestLoginRefusedWith200(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"error":"invalid_grant","error_description":"wrong %s"}`, r.URL.Query().Get("password"))
	}))
	defer srv.Close()
	_, err := Login(context.Background(), nil, srv.URL+"/token", testUser, testPassword)
	if !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("got %v", err)
	}
	assertNoPassword(t, "error", err.Error())
}

func TestLoginMissingCredentialsAndCancel(t *testing.T) {
	if _, err := Login(context.Background(), nil, "https://www.eso.org/sso/oidc/token", "", "x"); !errors.Is(err, ErrMissingCredentials) {
		t.Fatalf("got %v", err)
	}
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(hang)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := Login(ctx, nil, srv.URL+"/token", testUser, testPassword)
	if !vohttp.IsCanceled(err) {
		t.Fatalf("got %v", err)
	}
	assertNoPassword(t, "error", err.Error())
}

func TestScrubHidesPasswordInOwnWording(t *testing.T) {
	// Even a password that is a word of our own message is hidden, and the
	// error still says that the credentials were refused.
	err := scrub(&vohttp.Error{Op: loginOp, Kind: vohttp.KindHTTP, StatusCode: 401, Message: refusalMessage(""), Err: ErrBadCredentials}, "refused")
	if strings.Contains(err.Error(), "refused") {
		t.Fatalf("still there: %v", err)
	}
	if !errors.Is(err, ErrBadCredentials) {
		t.Fatal("lost ErrBadCredentials")
	}
}
