package render

import (
	"math"
	"strconv"
	"time"

	"gonum.org/v1/plot"

	"esodesk/services/conditions"
)

// The time axis' data values are seconds since the range's start: float64
// Unix seconds would lose the sub-second part of the samples' times.

// tickSteps are the spacings the time axis may use, shortest first.
var tickSteps = []time.Duration{
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour, 48 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 28 * 24 * time.Hour,
}

// tickStep is the shortest step that gives at most maxTicks labels.
func tickStep(span time.Duration, maxTicks int) time.Duration {
	maxTicks = max(maxTicks, 2)
	for _, s := range tickSteps {
		if span/s <= time.Duration(maxTicks) {
			return s
		}
	}
	return tickSteps[len(tickSteps)-1]
}

// timeTicks labels the shared time axis "hh:mm" on whole steps of UTC
// (00:00 as the date when the range covers more than one night), or
// with dates for steps of a day and more. bare keeps the positions (the
// grid) but drops the labels: the panels above the bottom one.
type timeTicks struct {
	origin   time.Time
	maxTicks int
	multi    bool // the range spans more than one night
	bare     bool
}

func (tt timeTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) {
		return nil
	}
	from := tt.origin.Add(seconds(min))
	to := tt.origin.Add(seconds(max))
	step := tickStep(to.Sub(from), tt.maxTicks)
	day := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
	first := day.Add(from.Sub(day).Truncate(step))
	if step > 24*time.Hour { // whole weeks from the first midnight
		first = day
	}
	var ticks []plot.Tick
	for t := first; !t.After(to) && len(ticks) < 200; t = t.Add(step) {
		if t.Before(from) {
			continue
		}
		tk := plot.Tick{Value: t.Sub(tt.origin).Seconds()}
		if !tt.bare {
			tk.Label = tickLabel(t, step, tt.multi)
		}
		ticks = append(ticks, tk)
	}
	return ticks
}

func tickLabel(t time.Time, step time.Duration, multi bool) string {
	if step >= 24*time.Hour || (multi && t.Hour() == 0 && t.Minute() == 0) {
		return t.Format("Jan 2")
	}
	return t.Format("15:04")
}

func seconds(s float64) time.Duration { return time.Duration(math.Round(s * 1e9)) }

// nightOf is the date of the evening a UTC time's night began on, at the
// Chilean sites (local noon is about 16:00 UTC): the date 12 hours earlier.
func nightOf(t time.Time) string { return t.UTC().Add(-12 * time.Hour).Format("2006-01-02") }

// axisTitle says the axis is UTC and which night (or dates) it shows.
func axisTitle(r conditions.Interval) string {
	last := r.End.Add(-time.Nanosecond)
	if r.End.Sub(r.Start) <= 24*time.Hour && nightOf(r.Start) == nightOf(last) {
		return "UTC, night of " + nightOf(r.Start)
	}
	a, b := r.Start.UTC().Format("2006-01-02"), last.UTC().Format("2006-01-02")
	if a == b {
		return "UTC, " + a
	}
	return "UTC, " + a + " to " + b
}

// multiNight reports whether r spans more than one night.
func multiNight(r conditions.Interval) bool {
	return nightOf(r.Start) != nightOf(r.End.Add(-time.Nanosecond))
}

// FormatValue writes a value with the decimals its quantity is read
// with: seeing 0.82, τ₀ 4.1, humidity 12.
func FormatValue(q conditions.Quantity, v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	d := 1
	switch q {
	case conditions.Seeing, conditions.Theta0:
		d = 2
	case conditions.PWV: // a dry night's 0.45 mm matters
		if math.Abs(v) < 1 {
			d = 2
		}
	case conditions.Humidity:
		d = 0
	}
	return strconv.FormatFloat(v, 'f', d, 64)
}
