package esoauth

import (
	"encoding/base64"
	"encoding/json"
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
