package conditions

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Exposure is one frame of dbo.raw as far as conditions go.
type Exposure struct {
	ID, Telescope string
	Start         time.Time
	Duration      time.Duration
	// dbo.raw's own values; NaN when absent.
	AirmassStart, AirmassEnd, SeeingStart, SeeingEnd float64
}

// Window is [Start, Start+Duration).
func (e Exposure) Window() Interval { return Interval{e.Start, e.Start.Add(e.Duration)} }

// Site is where the exposure's telescope stands.
func (e Exposure) Site() (Site, bool) { return SiteOfTelescope(e.Telescope) }

// lastInstant is the exposure's last moment: end − 1 ms, or its start when
// it has no length.
func (e Exposure) lastInstant() time.Time {
	if e.Duration <= time.Millisecond {
		return e.Start
	}
	return e.Start.Add(e.Duration - time.Millisecond)
}

// ExposureFromColumns reads an Exposure from a dbo.raw row: get returns a
// column's text and whether the row has that column with a value.
func ExposureFromColumns(get func(column string) (string, bool)) (Exposure, error) {
	e := Exposure{AirmassStart: math.NaN(), AirmassEnd: math.NaN(), SeeingStart: math.NaN(), SeeingEnd: math.NaN()}
	e.ID, _ = get("dp_id")
	e.ID = strings.TrimSpace(e.ID)
	e.Telescope, _ = get("telescope")
	e.Telescope = strings.TrimSpace(e.Telescope)
	name := "frame"
	if e.ID != "" {
		name = e.ID
	}
	s, ok := get("exp_start")
	if !ok || strings.TrimSpace(s) == "" {
		return e, fmt.Errorf("%s has no exp_start: its conditions cannot be placed in time (query dbo.raw with the exp_start column)", name)
	}
	t, err := parseTime(s)
	if err != nil {
		return e, fmt.Errorf("%s: exp_start: %w", name, err)
	}
	e.Start = t
	s, ok = get("exposure")
	if !ok || strings.TrimSpace(s) == "" {
		return e, fmt.Errorf("%s has no exposure time: query dbo.raw with the exposure column", name)
	}
	sec, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(sec) || math.IsInf(sec, 0) || sec < 0 {
		return e, fmt.Errorf("%s: exposure %q is not a duration in seconds", name, s)
	}
	e.Duration = time.Duration(math.Round(sec * float64(time.Second)))
	for col, dst := range map[string]*float64{
		"tel_airm_start": &e.AirmassStart, "tel_airm_end": &e.AirmassEnd,
		"tel_ambi_fwhm_start": &e.SeeingStart, "tel_ambi_fwhm_end": &e.SeeingEnd,
	} {
		if s, ok := get(col); ok {
			if v, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && !math.IsInf(v, 0) {
				*dst = v
			}
		}
	}
	// ESO writes -1 for "no seeing measured".
	for _, p := range []*float64{&e.SeeingStart, &e.SeeingEnd} {
		if *p < 0 {
			*p = math.NaN()
		}
	}
	return e, nil
}

// Stats summarise the valid samples of a window; NaN when N == 0.
type Stats struct {
	N, Invalid             int
	Median, Min, Max, Mean float64
}

// QuantityDuring is one quantity during one exposure.
type QuantityDuring struct {
	Quantity Quantity
	Unit     string
	Tables   []string
	Stats    Stats
	Samples  []Sample // those overlapping the exposure, invalid ones too
	Note     string
}

// Comparison sets dbo.raw's own conditions against the ASM's.
type Comparison struct {
	What             string // "seeing at start"
	Raw, ASM         float64
	RawColumn, Table string
}

// FrameConditions are the conditions during one exposure.
type FrameConditions struct {
	Exposure    Exposure
	Site        Site
	SiteKnown   bool
	Quantities  []QuantityDuring // in the order asked
	Comparisons []Comparison
	Note        string // e.g. "telescope XYZ: no ESO ambient data for this site"
}

func nanStats() Stats {
	n := math.NaN()
	return Stats{Median: n, Min: n, Max: n, Mean: n}
}

// During summarises s over w: the samples whose integration overlaps w
// (for an empty w, the one covering w.Start), statistics over the valid
// ones, and a Note saying plainly when there is nothing to show.
func During(s Series, w Interval) QuantityDuring {
	d := QuantityDuring{Quantity: s.Quantity, Unit: s.Unit, Tables: s.Tables, Stats: nanStats()}
	var vals []float64
	for _, x := range s.Samples {
		if !x.overlaps(w) {
			continue
		}
		d.Samples = append(d.Samples, x)
		if x.Valid {
			vals = append(vals, x.Value)
		} else {
			d.Stats.Invalid++
		}
	}
	d.Stats.N = len(vals)
	if len(vals) > 0 {
		sort.Float64s(vals)
		sum := 0.0
		for _, v := range vals {
			sum += v
		}
		n := len(vals)
		d.Stats.Min, d.Stats.Max, d.Stats.Mean = vals[0], vals[n-1], sum/float64(n)
		if n%2 == 1 {
			d.Stats.Median = vals[n/2]
		} else {
			d.Stats.Median = (vals[n/2-1] + vals[n/2]) / 2
		}
	}
	inst := s.instrumentName()
	switch {
	case len(s.Tables) == 0:
		d.Note = s.Note
	case len(d.Samples) == 0:
		// The gap: from the end of the last sample before w (else w's
		// start) to the start of the first after it (else w's end).
		from, to := w.Start, w.End
		for _, x := range s.Samples {
			if !x.End().After(w.Start) {
				from = x.End()
			}
		}
		for i := len(s.Samples) - 1; i >= 0; i-- {
			if x := s.Samples[i]; !x.Start.Before(w.End) {
				to = x.Start
			}
		}
		d.Note = fmt.Sprintf("no %s samples during this exposure: the %s was not measuring from %s to %s UTC",
			inst, inst, clock(from, to), clock(to, from))
	case d.Stats.N == 0:
		d.Note = fmt.Sprintf("all %d %s samples during this exposure are flagged invalid", d.Stats.Invalid, inst)
	case d.Stats.Invalid > 0:
		d.Note = fmt.Sprintf("%d of %d %s samples flagged invalid, left out", d.Stats.Invalid, len(d.Samples), inst)
	}
	if s.instruments > 1 && len(d.Samples) > 0 {
		d.Note = strings.TrimPrefix(d.Note+"; from "+s.instrument, "; ")
	}
	return d
}

// clock formats t as hh:mm, with the date when t and other fall on
// different days.
func clock(t, other time.Time) string {
	t, other = t.UTC(), other.UTC()
	if t.Format("2006-01-02") != other.Format("2006-01-02") {
		return t.Format("2006-01-02 15:04")
	}
	return t.Format("15:04")
}

// instrumentName is what measured s ("DIMM", "LHATPRO 2"), for notes.
func (s Series) instrumentName() string {
	if s.instrument != "" {
		return s.instrument
	}
	for _, e := range catalogue {
		for _, t := range s.Tables {
			if e.q == s.Quantity && e.src.Table == t {
				return e.src.Instrument
			}
		}
	}
	return s.Quantity.Title()
}

// mergeGap: windows closer than this are read as one.
const mergeGap = 30 * time.Minute

// mergeWindows sorts ws and joins those less than mergeGap apart.
func mergeWindows(ws []Interval) []Interval {
	ws = append([]Interval(nil), ws...)
	sort.Slice(ws, func(i, j int) bool { return ws[i].Start.Before(ws[j].Start) })
	var out []Interval
	for _, w := range ws {
		if n := len(out); n > 0 && w.Start.Sub(out[n-1].End) < mergeGap {
			if w.End.After(out[n-1].End) {
				out[n-1].End = w.End
			}
			continue
		}
		out = append(out, w)
	}
	return out
}

// ForExposures reads qs during each exposure: per site and table one query
// per 50 merged windows, then During per exposure. Seeing is also read
// for frames that carry dbo.raw's own seeing, to compare. progress, when
// set, hears of each query done.
func (c *Client) ForExposures(ctx context.Context, exps []Exposure, qs []Quantity, progress func(done, total int)) ([]FrameConditions, error) {
	out := make([]FrameConditions, len(exps))
	bySite := map[Site][]int{}
	for i, e := range exps {
		site, ok := e.Site()
		out[i] = FrameConditions{Exposure: e, Site: site, SiteKnown: ok}
		if !ok {
			tel := e.Telescope
			if tel == "" {
				out[i].Note = "no telescope recorded for this frame: its site, and so its ambient data, is unknown"
			} else {
				out[i].Note = fmt.Sprintf("telescope %s: no ESO ambient data for this site", tel)
			}
			for _, q := range qs {
				out[i].Quantities = append(out[i].Quantities, QuantityDuring{Quantity: q, Unit: q.Unit(), Stats: nanStats(), Note: out[i].Note})
			}
			continue
		}
		bySite[site] = append(bySite[site], i)
	}

	// Plan: per site, per table, the columns and merged windows.
	type tablePlan struct {
		site    Site
		table   string
		cols    []string
		windows []Interval
	}
	var plans []*tablePlan
	total := 0
	for _, site := range Sites {
		idx := bySite[site]
		if len(idx) == 0 {
			continue
		}
		want := append([]Quantity(nil), qs...)
		if !containsQ(want, Seeing) && wantsComparison(exps, idx) {
			want = append(want, Seeing)
		}
		byTable := map[string]*tablePlan{}
		for _, i := range idx {
			w := exps[i].Window()
			for _, q := range want {
				for _, src := range Sources(site, q, w.Start, w.End.Add(time.Millisecond)) {
					p := byTable[src.Table]
					if p == nil {
						p = &tablePlan{site: site, table: src.Table}
						byTable[src.Table] = p
						plans = append(plans, p)
					}
					p.cols = appendOnce(p.cols, src.Column)
					p.windows = append(p.windows, w)
				}
			}
		}
		for _, p := range byTable {
			p.windows = mergeWindows(p.windows)
			total += (len(p.windows) + maxWindows - 1) / maxWindows
		}
	}

	done := 0
	fetched := map[Site]map[string]*tableData{}
	for _, p := range plans {
		if fetched[p.site] == nil {
			fetched[p.site] = map[string]*tableData{}
		}
		d, err := c.fetchTable(ctx, p.table, p.cols, p.windows, func() {
			done++
			if progress != nil {
				progress(done, total)
			}
		})
		if err != nil {
			var se *schemaError
			if !errors.As(err, &se) {
				return nil, err
			}
			d = &tableData{table: p.table, err: se}
			done += (len(p.windows) + maxWindows - 1) / maxWindows
			if progress != nil {
				progress(done, total)
			}
		}
		fetched[p.site][p.table] = d
	}

	type gap struct {
		i, k  int
		table string
	}
	var gaps []gap
	for site, idx := range bySite {
		for _, i := range idx {
			e := exps[i]
			w, pick := e.Window(), pickWindow(e.Window())
			span := Interval{w.Start.Add(-lookback), w.End.Add(lookback)}
			for k, q := range qs {
				s := c.series(site, q, span, pick, fetched[site])
				d := During(s, w)
				if len(d.Samples) == 0 && len(s.Tables) == 1 {
					gaps = append(gaps, gap{i, k, s.Tables[0]})
				}
				out[i].Quantities = append(out[i].Quantities, d)
			}
			if wantsComparison(exps, []int{i}) {
				s := c.series(site, Seeing, span, pick, fetched[site])
				out[i].Comparisons = compare(e, s)
			}
		}
	}
	// Frames in a gap of a monitor's record: ask for the samples either
	// side, so that the note says when the monitor stopped and resumed.
	spans := map[string]Interval{}
	for _, g := range gaps {
		e := exps[g.i]
		w := e.Window()
		key := g.table + " " + w.Start.String() + " " + w.End.String()
		span, ok := spans[key]
		if !ok {
			d := fetched[out[g.i].Site][g.table]
			span = c.gapSpan(ctx, d, w)
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			spans[key] = span
		}
		s := c.series(out[g.i].Site, qs[g.k], span, pickWindow(w), fetched[out[g.i].Site])
		out[g.i].Quantities[g.k] = During(s, w)
	}
	return out, nil
}

// pickWindow is w, or for an instant the millisecond from it.
func pickWindow(w Interval) Interval {
	if !w.End.After(w.Start) {
		w.End = w.Start.Add(time.Millisecond)
	}
	return w
}

// gapSpan reads the last sample of d's table starting before w and the
// first starting at or after its end into d, and returns the span from
// the one to the other. A failed look-up only costs the note its times.
func (c *Client) gapSpan(ctx context.Context, d *tableData, w Interval) Interval {
	span := Interval{w.Start.Add(-lookback), w.End.Add(lookback)}
	if d == nil || d.err != nil || len(d.q.columns) == 0 {
		return span
	}
	what := "the neighbours of " + describeWindows([]Interval{w})
	if rows, err := c.runADQL(ctx, d.q, d.q.neighbourADQL(w.Start, true), what); err == nil && len(rows) > 0 {
		d.addRows(rows)
		span.Start = rows[0].start
	}
	if rows, err := c.runADQL(ctx, d.q, d.q.neighbourADQL(w.End, false), what); err == nil && len(rows) > 0 {
		d.addRows(rows)
		span.End = rows[0].start.Add(time.Millisecond)
	}
	return span
}

func containsQ(qs []Quantity, q Quantity) bool {
	for _, x := range qs {
		if x == q {
			return true
		}
	}
	return false
}

// wantsComparison: some of the frames carry dbo.raw's own seeing.
func wantsComparison(exps []Exposure, idx []int) bool {
	for _, i := range idx {
		if !math.IsNaN(exps[i].SeeingStart) || !math.IsNaN(exps[i].SeeingEnd) {
			return true
		}
	}
	return false
}

// compare sets tel_ambi_fwhm_start/_end against the valid seeing samples
// covering the exposure's start and last instant (ASM NaN when none).
func compare(e Exposure, seeing Series) []Comparison {
	var out []Comparison
	add := func(what, col string, raw float64, t time.Time) {
		if math.IsNaN(raw) {
			return
		}
		c := Comparison{What: what, Raw: raw, ASM: math.NaN(), RawColumn: col}
		if x, ok := seeing.At(t); ok {
			c.ASM, c.Table = x.Value, x.Table
		}
		out = append(out, c)
	}
	add("seeing at start", "tel_ambi_fwhm_start", e.SeeingStart, e.Start)
	add("seeing at end", "tel_ambi_fwhm_end", e.SeeingEnd, e.lastInstant())
	return out
}

// rawColumns are the dbo.raw columns RawFrames reads; the first three are
// required.
var rawColumns = []string{"dp_id", "exp_start", "exposure", "telescope",
	"tel_airm_start", "tel_airm_end", "tel_ambi_fwhm_start", "tel_ambi_fwhm_end"}

// rawBatch is how many dp_ids one dbo.raw query asks for.
const rawBatch = 200

// RawFrames looks dp_ids up in dbo.raw, 200 per query, and returns them in
// the order given (repeats dropped); ids not found are an error naming them.
func (c *Client) RawFrames(ctx context.Context, dpIDs []string) ([]Exposure, error) {
	var ids []string
	seen := map[string]bool{}
	for _, id := range dpIDs {
		id = strings.TrimSpace(id)
		if id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("no frame given: pass dp_ids such as UVES.2019-03-05T01:02:03.456")
	}
	have, err := c.columns(ctx, "dbo.raw")
	if err != nil {
		return nil, err
	}
	var cols []string
	for _, col := range rawColumns {
		switch {
		case have[col]:
			cols = append(cols, col)
		case col == "dp_id" || col == "exp_start" || col == "exposure":
			return nil, missingColumn(c.svc.BaseURL, "dbo.raw", col, have)
		}
	}
	found := map[string]Exposure{}
	for i := 0; i < len(ids); i += rawBatch {
		batch := ids[i:min(i+rawBatch, len(ids))]
		lits := make([]string, len(batch))
		for k, id := range batch {
			if lits[k], err = quote(id); err != nil {
				return nil, fmt.Errorf("frame id %q: %w", id, err)
			}
		}
		adql := "SELECT " + strings.Join(cols, ", ") + " FROM dbo.raw WHERE dp_id IN (" + strings.Join(lits, ", ") + ")"
		c.recordCtx(ctx, adql)
		res, err := c.svc.Sync(ctx, tapQuery(adql, 2*len(batch)), nil)
		if err != nil {
			return nil, fmt.Errorf("looking up frames in dbo.raw on %s: %w", c.svc.BaseURL, err)
		}
		t := res.Table
		for r := 0; r < res.Rows(); r++ {
			get := func(col string) (string, bool) {
				j := t.FieldIndex(col)
				if j < 0 || t.Columns[j].IsNull(r) {
					return "", false
				}
				return t.Columns[j].String(r), true
			}
			e, err := ExposureFromColumns(get)
			if err != nil {
				return nil, err
			}
			found[e.ID] = e
		}
	}
	var out []Exposure
	var missing []string
	for _, id := range ids {
		if e, ok := found[id]; ok {
			out = append(out, e)
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return out, fmt.Errorf("not in dbo.raw on %s: %s; check the ids (a dp_id looks like UVES.2019-03-05T01:02:03.456)",
			c.svc.BaseURL, strings.Join(missing, ", "))
	}
	return out, nil
}
