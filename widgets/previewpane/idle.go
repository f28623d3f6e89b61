package previewpane

import (
	"fmt"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
)

// idle tracks a widget's background work and, under the test driver, holds
// the UI updates that work produces until WaitIdle (the test driver runs
// fyne.Do at once on the calling goroutine, which would race the test).
type idle struct {
	work     sync.WaitGroup
	mu       sync.Mutex
	deferred []func()
}

// defaultRunOnUI is fyne.Do, or the queue drained by wait under the test
// driver.
func (d *idle) defaultRunOnUI() func(func()) {
	app := fyne.CurrentApp()
	if app != nil && strings.HasPrefix(fmt.Sprintf("%T", app.Driver()), "*test.") {
		return d.hold
	}
	return fyne.Do
}

func (d *idle) hold(fn func()) {
	d.mu.Lock()
	d.deferred = append(d.deferred, fn)
	d.mu.Unlock()
}

// wait returns when no work is running and the held updates have run.
func (d *idle) wait() {
	for {
		d.work.Wait()
		d.mu.Lock()
		q := d.deferred
		d.deferred = nil
		d.mu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, fn := range q {
			fn()
		}
	}
}
