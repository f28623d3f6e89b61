package previewpane

import "sync"

// idle tracks a widget's background work so tests and benchmarks can wait
// for it (WaitIdle). What the work posts goes through the widget's runner;
// a test's runner (uitest.Queue) holds it until the test settles.
type idle struct {
	work sync.WaitGroup
}

// wait returns when no background work is running.
func (d *idle) wait() { d.work.Wait() }
