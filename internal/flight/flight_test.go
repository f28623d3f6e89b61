package flight

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// blocker is work that runs until released (or its context ends), counting
// its runs and recording how its last one ended.
type blocker struct {
	release chan struct{}
	runs    atomic.Int32
	ended   chan error // the run's ctx.Err() when it returned
}

func newBlocker() *blocker {
	return &blocker{release: make(chan struct{}), ended: make(chan error, 10)}
}

func (b *blocker) fn(ctx context.Context) (string, error) {
	b.runs.Add(1)
	defer func() { b.ended <- ctx.Err() }()
	select {
	case <-b.release:
		return "result", nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func TestConcurrentCallersShareOneRun(t *testing.T) {
	var g Group[string]
	b := newBlocker()
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = g.Do(context.Background(), "k", b.fn)
		}()
	}
	waitFor(t, "8 callers wait", func() bool { return g.Waiters("k") == 8 })
	other, err := g.Do(context.Background(), "other", func(context.Context) (string, error) { return "other", nil })
	if other != "other" || err != nil {
		t.Errorf("another key = %q, %v", other, err)
	}
	close(b.release)
	wg.Wait()
	for i, v := range got {
		if v != "result" {
			t.Errorf("caller %d got %q", i, v)
		}
	}
	if n := b.runs.Load(); n != 1 {
		t.Errorf("%d runs, want 1", n)
	}
	if g.Waiters("k") != 0 {
		t.Error("finished run still listed")
	}
}

func TestErrorsAreShared(t *testing.T) {
	var g Group[int]
	boom := errors.New("boom")
	release := make(chan struct{})
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := g.Do(context.Background(), "k", func(context.Context) (int, error) { <-release; return 0, boom })
			errs <- err
		}()
	}
	waitFor(t, "2 callers wait", func() bool { return g.Waiters("k") == 2 })
	close(release)
	for range 2 {
		if err := <-errs; !errors.Is(err, boom) {
			t.Errorf("err %v, want boom", err)
		}
	}
}

// The bug this package fixes: the run must not die with the caller that
// happened to start it.
func TestFirstCallerLeavingDoesNotStopTheRun(t *testing.T) {
	var g Group[string]
	b := newBlocker()
	first, cancelFirst := context.WithCancel(context.Background())
	firstErr := make(chan error, 1)
	go func() { _, err := g.Do(first, "k", b.fn); firstErr <- err }()
	waitFor(t, "the first caller waits", func() bool { return g.Waiters("k") == 1 })
	second := make(chan string, 1)
	go func() { v, _ := g.Do(context.Background(), "k", b.fn); second <- v }()
	waitFor(t, "the second caller waits", func() bool { return g.Waiters("k") == 2 })

	cancelFirst()
	if err := <-firstErr; !errors.Is(err, context.Canceled) {
		t.Errorf("first caller got %v, want its own context.Canceled", err)
	}
	if g.Waiters("k") != 1 {
		t.Errorf("waiters = %d after the first left, want 1", g.Waiters("k"))
	}
	close(b.release)
	if v := <-second; v != "result" {
		t.Errorf("second caller got %q", v)
	}
	if err := <-b.ended; err != nil {
		t.Errorf("the run's context ended (%v) although a caller still waited", err)
	}
}

func TestLastCallerLeavingCancelsTheRun(t *testing.T) {
	var g Group[string]
	b := newBlocker()
	ctx1, cancel1 := context.WithCancel(context.Background())
	ctx2, cancel2 := context.WithTimeout(context.Background(), time.Hour)
	errs := make(chan error, 2)
	go func() { _, err := g.Do(ctx1, "k", b.fn); errs <- err }()
	go func() { _, err := g.Do(ctx2, "k", b.fn); errs <- err }()
	waitFor(t, "2 callers wait", func() bool { return g.Waiters("k") == 2 })
	cancel1()
	<-errs
	select {
	case err := <-b.ended:
		t.Fatalf("run ended (%v) while a caller waited", err)
	case <-time.After(20 * time.Millisecond):
	}
	cancel2()
	<-errs
	select {
	case err := <-b.ended:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("run ended with %v, want its context cancelled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the run goes on after every caller left")
	}
	// A new caller starts afresh rather than joining the cancelled run.
	close(b.release)
	if v, err := g.Do(context.Background(), "k", b.fn); v != "result" || err != nil || b.runs.Load() != 2 {
		t.Errorf("after all left: %q, %v, %d runs; want a second run", v, err, b.runs.Load())
	}
}

type ctxKey struct{}

func TestRunKeepsValuesNotDeadline(t *testing.T) {
	var g Group[string]
	ctx := context.WithValue(context.Background(), ctxKey{}, "token")
	ctx, cancel := context.WithTimeout(ctx, time.Hour)
	defer cancel()
	v, err := g.Do(ctx, "k", func(rctx context.Context) (string, error) {
		if _, has := rctx.Deadline(); has {
			return "", errors.New("the run has the caller's deadline")
		}
		s, _ := rctx.Value(ctxKey{}).(string)
		return s, nil
	})
	if v != "token" || err != nil {
		t.Errorf("got %q, %v; want the first caller's value", v, err)
	}
}

func TestDoneContextRunsNothing(t *testing.T) {
	var g Group[int]
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if _, err := g.Do(ctx, "k", func(context.Context) (int, error) { ran = true; return 1, nil }); !errors.Is(err, context.Canceled) || ran {
		t.Errorf("err %v, ran %v", err, ran)
	}
}
