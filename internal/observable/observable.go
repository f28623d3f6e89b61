// Package observable holds a controller's state for the views that watch it,
// the house pattern of the download queue: Snapshot gives a copy, Subscribe
// is told of every change.
//
// Controllers change their state on their owner goroutine (the UI goroutine),
// so subscribers run there too and may touch widgets directly.
package observable

import "sync"

// Value is a state of type S with subscribers.
type Value[S any] struct {
	mu   sync.Mutex
	s    S
	subs map[int]func(S)
	next int
}

// Snapshot is a copy of the state (slices and maps in it are shared: treat
// them as read-only).
func (v *Value[S]) Snapshot() S {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.s
}

// Update changes the state with f, then tells every subscriber.
func (v *Value[S]) Update(f func(*S)) {
	v.mu.Lock()
	f(&v.s)
	s := v.s
	subs := make([]func(S), 0, len(v.subs))
	for i := 0; i < v.next; i++ {
		if fn, ok := v.subs[i]; ok {
			subs = append(subs, fn)
		}
	}
	v.mu.Unlock()
	for _, fn := range subs {
		fn(s)
	}
}

// Subscribe calls f with the state after every Update, in the order of
// subscription; the returned function unsubscribes.
func (v *Value[S]) Subscribe(f func(S)) (unsubscribe func()) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.subs == nil {
		v.subs = map[int]func(S){}
	}
	id := v.next
	v.next++
	v.subs[id] = f
	return func() {
		v.mu.Lock()
		delete(v.subs, id)
		v.mu.Unlock()
	}
}
