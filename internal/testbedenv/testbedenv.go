// Package testbedenv gives tests the local DaCHS testbed that `make test`
// starts (ESODESK_TESTBED_URL), or skips them with a clear message where it
// is not running. Fyne-free, for tests of every layer.
package testbedenv

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"esodesk/services/config"
	"esodesk/services/tap"
)

// URL is the testbed's base URL without a trailing slash (e.g.
// http://127.0.0.1:8080); the test is skipped when it is not set.
func URL(t testing.TB) string {
	t.Helper()
	u := strings.TrimRight(os.Getenv(config.TestbedEnv), "/")
	if u == "" {
		t.Skip(config.TestbedEnv + " not set: run via make test, which starts the DaCHS testbed (or make testbed, then set it to http://127.0.0.1:8080)")
	}
	return u
}

// Count asks the testbed's TAP service independently for a number
// (SELECT COUNT(*) ...), to check what the code under test found.
func Count(t testing.TB, adql string) int {
	t.Helper()
	res, err := tap.New(URL(t)+"/tap", nil).Sync(context.Background(), tap.Query{ADQL: adql}, nil)
	if err != nil {
		t.Fatalf("%s: %v", adql, err)
	}
	var n int
	if _, err := fmt.Sscan(res.Table.Columns[0].String(0), &n); err != nil {
		t.Fatalf("%s: %v", adql, err)
	}
	return n
}
