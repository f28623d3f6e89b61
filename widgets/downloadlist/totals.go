package downloadlist

import (
	"time"

	"esodesk/services/download"
)

// sumTotals sums the rows for the header. Unlike Queue.Totals it leaves
// failed jobs out of the byte counts: a failed file of unknown size would
// otherwise make the whole batch "unknown", and a failed half file would
// keep the bar from ever reaching the end. Computing from the same
// snapshot as the rows also keeps header and rows consistent.
func sumTotals(rows []download.Status) download.Totals {
	t := download.Totals{ETA: -1}
	unknown := false
	for _, s := range rows {
		t.Jobs++
		switch s.State {
		case download.Queued:
			t.Queued++
		case download.Running:
			t.Running++
		case download.Paused:
			t.Paused++
		case download.Done:
			t.Done++
		case download.Failed:
			t.Failed++
			continue
		case download.Cancelled:
			t.Cancelled++
			continue
		case download.Skipped:
			t.Skipped++
			continue
		}
		t.Bytes += s.Done
		if s.Total < 0 {
			unknown = true
		} else {
			t.Total += s.Total
		}
		t.Speed += s.Speed
	}
	if unknown {
		t.Total = -1
	} else if t.Speed > 0 {
		t.ETA = time.Duration(float64(t.Total-t.Bytes) / t.Speed * float64(time.Second))
	}
	return t
}
