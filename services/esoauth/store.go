package esoauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/zalando/go-keyring"
)

// Keyring names: one entry, service "esodesk", key "eso-token".
const (
	KeyringService = "esodesk"
	KeyringKey     = "eso-token"
)

// ErrNoToken: nothing saved (never logged in, or logged out).
var ErrNoToken = errors.New("no saved ESO login")

// Backend says where a Token was saved or found.
type Backend int

const (
	BackendNone    Backend = iota
	BackendKeyring         // the OS keyring (Secret Service, Keychain, Windows credentials)
	BackendFile            // a file only the user can read (mode 0600)
)

func (b Backend) String() string {
	switch b {
	case BackendKeyring:
		return "keyring"
	case BackendFile:
		return "file"
	}
	return "none"
}

// Notice is the sentence the GUI shows after saving, so the user knows where
// the login went.
func (b Backend) Notice(path string) string {
	switch b {
	case BackendKeyring:
		return "Your ESO login is saved in the system keyring."
	case BackendFile:
		return "Your ESO login is saved in a file readable only by you (" + path +
			"), because no system keyring is available."
	}
	return "Your ESO login is not saved."
}

// Secrets is the part of an OS keyring the Store uses; tests put a failing
// one in to exercise the file fallback. ErrNotFound-like misses must be
// reported as keyring.ErrNotFound.
type Secrets interface {
	Set(service, key, value string) error
	Get(service, key string) (string, error)
	Delete(service, key string) error
}

// OSKeyring is the real OS keyring (github.com/zalando/go-keyring).
type OSKeyring struct{}

func (OSKeyring) Set(service, key, value string) error    { return keyring.Set(service, key, value) }
func (OSKeyring) Get(service, key string) (string, error) { return keyring.Get(service, key) }
func (OSKeyring) Delete(service, key string) error        { return keyring.Delete(service, key) }

// Store saves and loads the ESO token: in the keyring when it works, else in
// FilePath. It never sees the password.
type Store struct {
	Secrets  Secrets // nil: no keyring, file only
	FilePath string  // fallback file; created 0600 in a 0700 directory
}

// DefaultFilePath is <user config dir>/esodesk/eso-token.json.
func DefaultFilePath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "esodesk", "eso-token.json"), nil
}

// NewStore returns a Store on the OS keyring with the default fallback file.
func NewStore() (*Store, error) {
	p, err := DefaultFilePath()
	if err != nil {
		return nil, fmt.Errorf("no place for the ESO login file: %w", err)
	}
	return &Store{Secrets: OSKeyring{}, FilePath: p}, nil
}

// Save stores tok and returns where. The keyring is tried first; when it
// fails (no session bus, locked, too much data) the token goes to the file
// and the Backend says so. After a keyring save any older file is removed so
// no copy lingers on disk.
func (s *Store) Save(ctx context.Context, tok *Token) (Backend, error) {
	if tok == nil || tok.IDToken == "" {
		return BackendNone, errors.New("no ESO token to save")
	}
	data, err := json.Marshal(tok)
	if err != nil {
		return BackendNone, err
	}
	var keyErr error
	if s.Secrets != nil {
		keyErr = withContext(ctx, func() error { return s.Secrets.Set(KeyringService, KeyringKey, string(data)) })
		if keyErr == nil {
			s.removeFile()
			return BackendKeyring, nil
		}
		if ctx.Err() != nil {
			return BackendNone, ctx.Err()
		}
	}
	if s.FilePath == "" {
		return BackendNone, fmt.Errorf("the ESO login could not be saved: keyring: %v", keyErr)
	}
	if err := writePrivate(s.FilePath, data); err != nil {
		return BackendNone, fmt.Errorf("the ESO login could not be saved (keyring: %v; file: %w)", keyErr, err)
	}
	return BackendFile, nil
}

// Load returns the saved token and where it was found, or ErrNoToken. It
// may return an expired token: the caller decides (Token.Expired).
func (s *Store) Load(ctx context.Context) (*Token, Backend, error) {
	if s.Secrets != nil {
		var v string
		err := withContext(ctx, func() error {
			var e error
			v, e = s.Secrets.Get(KeyringService, KeyringKey)
			return e
		})
		if err == nil {
			tok, err := decodeToken([]byte(v))
			return tok, BackendKeyring, err
		}
		if ctx.Err() != nil {
			return nil, BackendNone, ctx.Err()
		}
		// Not found or no keyring: the file may hold it.
	}
	if s.FilePath == "" {
		return nil, BackendNone, ErrNoToken
	}
	data, err := os.ReadFile(s.FilePath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, BackendNone, ErrNoToken
	}
	if err != nil {
		return nil, BackendNone, err
	}
	tightenMode(s.FilePath)
	tok, err := decodeToken(data)
	return tok, BackendFile, err
}

// Delete forgets the login everywhere (logout): keyring entry and file.
// A keyring that cannot be reached at all is not an error (nothing can be
// in it for us); one that still holds the token is.
func (s *Store) Delete(ctx context.Context) error {
	var errs []error
	if s.Secrets != nil {
		err := withContext(ctx, func() error { return s.Secrets.Delete(KeyringService, KeyringKey) })
		if err != nil && !errors.Is(err, keyring.ErrNotFound) {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			_, getErr := s.Secrets.Get(KeyringService, KeyringKey)
			if getErr == nil {
				errs = append(errs, fmt.Errorf("the ESO login could not be removed from the keyring: %w", err))
			}
		}
	}
	if s.FilePath != "" {
		if err := os.Remove(s.FilePath); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("the ESO login file could not be removed: %w", err))
		}
	}
	return errors.Join(errs...)
}

func (s *Store) removeFile() {
	if s.FilePath != "" {
		_ = os.Remove(s.FilePath) // best effort: absent is the usual case
	}
}

func decodeToken(data []byte) (*Token, error) {
	var t Token
	if err := json.Unmarshal(data, &t); err != nil || t.IDToken == "" {
		return nil, errors.New("the saved ESO login is damaged: log in again")
	}
	return &t, nil
}

// withContext runs a keyring call (which takes no context and may block on
// an unlock prompt) so that the caller can give up; the call itself then
// finishes in the background.
func withContext(ctx context.Context, f func() error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writePrivate writes data to path with mode 0600 (directory 0700), via a
// temporary file and rename so a crash leaves the old file or the new one.
func writePrivate(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".eso-token-*") // CreateTemp uses 0600
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after a successful rename
	if err := f.Chmod(0o600); err != nil && runtime.GOOS != "windows" {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// tightenMode resets a token file someone made group/world readable.
func tightenMode(path string) {
	if runtime.GOOS == "windows" {
		return
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		_ = os.Chmod(path, 0o600)
	}
}
