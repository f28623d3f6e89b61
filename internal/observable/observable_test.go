package observable

import "testing"

type state struct {
	Phase string
	Rows  int
}

func TestSubscribersSeeEveryUpdateInOrder(t *testing.T) {
	var v Value[state]
	var seen []state
	unsub := v.Subscribe(func(s state) { seen = append(seen, s) })
	v.Update(func(s *state) { s.Phase = "running" })
	v.Update(func(s *state) { s.Rows = 42; s.Phase = "done" })
	if got := v.Snapshot(); got != (state{"done", 42}) {
		t.Fatalf("snapshot %+v", got)
	}
	if len(seen) != 2 || seen[0].Phase != "running" || seen[1] != (state{"done", 42}) {
		t.Fatalf("subscriber saw %+v", seen)
	}
	unsub()
	v.Update(func(s *state) { s.Rows = 1 })
	if len(seen) != 2 {
		t.Fatalf("unsubscribed function still called: %+v", seen)
	}
}

func TestSnapshotIsACopy(t *testing.T) {
	var v Value[state]
	s := v.Snapshot()
	s.Rows = 7
	if v.Snapshot().Rows != 0 {
		t.Fatal("changing a snapshot changed the state")
	}
}
