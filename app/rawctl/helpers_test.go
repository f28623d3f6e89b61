package rawctl

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"esodesk/internal/fixtures"
	"esodesk/internal/runtest"
	"esodesk/internal/testbedenv"
	"esodesk/services/calselector"
	"esodesk/services/config"
	"esodesk/services/download"
	"esodesk/services/vohttp"
	"esodesk/testbed/standin"
)

// harness is a controller over the testbed's dbo.raw and an in-process ESO
// stand-in (CalSelector, Sesame, headers) reading the same archive, with
// what it handed to the app recorded.
type harness struct {
	t        *testing.T
	q        *runtest.Queue
	c        *Controller
	settings config.Settings // what Deps.Settings returns; tests change it
	standin  string          // the stand-in's base URL
	gate     *gate

	queued []download.Job
	opened []string
	edited []string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	tb := testbedenv.URL(t)
	h := &harness{t: t, q: &runtest.Queue{}, gate: newGate()}
	srv := httptest.NewServer(h.gate.wrap(standin.New(standin.Options{ArchiveTAP: tb + "/tap", FixturesDir: fixtures.Dir()})))
	t.Cleanup(srv.Close)
	t.Setenv(config.StandinEnv, srv.URL)
	h.settings, h.standin = config.Defaults(), srv.URL
	dir := t.TempDir()
	h.c = New(Deps{
		HTTP:        vohttp.New(vohttp.Options{}),
		Settings:    func() config.Settings { return h.settings },
		DownloadDir: func() string { return dir },
		Enqueue: func(jobs []download.Job, folder string) error {
			h.queued = append(h.queued, jobs...)
			return nil
		},
		OpenURL:   func(u *url.URL) error { h.opened = append(h.opened, u.String()); return nil },
		EditQuery: func(adql string) { h.edited = append(h.edited, adql) },
	}, h.q.Run)
	t.Cleanup(func() {
		h.c.Close()
		h.gate.releaseAll()
		h.settle()
	})
	return h
}

// settle runs the controller's work to its end, results included.
func (h *harness) settle() { h.q.Settle(h.c.Wait) }

// search fills the form, searches and returns the number of frames found.
func (h *harness) search(f Form) int {
	h.t.Helper()
	h.c.SetForm(f)
	h.c.Search()
	h.settle()
	s := h.c.Snapshot()
	if s.Searching || s.Frames.Result == nil {
		h.t.Fatalf("search %+v: no frames (status %q)", f, s.Status)
	}
	return s.Frames.Result.Table.NumRows()
}

// sinfoni is the form the GUI tests use too: SINFONI's sparse calibrations
// give complete, incomplete and uncertified datasets.
var sinfoni = Form{Instrument: "SINFONI", Category: "SCIENCE", NightFrom: "2019-03-01", NightTo: "2019-03-20", Radius: "5", MaxRows: "1000"}

// associate associates the given model rows and waits for the answer.
func (h *harness) associate(rows []int, mode calselector.Mode) State {
	h.t.Helper()
	h.c.Select(rows)
	h.c.Associate(mode)
	h.settle()
	return h.c.Snapshot()
}

// await waits for a signal of the gate.
func (h *harness) await(ch chan struct{}, what string) {
	h.t.Helper()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		h.t.Fatalf("timed out waiting for %s", what)
	}
}

// gate holds requests whose path starts with /gate/ until released or
// given up by the client, then serves them without the prefix.
type gate struct {
	arrived   chan struct{} // one value per held request
	cancelled chan struct{} // one value per request the client gave up
	release   chan struct{}
}

func newGate() *gate {
	return &gate{arrived: make(chan struct{}, 16), cancelled: make(chan struct{}, 16), release: make(chan struct{})}
}

func (g *gate) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, held := strings.CutPrefix(r.URL.Path, "/gate/")
		if held {
			// read the form first: only then does the server notice a client
			// that gives up
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			g.arrived <- struct{}{}
			select {
			case <-g.release:
			case <-r.Context().Done():
				g.cancelled <- struct{}{}
				return
			}
			r.URL.Path = "/" + rest
		}
		next.ServeHTTP(w, r)
	})
}

func (g *gate) releaseAll() {
	select {
	case <-g.release:
	default:
		close(g.release)
	}
}
