// Package registryctl is the "Find services…" dialog's controller: it asks a
// RegTAP registry for services of one type and holds what it found. It is
// Fyne-free; the view is app/registry_dialog.go.
package registryctl

import (
	"fmt"
	"strings"

	"esodesk/internal/latest"
	"esodesk/internal/observable"
	"esodesk/services/regtap"
	"esodesk/services/vohttp"
)

// State is what the dialog shows.
type State struct {
	Searching bool
	Seq       int // changes with every new outcome
	Services  []regtap.Service
	Status    string // "3 services", or why the search failed
	Failed    bool
}

// Controller searches one registry; a newer search drops an older one's result.
type Controller struct {
	registry func() string // the registry's URL in force (Settings.Registry)
	http     *vohttp.Client
	task     *latest.Task
	state    observable.Value[State]
}

// New returns a controller on the registry that registry names at each search.
func New(registry func() string, http *vohttp.Client, run latest.Runner) *Controller {
	return &Controller{registry: registry, http: http, task: latest.New(run)}
}

// Snapshot is the current state.
func (c *Controller) Snapshot() State { return c.state.Snapshot() }

// Subscribe calls f (on the owner goroutine) after every change of state.
func (c *Controller) Subscribe(f func(State)) (unsubscribe func()) { return c.state.Subscribe(f) }

// Search asks the registry for the services matching s.
func (c *Controller) Search(s regtap.Search) {
	url := c.registry()
	c.state.Update(func(st *State) {
		st.Searching, st.Failed = true, false
		st.Status = "Searching " + url + " for " + s.String() + " …"
	})
	client := regtap.New(url, c.http)
	c.task.Start(func(j latest.Job) {
		res, err := client.Search(j.Context(), s)
		j.Finish(func() {
			c.state.Update(func(st *State) {
				st.Searching, st.Seq = false, st.Seq+1
				if err != nil {
					st.Services, st.Failed = nil, true
					st.Status = fmt.Sprintf("The registry %s could not be searched: %v", url, err)
					return
				}
				st.Services, st.Failed = res.Services, false
				st.Status = count(len(res.Services), res.Overflow)
			})
		})
	})
}

func count(n int, overflow bool) string {
	s := fmt.Sprintf("%d services", n)
	switch {
	case n == 0:
		s = "No service matches; try fewer or other words"
	case n == 1:
		s = "1 service"
	}
	if overflow {
		s += " (the registry stopped early; narrow the search)"
	}
	return s
}

// Cancel stops the search in progress; the services found before stay.
func (c *Controller) Cancel() {
	if !c.task.Running() {
		return
	}
	c.task.Stop()
	c.state.Update(func(st *State) { st.Searching, st.Status = false, "Search cancelled" })
}

// Close stops the search in progress.
func (c *Controller) Close() { c.task.Stop() }

// Wait returns when no search is left running (tests).
func (c *Controller) Wait() { c.task.Wait() }

// Keywords splits what the user typed into the words the registry matches.
func Keywords(text string) []string { return strings.Fields(text) }

// AccessURL is where s offers the standard typ (regtap.TypeTAP, …): the
// first interface of its first such capability, "" if none.
func AccessURL(s regtap.Service, typ string) string {
	for _, c := range s.Capabilities {
		if c.Type == typ && c.AccessURL() != "" {
			return c.AccessURL()
		}
	}
	return ""
}
