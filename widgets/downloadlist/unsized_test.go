package downloadlist

import (
	"fmt"
	"strings"
	"testing"

	"esodesk/services/download"
)

// A file without a known size shows an activity bar instead of a fraction,
// in its row and in the header.
func TestUnknownSize(t *testing.T) {
	f := newFixture(t)
	f.add("unsized.fits")
	f.until("unsized half way", func() bool {
		r := f.row("unsized.fits")
		return r != nil && r.state.Text == "downloading" && r.size.Text == "100.0 kB"
	})
	r := f.row("unsized.fits")
	if !r.activity.Visible() || r.bar.Visible() {
		t.Fatal("unknown size: want the activity bar, not the progress bar")
	}
	if !f.l.header.activity.Visible() || f.l.header.bar.Visible() || !strings.Contains(f.l.header.text.String(), "100.0 kB so far") {
		t.Fatalf("header for unknown size: %q", f.l.header.text.String())
	}
	f.files.releaseSlow()
	r = f.rowIs("unsized.fits", "✓ done")
	if r.activity.Visible() || !r.bar.Visible() || r.bar.Value != 1 {
		t.Fatal("finished row should show a full progress bar")
	}
}

// With thousands of jobs a refresh redraws only the rows on screen.
func TestLargeQueueDrawsVisibleRowsOnly(t *testing.T) {
	f := newFixtureWorkers(t, 1)
	jobs := make([]download.Job, 20_000)
	for i := range jobs {
		jobs[i] = download.Job{URL: f.srv.URL + "/slow.fits", Name: fmt.Sprintf("f%05d.fits", i), Size: slowSize}
	}
	if _, err := f.q.AddBatch(jobs); err != nil {
		t.Fatal(err)
	}
	f.until("all rows known", func() bool { return len(f.l.view.rows) == len(jobs) && f.row("f00000.fits") != nil })
	visible := len(f.rows())
	if visible == 0 || visible > 20 {
		t.Fatalf("%d rows on screen", visible)
	}
	before := f.l.rowUpdates
	f.q.Pause(f.l.view.rows[1].ID) // a change that triggers one refresh
	f.until("row 1 paused", func() bool {
		r := f.row("f00001.fits")
		return r != nil && r.state.Text == "paused"
	})
	if n := f.l.rowUpdates - before; n > 4*visible {
		t.Fatalf("a refresh of %d jobs drew %d rows (%d on screen)", len(jobs), n, visible)
	}
	if !strings.HasPrefix(f.l.header.text.String(), "0 of 20000 files") {
		t.Fatalf("totals %q", f.l.header.text.String())
	}
}
