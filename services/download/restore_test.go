package download

import (
	"net/http"
	"path/filepath"
	"testing"
)

// A failed file keeps its .part (Retry resumes from it), so after a
// restart its row must still show the bytes it got, not 0.
func TestFailedJobShowsItsBytesAfterRestart(t *testing.T) {
	body := newBody(200_000, 9)
	half := len(body) / 2
	src := &source{body: body, etag: `"r"`}
	src.fault = func(n int, w http.ResponseWriter, r *http.Request) bool {
		if n == 0 {
			dropAfter(src, half)(w)
		} else {
			http.Error(w, "gone for maintenance", http.StatusForbidden)
		}
		return true
	}
	srv := serve(t, src)
	dir, journal := t.TempDir(), filepath.Join(t.TempDir(), "j.jsonl")
	q, err := New(Options{Dir: dir, JournalPath: journal, BackoffBase: 1, BackoffMax: 1})
	if err != nil {
		t.Fatal(err)
	}
	st := runOne(t, q, Job{URL: srv.URL + "/r.fits"})
	if st.State != Failed || st.Done != int64(half) || st.Total != int64(len(body)) {
		t.Fatalf("before the restart: %s %d of %d (%s)", st.State, st.Done, st.Total, st.Error)
	}
	q.Close()

	q2 := testQueue(t, Options{Dir: dir, JournalPath: journal})
	st2, err := q2.Status(st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st2.State != Failed || st2.Done != st.Done || st2.Total != st.Total || st2.Error != st.Error {
		t.Fatalf("after the restart: %s %d of %d (%q), want %s %d of %d (%q)",
			st2.State, st2.Done, st2.Total, st2.Error, st.State, st.Done, st.Total, st.Error)
	}
}
