package downloadlist

import (
	"context"
	"time"

	"esodesk/services/download"
)

// view is one snapshot prepared off the UI goroutine.
type view struct {
	rows     []download.Status
	index    map[download.ID]int // row of each job, so the selection follows its job
	totals   download.Totals
	fraction float64 // of the batch, for the header's bar
}

// batchResult is what OnBatchFinished reports.
type batchResult struct{ done, failed int }

// refresher reads the queue after change notifications, at most once per
// interval, and notices when a batch of jobs has finished. It runs on its
// own goroutine; its state is never shared.
type refresher struct {
	q        Controller
	interval time.Duration

	batch   map[download.ID]bool           // jobs seen unfinished since the queue was last idle
	settled map[download.ID]download.State // finished jobs at the last idle moment
}

func newRefresher(q Controller, interval time.Duration) *refresher {
	return &refresher{q: q, interval: interval, batch: map[download.ID]bool{}}
}

// countdownEvery is how often rows waiting to retry are redrawn, so their
// "retrying in 3 s" counts down without any change in the queue.
const countdownEvery = 500 * time.Millisecond

// run publishes a view now and after every notification on ch (which
// coalesces), waiting at least r.interval between two views, until ctx
// ends or ch closes.
func (r *refresher) run(ctx context.Context, ch <-chan struct{}, publish func(view, *batchResult)) {
	for {
		start := time.Now()
		v, b := r.read()
		publish(v, b)
		var countdown <-chan time.Time
		if v.totals.Waiting > 0 {
			countdown = time.After(countdownEvery)
		}
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-countdown:
		case <-ctx.Done():
			return
		}
		if wait := r.interval - time.Since(start); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return
			}
		}
	}
}

func (r *refresher) read() (view, *batchResult) {
	rows := r.q.Snapshot()
	v := view{rows: rows, index: make(map[download.ID]int, len(rows)), totals: download.Sum(rows)}
	v.fraction = batchFraction(rows, v.totals)
	for i, s := range rows {
		v.index[s.ID] = i
	}
	return v, r.track(rows)
}

// track returns a result when the queue has just gone idle after work.
// Idle means no job is queued, running or paused. Views are sampled, so a
// job may have started and finished between two of them: a finished job
// that was not finished (or finished differently) at the last idle moment
// also belongs to the batch.
func (r *refresher) track(rows []download.Status) *batchResult {
	if r.settled == nil { // first look: what is finished already is history
		r.settled = map[download.ID]download.State{}
		for _, s := range rows {
			if s.State.Finished() {
				r.settled[s.ID] = s.State
			}
		}
	}
	busy := false
	for _, s := range rows {
		if !s.State.Finished() {
			busy = true
			r.batch[s.ID] = true
		}
	}
	if busy {
		return nil
	}
	settled := make(map[download.ID]download.State, len(rows))
	var res batchResult
	for _, s := range rows {
		settled[s.ID] = s.State
		if !r.batch[s.ID] {
			if old, ok := r.settled[s.ID]; !ok || old != s.State {
				r.batch[s.ID] = true
			}
		}
		if !r.batch[s.ID] {
			continue
		}
		switch s.State {
		case download.Done, download.Skipped:
			res.done++
		case download.Failed:
			res.failed++
		}
	}
	found := len(r.batch) > 0
	r.settled = settled
	r.batch = map[download.ID]bool{}
	if !found {
		return nil
	}
	return &res
}
