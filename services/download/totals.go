package download

import "time"

// Sum adds up rows (a Snapshot) for a status line. A failed file stays in
// the batch's Total with its size (or, unknown, what it got) and out of
// Bytes: the batch cannot look complete while a file failed, and its total
// does not drop when one fails. The ETA counts only bytes still to come.
func Sum(rows []Status) Totals {
	t := Totals{ETA: -1}
	unknown := false
	var left int64 // bytes still to come for the unfinished files
	for _, s := range rows {
		t.Jobs++
		switch s.State {
		case Cancelled:
			t.Cancelled++
			continue
		case Skipped:
			t.Skipped++ // nothing to fetch
			continue
		case Failed:
			t.Failed++
			size := max(s.Total, s.Done)
			t.Total += size
			if s.Total >= 0 {
				t.FailedBytes += size
			}
			continue
		case Done:
			t.Done++
		case Queued:
			t.Queued++
		case Paused:
			t.Paused++
		case Running:
			t.Running++
			if s.Waiting() {
				t.Waiting++
			}
		}
		t.Bytes += s.Done
		t.Speed += s.Speed
		switch {
		case s.Total >= 0:
			t.Total += s.Total
			if !s.State.Finished() {
				left += max(s.Total-s.Done, 0)
			}
		case !s.State.Finished():
			unknown = true
		}
	}
	if unknown {
		t.Total = -1
	} else if t.Speed > 0 {
		t.ETA = time.Duration(float64(left) / t.Speed * float64(time.Second))
	}
	return t
}
