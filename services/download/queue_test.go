package download

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// gate holds every request until released, so tests can act on running jobs.
type gate struct {
	src     *source
	release chan struct{}
	started chan struct{}
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	select {
	case g.started <- struct{}{}:
	default:
	}
	select {
	case <-g.release:
	case <-r.Context().Done():
		return
	}
	g.src.ServeHTTP(w, r)
}

func TestPauseResumeCancelRetry(t *testing.T) {
	body := newBody(300_000, 5)
	g := &gate{src: &source{body: body, etag: `"p"`}, release: make(chan struct{}), started: make(chan struct{}, 1)}
	srv := serve(t, g)
	q := testQueue(t, Options{Workers: 1})
	a, _ := q.Add(Job{URL: srv.URL + "/a.fits"})
	b, _ := q.Add(Job{URL: srv.URL + "/b.fits"})
	<-g.started // a is running, b queued (one worker)
	if err := q.Pause(a); err != nil {
		t.Fatal(err)
	}
	if err := q.Cancel(b); err != nil {
		t.Fatal(err)
	}
	waitState(t, q, a, Paused)
	waitState(t, q, b, Cancelled)
	close(g.release)
	q.Resume(a)
	waitState(t, q, a, Done)
	if err := q.Retry(b); err != nil {
		t.Fatal(err)
	}
	waitState(t, q, b, Done)
	for _, s := range q.Snapshot() {
		wantDone(t, s, body)
	}
	tot := q.Totals()
	if tot.Done != 2 || tot.Bytes != 2*int64(len(body)) || tot.Total != tot.Bytes {
		t.Fatalf("totals %+v", tot)
	}
	if err := q.Pause(999); err == nil {
		t.Fatal("pausing an unknown id should fail")
	}
}

func waitState(t *testing.T, q *Queue, id ID, want State) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, _ := q.Status(id)
		if st.State == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d is %s (%s), want %s", id, st.State, st.Error, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestCollisionPolicy(t *testing.T) {
	body := newBody(50_000, 6)
	srv := serve(t, &source{body: body, etag: `"c"`, name: "same.fits"})
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "same.fits"), make([]byte, len(body)), 0o644) // same size: skip
	q := testQueue(t, Options{Dir: dir})
	st := runOne(t, q, Job{URL: srv.URL + "/x"})
	if st.State != Skipped || st.Path != filepath.Join(dir, "same.fits") {
		t.Fatalf("identical size: %s %s, want skipped", st.State, st.Path)
	}
	os.WriteFile(filepath.Join(dir, "same.fits"), []byte("older, different"), 0o644)
	st = runOne(t, q, Job{URL: srv.URL + "/x"})
	if st.State != Done || filepath.Base(st.Path) != "same (1).fits" {
		t.Fatalf("different size: %s %s, want done as same (1).fits", st.State, st.Path)
	}
	if fileSum(t, st.Path) != sum(body) {
		t.Fatal("renamed file differs")
	}
}

func TestFreeSpaceIsCheckedBeforeABatch(t *testing.T) {
	q := testQueue(t, Options{FreeSpace: func(string) (int64, error) { return 1000, nil }})
	_, err := q.AddBatch([]Job{{URL: "http://127.0.0.1:1/a", Size: 600}, {URL: "http://127.0.0.1:1/b", Size: 600}})
	if err == nil || !strings.Contains(err.Error(), "not enough free space in "+q.opts.Dir) || !strings.Contains(err.Error(), "need 1.2 kB, have 1.0 kB") {
		t.Fatalf("got %v", err)
	}
	if len(q.Snapshot()) != 0 {
		t.Fatal("a refused batch must add nothing")
	}
	real := testQueue(t, Options{})
	if _, err := real.Add(Job{URL: "http://127.0.0.1:1/huge", Size: 1 << 60}); err == nil || !strings.Contains(err.Error(), "not enough free space") {
		t.Fatalf("statfs check: got %v", err)
	}
}

func TestDecompressGzip(t *testing.T) {
	plain := newBody(100_000, 7)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(plain)
	zw.Close()
	srv := serve(t, &source{body: gz.Bytes(), etag: `"g"`, name: "spec.fits.gz"})
	for _, keep := range []bool{false, true} {
		q := testQueue(t, Options{Decompress: true, KeepCompressed: keep})
		st := runOne(t, q, Job{URL: srv.URL + "/x"})
		if st.State != Done || filepath.Base(st.Path) != "spec.fits" || fileSum(t, st.Path) != sum(plain) {
			t.Fatalf("keep=%v: %s %s %s", keep, st.State, st.Path, st.Error)
		}
		_, err := os.Stat(filepath.Join(q.opts.Dir, "spec.fits.gz"))
		if keep != (err == nil) {
			t.Fatalf("keep=%v: compressed file present=%v", keep, err == nil)
		}
	}
}

func TestManyJobsRespectTheLimits(t *testing.T) {
	var running, peak, hostPeak int32
	var mu = make(chan struct{}, 1)
	mu <- struct{}{}
	body := newBody(20_000, 8)
	src := &source{body: body, etag: `"m"`}
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-mu
		running++
		peak = max(peak, running)
		hostPeak = max(hostPeak, running)
		mu <- struct{}{}
		time.Sleep(5 * time.Millisecond)
		src.ServeHTTP(w, r)
		<-mu
		running--
		mu <- struct{}{}
	}))
	q := testQueue(t, Options{Workers: 8, PerHost: 3})
	var jobs []Job
	for i := 0; i < 30; i++ {
		jobs = append(jobs, Job{URL: fmt.Sprintf("%s/f%d.fits", srv.URL, i)})
	}
	if _, err := q.AddBatch(jobs); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	q.Wait(ctx)
	names := map[string]bool{}
	for _, s := range q.Snapshot() {
		wantDone(t, s, body)
		names[s.Path] = true
	}
	if len(names) != 30 {
		t.Fatalf("%d distinct files, want 30", len(names))
	}
	<-mu
	defer func() { mu <- struct{}{} }()
	if hostPeak > 3 {
		t.Fatalf("%d requests at once to one host, limit 3", hostPeak)
	}
}

func TestJournalSurvivesRestartAndTornLine(t *testing.T) {
	jpath := filepath.Join(t.TempDir(), "j.jsonl")
	q, err := New(Options{Dir: t.TempDir(), JournalPath: jpath})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := q.Add(Job{URL: "http://127.0.0.1:1/later.fits", Size: 10})
	q.Pause(id)
	waitState(t, q, id, Paused)
	q.Close()
	f, _ := os.OpenFile(jpath, os.O_APPEND|os.O_WRONLY, 0)
	fmt.Fprintf(f, `{"id":%d,"job":{"url":"http://127.0.0.1:1/later.fits"},"state":"queued","seq":1}`+"\n", id) // stale, landed late
	f.WriteString(`{"id":1,"job":{"url":"http://tor`)                                                           // a power cut mid-line
	f.Close()
	q2, err := New(Options{Dir: t.TempDir(), JournalPath: jpath})
	if err != nil {
		t.Fatal(err)
	}
	defer q2.Close()
	snap := q2.Snapshot()
	if len(snap) != 1 || snap[0].ID != id || snap[0].State != Paused || snap[0].Job.URL != "http://127.0.0.1:1/later.fits" {
		t.Fatalf("after restart: %+v", snap)
	}
	id2, _ := q2.Add(Job{URL: "http://127.0.0.1:1/next.fits"})
	if id2 <= id {
		t.Fatalf("ids reused: %d after %d", id2, id)
	}
	q2.Cancel(id2)
	waitState(t, q2, id2, Cancelled)
	q2.ClearFinished()
	if len(q2.Snapshot()) != 1 {
		t.Fatal("ClearFinished kept a cancelled job")
	}
}

// A journal line without a resolved folder (hand-written, or from an older
// version) downloads into the queue's folder instead of failing on mkdir "".
func TestJournalRecordWithoutFolderUsesTheDefault(t *testing.T) {
	data := bytes.Repeat([]byte("esodesk"), 1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Disposition", `attachment; filename="x.fits"`)
		w.Write(data)
	}))
	defer srv.Close()
	dir, jpath := t.TempDir(), filepath.Join(t.TempDir(), "downloads.jsonl")
	line := fmt.Sprintf(`{"id":1,"job":{"url":"%s/x"},"state":"queued","order":1,"seq":1}`+"\n", srv.URL)
	if err := os.WriteFile(jpath, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	q, err := New(Options{Dir: dir, JournalPath: jpath})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := q.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	st := q.Snapshot()[0]
	if st.State != Done || filepath.Dir(st.Path) != dir {
		t.Fatalf("state %s, path %q, error %q", st.State, st.Path, st.Error)
	}
}
