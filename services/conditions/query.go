package conditions

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"esodesk/services/tap"
)

// lookback is how far before a window the query starts, so that the sample
// already integrating at the window's start comes too (integrations are a
// minute or two; none lasts 10 minutes).
const lookback = 10 * time.Minute

// adqlTime is the ADQL literal layout for timestamps (UTC).
const adqlTime = "2006-01-02T15:04:05.000"

// DefaultMaxRec bounds the rows of one query: a year of one-minute samples.
// More is an error saying the range is too long, never a silent cut.
const DefaultMaxRec = 600_000

// row is one served row of an asm table.
type row struct {
	start  time.Time
	integ  time.Duration
	values []float64 // per asked column, NaN for NULL
	valid  bool
	instr  string // lhatpro_id or ""
}

// tableQuery asks one table for some columns over some windows.
type tableQuery struct {
	table   string
	columns []string // value columns, all present (checked)
	valid   bool     // the table has a valid column
	integ   bool     // the table has an integration column
	instr   string   // instrument column present, or ""
}

// plan checks the columns against the table's schema. The returned map
// holds, per wanted column that the table lacks, the error to report.
func (c *Client) plan(ctx context.Context, table string, want []string) (tableQuery, map[string]error, error) {
	have, err := c.columns(ctx, table)
	if err != nil {
		return tableQuery{}, nil, err
	}
	if !have["start_date"] {
		return tableQuery{}, nil, missingColumn(c.svc.BaseURL, table, "start_date", have)
	}
	q := tableQuery{table: table, valid: have["valid"], integ: have["integration"]}
	if ic := tables[table].instrumentColumn; ic != "" && have[ic] {
		q.instr = ic
	}
	missing := map[string]error{}
	for _, col := range want {
		if have[strings.ToLower(col)] {
			q.columns = append(q.columns, col)
		} else {
			missing[col] = missingColumn(c.svc.BaseURL, table, col, have)
		}
	}
	return q, missing, nil
}

// adql writes the query for windows (each widened by lookback).
func (q tableQuery) adql(windows []Interval) string {
	var b strings.Builder
	b.WriteString("SELECT " + q.selectList() + " FROM " + q.table + " WHERE ")
	for i, w := range windows {
		if i > 0 {
			b.WriteString(" OR ")
		}
		end := w.End
		if !end.After(w.Start) { // an instant: the sample covering it
			end = w.Start.Add(time.Millisecond)
		}
		cond := fmt.Sprintf("start_date >= '%s' AND start_date < '%s'",
			w.Start.Add(-lookback).UTC().Format(adqlTime), end.UTC().Format(adqlTime))
		if len(windows) > 1 {
			cond = "(" + cond + ")"
		}
		b.WriteString(cond)
	}
	b.WriteString(" ORDER BY start_date")
	return b.String()
}

// run sends the query for windows and reads its rows.
func (c *Client) run(ctx context.Context, q tableQuery, windows []Interval) ([]row, error) {
	return c.runADQL(ctx, q, q.adql(windows), describeWindows(windows))
}

// selectList is the columns a query of q reads.
func (q tableQuery) selectList() string {
	cols := []string{"start_date"}
	if q.integ {
		cols = append(cols, "integration")
	}
	cols = append(cols, q.columns...)
	if q.valid {
		cols = append(cols, "valid")
	}
	if q.instr != "" {
		cols = append(cols, q.instr)
	}
	return strings.Join(cols, ", ")
}

// neighbourADQL asks for the last sample starting before t (before) or the
// first starting at or after it: where a gap in the monitor's record began
// or ended.
func (q tableQuery) neighbourADQL(t time.Time, before bool) string {
	op, order := ">=", "ASC"
	if before {
		op, order = "<", "DESC"
	}
	return fmt.Sprintf("SELECT TOP 1 %s FROM %s WHERE start_date %s '%s' ORDER BY start_date %s",
		q.selectList(), q.table, op, t.UTC().Format(adqlTime), order)
}

// runADQL sends adql (a query of q's columns) and reads its rows; span
// names the time it covers, for the overflow message.
func (c *Client) runADQL(ctx context.Context, q tableQuery, adql, span string) ([]row, error) {
	c.recordCtx(ctx, adql)
	maxrec := c.MaxRec
	if maxrec <= 0 {
		maxrec = DefaultMaxRec
	}
	res, err := c.svc.Sync(ctx, tap.Query{ADQL: adql, MaxRec: maxrec}, nil)
	if err != nil {
		return nil, fmt.Errorf("reading %s from %s: %w", q.table, c.svc.BaseURL, err)
	}
	if res.Overflow() {
		return nil, fmt.Errorf("%s holds more than %d samples in %s: ask for a shorter time range (or fewer frames at once)",
			q.table, res.Rows(), span)
	}
	t := res.Table
	idx := func(name string) int {
		if t == nil {
			return -1
		}
		return t.FieldIndex(name)
	}
	iStart, iInteg, iValid, iInstr := idx("start_date"), idx("integration"), idx("valid"), -1
	if q.instr != "" {
		iInstr = idx(q.instr)
	}
	if iStart < 0 {
		return nil, fmt.Errorf("%s on %s: the answer has no start_date column", q.table, c.svc.BaseURL)
	}
	iVals := make([]int, len(q.columns))
	single := make([]bool, len(q.columns))
	for k, col := range q.columns {
		if iVals[k] = idx(col); iVals[k] < 0 {
			return nil, fmt.Errorf("%s on %s: the answer has no %s column although TAP_SCHEMA lists it", q.table, c.svc.BaseURL, col)
		}
		single[k] = t.Fields[iVals[k]].Datatype == "float"
	}
	cadence := cadenceOf(q.table)
	n := t.NumRows()
	rows := make([]row, 0, n)
	for i := 0; i < n; i++ {
		cs := t.Columns[iStart]
		if cs.IsNull(i) {
			continue
		}
		start, err := parseTime(cs.String(i))
		if err != nil {
			return nil, fmt.Errorf("%s on %s, row %d: %w", q.table, c.svc.BaseURL, i+1, err)
		}
		r := row{start: start, integ: cadence, valid: true, values: make([]float64, len(iVals))}
		if iInteg >= 0 {
			// To the millisecond, the precision of the timestamps: the
			// column is a float32 ("real"), and 67.123 read as float32 is
			// 67.12300109 s, which would let a sample that ends at an
			// exposure's start overlap it by a microsecond.
			if v, ok := floatAt(t.Columns[iInteg], i); ok && v > 0 {
				r.integ = time.Duration(math.Round(v*1000)) * time.Millisecond
			}
		}
		if iValid >= 0 {
			v, ok := floatAt(t.Columns[iValid], i)
			r.valid = ok && v == 1
		}
		if iInstr >= 0 && !t.Columns[iInstr].IsNull(i) {
			r.instr = strings.TrimSpace(t.Columns[iInstr].String(i))
		}
		for k, j := range iVals {
			if v, ok := floatAt(t.Columns[j], i); ok {
				if single[k] {
					v = shortest32(v)
				}
				r.values[k] = v
			} else {
				r.values[k] = math.NaN()
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// floatAt reads a numeric cell, also from a column served as text.
func floatAt(col interface {
	IsNull(int) bool
	Float(int) (float64, bool)
	String(int) string
}, i int) (float64, bool) {
	if col.IsNull(i) {
		return 0, false
	}
	if v, ok := col.Float(i); ok {
		return v, !math.IsNaN(v)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(col.String(i)), 64)
	return v, err == nil && !math.IsNaN(v)
}

// timeLayouts are the spellings of timestamps services serve: ISO with T
// or a space, with or without fractional seconds and a zone (UTC implied).
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseTime reads a served timestamp as UTC.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "z") {
		s = s[:len(s)-1] + "Z"
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a timestamp (expected ISO 8601, e.g. 2019-03-05T01:02:03.5)", s)
}

// describeWindows names the time span of windows for messages.
func describeWindows(ws []Interval) string {
	if len(ws) == 0 {
		return "no time"
	}
	from, to := ws[0].Start, ws[0].End
	for _, w := range ws[1:] {
		if w.Start.Before(from) {
			from = w.Start
		}
		if w.End.After(to) {
			to = w.End
		}
	}
	return fmt.Sprintf("%s – %s UTC", from.UTC().Format("2006-01-02 15:04"), to.UTC().Format("2006-01-02 15:04"))
}

func quote(s string) (string, error) { return tap.Quote(s) }

func tapQuery(adql string, maxrec int) tap.Query { return tap.Query{ADQL: adql, MaxRec: maxrec} }

// shortest32 turns a float32 value into the float64 of its shortest
// decimal form: a seeing of 0.8 served as float32 reads 0.800000011920929
// when widened, which no one measured and CSV files should not show.
func shortest32(v float64) float64 {
	x, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', -1, 32), 64)
	if err != nil {
		return v
	}
	return x
}
