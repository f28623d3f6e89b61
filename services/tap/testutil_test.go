package tap

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// fixture opens a file under ../shared/fixtures/real (relative to the repo root).
func fixture(t *testing.T, rel string) *os.File {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(here), "..", "..", "..", "shared", "fixtures", "real")
	if _, err := os.Stat(root); err != nil {
		t.Skipf("shared fixtures not found at %s (outside the workspace)", root)
	}
	f, err := os.Open(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// testbed returns the TAP URL of the DaCHS testbed, or skips.
func testbed(t *testing.T) string {
	t.Helper()
	base := os.Getenv("ESODESK_TESTBED_URL")
	if base == "" {
		t.Skip("ESODESK_TESTBED_URL not set: run via make test")
	}
	return base + "/tap"
}
