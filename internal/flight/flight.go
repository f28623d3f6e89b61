// Package flight shares one run of a piece of work among the callers that
// ask for the same key at the same time (a file, a preview being fetched).
// Unlike a plain single-flight, the run does not belong to the caller that
// started it: it keeps going while anyone still waits, and stops only when
// the last waiter has given up.
package flight

import (
	"context"
	"sync"
)

// Group runs fn once per key for all concurrent callers. The zero Group is
// ready to use; it must not be copied after first use.
type Group[V any] struct {
	mu    sync.Mutex
	calls map[string]*call[V]
}

type call[V any] struct {
	done    chan struct{}
	cancel  context.CancelFunc
	waiters int
	v       V
	err     error
}

// Do returns fn's result for key, starting fn unless a run for key is under
// way, in which case it waits for that one. fn runs on a goroutine of its
// own with a context that keeps the first caller's values but none of the
// callers' deadlines or cancellations. A caller whose ctx ends stops waiting
// and gets ctx's error; when the last waiter leaves, the run's context is
// cancelled and the next caller starts afresh.
func (g *Group[V]) Do(ctx context.Context, key string, fn func(ctx context.Context) (V, error)) (V, error) {
	var zero V
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	g.mu.Lock()
	c, ok := g.calls[key]
	if !ok {
		rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		c = &call[V]{done: make(chan struct{}), cancel: cancel}
		if g.calls == nil {
			g.calls = map[string]*call[V]{}
		}
		g.calls[key] = c
		go g.run(rctx, key, c, fn)
	}
	c.waiters++
	g.mu.Unlock()

	select {
	case <-c.done:
		return c.v, c.err
	case <-ctx.Done():
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-c.done: // finished meanwhile: the result is there, take it
		return c.v, c.err
	default:
	}
	if c.waiters--; c.waiters == 0 {
		c.cancel()
		g.forget(key, c)
	}
	return zero, ctx.Err()
}

func (g *Group[V]) run(ctx context.Context, key string, c *call[V], fn func(context.Context) (V, error)) {
	c.v, c.err = fn(ctx)
	c.cancel()
	close(c.done) // first: a caller joining now takes this result
	g.mu.Lock()
	g.forget(key, c)
	g.mu.Unlock()
}

// forget drops c from the group unless a newer run took its key; g.mu held.
func (g *Group[V]) forget(key string, c *call[V]) {
	if g.calls[key] == c {
		delete(g.calls, key)
	}
}

// Waiters is how many callers wait for key's run now (0: none under way).
func (g *Group[V]) Waiters(key string) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	if c, ok := g.calls[key]; ok {
		return c.waiters
	}
	return 0
}
