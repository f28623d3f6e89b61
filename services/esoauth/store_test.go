package esoauth

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

var errNoBus = errors.New("dbus: no session bus (simulated)")

// brokenKeyring is a keyring that cannot be reached, like Secret Service
// without a D-Bus session.
type brokenKeyring struct{}

func (brokenKeyring) Set(string, string, string) error   { return errNoBus }
func (brokenKeyring) Get(string, string) (string, error) { return "", errNoBus }
func (brokenKeyring) Delete(string, string) error        { return errNoBus }

// stuckKeyring blocks like a keyring waiting on an unlock prompt.
type stuckKeyring struct{ release chan struct{} }

func (k stuckKeyring) Set(string, string, string) error { <-k.release; return nil }
func (k stuckKeyring) Get(string, string) (string, error) {
	<-k.release
	return "", keyring.ErrNotFound
}
func (k stuckKeyring) Delete(string, string) error { <-k.release; return nil }

func sampleToken() *Token {
	return &Token{IDToken: "header.payload.sig", AccessToken: "acc", Username: "astro",
		Expiry: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func tokenFile(t *testing.T) string {
	return filepath.Join(t.TempDir(), "config", "esodesk", "eso-token.json")
}

func TestStoreKeyring(t *testing.T) {
	keyring.MockInit()
	path := tokenFile(t)
	// A file left from a time without keyring must not linger.
	if err := writePrivate(path, []byte(`{"id_token":"old"}`)); err != nil {
		t.Fatal(err)
	}
	s := &Store{Secrets: OSKeyring{}, FilePath: path}
	ctx := context.Background()
	b, err := s.Save(ctx, sampleToken())
	if err != nil || b != BackendKeyring {
		t.Fatalf("Save = %v, %v", b, err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("old token file still there: %v", err)
	}
	raw, err := keyring.Get(KeyringService, KeyringKey)
	if err != nil || !strings.Contains(raw, "header.payload.sig") {
		t.Fatalf("keyring holds %q, %v", raw, err)
	}
	tok, b, err := s.Load(ctx)
	if err != nil || b != BackendKeyring || *tok != *sampleToken() {
		t.Fatalf("Load = %+v, %v, %v", tok, b, err)
	}
	if err := s.Delete(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get(KeyringService, KeyringKey); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("keyring entry survived logout: %v", err)
	}
	if _, _, err := s.Load(ctx); !errors.Is(err, ErrNoToken) {
		t.Fatalf("Load after logout: %v", err)
	}
}

func TestStoreFileFallback(t *testing.T) {
	cases := map[string]Secrets{"broken keyring": brokenKeyring{}, "go-keyring failing": OSKeyring{}, "no keyring": nil}
	for name, sec := range cases {
		t.Run(name, func(t *testing.T) {
			keyring.MockInitWithError(errNoBus)
			defer keyring.MockInit()
			path := tokenFile(t)
			s := &Store{Secrets: sec, FilePath: path}
			ctx := context.Background()
			b, err := s.Save(ctx, sampleToken())
			if err != nil || b != BackendFile {
				t.Fatalf("Save = %v, %v", b, err)
			}
			if n := b.Notice(path); !strings.Contains(n, "readable only by you") || !strings.Contains(n, "no system keyring") {
				t.Fatalf("notice %q", n)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if runtime.GOOS != "windows" {
				if fi.Mode().Perm() != 0o600 {
					t.Fatalf("token file mode %v, want 0600", fi.Mode().Perm())
				}
				di, _ := os.Stat(filepath.Dir(path))
				if di.Mode().Perm() != 0o700 {
					t.Fatalf("directory mode %v, want 0700", di.Mode().Perm())
				}
			}
			tok, b, err := s.Load(ctx)
			if err != nil || b != BackendFile || *tok != *sampleToken() {
				t.Fatalf("Load = %+v, %v, %v", tok, b, err)
			}
			if err := s.Delete(ctx); err != nil {
				t.Fatalf("logout with an unreachable keyring: %v", err)
			}
			if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("token file survived logout: %v", err)
			}
			if _, _, err := s.Load(ctx); !errors.Is(err, ErrNoToken) {
				t.Fatalf("Load after logout: %v", err)
			}
		})
	}
}

func TestStoreTightensLooseFileAndRejectsDamage(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	path := tokenFile(t)
	s := &Store{FilePath: path}
	if _, err := s.Save(context.Background(), sampleToken()); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v after load, want 0600", fi.Mode().Perm())
	}
	if err := os.WriteFile(path, []byte("{garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Load(context.Background()); err == nil || errors.Is(err, ErrNoToken) {
		t.Fatalf("damaged file: %v", err)
	}
}

func TestStoreGivesUpOnStuckKeyring(t *testing.T) {
	k := stuckKeyring{release: make(chan struct{})}
	defer close(k.release)
	s := &Store{Secrets: k, FilePath: tokenFile(t)}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := s.Save(ctx, sampleToken()); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Save: %v", err)
	}
	if _, _, err := s.Load(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Load: %v", err)
	}
}

// The whole flow: log in, save where only a file is possible, and find no
// trace of the password on disk.
func TestPasswordNeverStored(t *testing.T) {
	ep := &tokenEndpoint{t: t, jwt: makeJWT(t, map[string]any{"exp": time.Now().Add(time.Hour).Unix(), "sub": "u1"}), refusal: 401}
	srv := httptest.NewServer(ep)
	defer srv.Close()
	tok, err := Login(context.Background(), nil, srv.URL+"/token", testUser, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	path := tokenFile(t)
	if _, err := (&Store{Secrets: brokenKeyring{}, FilePath: path}).Save(context.Background(), tok); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	assertNoPassword(t, "token file", string(data))
	if strings.Contains(strings.ToLower(string(data)), "password") {
		t.Fatalf("token file mentions a password: %s", data)
	}
}
