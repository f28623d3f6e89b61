package spectractl

import (
	"context"
	"io"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"esodesk/internal/runtest"
	"esodesk/internal/testbedenv"
	"esodesk/services/config"
	"esodesk/services/download"
	"esodesk/services/fetch"
	"esodesk/services/ssap"
	"esodesk/services/vohttp"
	"esodesk/testbed/standin"
)

const testTimeout = 30 * time.Second

func testbedSSAP(t *testing.T) string { return testbedenv.URL(t) + "/specs/q/ssa/ssap.xml" }

// hd100546 is the testbed's position of HD 100546 (three spectra there).
const hd100546 = "173.356 -70.1948"

// rig is a controller on the testbed's SSAP with Sesame answered by the
// ESO stand-in in-process, a private cache and a recording download queue.
type rig struct {
	c        *Controller
	q        *runtest.Queue
	settings config.Settings // what Deps.Settings returns; change it between searches
	queued   []download.Job
	folder   string
	queueErr error
}

func newRig(t *testing.T) *rig {
	t.Helper()
	sesame := httptest.NewServer(standin.New(standin.Options{}))
	t.Cleanup(sesame.Close)
	r := &rig{q: &runtest.Queue{}}
	r.settings.SSAP = testbedSSAP(t)
	r.settings.Sesame = sesame.URL + standin.SesamePath
	r.c = New(Deps{
		Settings: func() config.Settings { return r.settings },
		Cache:    fetch.New(t.TempDir(), nil),
		Enqueue: func(jobs []download.Job, folder string) error {
			r.queued, r.folder = append(r.queued, jobs...), folder
			return r.queueErr
		},
	}, r.q.Run)
	t.Cleanup(func() { r.c.Close(); r.settle() })
	return r
}

// settle runs what the background work posts until it is done.
func (r *rig) settle() { r.q.Settle(r.c.Wait) }

// search runs a search to its end and returns the state.
func (r *rig) search(f Form) State {
	r.c.Search(f)
	r.settle()
	return r.c.Snapshot()
}

func cone(target, radius, unit string) Form {
	return Form{Target: target, Radius: radius, RadiusUnit: unit, MaxRec: "500"}
}

// serviceAnswer is what the SSAP service itself answers for the form.
func serviceAnswer(t *testing.T, ssapURL string, ra, dec float64, f Form) *ssap.Result {
	t.Helper()
	req, err := f.Parse()
	if err != nil {
		t.Fatal(err)
	}
	req.Query.Pos = &ssap.Pos{RA: ra, Dec: dec}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	res, err := ssap.New(ssapURL, nil).Search(ctx, req.Query)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// rawAnswer is the bytes the SSAP service sends for the form at (ra, dec).
func rawAnswer(t *testing.T, ssapURL string, ra, dec float64, f Form) []byte {
	t.Helper()
	req, err := f.Parse()
	if err != nil {
		t.Fatal(err)
	}
	req.Query.Pos = &ssap.Pos{RA: ra, Dec: dec}
	u, err := ssap.New(ssapURL, nil).RequestURL(req.Query)
	if err != nil {
		t.Fatal(err)
	}
	return get(t, u)
}

func get(t *testing.T, u string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	resp, err := vohttp.Default.Get(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func path(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

// watch records every Plot the controller shows.
func watch(c *Controller) func() []*Plot {
	var mu sync.Mutex
	var seen []*Plot
	c.Subscribe(func(s State) {
		mu.Lock()
		defer mu.Unlock()
		if n := len(seen); s.Plot != nil && (n == 0 || seen[n-1] != s.Plot) {
			seen = append(seen, s.Plot)
		}
	})
	return func() []*Plot { mu.Lock(); defer mu.Unlock(); return append([]*Plot(nil), seen...) }
}

// eventually polls cond until it holds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(testTimeout); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
