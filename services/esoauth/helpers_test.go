package esoauth

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// makeJWT builds an unsigned-looking JWT with the given payload claims; the
// package never checks signatures, so any third part will do.
func makeJWT(t *testing.T, payload map[string]any) string {
	t.Helper()
	head := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256","typ":"JWT"}`))
	p, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	return head + "." + base64.RawURLEncoding.EncodeToString(p) + ".c2lnbmF0dXJl"
}

// sharedDir is /work/shared seen from this package (../shared from the repo
// root); tests needing it skip when it is absent.
func sharedDir(t *testing.T) string {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("shared folder %s absent: fixture tests need it", dir)
	}
	return dir
}
