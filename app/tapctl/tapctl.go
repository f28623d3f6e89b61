// Package tapctl is the TAP tab's controller: the service chosen, its
// header line, schema and examples, the recent queries, the query in
// progress (sync or async) and its result. It is Fyne-free; the view
// (app/tap_tab.go) forwards the user's intents here and renders State.
package tapctl

import (
	"time"

	"esodesk/internal/latest"
	"esodesk/internal/observable"
	"esodesk/services/config"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
)

// Deps is what the controller needs from the app.
type Deps struct {
	HTTP     *vohttp.Client
	Settings func() config.Settings // the service URLs in force
	Prefs    config.Store           // remembers the service, custom URLs and recent queries
}

// Service is the TAP service in use: its name in the picker and its URL.
type Service struct{ Name, URL string }

// State is what the view shows.
type State struct {
	Choices  []string // the services to pick from: built-ins, then custom URLs
	Service  Service
	Header   string // URL, availability and row limits of the service
	Schema   Schema
	Examples []Example // the service's own, then ours
	Recent   []string  // queries run, most recent first
	Run      Run
	Result   Outcome
}

// Schema is the service's tables (VOSI) as far as they are known.
type Schema struct {
	Seq     int  // changes with every new load and its outcome
	Loading bool // Message says from where
	Tables  *tap.TableSet
	Message string // while loading, or why the tables could not be read
}

// Run is the job panel: the query in progress or the last one's end.
type Run struct {
	Running bool
	Async   bool
	Phase   string    // "Ready", "Running (sync)…", "Job EXECUTING", "Completed", "Failed", PhaseAborted, …
	Started time.Time // zero before the first query
	Elapsed time.Duration
	Rows    string // "1200 rows received" while running, "12 rows" at the end
	JobURL  string // the async job, once it exists
	Query   string
}

// The job panel's phase after Abort: with the earlier rows still on show, or
// with none to show.
const (
	PhaseAbortedKept = "Aborted; showing the previous result"
	PhaseAborted     = "Aborted"
)

// Outcome is what the result area shows: rows or an error banner.
type Outcome struct {
	Seq        int    // changes with every new outcome
	Error      string // the banner's message when there are no rows
	Query      string // for "Edit query"
	ServiceURL string // where the rows came from
	Result     *tap.Result
	Overflow   bool // the service stopped at MaxRec (or its own limit)
	MaxRec     int
	Elapsed    time.Duration
}

// Controller is the TAP tab's state and background work.
type Controller struct {
	deps           Deps
	state          observable.Value[State]
	recent, custom recentList

	// one task each, so that a newer request drops only its own kind
	schema, header, examples, run, jobs *latest.Task
}

// New returns a controller with no service chosen yet (see Restore).
func New(deps Deps, run latest.Runner) *Controller {
	c := &Controller{
		deps:     deps,
		recent:   recentList{store: deps.Prefs, key: "tap.recent_queries", max: 30},
		custom:   recentList{store: deps.Prefs, key: "tap.custom_urls", max: 15},
		schema:   latest.New(run),
		header:   latest.New(run),
		examples: latest.New(run),
		run:      latest.New(run),
		jobs:     latest.New(run),
	}
	c.state.Update(func(s *State) {
		s.Choices = choices(c.custom.Items())
		s.Recent = c.recent.Items()
		s.Run.Phase = "Ready"
	})
	return c
}

// Snapshot is the current state.
func (c *Controller) Snapshot() State { return c.state.Snapshot() }

// Subscribe calls f (on the owner goroutine) after every change of state.
func (c *Controller) Subscribe(f func(State)) (unsubscribe func()) { return c.state.Subscribe(f) }

func (c *Controller) tasks() []*latest.Task {
	return []*latest.Task{c.schema, c.header, c.examples, c.run, c.jobs}
}

// Close stops all background work; an async job in progress is aborted on
// the server.
func (c *Controller) Close() { latest.StopAll(c.tasks()...) }

// Wait returns when no background work is left (tests; results may still
// be queued on the runner).
func (c *Controller) Wait() { latest.WaitAll(c.tasks()...) }
