package download

import (
	"context"
	"errors"
	"time"
)

// worker takes the next runnable job until the queue closes. All 16
// goroutines exist from the start; q.workers limits how many run.
func (q *Queue) worker() {
	defer q.wg.Done()
	for {
		q.mu.Lock()
		e := q.nextLocked()
		for e == nil && !q.closed {
			q.cond.Wait()
			e = q.nextLocked()
		}
		if q.closed {
			q.mu.Unlock()
			return
		}
		ctx, cancel := context.WithCancelCause(q.ctx)
		e.cancel = cancel
		e.pending = ""
		e.rec.State = Running
		e.rec.Error = ""
		e.retry = Retry{}
		e.startedAt = time.Now()
		e.speed, e.sampleT, e.sampleB = 0, time.Now(), e.done.Load()
		q.running++
		q.perHost[e.host]++
		r := q.snapLocked(e)
		q.mu.Unlock()
		q.journalWrite(r, false)
		q.notify()

		state, err := q.run(ctx, e)
		q.finish(ctx, e, state, err)
		cancel(nil)
	}
}

// nextLocked returns the first queued job that the worker and per-host
// limits allow to start.
func (q *Queue) nextLocked() *entry {
	if q.closed || q.running >= q.workers {
		return nil
	}
	for _, id := range q.order {
		e := q.entries[id]
		if e.rec.State == Queued && q.perHost[e.host] < q.opts.PerHost {
			return e
		}
	}
	return nil
}

// finish records how a run ended.
func (q *Queue) finish(ctx context.Context, e *entry, state State, err error) {
	q.mu.Lock()
	q.running--
	q.perHost[e.host]--
	e.speed = 0
	e.retry = Retry{}
	cause := context.Cause(ctx)
	switch {
	case err == nil:
		e.rec.State = state // e.rec.Error may hold a note such as "could not unpack"
		delete(q.reserved, e.rec.Path)
	case errors.Is(cause, errClosed):
		e.rec.State = Queued // resumes when the queue is next opened
	case ctx.Err() != nil && e.pending == Cancelled:
		e.rec.State = Cancelled
		q.dropPartLocked(e)
	case ctx.Err() != nil && e.pending == Paused:
		e.rec.State = Paused
	case ctx.Err() != nil:
		e.rec.State = Queued // paused then resumed while it was stopping
	default:
		e.rec.State = Failed
		e.rec.Error = reason(err, e.rec.Job.URL)
	}
	e.pending = ""
	e.cancel = nil
	r := q.snapLocked(e)
	q.mu.Unlock()
	q.journalWrite(r, r.State.Finished())
	q.cond.Broadcast()
	q.notify()
}

// run makes attempts until the job succeeds, fails for good or is stopped.
func (q *Queue) run(ctx context.Context, e *entry) (State, error) {
	fails, restarts := 0, 0
	var failure error // the last attempt that failed, not merely restarted
	for {
		q.mu.Lock()
		e.rec.Attempts++
		q.mu.Unlock()
		before := e.done.Load()
		state, err := q.attempt(ctx, e)
		if err == nil {
			return state, nil
		}
		if ctx.Err() != nil {
			return "", context.Cause(ctx)
		}
		var rs restartError
		if errors.As(err, &rs) {
			restarts++
			if restarts > 3 {
				if failure != nil {
					return "", failure // what went wrong, not how resuming was refused
				}
				return "", err
			}
			q.mu.Lock()
			q.dropPartLocked(e)
			q.mu.Unlock()
			continue
		}
		failure = err
		ok, after := retryable(err)
		if e.done.Load() > before {
			fails = 0 // progress was made: the connection, not the file, is the trouble
		}
		fails++
		policy := q.policyFor(err)
		if !ok || fails >= policy.Attempts {
			return "", err
		}
		wait := policy.Backoff(fails + 1)
		if after > 0 {
			wait = min(after, q.opts.MaxRetryAfter)
		}
		q.mu.Lock()
		e.retry = Retry{Attempt: fails + 1, Of: policy.Attempts, At: time.Now().Add(wait), Reason: reason(err, e.rec.Job.URL)}
		e.retryFrom = e.done.Load()
		e.speed = 0
		q.mu.Unlock()
		q.notify()
		if err := q.opts.Sleep(ctx, wait); err != nil || ctx.Err() != nil {
			return "", context.Cause(ctx)
		}
		q.mu.Lock()
		e.retry.At = time.Time{} // the attempt starts
		q.mu.Unlock()
		q.notify()
	}
}

// progressEvery is how often a transfer refreshes its smoothed speed.
const progressEvery = 250 * time.Millisecond

// progress records bytes on disk and refreshes the smoothed speed.
func (q *Queue) progress(e *entry, done int64, now time.Time) {
	e.done.Store(done)
	q.mu.Lock()
	if e.retry.Attempt > 0 && done > e.retryFrom {
		e.retry = Retry{} // bytes flow again: the trouble is over
	}
	if dt := now.Sub(e.sampleT); dt >= progressEvery {
		rate := float64(done-e.sampleB) / dt.Seconds()
		if e.speed == 0 {
			e.speed = rate
		} else {
			e.speed = 0.7*e.speed + 0.3*rate
		}
		e.sampleT, e.sampleB = now, done
		q.notifyLocked()
	}
	q.mu.Unlock()
}
