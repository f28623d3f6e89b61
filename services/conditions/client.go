package conditions

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"esodesk/internal/flight"
	"esodesk/services/tap"
)

// Client reads the asm tables of one TAP service (ESO's, or the testbed's).
// It is safe for concurrent use.
type Client struct {
	svc *tap.Service
	// MaxRec bounds the rows of one query (DefaultMaxRec when 0).
	MaxRec int

	mu        sync.Mutex
	cols      map[string]columnSet
	colFlight flight.Group[columnSet]
}

// New returns a Client for svc.
func New(svc *tap.Service) *Client {
	return &Client{svc: svc, cols: map[string]columnSet{}}
}

// Result is what Fetch found.
type Result struct {
	Site    Site
	Range   Interval
	Series  []Series // in the order asked
	Queries []string // ADQL sent
}

// SeriesOf returns the series of q.
func (r *Result) SeriesOf(q Quantity) (Series, bool) {
	for _, s := range r.Series {
		if s.Quantity == q {
			return s, true
		}
	}
	return Series{}, false
}

// queryLog collects the ADQL one call sends; calls may run concurrently on
// one Client, so each has its own log carried in the context.
type queryLog struct {
	mu sync.Mutex
	q  []string
}

type logKey struct{}

func withLog(ctx context.Context) (context.Context, *queryLog) {
	l := &queryLog{}
	return context.WithValue(ctx, logKey{}, l), l
}

func (c *Client) recordCtx(ctx context.Context, adql string) {
	if l, ok := ctx.Value(logKey{}).(*queryLog); ok {
		l.mu.Lock()
		l.q = append(l.q, adql)
		l.mu.Unlock()
	}
}

func (l *queryLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.q...)
}

// Fetch reads qs at site over r. A quantity the site does not measure, or a
// column the service lacks, gives a Series with a Note and no samples; the
// error is for what stops the whole answer (the service, a bad range).
func (c *Client) Fetch(ctx context.Context, site Site, r Interval, qs []Quantity) (*Result, error) {
	if !r.End.After(r.Start) {
		return nil, fmt.Errorf("the time range %s – %s is empty: its end must come after its start",
			r.Start.UTC().Format(adqlTime), r.End.UTC().Format(adqlTime))
	}
	ctx, log := withLog(ctx)
	res := &Result{Site: site, Range: r}
	// One query per table, for all the quantities it serves.
	type need struct {
		q   Quantity
		src Source
	}
	byTable := map[string][]need{}
	var order []string
	for _, q := range qs {
		for _, src := range Sources(site, q, r.Start, r.End) {
			if _, ok := byTable[src.Table]; !ok {
				order = append(order, src.Table)
			}
			byTable[src.Table] = append(byTable[src.Table], need{q, src})
		}
	}
	fetched := map[string]*tableData{}
	var schemaErrs []string
	for _, table := range order {
		var cols []string
		for _, n := range byTable[table] {
			cols = appendOnce(cols, n.src.Column)
		}
		w := clip(r, byTable[table][0].src)
		d, err := c.fetchTable(ctx, table, cols, []Interval{w}, nil)
		if err != nil {
			var se *schemaError
			if errors.As(err, &se) {
				schemaErrs = append(schemaErrs, se.msg)
				fetched[table] = &tableData{table: table, err: se}
				continue
			}
			return nil, err
		}
		fetched[table] = d
	}
	gotAny := false
	for _, q := range qs {
		s := c.series(site, q, r, r, fetched)
		if len(s.Samples) > 0 {
			gotAny = true
		}
		res.Series = append(res.Series, s)
	}
	res.Queries = log.list()
	if !gotAny && len(schemaErrs) > 0 && len(schemaErrs) == len(order) {
		return res, errors.New(strings.Join(schemaErrs, "; "))
	}
	return res, nil
}

// clip narrows r to src's coverage.
func clip(r Interval, src Source) Interval {
	if !src.From.IsZero() && r.Start.Before(src.From) {
		r.Start = src.From
	}
	if !src.To.IsZero() && r.End.After(src.To) {
		r.End = src.To
	}
	return r
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// tableData is what one table served: rows per column.
type tableData struct {
	table   string
	q       tableQuery
	rows    []row
	missing map[string]error
	err     error // the table itself is missing
}

// fetchTable reads cols of table over windows, at most maxWindows per query.
// onQuery, when set, is called after each query.
func (c *Client) fetchTable(ctx context.Context, table string, cols []string, windows []Interval, onQuery func()) (*tableData, error) {
	q, missing, err := c.plan(ctx, table, cols)
	if err != nil {
		return nil, err
	}
	d := &tableData{table: table, q: q, missing: missing}
	if len(q.columns) == 0 {
		return d, nil
	}
	for i := 0; i < len(windows); i += maxWindows {
		j := min(i+maxWindows, len(windows))
		rows, err := c.run(ctx, q, windows[i:j])
		if err != nil {
			return nil, err
		}
		d.rows = append(d.rows, rows...)
		if onQuery != nil {
			onQuery()
		}
	}
	d.tidy()
	return d, nil
}

// addRows adds rows read later (the neighbours of a gap).
func (d *tableData) addRows(rows []row) {
	d.rows = append(d.rows, rows...)
	d.tidy()
}

// tidy sorts the rows by start and drops repeats: batches overlap through
// the lookback.
func (d *tableData) tidy() {
	sort.SliceStable(d.rows, func(i, j int) bool { return d.rows[i].start.Before(d.rows[j].start) })
	out := d.rows[:0]
	for i, r := range d.rows {
		if i > 0 && r.start.Equal(d.rows[i-1].start) && r.instr == d.rows[i-1].instr {
			continue
		}
		out = append(out, r)
	}
	d.rows = out
}

// maxWindows is how many time windows one query ORs together.
const maxWindows = 50

// samples turns the rows of one column into samples overlapping w, in
// src's coverage, for one instrument ("" = all).
func (d *tableData) samples(src Source, w Interval, instr string) []Sample {
	k := -1
	for i, col := range d.q.columns {
		if col == src.Column {
			k = i
		}
	}
	if k < 0 {
		return nil
	}
	var out []Sample
	// Rows are sorted by start; none integrates longer than lookback.
	first := sort.Search(len(d.rows), func(i int) bool { return !d.rows[i].start.Before(w.Start.Add(-lookback)) })
	for _, r := range d.rows[first:] {
		if !r.start.Before(w.End) && !(r.start.Equal(w.Start) && !w.End.After(w.Start)) {
			break
		}
		if instr != "" && r.instr != instr {
			continue
		}
		if (!src.From.IsZero() && r.start.Before(src.From)) || (!src.To.IsZero() && !r.start.Before(src.To)) {
			continue
		}
		s := Sample{Start: r.start, Integration: r.integ, Value: scale(r.values[k], src.Scale), Valid: r.valid, Table: d.table}
		if math.IsNaN(s.Value) {
			s.Valid = false
		}
		if s.overlaps(w) {
			out = append(out, s)
		}
	}
	return out
}

// bestInstrument picks, of a table with several instruments, the one with
// most valid samples of src's column in w.
func (d *tableData) bestInstrument(src Source, w Interval) (best string, ids []string) {
	if d.q.instr == "" {
		return "", nil
	}
	count := map[string]int{}
	for _, s := range d.rowsIn(src, w) {
		if s.valid {
			count[s.instr]++
		} else if _, ok := count[s.instr]; !ok {
			count[s.instr] = 0
		}
	}
	n := -1
	for id := range count {
		ids = append(ids, id)
	}
	sort.Strings(ids) // ties go to the lowest id, the same on every call
	for _, id := range ids {
		if count[id] > n {
			best, n = id, count[id]
		}
	}
	return best, ids
}

// rowsIn returns the rows whose sample overlaps w (value not NULL for
// validity).
func (d *tableData) rowsIn(src Source, w Interval) []row {
	k := -1
	for i, col := range d.q.columns {
		if col == src.Column {
			k = i
		}
	}
	var out []row
	for _, r := range d.rows {
		s := Sample{Start: r.start, Integration: r.integ}
		if s.overlaps(w) {
			if k >= 0 && math.IsNaN(r.values[k]) {
				r.valid = false
			}
			out = append(out, r)
		}
	}
	return out
}

// series builds the Series of q at site over w from the fetched tables.
// Samples overlap span; of a table with several instruments, the one with
// most valid samples in pick is used.
func (c *Client) series(site Site, q Quantity, span, pick Interval, fetched map[string]*tableData) Series {
	s := Series{Quantity: q, Site: site, Unit: q.Unit()}
	srcs := Sources(site, q, pick.Start, pick.End)
	if len(srcs) == 0 {
		s.Note = noSourceNote(site, q)
		return s
	}
	var notes []string
	for _, src := range srcs {
		d := fetched[src.Table]
		if d == nil {
			continue
		}
		if d.err != nil {
			notes = append(notes, d.err.Error())
			continue
		}
		if err := d.missing[src.Column]; err != nil {
			notes = append(notes, err.Error())
			continue
		}
		s.Tables = append(s.Tables, src.Table)
		instr, ids := d.bestInstrument(src, pick)
		got := d.samples(src, span, instr)
		if instr != "" {
			s.instrument, s.instruments = src.Instrument+" "+instr, len(ids)
			if len(ids) == 1 {
				notes = append(notes, fmt.Sprintf("%s from %s radiometer %s", q.Title(), src.Instrument, instr))
			} else {
				notes = append(notes, fmt.Sprintf("%s from %s radiometer %s (of %s: the one with most valid samples in this range)",
					q.Title(), src.Instrument, instr, strings.Join(ids, ", ")))
			}
		}
		if len(got) == 0 {
			notes = append(notes, src.Table+" has no samples in this range")
		}
		s.Samples = append(s.Samples, got...)
	}
	sort.SliceStable(s.Samples, func(i, j int) bool { return s.Samples[i].Start.Before(s.Samples[j].Start) })
	s.Note = strings.Join(notes, "; ")
	return s
}

// noSourceNote says why a site has no data for q over w.
func noSourceNote(site Site, q Quantity) string {
	if !measures(site, q) {
		return fmt.Sprintf("%s has no %s monitor", site.Title(), monitorName(q))
	}
	all := Sources(site, q, time.Time{}, time.Time{})
	first := all[0].From
	for _, s := range all {
		if s.From.Before(first) {
			first = s.From
		}
	}
	return fmt.Sprintf("%s: no %s data before %s", site.Title(), q.Title(), first.Format("2006-01-02"))
}

// monitorName is q as in "La Silla has no PWV monitor".
func monitorName(q Quantity) string {
	switch q {
	case Seeing:
		return "seeing (DIMM)"
	case Tau0:
		return "τ₀ (MASS)"
	case Theta0:
		return "θ₀ (MASS)"
	case PWV:
		return "PWV"
	case Wind:
		return "wind"
	}
	return strings.ToLower(q.Title())
}

// scale converts a served value to the display unit, rounded to 12
// significant digits so that 0.00345 s shows as 3.45 ms, not
// 3.4499999999999997.
func scale(v, by float64) float64 {
	if by == 1 || math.IsNaN(v) {
		return v
	}
	x, _ := strconv.ParseFloat(strconv.FormatFloat(v*by, 'g', 12, 64), 64)
	return x
}
