package download

import (
	"fmt"
	"os"
	"time"
)

// errUnknown is returned for an ID the queue does not hold.
func errUnknown(id ID) error { return fmt.Errorf("no download with id %d", id) }

// Pause stops a queued or running job, keeping its .part file.
func (q *Queue) Pause(id ID) error { return q.change(id, q.pauseLocked) }

// Resume queues a paused job again; it continues from its .part file.
func (q *Queue) Resume(id ID) error { return q.change(id, q.resumeLocked) }

// Cancel stops a job for good and deletes its .part file.
func (q *Queue) Cancel(id ID) error { return q.change(id, q.cancelLocked) }

// Retry queues a failed or cancelled job again with a fresh failure count.
func (q *Queue) Retry(id ID) error { return q.change(id, q.retryLocked) }

// PauseAll pauses every queued or running job.
func (q *Queue) PauseAll() { q.changeAll(q.pauseLocked) }

// ResumeAll resumes every paused job.
func (q *Queue) ResumeAll() { q.changeAll(q.resumeLocked) }

// CancelAll cancels every job that has not finished.
func (q *Queue) CancelAll() { q.changeAll(q.cancelLocked) }

// RetryAll retries every failed job.
func (q *Queue) RetryAll() {
	q.changeAll(func(e *entry) bool {
		if e.rec.State != Failed {
			return false
		}
		return q.retryLocked(e)
	})
}

// ClearFinished forgets the jobs that are done, skipped, failed or
// cancelled (their files stay on disk).
func (q *Queue) ClearFinished() {
	q.mu.Lock()
	var forget []record
	keep := q.order[:0]
	for _, id := range q.order {
		e := q.entries[id]
		if e.rec.State.Finished() {
			delete(q.entries, id)
			q.seq++
			forget = append(forget, record{ID: id, Forget: true, Seq: q.seq})
			continue
		}
		keep = append(keep, id)
	}
	q.order = keep
	q.mu.Unlock()
	for _, r := range forget {
		q.journalWrite(r, false)
	}
	q.notify()
}

func (q *Queue) change(id ID, f func(*entry) bool) error {
	q.mu.Lock()
	e, ok := q.entries[id]
	if !ok {
		q.mu.Unlock()
		return errUnknown(id)
	}
	changed := f(e)
	r := q.snapLocked(e)
	q.mu.Unlock()
	if changed {
		q.journalWrite(r, false)
		q.cond.Broadcast()
		q.notify()
	}
	return nil
}

func (q *Queue) changeAll(f func(*entry) bool) {
	q.mu.Lock()
	var recs []record
	for _, id := range q.order {
		e := q.entries[id]
		if f(e) {
			recs = append(recs, q.snapLocked(e))
		}
	}
	q.mu.Unlock()
	for _, r := range recs {
		q.journalWrite(r, false)
	}
	q.cond.Broadcast()
	q.notify()
}

// The *Locked helpers run with q.mu held and report whether anything
// changed. A running job is stopped through its context; its worker sets
// the final state (see finish).
func (q *Queue) pauseLocked(e *entry) bool {
	switch e.rec.State {
	case Queued:
		e.rec.State = Paused
		return true
	case Running:
		e.pending = Paused
		e.cancel(errPaused)
	}
	return false
}

func (q *Queue) resumeLocked(e *entry) bool {
	switch e.rec.State {
	case Paused:
		e.rec.State = Queued
		return true
	case Running:
		if e.pending == Paused {
			e.pending = "" // the worker will queue it again
		}
	}
	return false
}

func (q *Queue) cancelLocked(e *entry) bool {
	switch e.rec.State {
	case Queued, Paused, Failed:
		if e.rec.State == Failed && e.rec.Part == "" {
			return false
		}
		e.rec.State = Cancelled
		q.dropPartLocked(e)
		return true
	case Running:
		e.pending = Cancelled
		e.cancel(errCancelled)
	}
	return false
}

func (q *Queue) retryLocked(e *entry) bool {
	if e.rec.State != Failed && e.rec.State != Cancelled {
		return false
	}
	e.rec.State = Queued
	e.rec.Error = ""
	e.retry = Retry{}
	return true
}

// dropPartLocked deletes the job's .part file and forgets what it knew
// about the transfer.
func (q *Queue) dropPartLocked(e *entry) {
	if e.rec.Part != "" {
		os.Remove(e.rec.Part)
	}
	if e.rec.Path != "" && q.reserved[e.rec.Path] == e.rec.ID {
		delete(q.reserved, e.rec.Path)
	}
	e.rec.Part, e.rec.ETag, e.rec.LastMod = "", "", ""
	if e.rec.State != Done && e.rec.State != Skipped {
		e.rec.Path, e.rec.Name = "", ""
	}
	e.done.Store(0)
}

// Snapshot returns the status of every job, in queue order.
func (q *Queue) Snapshot() []Status {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]Status, 0, len(q.order))
	for _, id := range q.order {
		out = append(out, q.statusLocked(q.entries[id]))
	}
	return out
}

// Status returns one job's status.
func (q *Queue) Status(id ID) (Status, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	e, ok := q.entries[id]
	if !ok {
		return Status{}, errUnknown(id)
	}
	return q.statusLocked(e), nil
}

func (q *Queue) statusLocked(e *entry) Status {
	s := Status{
		ID: e.rec.ID, Job: e.rec.Job, Name: e.rec.Name, Dir: e.rec.Dir, State: e.rec.State,
		Done: e.done.Load(), Total: -1, ETA: -1, Error: e.rec.Error, Attempts: e.rec.Attempts,
		StartedAt: e.startedAt, Retry: e.retry,
	}
	if s.Name == "" {
		s.Name = e.rec.Job.Name
	}
	switch {
	case e.rec.Total > 0:
		s.Total = e.rec.Total
	case e.rec.Job.Size > 0:
		s.Total = e.rec.Job.Size
	}
	if e.rec.State == Done || e.rec.State == Skipped {
		s.Path = e.rec.Path
	}
	// speed and ETA only while bytes flow: not while waiting to retry,
	// connecting again or stalled
	if e.rec.State == Running && e.retry.At.IsZero() && time.Since(e.sampleT) < stillAfter {
		s.Speed = e.speed
		if s.Speed > 0 && s.Total >= 0 {
			s.ETA = time.Duration(float64(max(s.Total-s.Done, 0)) / s.Speed * float64(time.Second))
		}
	}
	return s
}

// stillAfter is how long without a byte a transfer shows no speed (the
// speed is sampled every progressEvery while bytes arrive).
const stillAfter = 3 * time.Second

// Totals sums the queue (see Sum).
func (q *Queue) Totals() Totals { return Sum(q.Snapshot()) }
