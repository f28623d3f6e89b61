// Package rawctl is the Raw data tab without Fyne: the search form and its
// live ADQL, the search over dbo.raw, the selected frames, the calibrations
// ESO's CalSelector associates with them, their association trees, the
// FITS header of a frame and the download of the datasets. The view
// (app/raw_tab.go) renders State and forwards the user's actions here.
//
// Every exported method is called on the owner (UI) goroutine; the long
// work runs in internal/latest tasks, whose results come back there.
package rawctl

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"esodesk/fits"
	"esodesk/fits/headerpage"
	"esodesk/internal/latest"
	"esodesk/internal/observable"
	"esodesk/services/calselector"
	"esodesk/services/config"
	"esodesk/services/coords"
	"esodesk/services/dataset"
	"esodesk/services/download"
	"esodesk/services/sesame"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
)

// Deps is what the controller needs from the app.
type Deps struct {
	HTTP        *vohttp.Client
	Settings    func() config.Settings // read at every request: the user may change them
	DownloadDir func() string
	// Enqueue queues downloads (folder "": the jobs' own Dir).
	Enqueue func(jobs []download.Job, folder string) error
	// OpenURL shows a web page (the dataset page) in the browser.
	OpenURL func(*url.URL) error
	// EditQuery hands an ADQL query on ESO's tap_obs to the TAP tab.
	EditQuery func(adql string)
}

// State is what the Raw tab shows. The Seq fields change with every new
// answer of their kind, so the view applies each one once.
type State struct {
	ADQL        string   // the form's query on one line, or "— " and why there is none
	Query       string   // the last query the form made: what Edit in TAP hands over
	Instruments []string // the service's instruments, offered as suggestions
	Status      string

	Searching bool
	Frames    Frames
	Selected  []int // model rows of Frames.Result selected, ascending

	Associating bool
	Progress    float64 // of the association, 0..1
	Datasets    Datasets
	Failure     Failure // the last association that failed
	Tree        Tree    // the last association tree fetched
	Header      Header  // the last FITS header fetched
}

// Frames is a search's answer.
type Frames struct {
	Seq      int
	Result   *tap.Result // nil when the search failed
	Err      string      // why it failed, for the table's banner
	Query    string
	MaxRec   int
	Overflow bool // the service stopped at MaxRec
	Elapsed  time.Duration
}

// Datasets are CalSelector's answer: one dataset per frame asked about.
type Datasets struct {
	Seq  int
	List []*dataset.Dataset
	Mode calselector.Mode // requested
}

// Failure is an association that failed. Retry: the service's own trouble
// (5xx, network), for which the view offers Retry; otherwise Message gives
// the service's words.
type Failure struct {
	Seq     int
	Retry   bool
	Message string
}

// Tree is a dataset's association tree as fetched (attached to Dataset
// already), or the error fetching it.
type Tree struct {
	Seq     int
	Dataset *dataset.Dataset
	Tree    *calselector.Association
	Err     error
}

// Header is the headers of one frame, one per HDU.
type Header struct {
	Seq  int
	ID   string
	HDUs []fits.Header
}

// Controller is the Raw tab's state and work.
type Controller struct {
	deps  Deps
	run   latest.Runner
	state observable.Value[State]
	form  Form

	search, instruments, association, header *latest.Task
	// trees load side by side: one task per dataset
	trees map[*dataset.Dataset]*latest.Task
	last  request // the last association asked for (Retry)
}

// request is one association: frames and mode.
type request struct {
	ids  []string
	mode calselector.Mode
}

// New returns a controller whose results come back through run.
func New(deps Deps, run latest.Runner) *Controller {
	c := &Controller{
		deps: deps, run: run,
		search: latest.New(run), instruments: latest.New(run),
		association: latest.New(run), header: latest.New(run),
		trees: map[*dataset.Dataset]*latest.Task{},
	}
	c.setStatus("Fill in the form and press Search (Enter in any field). Science frames are what CalSelector associates calibrations with.")
	return c
}

// Snapshot is the current state.
func (c *Controller) Snapshot() State { return c.state.Snapshot() }

// Subscribe calls f after every change of state, on the owner goroutine.
func (c *Controller) Subscribe(f func(State)) (unsubscribe func()) { return c.state.Subscribe(f) }

func (c *Controller) setStatus(s string) { c.state.Update(func(st *State) { st.Status = s }) }

// SetForm takes the form as typed and shows the query it makes (a name in
// Position shows as 0, 0 until the search resolves it).
func (c *Controller) SetForm(f Form) {
	c.form = f
	q, err := f.read()
	var adql string
	if err == nil {
		adql, err = buildADQL(q)
	}
	c.state.Update(func(st *State) {
		if err != nil {
			st.ADQL = "— " + err.Error()
			return
		}
		st.Query, st.ADQL = adql, oneLine(adql)
	})
}

func oneLine(q string) string { return strings.Join(strings.Fields(q), " ") }

// LoadInstruments asks the service for its instruments (see listInstruments).
func (c *Controller) LoadInstruments() {
	svc := tap.New(c.deps.Settings().TapObs, c.deps.HTTP)
	c.instruments.Start(func(j latest.Job) {
		ctx, cancel := context.WithTimeout(j.Context(), time.Minute)
		defer cancel()
		names, err := listInstruments(ctx, svc)
		j.Finish(func() {
			c.state.Update(func(st *State) {
				if err != nil {
					st.Status = "Could not list the instruments (" + err.Error() + "); type conditions in the other fields, or check the TAP URL in Settings (Ctrl+,)."
					return
				}
				st.Instruments = names
			})
		})
	})
}

// Search runs the form's query on dbo.raw, after resolving a name in
// Position; a newer search replaces a running one.
func (c *Controller) Search() {
	q, err := c.form.read()
	if err == nil {
		_, err = buildADQL(q) // the position may still be a name: it stands at 0, 0 here
	}
	if err != nil {
		c.setStatus("Cannot search: " + err.Error() + ".")
		return
	}
	s := c.deps.Settings()
	position := strings.TrimSpace(c.form.Position)
	c.search.Start(func(j latest.Job) {
		started := time.Now()
		res, adql, where, err := c.runSearch(j.Context(), s, q, position)
		took := time.Since(started)
		j.Finish(func() { c.searched(res, adql, where, q.maxrec, took, err) })
	})
	c.state.Update(func(st *State) {
		st.Searching = true
		st.Status = "Searching dbo.raw …"
	})
}

func (c *Controller) runSearch(ctx context.Context, s config.Settings, q query, position string) (res *tap.Result, adql, where string, err error) {
	if q.hasPos {
		target, err := sesame.ResolveTarget(ctx, c.deps.HTTP, s.Sesame, position)
		if err != nil {
			return nil, "", "", err
		}
		q.ra, q.dec, where = target.RA, target.Dec, target.Where+" · "
	}
	if adql, err = buildADQL(q); err != nil {
		return nil, "", "", err
	}
	res, err = tap.New(s.TapObs, c.deps.HTTP).Sync(ctx, tap.Query{ADQL: adql, MaxRec: q.maxrec}, nil)
	return res, adql, where, err
}

func (c *Controller) searched(res *tap.Result, adql, where string, maxrec int, took time.Duration, err error) {
	c.state.Update(func(st *State) {
		st.Searching = false
		if adql != "" {
			st.Query, st.ADQL = adql, oneLine(adql)
		}
		var notFound *sesame.NotFoundError
		var badCoords *coords.Error
		switch {
		case errors.As(err, &notFound) || errors.As(err, &badCoords):
			st.Status = "Cannot search: " + err.Error() // the form's fault: the table stays
			return
		case err != nil:
			st.Status = "Search failed: " + err.Error()
			st.Frames = Frames{Seq: st.Frames.Seq + 1, Err: err.Error(), Query: adql}
			st.Selected = nil
			return
		}
		st.Frames = Frames{Seq: st.Frames.Seq + 1, Result: res, Query: adql, MaxRec: maxrec,
			Overflow: res.Status == tap.StatusOverflow, Elapsed: took}
		st.Selected = nil
		n := res.Table.NumRows()
		msg := fmt.Sprintf("%s%d frames in %s", where, n, elapsed(took))
		if n > 0 {
			msg += " · select science frames (Ctrl+A for all) and press Associate calibrations"
		}
		if warn := nonScienceWarning(res, nil); warn != "" {
			msg += "\n⚠ " + warn
		}
		st.Status = msg
	})
}

// CancelSearch stops the search in progress, if any.
func (c *Controller) CancelSearch() {
	if !c.state.Snapshot().Searching {
		return
	}
	c.search.Stop()
	c.state.Update(func(st *State) {
		st.Searching = false
		st.Status = "Search cancelled."
	})
}

// Select takes the selected model rows of the frames on show.
func (c *Controller) Select(rows []int) {
	if slices.Equal(rows, c.state.Snapshot().Selected) {
		return
	}
	rows = slices.Clone(rows)
	c.state.Update(func(st *State) { st.Selected = rows })
}

// SelectedIDs are the dp_ids of the selected frames, in table order.
func (c *Controller) SelectedIDs() []string {
	s := c.state.Snapshot()
	var ids []string
	for _, id := range column(s.Frames.Result, "dp_id", s.Selected) {
		if id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// ShowHeader fetches the FITS header of the one selected frame.
func (c *Controller) ShowHeader() {
	ids := c.SelectedIDs()
	if len(ids) != 1 {
		return
	}
	id, base := ids[0], c.deps.Settings().Header
	c.header.Start(func(j latest.Job) {
		ctx, cancel := context.WithTimeout(j.Context(), time.Minute)
		defer cancel()
		hs, err := headerpage.Fetch(ctx, c.deps.HTTP, base, id)
		j.Finish(func() {
			c.state.Update(func(st *State) {
				if err != nil {
					st.Status = "Could not show the header: " + err.Error()
					return
				}
				st.Status = "FITS header of " + id + "."
				st.Header = Header{Seq: st.Header.Seq + 1, ID: id, HDUs: hs}
			})
		})
	})
	c.setStatus("Fetching the FITS header of " + id + " …")
}

// OpenDatasetPage opens ESO's web page of the one selected frame.
func (c *Controller) OpenDatasetPage() {
	ids := c.SelectedIDs()
	if len(ids) != 1 {
		return
	}
	target, err := url.Parse(strings.TrimRight(c.deps.Settings().Dataset, "/") + "/" + url.PathEscape(ids[0]))
	if err == nil {
		err = c.deps.OpenURL(target)
	}
	if err != nil {
		c.setStatus("Could not open the dataset page: " + err.Error())
	}
}

// EditInTAP hands the form's query to the TAP tab.
func (c *Controller) EditInTAP() {
	q := c.state.Snapshot().Query
	if q == "" {
		c.setStatus("Nothing to edit yet: fill in the form first.")
		return
	}
	c.deps.EditQuery(q)
}

// Close stops every piece of work; results still on their way are dropped.
func (c *Controller) Close() { latest.StopAll(c.tasks()...) }

// Wait returns when the work started so far has ended (tests); call it on
// the owner goroutine.
func (c *Controller) Wait() { latest.WaitAll(c.tasks()...) }

func (c *Controller) tasks() []*latest.Task {
	ts := []*latest.Task{c.search, c.instruments, c.association, c.header}
	for _, t := range c.trees {
		ts = append(ts, t)
	}
	return ts
}

// elapsed is a duration as the status line gives it.
func elapsed(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return d.Round(time.Second).String()
}
