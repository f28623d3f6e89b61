package esoauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// realKeyringEnv marks the run of TestStoreRealKeyring inside its private
// D-Bus session.
const realKeyringEnv = "ESODESK_REAL_KEYRING"

// TestStoreRealKeyring saves, loads and deletes the token through the real
// Secret Service: gnome-keyring on a private session bus (dbus-run-session),
// so neither the developer's keyring nor a CI machine's is touched. The test
// runs this test binary again under dbus-run-session; that run starts the
// keyring daemon and does the work, and the bus and daemon end with it.
func TestStoreRealKeyring(t *testing.T) {
	if os.Getenv(realKeyringEnv) != "" {
		realKeyringRoundTrip(t)
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("the Secret Service test is for Linux (gnome-keyring)")
	}
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon", "secret-tool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s: install the Debian packages dbus-daemon gnome-keyring libsecret-tools "+
				"(make test does) to test against a real Secret Service", tool)
		}
	}
	home := t.TempDir()
	run := filepath.Join(home, "run")
	if err := os.Mkdir(run, 0o700); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "dbus-run-session", "--", os.Args[0], "-test.run=^TestStoreRealKeyring$", "-test.v")
	// A home of its own: the keyring files, the runtime dir where
	// gnome-keyring looks for a running daemon, and no outer session bus.
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k != "HOME" && k != "DBUS_SESSION_BUS_ADDRESS" && !strings.HasPrefix(k, "XDG_") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, realKeyringEnv+"=1", "HOME="+home, "XDG_RUNTIME_DIR="+run,
		"XDG_DATA_HOME="+filepath.Join(home, "data"), "XDG_CONFIG_HOME="+filepath.Join(home, "config"))
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestStoreRealKeyring")) {
		t.Fatalf("inside dbus-run-session: %v\n%s", err, out)
	}
	if testing.Verbose() {
		t.Logf("inside dbus-run-session:\n%s", out)
	}
	noProcessLeft(t, "HOME="+home)
}

// realKeyringRoundTrip runs inside the private session bus.
func realKeyringRoundTrip(t *testing.T) {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Fatal("no session bus: run through TestStoreRealKeyring")
	}
	// As a login does: --unlock starts the daemon with the login keyring's
	// password (read from stdin; an empty one makes it ask through a
	// prompter that needs a display), then --start has it serve the
	// Secret Service on the bus. Each command returns once that is done.
	logPath := filepath.Join(t.TempDir(), "gnome-keyring.log")
	for _, args := range [][]string{{"--unlock", "--components=secrets"}, {"--start", "--components=secrets"}} {
		logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		daemon := exec.Command("gnome-keyring-daemon", args...)
		daemon.Stdin = strings.NewReader("esodesk-test")
		daemon.Stdout, daemon.Stderr = logf, logf // files, not pipes: the daemon keeps them
		err = daemon.Run()
		logf.Close()
		if err != nil {
			log, _ := os.ReadFile(logPath)
			t.Fatalf("gnome-keyring-daemon %s: %v\n%s", args[0], err, log)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	path := tokenFile(t)
	// A file from a session without keyring, which a keyring save removes.
	if err := writePrivate(path, []byte(`{"id_token":"old"}`)); err != nil {
		t.Fatal(err)
	}
	s := &Store{Secrets: OSKeyring{}, FilePath: path}
	tok := sampleToken()
	if b, err := s.Save(ctx, tok); err != nil || b != BackendKeyring {
		t.Fatalf("Save = %v, %v; want the keyring", b, err)
	}
	noFile(t, path)

	// The Secret Service itself holds it, under go-keyring's attributes.
	want, _ := json.Marshal(tok)
	if got := secretTool(t, "lookup", "service", KeyringService, "username", KeyringKey); got != string(want) {
		t.Fatalf("secret-tool lookup = %q, want %q", got, want)
	}
	items := secretTool(t, "search", "--all", "service", KeyringService) // attributes go to stderr
	if n := strings.Count(items, "label = "); n != 1 || !strings.Contains(items, "attribute.username = "+KeyringKey) {
		t.Fatalf("secret-tool search found %d items:\n%s", n, items)
	}
	// On disk, the keyring is encrypted.
	rings, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_DATA_HOME"), "keyrings", "*.keyring"))
	if len(rings) == 0 {
		t.Fatal("gnome-keyring wrote no keyring file")
	}
	for _, r := range rings {
		if b, _ := os.ReadFile(r); bytes.Contains(b, []byte(tok.IDToken)) {
			t.Fatalf("%s holds the token in clear", r)
		}
	}

	got, b, err := s.Load(ctx)
	if err != nil || b != BackendKeyring || *got != *tok {
		t.Fatalf("Load = %+v, %v, %v", got, b, err)
	}

	// Logging in again replaces the entry rather than adding one.
	tok2 := sampleToken()
	tok2.IDToken = "header.payload.sig2"
	if b, err := s.Save(ctx, tok2); err != nil || b != BackendKeyring {
		t.Fatalf("second Save = %v, %v", b, err)
	}
	if items := secretTool(t, "search", "--all", "service", KeyringService); strings.Count(items, "label = ") != 1 {
		t.Fatalf("after a second login:\n%s", items)
	}
	if got, _, err := s.Load(ctx); err != nil || got.IDToken != tok2.IDToken {
		t.Fatalf("Load after a second login = %+v, %v", got, err)
	}

	if err := s.Delete(ctx); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("secret-tool", "lookup", "service", KeyringService, "username", KeyringKey).Output(); err == nil || len(out) > 0 {
		t.Fatalf("after Delete, secret-tool lookup = %q, %v", out, err)
	}
	if _, _, err := s.Load(ctx); !errors.Is(err, ErrNoToken) {
		t.Fatalf("Load after Delete: %v", err)
	}
	noFile(t, path)
}

func secretTool(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("secret-tool", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if args[0] == "search" {
		out = append(out, stderr.Bytes()...)
	}
	if err != nil {
		t.Fatalf("secret-tool %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return strings.TrimSpace(string(out))
}

func noFile(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the token file fallback is in use (%s): %v", path, err)
	}
}

// noProcessLeft waits until no live process has marker (a NAME=value) in
// its environment: the session's dbus-daemon and gnome-keyring-daemon must
// be gone once dbus-run-session returns. Zombies count as gone: only their
// parent can reap them.
func noProcessLeft(t *testing.T, marker string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var left []string
		envs, _ := filepath.Glob("/proc/[0-9]*/environ")
		for _, e := range envs {
			env, err := os.ReadFile(e)
			if err != nil || !bytes.Contains(append([]byte{0}, env...), []byte("\x00"+marker+"\x00")) {
				continue
			}
			dir := filepath.Dir(e)
			stat, _ := os.ReadFile(filepath.Join(dir, "stat"))
			if _, after, ok := bytes.Cut(stat, []byte(") ")); ok && bytes.HasPrefix(after, []byte("Z")) {
				continue
			}
			cmdline, _ := os.ReadFile(filepath.Join(dir, "cmdline"))
			left = append(left, filepath.Base(dir)+": "+string(bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '})))
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("processes of the test session still run:\n%s", strings.Join(left, "\n"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
