package conditionsctl

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"esodesk/services/conditions"
)

// Median is a frame's median of q during its exposure; ok is false when
// the frame was not loaded or no valid sample covers its exposure.
func (cs Columns) Median(id string, q conditions.Quantity) (v float64, ok bool) {
	fc, found := cs.ByID[id]
	if !found {
		return math.NaN(), false
	}
	for _, d := range fc.Quantities {
		if d.Quantity == q && d.Stats.N > 0 && !math.IsNaN(d.Stats.Median) {
			return d.Stats.Median, true
		}
	}
	return math.NaN(), false
}

// ColumnName is the Frames table's column of a quantity's median.
func ColumnName(q conditions.Quantity) string { return string(q) + "_med" }

// ParseSeeingLimit reads the "Seeing below" entry: "" is no filter.
func ParseSeeingLimit(text string) (limit float64, on bool, err error) {
	text = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), "″"))
	if text == "" {
		return 0, false, nil
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(text, ",", "."), 64)
	if err != nil || !(v > 0) || math.IsInf(v, 0) {
		return 0, false, fmt.Errorf("seeing limit %q is not a number of arcseconds above 0, e.g. 0.8", text)
	}
	return v, true, nil
}

// SeeingFilter is the test of the "Seeing below" filter: it keeps a frame
// whose median seeing during the exposure is below limit, and counts
// those it drops by reason.
type SeeingFilter struct {
	Limit         float64
	Above, NoData int // frames dropped: median ≥ Limit, or no seeing data
	Kept          int
}

// NewSeeingFilter applies limit to the frames ids (by model row).
func NewSeeingFilter(cs Columns, ids []string, limit float64) (keep []bool, f SeeingFilter) {
	f.Limit = limit
	keep = make([]bool, len(ids))
	for r, id := range ids {
		v, ok := cs.Median(id, conditions.Seeing)
		switch {
		case !ok:
			f.NoData++
		case v >= limit:
			f.Above++
		default:
			keep[r] = true
			f.Kept++
		}
	}
	return keep, f
}

// Summary says how many frames the filter hides, and why.
func (f SeeingFilter) Summary() string {
	hidden := f.Above + f.NoData
	if hidden == 0 {
		return fmt.Sprintf("Seeing below %g″: no frame hidden.", f.Limit)
	}
	var why []string
	if f.Above > 0 {
		why = append(why, fmt.Sprintf("%d with median seeing ≥ %g″ during the exposure", f.Above, f.Limit))
	}
	if f.NoData > 0 {
		why = append(why, fmt.Sprintf("%d without seeing data", f.NoData))
	}
	return fmt.Sprintf("%d frame%s hidden: %s.", hidden, plural(hidden), strings.Join(why, ", "))
}
