package latest

import (
	"sync"
	"testing"
	"time"
)

// owner is a stand-in for the UI goroutine: posted functions queue until the
// test drains them on its own goroutine.
type owner struct {
	mu sync.Mutex
	q  []func()
}

func (o *owner) run(f func()) { o.mu.Lock(); o.q = append(o.q, f); o.mu.Unlock() }

func (o *owner) drain() {
	o.mu.Lock()
	q := o.q
	o.q = nil
	o.mu.Unlock()
	for _, f := range q {
		f()
	}
}

func TestSupersededResultIsDroppedEvenWhenItArrivesLast(t *testing.T) {
	o := &owner{}
	task := New(o.run)
	release := make(chan struct{})
	var got []string
	first := task.Start(func(j Job) {
		<-release // the old job ends only after the new one has started and finished
		j.Post(func() { got = append(got, "old progress") })
		j.Finish(func() { got = append(got, "old") })
	})
	task.Start(func(j Job) { j.Finish(func() { got = append(got, "new") }) })
	if first.Context().Err() == nil {
		t.Fatal("starting a new job did not cancel the old one's context")
	}
	if !task.Running() {
		t.Fatal("not Running while the new job runs")
	}
	close(release)
	task.Wait()
	o.drain()
	if len(got) != 1 || got[0] != "new" {
		t.Fatalf("results applied: %v, want only the new job's", got)
	}
	if task.Running() {
		t.Fatal("Running after the latest job finished")
	}
}

// The old job's Finish must not mark the task idle while the new one runs
// (a superseded search re-enabled Search and disabled Cancel this way).
func TestSupersededFinishLeavesTheNewJobRunning(t *testing.T) {
	o := &owner{}
	task := New(o.run)
	task.Start(func(j Job) { j.Finish(nil) })
	hold := make(chan struct{})
	task.Start(func(j Job) { <-hold; j.Finish(nil) })
	time.Sleep(10 * time.Millisecond) // let the first job post its Finish
	o.drain()
	if !task.Running() {
		t.Fatal("the superseded job's Finish marked the task idle while the newer job runs")
	}
	close(hold)
	task.Wait()
	o.drain()
	if task.Running() {
		t.Fatal("still Running after the latest job finished")
	}
}

func TestStopDropsResultsAndCancels(t *testing.T) {
	o := &owner{}
	task := New(o.run)
	applied := false
	j := task.Start(func(j Job) {
		<-j.Context().Done()
		j.Finish(func() { applied = true })
	})
	task.Stop()
	task.Wait()
	o.drain()
	if applied || j.Current() || task.Running() {
		t.Fatalf("after Stop: applied=%v current=%v running=%v", applied, j.Current(), task.Running())
	}
}

func TestStartAfterDebounces(t *testing.T) {
	o := &owner{}
	task := New(o.run)
	var mu sync.Mutex
	ran := 0
	for i := 0; i < 5; i++ { // five quick selection moves: only the last one works
		task.StartAfter(30*time.Millisecond, func(j Job) {
			mu.Lock()
			ran++
			mu.Unlock()
			j.Finish(nil)
		})
	}
	task.Wait()
	o.drain()
	if ran != 1 {
		t.Fatalf("work ran %d times for 5 debounced starts, want 1", ran)
	}
	if task.Running() {
		t.Fatal("still Running")
	}
}

// FinishOr hands a superseded job's result to dropped (to close what it
// holds) and the latest job's to f.
func TestFinishOrHandsDroppedResultsBack(t *testing.T) {
	o := &owner{}
	task := New(o.run)
	release := make(chan struct{})
	var shown, closed []string
	task.Start(func(j Job) {
		<-release
		j.FinishOr(func() { shown = append(shown, "old") }, func() { closed = append(closed, "old") })
	})
	task.Start(func(j Job) {
		j.FinishOr(func() { shown = append(shown, "new") }, func() { closed = append(closed, "new") })
	})
	close(release)
	task.Wait()
	o.drain()
	if len(shown) != 1 || shown[0] != "new" || len(closed) != 1 || closed[0] != "old" {
		t.Fatalf("shown %v, closed %v", shown, closed)
	}
	if task.Running() {
		t.Fatal("Running after the latest job finished")
	}
}

// Throttled passes the first call and drops those that follow too soon.
func TestThrottledDropsBursts(t *testing.T) {
	o := &owner{}
	task := New(o.run)
	n := 0
	task.Start(func(j Job) {
		post := j.Throttled(time.Hour)
		for i := 0; i < 100; i++ {
			post(func() { n++ })
		}
		j.Finish(nil)
	})
	task.Wait()
	o.drain()
	if n != 1 {
		t.Fatalf("%d of 100 calls in one burst passed, want 1", n)
	}
}
