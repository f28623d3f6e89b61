// Package conditionsctl is the Raw data tab's Conditions panel without
// Fyne: which site, night and quantities to plot, the fetch of ESO's
// ambient-conditions (asm.*) series for them, the selected frames shown as
// bands, and the per-frame conditions behind the Frames table's
// conditions columns and seeing filter. The view is app/conditions_panel.go.
//
// Every exported method is called on the owner (UI) goroutine; the
// fetches run in internal/latest tasks, so a newer request always replaces
// a running one.
package conditionsctl

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"esodesk/internal/latest"
	"esodesk/internal/observable"
	"esodesk/services/conditions"
	"esodesk/services/config"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
)

// Deps is what the controller needs from the app.
type Deps struct {
	HTTP     *vohttp.Client
	Settings func() config.Settings // read at every fetch: the asm tables are on TapObs
}

// State is what the Conditions panel (and the Frames table's conditions
// columns) show.
type State struct {
	Site       conditions.Site
	Night      string              // as typed, YYYY-MM-DD
	Range      conditions.Interval // the night's (zero while Night is bad)
	Quantities []conditions.Quantity
	Following  bool // selecting frames shows their night
	Loading    bool
	Status     string
	Err        string // the last fetch's failure, for the plot's message

	// Seq changes with every new Result (or failure) the plot should show.
	Seq    int
	Result *conditions.Result
	// Exposures are the frames shown as highlighted bands; Others the
	// other frames of the table in the night, shown faint.
	Exposures, Others []conditions.Exposure

	Columns Columns
}

// Columns are the per-frame conditions of the frames on show.
type Columns struct {
	Seq         int // changes when ByID is complete (or failed)
	Loading     bool
	Done, Total int
	ByID        map[string]conditions.FrameConditions // by dp_id; nil until loaded
	Err         string
}

// ColumnQuantities are the quantities of the Frames table's conditions columns.
var ColumnQuantities = []conditions.Quantity{conditions.Seeing, conditions.Tau0, conditions.PWV}

// followDelay lets a selection settle (Shift+arrows) before its night is fetched.
const followDelay = 150 * time.Millisecond

// Controller is the Conditions panel's state and work.
type Controller struct {
	deps    Deps
	state   observable.Value[State]
	plot    *latest.Task
	columns *latest.Task
}

// New returns a controller whose results come back through run.
func New(deps Deps, run latest.Runner) *Controller {
	c := &Controller{deps: deps, plot: latest.New(run), columns: latest.New(run)}
	c.state.Update(func(st *State) {
		st.Site = conditions.Paranal
		st.Quantities = slices.Clone(conditions.DefaultQuantities)
		st.Status = "Choose a site and a night and press Show, or select frames in the Frames table and press Conditions."
	})
	return c
}

// Snapshot is the current state.
func (c *Controller) Snapshot() State { return c.state.Snapshot() }

// Subscribe calls f after every change of state, on the owner goroutine.
func (c *Controller) Subscribe(f func(State)) (unsubscribe func()) { return c.state.Subscribe(f) }

func (c *Controller) client() *conditions.Client {
	return conditions.New(tap.New(c.deps.Settings().TapObs, c.deps.HTTP))
}

// SetSite takes the site by name ("Paranal", "La Silla", "APEX").
func (c *Controller) SetSite(name string) error {
	s, err := conditions.ParseSite(name)
	if err != nil {
		c.state.Update(func(st *State) { st.Status = "Cannot use this site: " + err.Error() })
		return err
	}
	c.state.Update(func(st *State) { st.Site = s })
	return nil
}

// SetNight takes the night as typed: "2019-03-05" is the night that starts
// that evening in Chile, from 21:00 UT to 12:00 UT the next day.
func (c *Controller) SetNight(text string) error {
	r, err := NightRange(text)
	c.state.Update(func(st *State) {
		st.Night = strings.TrimSpace(text)
		st.Range = r
		if err != nil {
			st.Status = "Cannot use this night: " + err.Error()
		}
	})
	return err
}

// NightRange is the interval of the night of the date "YYYY-MM-DD": from
// 21:00 UT that day (about 18:00 Chilean time) to 12:00 UT the next.
func NightRange(text string) (conditions.Interval, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return conditions.Interval{}, errors.New("no night given: type its date as YYYY-MM-DD, e.g. 2019-03-05 for the night starting that evening")
	}
	d, err := time.Parse("2006-01-02", text)
	if err != nil {
		return conditions.Interval{}, fmt.Errorf("%q is not a date: type the night's date as YYYY-MM-DD, e.g. 2019-03-05 for the night starting that evening", text)
	}
	return conditions.Interval{Start: d.Add(21 * time.Hour), End: d.Add(36 * time.Hour)}, nil
}

// NightOf is ESO's night (the date at its start, YYYY-MM-DD) of an instant:
// nights change at noon UT.
func NightOf(t time.Time) string { return t.UTC().Add(-12 * time.Hour).Format("2006-01-02") }

// SetQuantities takes the quantities to plot, in their usual order.
func (c *Controller) SetQuantities(qs []conditions.Quantity) {
	qs = slices.Clone(qs)
	slices.SortFunc(qs, func(a, b conditions.Quantity) int {
		return slices.Index(conditions.AllQuantities, a) - slices.Index(conditions.AllQuantities, b)
	})
	c.state.Update(func(st *State) { st.Quantities = slices.Compact(qs) })
}

// SetFollowing turns on or off following the Frames table's selection.
func (c *Controller) SetFollowing(on bool) {
	c.state.Update(func(st *State) { st.Following = on })
}

// Show fetches the quantities of the site over the night, keeping as bands
// the frames on show that fall in it.
func (c *Controller) Show() {
	st := c.state.Snapshot()
	r, err := NightRange(st.Night)
	if err != nil {
		c.state.Update(func(st *State) { st.Status = "Cannot show: " + err.Error() })
		return
	}
	inNight := func(exps []conditions.Exposure) []conditions.Exposure {
		var out []conditions.Exposure
		for _, e := range exps {
			if overlaps(e.Window(), r) {
				out = append(out, e)
			}
		}
		return out
	}
	c.fetch(st.Site, r, st.Quantities, inNight(st.Exposures), inNight(st.Others), "", 0)
}

// SelectionChanged is the Frames table's new selection (selected) among
// its frames (all); with following on, their night is shown after a short
// pause.
func (c *Controller) SelectionChanged(selected, all []conditions.Exposure) {
	if !c.state.Snapshot().Following || len(selected) == 0 {
		return
	}
	c.showFrames(selected, all, followDelay)
}

// ShowFrames shows the night of the first of the selected frames, at the
// site where most of them were taken, with them as highlighted bands and
// the other frames of all in that night as faint ones. The status names
// the frames left out: at another site or on another night.
func (c *Controller) ShowFrames(selected, all []conditions.Exposure) {
	c.showFrames(selected, all, 0)
}

func (c *Controller) showFrames(selected, all []conditions.Exposure, delay time.Duration) {
	if len(selected) == 0 {
		c.state.Update(func(st *State) { st.Status = "Select frames in the Frames table first." })
		return
	}
	p := planFrames(selected, all)
	if p.err != "" {
		c.state.Update(func(st *State) { st.Status = p.err })
		return
	}
	c.state.Update(func(st *State) {
		st.Site, st.Night = p.site, p.night
		st.Range, _ = NightRange(p.night)
	})
	st := c.state.Snapshot()
	c.fetch(p.site, p.r, st.Quantities, p.shown, p.others, p.notes, delay)
}

// fetch starts the series' fetch (replacing any running one).
func (c *Controller) fetch(site conditions.Site, r conditions.Interval, qs []conditions.Quantity,
	shown, others []conditions.Exposure, notes string, delay time.Duration) {
	if len(qs) == 0 {
		c.state.Update(func(st *State) { st.Status = "Tick at least one quantity to plot." })
		return
	}
	client := c.client()
	what := fmt.Sprintf("%s at %s, %s", quantityList(qs), site.Title(), describeRange(r))
	c.plot.StartAfter(delay, func(j latest.Job) {
		ctx, cancel := context.WithTimeout(j.Context(), 2*time.Minute)
		defer cancel()
		res, err := client.Fetch(ctx, site, r, qs)
		j.Finish(func() { c.fetched(res, err, what, shown, others, notes) })
	})
	c.state.Update(func(st *State) {
		st.Loading = true
		st.Status = "Fetching " + what + " …" + notes
	})
}

func (c *Controller) fetched(res *conditions.Result, err error, what string, shown, others []conditions.Exposure, notes string) {
	c.state.Update(func(st *State) {
		st.Loading = false
		st.Seq++
		if err != nil {
			st.Result, st.Err = nil, err.Error()
			st.Status = "Could not fetch " + what + ": " + err.Error() + ". Check the TAP URL in Settings (Ctrl+,), or press Show to try again."
			return
		}
		st.Result, st.Err = res, ""
		st.Exposures, st.Others = shown, others
		msg := what
		if n := len(shown); n > 0 {
			msg += fmt.Sprintf(" · %d selected frame%s marked", n, plural(n))
		}
		var empty []string
		for _, s := range res.Series {
			switch {
			case s.Note == "":
			case strings.HasPrefix(s.Note, s.Quantity.Title()):
				empty = append(empty, s.Note)
			default:
				empty = append(empty, s.Quantity.Title()+": "+s.Note)
			}
		}
		if len(empty) > 0 {
			msg += " · " + strings.Join(empty, "; ")
		}
		st.Status = msg + notes
	})
}

// Cancel stops the fetches in progress.
func (c *Controller) Cancel() {
	st := c.state.Snapshot()
	if !st.Loading && !st.Columns.Loading {
		return
	}
	c.plot.Stop()
	c.columns.Stop()
	c.state.Update(func(st *State) {
		if st.Loading {
			st.Status = "Cancelled."
		}
		st.Loading = false
		if st.Columns.Loading {
			st.Columns = Columns{Seq: st.Columns.Seq + 1, Err: "cancelled"}
		}
	})
}

// LoadColumns fetches the conditions during each of exps (the frames on
// show) for the Frames table's columns, replacing any load in progress.
func (c *Controller) LoadColumns(exps []conditions.Exposure) {
	client := c.client()
	exps = slices.Clone(exps)
	c.columns.Start(func(j latest.Job) {
		ctx, cancel := context.WithTimeout(j.Context(), 5*time.Minute)
		defer cancel()
		post := j.Throttled(100 * time.Millisecond)
		fcs, err := client.ForExposures(ctx, exps, ColumnQuantities, func(done, total int) {
			post(func() {
				c.state.Update(func(st *State) { st.Columns.Done, st.Columns.Total = done, total })
			})
		})
		j.Finish(func() {
			c.state.Update(func(st *State) {
				st.Columns = Columns{Seq: st.Columns.Seq + 1, Done: len(exps), Total: len(exps)}
				if err != nil {
					st.Columns.Err = err.Error()
					return
				}
				st.Columns.ByID = make(map[string]conditions.FrameConditions, len(fcs))
				for _, fc := range fcs {
					st.Columns.ByID[fc.Exposure.ID] = fc
				}
			})
		})
	})
	c.state.Update(func(st *State) {
		st.Columns = Columns{Seq: st.Columns.Seq, Loading: true, Total: len(exps)}
	})
}

// ClearColumns drops the per-frame conditions (the columns are off).
func (c *Controller) ClearColumns() {
	c.columns.Stop()
	c.state.Update(func(st *State) { st.Columns = Columns{Seq: st.Columns.Seq + 1} })
}

// Close stops every fetch; results on their way are dropped.
func (c *Controller) Close() { latest.StopAll(c.plot, c.columns) }

// Wait returns when the work started so far has ended (tests).
func (c *Controller) Wait() { latest.WaitAll(c.plot, c.columns) }

func overlaps(w, r conditions.Interval) bool {
	if w.End.Equal(w.Start) {
		return !w.Start.Before(r.Start) && w.Start.Before(r.End)
	}
	return w.Start.Before(r.End) && w.End.After(r.Start)
}

func quantityList(qs []conditions.Quantity) string {
	names := make([]string, len(qs))
	for i, q := range qs {
		names[i] = q.Title()
	}
	return strings.Join(names, ", ")
}

func describeRange(r conditions.Interval) string {
	return "night of " + NightOf(r.Start) + " (" + r.Start.UTC().Format("01-02 15:04") + " – " + r.End.UTC().Format("01-02 15:04") + " UT)"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
