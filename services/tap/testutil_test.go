package tap

import (
	"os"
	"testing"

	"esodesk/internal/fixtures"
)

// fixture opens a file of the real recorded data beside the repository.
func fixture(t *testing.T, rel string) *os.File { return fixtures.Open(t, rel) }

// testbed returns the TAP URL of the DaCHS testbed, or skips.
func testbed(t *testing.T) string {
	t.Helper()
	base := os.Getenv("ESODESK_TESTBED_URL")
	if base == "" {
		t.Skip("ESODESK_TESTBED_URL not set: run via make test")
	}
	return base + "/tap"
}
