// Package latest runs background work for which only the newest request
// counts ("latest wins"): starting new work cancels the old one, and the old
// one's results are dropped even when they arrive after the new one started.
//
// A Task belongs to one owner goroutine (the UI goroutine, for controllers):
// Start and Stop are called there, and results come back there through the
// Runner given to New. Because the check "is this job still the latest?" and
// Start both run on that goroutine, a superseded job can never slip a result
// in after its successor began.
package latest

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Runner runs a function on the owner goroutine (for the app: the one bridge
// to Fyne's UI goroutine; in tests, a serialising runner).
type Runner func(func())

// Task is one slot of background work: at most one job of it counts.
type Task struct {
	run Runner

	gen     atomic.Uint64 // the current job's number; 0: none started
	running atomic.Bool   // the current job has not finished
	mu      sync.Mutex
	cancel  context.CancelFunc
	wg      sync.WaitGroup
}

// New returns a task whose jobs report through run.
func New(run Runner) *Task {
	if run == nil {
		panic("latest.New: a runner is required")
	}
	return &Task{run: run}
}

// Job is one run of a task's work, handed to the work function.
type Job struct {
	t   *Task
	gen uint64
	ctx context.Context
}

// Context is cancelled when a newer job starts or the task stops.
func (j Job) Context() context.Context { return j.ctx }

// Current reports whether j is still the task's latest job.
func (j Job) Current() bool { return j.t.gen.Load() == j.gen && j.ctx.Err() == nil }

// Post runs f on the owner goroutine if, by then, j is still the latest job.
// Use it for progress; use Finish for the last result.
func (j Job) Post(f func()) {
	j.t.run(func() {
		if j.Current() {
			f()
		}
	})
}

// Finish is Post for the job's last word: it also marks the task idle, so
// Running turns false only when the latest job's result is in place.
func (j Job) Finish(f func()) {
	j.t.run(func() {
		if !j.Current() {
			return
		}
		j.t.running.Store(false)
		if f != nil {
			f()
		}
	})
}

// FinishOr is Finish that runs dropped instead (on the owner goroutine)
// when j is no longer the latest: for results that hold something to let
// go of, such as an open file.
func (j Job) FinishOr(f, dropped func()) {
	j.t.run(func() {
		if !j.Current() {
			if dropped != nil {
				dropped()
			}
			return
		}
		j.t.running.Store(false)
		if f != nil {
			f()
		}
	})
}

// Throttled returns a Post that passes at most one call per every (progress
// callbacks come for every chunk read; the screen needs a few a second).
func (j Job) Throttled(every time.Duration) func(func()) {
	var mu sync.Mutex
	var last time.Time
	return func(f func()) {
		mu.Lock()
		now := time.Now()
		due := now.Sub(last) >= every
		if due {
			last = now
		}
		mu.Unlock()
		if due {
			j.Post(f)
		}
	}
}

// Start cancels the job in flight (its results will be dropped) and runs
// work on a new goroutine. work should end with j.Finish.
func (t *Task) Start(work func(j Job)) Job { return t.StartAfter(0, work) }

// StartAfter is Start with work beginning only after delay, unless a newer
// job or Stop comes first (a debounce: a selection moved with the arrow keys
// fetches only where it settles).
func (t *Task) StartAfter(delay time.Duration, work func(j Job)) Job {
	ctx, cancel := context.WithCancel(context.Background())
	t.mu.Lock()
	if t.cancel != nil {
		t.cancel()
	}
	t.cancel = cancel
	t.mu.Unlock()
	j := Job{t: t, gen: t.gen.Add(1), ctx: ctx}
	t.running.Store(true)
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		if delay > 0 {
			timer := time.NewTimer(delay)
			select {
			case <-timer.C:
			case <-ctx.Done():
				timer.Stop()
				return
			}
		}
		work(j)
	}()
	return j
}

// Stop cancels the job in flight and drops its results.
func (t *Task) Stop() {
	t.mu.Lock()
	if t.cancel != nil {
		t.cancel()
		t.cancel = nil
	}
	t.mu.Unlock()
	t.gen.Add(1)
	t.running.Store(false)
}

// Running reports whether the latest job has not finished yet.
func (t *Task) Running() bool { return t.running.Load() }

// Wait returns when every goroutine the task started has returned (tests,
// and shutting down). Results they posted may still be queued on the runner.
func (t *Task) Wait() { t.wg.Wait() }

// StopAll stops every task (a controller's Close).
func StopAll(tasks ...*Task) {
	for _, t := range tasks {
		t.Stop()
	}
}

// WaitAll waits for every task's goroutines (a controller's Wait).
func WaitAll(tasks ...*Task) {
	for _, t := range tasks {
		t.Wait()
	}
}
