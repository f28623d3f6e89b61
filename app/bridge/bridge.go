// Package bridge is the one way from other goroutines to Fyne's UI
// goroutine. It is the only package that calls fyne.Do (a layering test
// checks it). The app makes one Bridge and hands its Run to every widget,
// view and controller it builds; after the window closed, Run drops what
// still arrives, in this one place.
package bridge

import (
	"sync/atomic"

	"fyne.io/fyne/v2"
)

// Bridge posts functions to the UI goroutine until it is closed.
type Bridge struct {
	post   func(func())
	closed atomic.Bool
}

// New is the app's bridge: fyne.Do.
func New() *Bridge { return &Bridge{post: fyne.Do} }

// WithPoster is a bridge over another way of reaching the UI goroutine.
// Tests use it: Fyne's test driver runs fyne.Do at once on the calling
// goroutine, so they serialise the calls themselves.
func WithPoster(post func(func())) *Bridge { return &Bridge{post: post} }

// Run runs f on the UI goroutine, unless the window has closed by then.
func (b *Bridge) Run(f func()) {
	b.post(func() {
		if !b.closed.Load() {
			f()
		}
	})
}

// Close drops everything Run is given from now on, and everything already
// posted that has not run yet.
func (b *Bridge) Close() { b.closed.Store(true) }

// Closed reports whether Close was called.
func (b *Bridge) Closed() bool { return b.closed.Load() }
