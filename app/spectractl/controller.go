// Package spectractl is the Spectra tab's controller: the SSAP search
// around a target, the spectra chosen by the selection, fetched through the
// file cache and plotted, local files, and "Download selected". It is
// Fyne-free; the view (app/spectra_tab.go) renders its State.
package spectractl

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"esodesk/fits"
	"esodesk/internal/latest"
	"esodesk/internal/observable"
	"esodesk/services/config"
	"esodesk/services/coords"
	"esodesk/services/download"
	"esodesk/services/fetch"
	"esodesk/services/sesame"
	"esodesk/services/ssap"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

// Deps is what the controller needs from the app.
type Deps struct {
	HTTP     *vohttp.Client
	Settings func() config.Settings // the service URLs in force
	Cache    *fetch.Cache           // where fetched spectra are kept
	// Enqueue adds files to the download queue, into folder below the
	// download folder.
	Enqueue func(jobs []download.Job, folder string) error
}

// State is what the view shows.
type State struct {
	Status      string // the line under the form
	Searching   bool   // a search runs: Search is off, Cancel on
	Loading     bool   // spectra are being fetched or read for the plot
	CanDownload bool   // rows are selected
	// Result is the last search's answer (nil before the first); a new
	// value per search, so the view re-applies it only when it changed.
	Result *Result
	// Plot is what the plot area shows (nil before anything was asked);
	// a new value per change.
	Plot *Plot
}

// Result is a search's answer.
type Result struct {
	Records  []ssap.Record
	Table    *votable.Table // the summary shown: row i is record i
	Links    RecordLinks    // the rows' DataLink, for the details pane
	Overflow bool           // the service stopped at MaxRec
	MaxRec   int
	Elapsed  time.Duration
	// Err is the service's failure, shown in place of the table.
	Err string
}

// PlotPhase is what the plot area shows.
type PlotPhase int

const (
	PlotIdle    PlotPhase = iota // the spectra drawn last (a load was cancelled)
	PlotLoading                  // Message and Progress, with a Cancel button
	PlotFailed                   // Message in place of the plot
	PlotDrawn                    // Spectra, in place of what was drawn
)

// Plot is the plot area's content.
type Plot struct {
	Phase    PlotPhase
	Message  string
	Progress float64 // 0..1; negative when the amount is unknown
	Spectra  []*fits.Spectrum
}

// maxOverplot caps how many selected rows are fetched and drawn together.
const maxOverplot = 8

// selectDebounce lets the selection settle (arrow keys and shift-clicks
// fire many changes) before anything is fetched.
const selectDebounce = 200 * time.Millisecond

// Controller runs the Spectra tab. Its methods are called on the UI
// goroutine; its state changes there too.
type Controller struct {
	deps  Deps
	run   latest.Runner
	state observable.Value[State]

	search *latest.Task // the SSAP search
	load   *latest.Task // the spectra on the plot

	// "Download selected" is not latest-wins: each click queues its files.
	life    context.Context // ends with Close
	end     context.CancelFunc
	pending sync.WaitGroup

	selected []int // model rows, as the table last said
}

// New returns a controller that reports through run.
func New(deps Deps, run latest.Runner) *Controller {
	if deps.HTTP == nil {
		deps.HTTP = vohttp.Default
	}
	c := &Controller{deps: deps, run: run, search: latest.New(run), load: latest.New(run)}
	c.life, c.end = context.WithCancel(context.Background())
	c.setStatus("Type a target and press Enter, or open a FITS file (File › Open spectrum, or drop it on the window).")
	return c
}

// Snapshot is the current state.
func (c *Controller) Snapshot() State { return c.state.Snapshot() }

// Subscribe calls f (on the UI goroutine) after every change of state.
func (c *Controller) Subscribe(f func(State)) (unsubscribe func()) { return c.state.Subscribe(f) }

func (c *Controller) update(f func(*State)) { c.state.Update(f) }

func (c *Controller) setStatus(s string) { c.update(func(st *State) { st.Status = s }) }

// Search checks the form, then resolves the target (coordinates, or a name
// through Sesame) and runs the SSAP query; a newer search replaces it.
func (c *Controller) Search(f Form) {
	req, err := f.Parse()
	if err != nil {
		c.setStatus("Cannot search: " + err.Error() + ".")
		return
	}
	settings := c.deps.Settings()
	c.update(func(s *State) {
		s.Searching = true
		s.Status = "Resolving " + req.Target + " …"
	})
	c.search.Start(func(j latest.Job) {
		started := time.Now()
		res, where, err := c.runSearch(j, settings, req)
		took := time.Since(started)
		j.Finish(func() { c.finishSearch(req, res, where, took, err) })
	})
}

func (c *Controller) runSearch(j latest.Job, settings config.Settings, req Request) (*ssap.Result, string, error) {
	target, err := sesame.ResolveTarget(j.Context(), c.deps.HTTP, settings.Sesame, req.Target)
	if err != nil {
		return nil, "", err
	}
	j.Post(func() { c.setStatus(target.Where + " · searching for spectra …") })
	q := req.Query
	q.Pos = &ssap.Pos{RA: target.RA, Dec: target.Dec}
	res, err := ssap.ForURL(settings.SSAP, c.deps.HTTP).Search(j.Context(), q)
	return res, target.Where, err
}

func (c *Controller) finishSearch(req Request, res *ssap.Result, where string, took time.Duration, err error) {
	c.update(func(s *State) {
		s.Searching = false
		if err != nil {
			// A target the resolver does not know or coordinates that do
			// not parse are the user's to fix in the form: say it there. A
			// service failure also goes on the result banner.
			var nf *sesame.NotFoundError
			var ce *coords.Error
			if errors.As(err, &nf) || errors.As(err, &ce) {
				s.Status = "Cannot search: " + err.Error()
				return
			}
			s.Status = "Search failed: " + err.Error()
			s.Result = &Result{Err: err.Error()}
			return
		}
		s.Result = &Result{Records: res.Records, Table: summary(res.Records), Links: RecordLinks(res.Records),
			Overflow: res.Overflow, MaxRec: req.Query.MaxRec, Elapsed: took}
		n := len(res.Records)
		s.Status = fmt.Sprintf("%s · %d spectra", where, n)
		if n > 0 {
			s.Status += fmt.Sprintf(" · select rows to plot them (Ctrl/Shift+click to overplot up to %d)", maxOverplot)
		}
	})
}

// CancelSearch stops the search in progress (Cancel button, Esc).
func (c *Controller) CancelSearch() {
	if !c.state.Snapshot().Searching {
		return
	}
	c.search.Stop()
	c.update(func(s *State) {
		s.Searching = false
		s.Status = "Search cancelled."
	})
}

// Close stops all background work for good (the window closes); the
// results still on their way are dropped.
func (c *Controller) Close() {
	c.search.Stop()
	c.load.Stop()
	c.end()
}

// Wait returns when the background work started so far has returned
// (tests); what it posted may still be queued on the runner.
func (c *Controller) Wait() {
	c.search.Wait()
	c.load.Wait()
	c.pending.Wait()
}
