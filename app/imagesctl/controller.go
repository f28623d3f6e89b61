// Package imagesctl is the Images tab's controller: the image search around
// a target (SIA 2, or ESO's ObsCore through TAP, or a cone search of a
// catalogue), the image or cube on show (fetched through the file cache,
// read with cfitsio, its WCS from wcslib), spectra from cubes, and SODA
// cutouts queued in the download queue. It is Fyne-free; the view is
// app/images_tab.go.
package imagesctl

import (
	"errors"
	"fmt"
	"time"

	"esodesk/internal/latest"
	"esodesk/internal/observable"
	"esodesk/services/config"
	"esodesk/services/coords"
	"esodesk/services/download"
	"esodesk/services/fetch"
	"esodesk/services/scs"
	"esodesk/services/sesame"
	"esodesk/services/sia"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

// Kinds of service the tab queries.
const (
	KindESO = "eso" // ESO's ivoa.ObsCore through TAP (ESO has no SIA service)
	KindSIA = "sia" // an SIA 2 service
	KindSCS = "scs" // a Simple Cone Search (a catalogue: rows, no images)
)

// Service is the one the tab queries.
type Service struct {
	Kind string
	Name string // as the picker shows it
	URL  string // "" for KindESO: the ESO TAP of the settings
}

// Deps is what the controller needs from the app.
type Deps struct {
	HTTP     *vohttp.Client
	Settings func() config.Settings
	Cache    *fetch.Cache // where fetched images are kept
	// Enqueue adds files to the download queue, into folder below the
	// download folder.
	Enqueue func(jobs []download.Job, folder string) error
}

// State is what the view shows.
type State struct {
	Status    string // the line under the form
	Searching bool
	// Result is the last search's answer; a new value per search.
	Result *Result
	// Image is what the viewer shows; a new value per change.
	Image *Image
	// Cutout says whether the selected row can be cut (SODA).
	Cutout *CutoutOffer
}

// Result is a search's answer.
type Result struct {
	Service  Service
	Document *votable.Document
	Table    *votable.Table
	Records  []sia.Record // by table row; nil for a cone search
	Overflow bool
	MaxRec   int
	Elapsed  time.Duration
	Err      string // the service's failure, shown in place of the table
}

// Controller runs the Images tab. Its methods are called on the UI
// goroutine; its state changes there too.
type Controller struct {
	deps  Deps
	run   latest.Runner
	state observable.Value[State]

	service Service
	search  *latest.Task // the query
	load    *latest.Task // the image on show
	links   *latest.Task // the selected row's cutout offer
	cube    *latest.Task // a spectrum from the cube
	shown   *opened      // the open file of State.Image
}

// New returns a controller.
func New(deps Deps, run latest.Runner) *Controller {
	return &Controller{deps: deps, run: run, search: latest.New(run), load: latest.New(run),
		links: latest.New(run), cube: latest.New(run)}
}

// Snapshot is the current state.
func (c *Controller) Snapshot() State { return c.state.Snapshot() }

// Subscribe calls f (on the UI goroutine) after every change of state.
func (c *Controller) Subscribe(f func(State)) (unsubscribe func()) { return c.state.Subscribe(f) }

func (c *Controller) update(f func(*State)) { c.state.Update(f) }

func (c *Controller) setStatus(s string) { c.update(func(st *State) { st.Status = s }) }

// SetService chooses the service the next search queries.
func (c *Controller) SetService(s Service) { c.service = s }

// Service is the service in use.
func (c *Controller) Service() Service { return c.service }

// Search checks the form, resolves the target and runs the query; a newer
// search replaces it.
func (c *Controller) Search(f Form) {
	req, err := f.Parse()
	if err != nil {
		c.setStatus("Cannot search: " + err.Error() + ".")
		return
	}
	svc, settings := c.service, c.deps.Settings()
	if svc.Kind == "" {
		svc = Service{Kind: KindESO, Name: "ESO"}
	}
	c.update(func(s *State) { s.Searching, s.Status = true, "Resolving "+req.Target+" …" })
	c.search.Start(func(j latest.Job) {
		started := time.Now()
		res, where, err := c.runSearch(j, settings, svc, req)
		took := time.Since(started)
		j.Finish(func() { c.finishSearch(svc, req, res, where, took, err) })
	})
}

func (c *Controller) runSearch(j latest.Job, settings config.Settings, svc Service, req Request) (*Result, string, error) {
	target, err := sesame.ResolveTarget(j.Context(), c.deps.HTTP, settings.Sesame, req.Target)
	if err != nil {
		return nil, "", err
	}
	what := "images"
	if svc.Kind == KindSCS {
		what = "sources"
	}
	j.Post(func() { c.setStatus(fmt.Sprintf("%s · searching %s for %s …", target.Where, svc.Name, what)) })
	q := req.Query
	q.Pos = []sia.Shape{sia.Circle{RA: target.RA, Dec: target.Dec, Radius: req.Radius}}
	switch svc.Kind {
	case KindSCS:
		r, err := scs.New(svc.URL, c.deps.HTTP).Search(j.Context(), scs.Query{RA: target.RA, Dec: target.Dec, SR: req.Radius, MaxRec: q.MaxRec})
		if err != nil {
			return nil, target.Where, err
		}
		return &Result{Document: r.Document, Table: r.Table, Overflow: r.Overflow}, target.Where, nil
	case KindSIA:
		r, err := sia.New(svc.URL, c.deps.HTTP).Search(j.Context(), q)
		if err != nil {
			return nil, target.Where, err
		}
		return fromSIA(r), target.Where, nil
	}
	r, err := sia.SearchTAP(j.Context(), tap.New(settings.TapObs, c.deps.HTTP), q)
	if err != nil {
		return nil, target.Where, err
	}
	return fromSIA(r), target.Where, nil
}

func fromSIA(r *sia.Result) *Result {
	return &Result{Document: r.Document, Table: r.Table, Records: r.Records, Overflow: r.Overflow}
}

func (c *Controller) finishSearch(svc Service, req Request, res *Result, where string, took time.Duration, err error) {
	c.update(func(s *State) {
		s.Searching = false
		s.Cutout = nil
		if err != nil {
			var nf *sesame.NotFoundError
			var ce *coords.Error
			if errors.As(err, &nf) || errors.As(err, &ce) || errors.Is(err, sia.ErrInvalidQuery) {
				s.Status = "Cannot search: " + err.Error()
				return
			}
			s.Status = "Search failed: " + err.Error()
			s.Result = &Result{Service: svc, Err: err.Error()}
			return
		}
		res.Service, res.MaxRec, res.Elapsed = svc, req.Query.MaxRec, took
		s.Result = res
		n := res.Table.NumRows()
		switch {
		case svc.Kind == KindSCS:
			s.Status = fmt.Sprintf("%s · %d sources in %s", where, n, svc.Name)
		case n == 0:
			s.Status = fmt.Sprintf("%s · no images or cubes in %s: widen the radius or drop a filter", where, svc.Name)
		default:
			s.Status = fmt.Sprintf("%s · %d images and cubes · double-click a row to view it", where, n)
		}
	})
}

// CancelSearch stops the search in progress (Cancel, Esc).
func (c *Controller) CancelSearch() {
	if !c.state.Snapshot().Searching {
		return
	}
	c.search.Stop()
	c.update(func(s *State) { s.Searching, s.Status = false, "Search cancelled." })
}

// Close stops all background work and closes the file on show.
func (c *Controller) Close() {
	latest.StopAll(c.search, c.load, c.links, c.cube)
	if c.shown != nil {
		c.shown.close()
		c.shown = nil
	}
}

// Wait returns when no background work is left (tests).
func (c *Controller) Wait() { latest.WaitAll(c.search, c.load, c.links, c.cube) }
