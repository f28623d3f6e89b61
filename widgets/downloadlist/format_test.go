package downloadlist

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"esodesk/services/download"
)

func TestFormatting(t *testing.T) {
	for d, want := range map[time.Duration]string{
		-1: "", 0: "0:00", 8200 * time.Millisecond: "0:09", 754 * time.Second: "12:34", 3723 * time.Second: "1:02:03",
	} {
		if got := etaText(d); got != want {
			t.Errorf("etaText(%v) = %q, want %q", d, got, want)
		}
	}
	tot := download.Totals{Jobs: 12, Done: 3, Running: 2, Queued: 7, Bytes: 45_200_000, Total: 120_000_000, Speed: 8_100_000, ETA: 9 * time.Second}
	if got := headerLine(tot); got != "3 of 12 files · 45.2 MB of 120.0 MB · 8.1 MB/s · ETA 0:09" {
		t.Errorf("totalsText = %q", got)
	}
	if got := headerLine(download.Totals{Jobs: 2, Running: 1, Failed: 1, Bytes: 1500, Total: -1, ETA: -1}); got != "0 of 2 files · 1.5 kB so far · 1 failed" {
		t.Errorf("totalsText unknown size = %q", got)
	}
	s := download.Status{Job: download.Job{URL: "http://h/a/b/ADP.2020.fits?x=1"}, Done: 10, Total: -1, State: download.Running}
	if displayName(s) != "ADP.2020.fits" || sizeText(s) != "10 B" || progress(s) != -1 {
		t.Errorf("unknown size row: %q %q %v", displayName(s), sizeText(s), progress(s))
	}
}

// headerLine is the header's text as one line, as the header shows it.
func headerLine(t download.Totals) string {
	summary, failed := totalsText(t)
	if failed != "" {
		summary += " · " + failed
	}
	return summary
}

// The batch detector reports once per busy→idle change, also when a whole
// batch started and finished between two samples.
func TestBatchTracking(t *testing.T) {
	r := newRefresher(nil, 0)
	st := func(id download.ID, s download.State) download.Status { return download.Status{ID: id, State: s} }
	if b := r.track([]download.Status{st(1, download.Done)}); b != nil {
		t.Fatalf("history reported as a batch: %+v", b)
	}
	if b := r.track([]download.Status{st(1, download.Done), st(2, download.Running), st(3, download.Queued)}); b != nil {
		t.Fatal("busy queue reported as finished")
	}
	if b := r.track([]download.Status{st(1, download.Done), st(2, download.Paused), st(3, download.Failed)}); b != nil {
		t.Fatal("a paused job keeps the batch open")
	}
	b := r.track([]download.Status{st(1, download.Done), st(2, download.Done), st(3, download.Failed)})
	if b == nil || *b != (batchResult{done: 1, failed: 1}) {
		t.Fatalf("batch %+v, want 1 done 1 failed", b)
	}
	if b := r.track([]download.Status{st(1, download.Done), st(2, download.Done), st(3, download.Failed)}); b != nil {
		t.Fatal("reported twice")
	}
	// Job 4 came and went unseen; job 3 was retried and is now done.
	b = r.track([]download.Status{st(1, download.Done), st(2, download.Done), st(3, download.Done), st(4, download.Skipped)})
	if b == nil || *b != (batchResult{done: 2}) {
		t.Fatalf("unseen batch %+v, want 2 done", b)
	}
}

// The header's bar is full only when every file arrived; failed files keep
// it short, and sizes the queue does not know fall back to file counts.
func TestBatchFraction(t *testing.T) {
	st := func(state download.State, done, total int64) download.Status {
		return download.Status{State: state, Done: done, Total: total}
	}
	for _, c := range []struct {
		name string
		rows []download.Status
		want float64
	}{
		{"all done", []download.Status{st(download.Done, 10, 10), st(download.Skipped, 5, 5)}, 1},
		{"all skipped", []download.Status{st(download.Skipped, 5, 5)}, 1},
		{"half way", []download.Status{st(download.Running, 5, 10), st(download.Queued, 0, 10)}, 0.25},
		{"a truncated file failed", []download.Status{st(download.Done, 10, 10), st(download.Failed, 9, 10)}, 0.5},
		{"a 404 counts as an average file", []download.Status{st(download.Done, 10, 10), st(download.Failed, 0, -1)}, 0.5},
		{"all failed", []download.Status{st(download.Failed, 0, -1), st(download.Failed, 0, -1)}, 0},
		{"unknown size: by files", []download.Status{st(download.Done, 10, 10), st(download.Paused, 3, -1)}, 0.5},
		{"cancelled ones do not count", []download.Status{st(download.Done, 10, 10), st(download.Cancelled, 0, 10)}, 1},
	} {
		if got := batchFraction(c.rows, download.Sum(c.rows)); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if got := sizeText(download.Status{State: download.Failed, Done: 4_999_000, Total: 5_000_000}); got != "all but 1.0 kB of 5.0 MB" {
		t.Errorf("sizeText of a file 1 kB short: %q", got)
	}
}

// The second line of a row: a note on a finished file is not hidden behind
// its path, and a failure reads once.
func TestDetailText(t *testing.T) {
	now := time.Now()
	done := download.Status{State: download.Done, Path: "/d/a.fits.gz", Error: "could not unpack a.fits.gz: unexpected EOF"}
	if got := detailText(done, now); got != "could not unpack a.fits.gz: unexpected EOF; saved as /d/a.fits.gz" {
		t.Errorf("done with a note: %q", got)
	}
	if detailImportance(done) != widget.WarningImportance {
		t.Error("a note on a done file is not in the warning colour")
	}
	failed := download.Status{State: download.Failed, Error: "Not Found\n(HTTP 404)", Retry: download.Retry{Attempt: 2, Of: 3, Reason: "x"}}
	if got := detailText(failed, now); got != "Not Found (HTTP 404)" {
		t.Errorf("failed: %q", got)
	}
}
