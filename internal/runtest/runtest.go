// Package runtest has the runners tests give to controllers, views and
// widgets in place of the app's bridge to the UI goroutine. It is Fyne-free,
// so controller tests use it without a display or cgo. (Fyne's test driver
// runs Fyne's Do at once on whichever goroutine calls it, which is not what
// the real driver does; these make the order explicit.)
package runtest

import "sync"

// Queue holds what widgets post for the UI goroutine until Settle runs it
// on the test's goroutine, as the real driver would run it on its own.
type Queue struct {
	mu  sync.Mutex
	fns []func()
}

// Run holds f (the widget's runner).
func (q *Queue) Run(f func()) {
	q.mu.Lock()
	q.fns = append(q.fns, f)
	q.mu.Unlock()
}

// Drain runs the functions held so far and says how many ran.
func (q *Queue) Drain() int {
	q.mu.Lock()
	fns := q.fns
	q.fns = nil
	q.mu.Unlock()
	for _, f := range fns {
		f()
	}
	return len(fns)
}

// Settle alternates wait (the widget's WaitIdle: its background work ends)
// and Drain until nothing more arrives.
func (q *Queue) Settle(wait func()) {
	for {
		wait()
		if q.Drain() == 0 {
			return
		}
	}
}

// Inline runs posted functions at once on the posting goroutine, as Fyne's
// test driver does with Fyne's Do: for widgets whose background work the test
// waits for itself.
func Inline(f func()) { f() }

// serial stands in for the UI goroutine in the app's tests: goroutines and
// the test take it to touch widgets one at a time.
var serial sync.Mutex

// Serial runs f holding the one test UI lock (the app's bridge in tests).
func Serial(f func()) {
	serial.Lock()
	defer serial.Unlock()
	f()
}
