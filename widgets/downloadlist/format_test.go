package downloadlist

import (
	"testing"
	"time"

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
	if got := totalsText(tot); got != "3 of 12 files · 45.2 MB of 120.0 MB · 8.1 MB/s · ETA 0:09" {
		t.Errorf("totalsText = %q", got)
	}
	if got := totalsText(download.Totals{Jobs: 2, Running: 1, Failed: 1, Bytes: 1500, Total: -1, ETA: -1}); got != "0 of 2 files · 1.5 kB so far · 1 failed" {
		t.Errorf("totalsText unknown size = %q", got)
	}
	s := download.Status{Job: download.Job{URL: "http://h/a/b/ADP.2020.fits?x=1"}, Done: 10, Total: -1, State: download.Running}
	if displayName(s) != "ADP.2020.fits" || sizeText(s) != "10 B" || progress(s) != -1 {
		t.Errorf("unknown size row: %q %q %v", displayName(s), sizeText(s), progress(s))
	}
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
