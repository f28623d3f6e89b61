package app

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// The Sky tab's survey comes over the network: not at start-up, while
// another tab is on show, but once the Sky tab is.
func TestSkySurveyLoadsWhenTheTabIsShown(t *testing.T) {
	var asked atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		http.NotFound(w, r)
	}))
	defer srv.Close()
	t.Setenv("ESODESK_HIPS_URL", srv.URL)
	u := newTestUI(t)
	onUI(func() { u.selectTab("TAP") })
	time.Sleep(500 * time.Millisecond)
	if n := asked.Load(); n != 0 {
		t.Fatalf("the survey was asked for %d times with the TAP tab on show", n)
	}
	onUI(func() { u.selectTab("Sky") })
	eventually(t, "the survey asked for", 10*time.Second, func() bool { return asked.Load() > 0 })
}
