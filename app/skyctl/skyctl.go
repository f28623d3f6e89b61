// Package skyctl is the Sky tab's controller: the footprints of another
// tab's result table (s_region outlines, or RA/Dec markers) coloured by a
// column, the selection shared with that table, the target to go to, the
// region drawn on the sky turned into ADQL for the TAP tab, and the view's
// preferences (survey, projection, grid). It is Fyne-free; the view is
// app/sky_tab.go.
package skyctl

import (
	"errors"
	"fmt"
	"slices"

	"esodesk/internal/latest"
	"esodesk/internal/observable"
	"esodesk/internal/plural"
	"esodesk/preview/skyrender"
	"esodesk/preview/skytable"
	"esodesk/services/config"
	"esodesk/services/coords"
	"esodesk/services/region"
	"esodesk/services/sesame"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

// Sources: the tabs whose result tables the Sky tab shows.
const (
	SourceTAP     = "TAP result"
	SourceImages  = "Images"
	SourceRaw     = "Raw data frames"
	SourceSpectra = "Spectra results"
)

// sourceTab is the tab each source's table is in.
var sourceTab = map[string]string{SourceTAP: "TAP", SourceImages: "Images", SourceRaw: "Raw data", SourceSpectra: "Spectra"}

// Sources lists them in the picker's order.
var Sources = []string{SourceTAP, SourceImages, SourceRaw, SourceSpectra}

// Deps is what the controller needs from the app.
type Deps struct {
	HTTP     *vohttp.Client
	Settings func() config.Settings
	Prefs    config.Store
}

// Target is where GoTo resolved to.
type Target struct {
	RA, Dec float64
	Where   string
}

// State is what the view shows.
type State struct {
	Source string
	// Footprints of the source's rows; FootprintSeq grows with each new set.
	Footprints   []skyrender.Footprint
	FootprintSeq int
	Columns      []string // the colour-by choices
	ColourBy     string   // "" = one colour
	Legend       []skytable.LegendEntry
	Selected     []int  // model rows of the source table
	Status       string // footprints shown, rows skipped, what failed
	// Target is the last place GoTo found; TargetSeq grows with each.
	Target    *Target
	TargetSeq int
	// Region is the region drawn (nil: none) and Query its ADQL.
	Region *region.Region
	Form   QueryForm
	Query  Query
}

// Controller runs the Sky tab. Its methods are called on the UI goroutine.
type Controller struct {
	deps  Deps
	state observable.Value[State]
	build *latest.Task // footprints of a table
	goTo  *latest.Task // resolving a target
	table *votable.Table
}

// New returns a controller with the preferences' choices.
func New(deps Deps, run latest.Runner) *Controller {
	c := &Controller{deps: deps, build: latest.New(run), goTo: latest.New(run)}
	p := c.Prefs()
	c.state.Update(func(s *State) {
		s.Source = p.Source
		s.ColourBy = p.ColourBy
		s.Form = QueryForm{Table: p.Table, Condition: p.Condition, MinOverlap: p.MinOverlap}
		s.Status = "Run a query in the " + p.Source + " tab to see its footprints here."
	})
	return c
}

// Snapshot is the current state.
func (c *Controller) Snapshot() State { return c.state.Snapshot() }

// Subscribe calls f (on the UI goroutine) after every change of state.
func (c *Controller) Subscribe(f func(State)) (unsubscribe func()) { return c.state.Subscribe(f) }

func (c *Controller) update(f func(*State)) { c.state.Update(f) }

// SetSource chooses the tab whose table is shown; the view then hands its
// table over with Show.
func (c *Controller) SetSource(source string) {
	if !slices.Contains(Sources, source) {
		return
	}
	c.setPref(prefSource, source)
	if c.Snapshot().Source != source {
		c.table = nil
		c.update(func(s *State) { s.Source, s.Selected = source, nil })
	}
}

// Show places t's rows (the source tab's table; nil: none) on the sky, in
// the background. The same table again changes nothing.
func (c *Controller) Show(t *votable.Table) {
	if t == c.table && c.Snapshot().FootprintSeq > 0 {
		return
	}
	c.table = t
	c.rebuild()
}

// Table is the table on show.
func (c *Controller) Table() *votable.Table { return c.table }

// SetColourBy colours the footprints by a column ("" = one colour).
func (c *Controller) SetColourBy(column string) {
	c.setPref(prefColour, column)
	if c.Snapshot().ColourBy == column {
		return
	}
	c.update(func(s *State) { s.ColourBy = column })
	c.rebuild()
}

func (c *Controller) rebuild() {
	t, st := c.table, c.Snapshot()
	column, source := st.ColourBy, st.Source
	c.build.Start(func(j latest.Job) {
		cols := skytable.ColourColumns(t)
		if !slices.Contains(cols, column) {
			column = ""
		}
		colours, legend := skytable.Colours(t, column)
		fps, skipped := skytable.Footprints(t, colours)
		j.Finish(func() {
			c.update(func(s *State) {
				s.Footprints, s.FootprintSeq = fps, s.FootprintSeq+1
				s.Columns, s.Legend, s.Selected = cols, legend, nil
				s.Status = footprintStatus(t, source, len(fps), skipped)
			})
		})
	})
}

// footprintStatus says what the sky shows of the source's table.
func footprintStatus(t *votable.Table, source string, shown, skipped int) string {
	if t == nil {
		return "Nothing to show yet: search in the " + sourceTab[source] + " tab, and its rows appear here."
	}
	if t.NumRows() == 0 {
		return "The " + source + " table has no rows."
	}
	msg := plural.Count(shown, "footprint") + " from the " + source + " table"
	if p := skytable.FindPositions(t); p.Region < 0 && p.RA < 0 && p.Pair < 0 {
		return "The " + source + " table has no s_region and no RA/Dec columns: nothing to place on the sky."
	}
	if skipped > 0 {
		have := " rows have"
		if skipped == 1 {
			have = " row has"
		}
		msg += fmt.Sprintf(" · %d%s no position", skipped, have)
	}
	return msg
}

// Select is the source table's selection (model rows).
func (c *Controller) Select(rows []int) {
	if slices.Equal(rows, c.Snapshot().Selected) {
		return
	}
	rows = slices.Clone(rows)
	c.update(func(s *State) { s.Selected = rows })
}

// GoTo resolves text (a name through Sesame, or coordinates) and moves
// the view there (State.Target).
func (c *Controller) GoTo(text string) {
	settings := c.deps.Settings()
	c.update(func(s *State) { s.Status = "Resolving " + text + " …" })
	c.goTo.Start(func(j latest.Job) {
		t, err := sesame.ResolveTarget(j.Context(), c.deps.HTTP, settings.Sesame, text)
		j.Finish(func() {
			if err != nil {
				var nf *sesame.NotFoundError
				var ce *coords.Error
				if errors.As(err, &nf) || errors.As(err, &ce) {
					c.update(func(s *State) { s.Status = "Cannot go there: " + err.Error() })
				} else {
					c.update(func(s *State) { s.Status = "Cannot resolve " + text + ": " + err.Error() + " (or type coordinates)" })
				}
				return
			}
			c.update(func(s *State) {
				s.Target, s.TargetSeq = &Target{RA: t.RA, Dec: t.Dec, Where: t.Where}, s.TargetSeq+1
				s.Status = "Centred on " + t.Where
			})
		})
	})
}

// SetRegion is the region drawn on the sky (nil: none); its ADQL follows.
func (c *Controller) SetRegion(r *region.Region) {
	c.update(func(s *State) {
		s.Region = r
		s.Query = Query{}
		if r != nil {
			s.Query = BuildQuery(*r, s.Form, 0)
		}
	})
}

// SetForm changes the query panel's choices; the ADQL follows.
func (c *Controller) SetForm(f QueryForm) {
	c.setPref(prefTable, f.Table)
	c.setPref(prefCondition, f.Condition)
	c.setPref(prefMinOverlap, f.MinOverlap)
	c.update(func(s *State) {
		s.Form = f
		if s.Region != nil {
			s.Query = BuildQuery(*s.Region, f, 0)
		}
	})
}

// SetStatus shows a message (the view's: how many rows the overlap kept).
func (c *Controller) SetStatus(msg string) { c.update(func(s *State) { s.Status = msg }) }

// Close stops the background work.
func (c *Controller) Close() { latest.StopAll(c.build, c.goTo) }

// Wait returns when no background work is left (tests).
func (c *Controller) Wait() { latest.WaitAll(c.build, c.goTo) }
