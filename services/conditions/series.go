package conditions

import (
	"encoding/csv"
	"io"
	"math"
	"sort"
	"strconv"
	"time"
)

// Interval is the half-open time range [Start, End).
type Interval struct{ Start, End time.Time }

// Sample is one row of an asm table: the value measured over
// [Start, Start+Integration).
type Sample struct {
	Start       time.Time
	Integration time.Duration
	Value       float64 // display unit
	Valid       bool
	Table       string
}

// End is when the sample's integration ends.
func (s Sample) End() time.Time { return s.Start.Add(s.Integration) }

// Mid is the middle of the integration (ESO's midpoint_date).
func (s Sample) Mid() time.Time { return s.Start.Add(s.Integration / 2) }

// covers reports whether t falls in [Start, End); a zero-length sample
// covers only its own instant.
func (s Sample) covers(t time.Time) bool {
	if s.Integration <= 0 {
		return t.Equal(s.Start)
	}
	return !t.Before(s.Start) && t.Before(s.End())
}

// overlaps reports whether the sample's interval meets w; a zero-length
// window w is the instant w.Start.
func (s Sample) overlaps(w Interval) bool {
	if !w.End.After(w.Start) {
		return s.covers(w.Start)
	}
	if s.Integration <= 0 {
		return !s.Start.Before(w.Start) && s.Start.Before(w.End)
	}
	return s.Start.Before(w.End) && s.End().After(w.Start)
}

// Series is one quantity at one site over a range.
type Series struct {
	Quantity Quantity
	Site     Site
	Unit     string // display
	Tables   []string
	// Samples are sorted by Start; invalid ones are kept with Valid=false
	// (drawn and counted as gaps).
	Samples []Sample
	Note    string // e.g. "La Silla has no PWV monitor"

	instrument  string // "LHATPRO 2" when the table tells instruments apart, for notes
	instruments int    // how many of them served samples in the range
}

// At returns the valid sample covering t.
func (s Series) At(t time.Time) (Sample, bool) {
	// The first sample starting after t; the one covering t is before it.
	i := sort.Search(len(s.Samples), func(i int) bool { return s.Samples[i].Start.After(t) })
	// Integrations may overlap (LHATPRO, table joins): look back a little.
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		if x := s.Samples[j]; x.Valid && x.covers(t) {
			return x, true
		}
	}
	return Sample{}, false
}

// minGap is the shortest pause between samples that Segments treats as a
// gap whatever the cadence.
const minGap = 3 * time.Minute

// Segments returns the runs of valid samples, split at invalid samples and
// at gaps: a sample starting more than max(2×integration, 3 min) after the
// previous one ended.
func (s Series) Segments() [][]Sample {
	var out [][]Sample
	var cur []Sample
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	for _, x := range s.Samples {
		if !x.Valid {
			flush()
			continue
		}
		if n := len(cur); n > 0 {
			prev := cur[n-1]
			gap := 2 * prev.Integration
			if gap < minGap {
				gap = minGap
			}
			if x.Start.After(prev.End().Add(gap)) {
				flush()
			}
		}
		cur = append(cur, x)
	}
	flush()
	return out
}

// Merge puts several series on one time axis: the union of the valid
// samples' midpoints, and per series its value at each of those times or
// NaN where it has no sample with that midpoint (no interpolation).
func Merge(series []Series) (times []time.Time, values [][]float64) {
	seen := map[int64]bool{}
	for _, s := range series {
		for _, x := range s.Samples {
			if x.Valid {
				k := x.Mid().UnixNano()
				if !seen[k] {
					seen[k] = true
					times = append(times, x.Mid())
				}
			}
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	index := make(map[int64]int, len(times))
	for k, t := range times {
		index[t.UnixNano()] = k
	}
	values = make([][]float64, len(series))
	for i, s := range series {
		v := make([]float64, len(times))
		for k := range v {
			v[k] = math.NaN()
		}
		for _, x := range s.Samples {
			if x.Valid {
				v[index[x.Mid().UnixNano()]] = x.Value
			}
		}
		values[i] = v
	}
	return times, values
}

// csvTime is the CSV's timestamp layout: UTC, milliseconds, Z.
const csvTime = "2006-01-02T15:04:05.000Z"

// WriteCSV writes one row per valid sample: time (the sample's midpoint),
// quantity, value, unit (ASCII), table; sorted by time, then by quantity in
// AllQuantities order.
func WriteCSV(w io.Writer, series []Series) error {
	type row struct {
		t     time.Time
		q     Quantity
		v     float64
		table string
	}
	var rows []row
	for _, s := range series {
		for _, x := range s.Samples {
			if x.Valid {
				rows = append(rows, row{x.Mid(), s.Quantity, x.Value, x.Table})
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if !rows[i].t.Equal(rows[j].t) {
			return rows[i].t.Before(rows[j].t)
		}
		return rows[i].q.order() < rows[j].q.order()
	})
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"time", "quantity", "value", "unit", "table"}); err != nil {
		return err
	}
	for _, r := range rows {
		rec := []string{r.t.UTC().Format(csvTime), string(r.q), strconv.FormatFloat(r.v, 'g', -1, 64), r.q.UnitASCII(), r.table}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
