package downloadlist

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"esodesk/internal/uitest"
	"esodesk/services/download"
)

const (
	slowSize   = 200_000
	normalSize = 50_000
)

// files serves three files: slow.fits sends its first half and then holds
// until release (honouring Range so a resumed job continues), missing.fits
// is a 404 and normal.fits comes at once.
type files struct {
	cut     atomic.Int64 // how much short.fits lacks
	release chan struct{}
	once    sync.Once
	slow    []byte
	normal  []byte
}

func newFiles() *files {
	body := func(n int, seed byte) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(i*7) + seed
		}
		return b
	}
	f := &files{release: make(chan struct{}), slow: body(slowSize, 1), normal: body(normalSize, 2)}
	f.cut.Store(shortBy)
	return f
}

func (f *files) releaseSlow() { f.once.Do(func() { close(f.release) }) }

func (f *files) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/normal.fits":
		http.ServeContent(w, r, "normal.fits", time.Time{}, strings.NewReader(string(f.normal)))
	case "/slow.fits":
		f.serveSlow(w, r)
	case "/short.fits": // always shortBy bytes short of its Content-Length
		f.serveShort(w, r)
	case "/unsized.fits": // no Content-Length: the size is unknown until the end
		w.Write(f.slow[:len(f.slow)/2])
		w.(http.Flusher).Flush()
		select {
		case <-f.release:
			w.Write(f.slow[len(f.slow)/2:])
		case <-r.Context().Done():
		}
	default:
		http.NotFound(w, r)
	}
}

// shortBy is how much short.fits lacks: so little that the sizes round
// alike ("200.0 kB" both).
const shortBy = 40

// serveShort announces the whole of slow's bytes (resuming a Range),
// sends all but the last f.cut and, once released, drops the connection.
func (f *files) serveShort(w http.ResponseWriter, r *http.Request) {
	start := 0
	w.Header().Set("ETag", `"short"`)
	if rg := r.Header.Get("Range"); strings.HasPrefix(rg, "bytes=") && strings.HasSuffix(rg, "-") {
		if n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(rg, "bytes="), "-")); err == nil && n < len(f.slow) {
			start = n
			w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", n, len(f.slow)-1, len(f.slow)))
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(f.slow)-start))
	if start > 0 {
		w.WriteHeader(http.StatusPartialContent)
	}
	if end := len(f.slow) - int(f.cut.Load()); start < end {
		w.Write(f.slow[start:end])
	}
	w.(http.Flusher).Flush()
	select {
	case <-f.release:
	case <-r.Context().Done():
		return
	}
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

func (f *files) serveSlow(w http.ResponseWriter, r *http.Request) {
	start := 0
	w.Header().Set("ETag", `"slow"`)
	if rg := r.Header.Get("Range"); strings.HasPrefix(rg, "bytes=") && strings.HasSuffix(rg, "-") {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(rg, "bytes="), "-"))
		if err == nil && n < len(f.slow) {
			start = n
			w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", n, len(f.slow)-1, len(f.slow)))
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(f.slow)-start))
	if start > 0 {
		w.WriteHeader(http.StatusPartialContent)
	}
	half := len(f.slow) / 2
	if start < half {
		w.Write(f.slow[start:half])
		w.(http.Flusher).Flush()
		start = half
	}
	select {
	case <-f.release:
	case <-r.Context().Done():
		return
	}
	w.Write(f.slow[start:])
}

// fixture is a list on a real queue against the test server. The list
// hands its refreshes to the test goroutine (ui), which plays the UI
// goroutine, so the tests are race-free with a real background refresher.
type fixture struct {
	t       *testing.T
	files   *files
	srv     *httptest.Server
	dir     string
	q       *download.Queue
	l       *List
	w       fyne.Window
	ui      chan func()
	stopped chan struct{}

	batches   [][2]int
	opened    []string
	openedDir []string
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureWorkers(t, 4)
}

func newFixtureWorkers(t *testing.T, workers int) *fixture {
	t.Helper()
	return newFixtureWith(t, download.Options{Workers: workers, BackoffBase: time.Millisecond, BackoffMax: 5 * time.Millisecond})
}

// newFixtureWith makes the fixture's queue with opts (its folder and
// journal are the fixture's).
func newFixtureWith(t *testing.T, opts download.Options) *fixture {
	t.Helper()
	test.NewTempApp(t)
	f := &fixture{t: t, files: newFiles(), dir: t.TempDir(), ui: make(chan func(), 64), stopped: make(chan struct{})}
	f.srv = httptest.NewServer(f.files)
	opts.Dir, opts.Ephemeral, opts.PerHost = f.dir, true, 4
	q, err := download.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	f.q = q
	f.l = New(nil, q, nil) // run is set below
	f.w = test.NewTempWindow(t, f.l)
	f.l.win = f.w
	f.w.Resize(fyne.NewSize(1100, 600))
	f.l.run = func(fn func()) {
		select {
		case f.ui <- fn:
		case <-f.stopped:
		}
	}
	f.l.OnBatchFinished = func(done, failed int) { f.batches = append(f.batches, [2]int{done, failed}) }
	f.l.OnOpen = func(p string) { f.opened = append(f.opened, p) }
	f.l.OnOpenFolder = func(d string) { f.openedDir = append(f.openedDir, d) }
	t.Cleanup(func() {
		f.l.Stop()
		close(f.stopped)
		f.files.releaseSlow()
		q.Close()
		f.srv.Close()
	})
	f.l.Start()
	return f
}

func (f *fixture) add(names ...string) []download.ID {
	f.t.Helper()
	var jobs []download.Job
	for _, n := range names {
		jobs = append(jobs, download.Job{URL: f.srv.URL + "/" + n})
	}
	ids, err := f.q.AddBatch(jobs)
	if err != nil {
		f.t.Fatal(err)
	}
	return ids
}

// until runs the list's UI work until cond holds.
func (f *fixture) until(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			f.t.Fatalf("timed out waiting for %s; rows: %v; totals: %q", what, f.rowTexts(), f.l.header.text.String())
		}
		select {
		case fn := <-f.ui:
			fn()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// drain runs UI work for d (to show that nothing more happens).
func (f *fixture) drain(d time.Duration) {
	end := time.After(d)
	for {
		select {
		case fn := <-f.ui:
			fn()
		case <-end:
			return
		}
	}
}

// rows returns the row widgets on screen.
func (f *fixture) rows() []*rowView {
	var rows []*rowView
	uitest.Walk(f.l.list, func(o fyne.CanvasObject) bool {
		if r, ok := o.(*rowView); ok {
			rows = append(rows, r)
			return false
		}
		return true
	})
	return rows
}

// row finds the visible row showing the file name (nil if none).
func (f *fixture) row(name string) *rowView {
	for _, r := range f.rows() {
		if r.name.Text == name {
			return r
		}
	}
	return nil
}

func (f *fixture) rowTexts() []string {
	var out []string
	for _, r := range f.rows() {
		out = append(out, r.name.Text+"|"+r.state.Text+"|"+r.size.Text+"|"+r.detail.Text)
	}
	return out
}

// rowIs waits until the row for name shows state text want.
func (f *fixture) rowIs(name, want string) *rowView {
	f.t.Helper()
	f.until(name+" "+want, func() bool {
		r := f.row(name)
		return r != nil && r.state.Text == want
	})
	return f.row(name)
}

func (f *fixture) queueState(id download.ID) download.State {
	st, err := f.q.Status(id)
	if err != nil {
		f.t.Fatal(err)
	}
	return st.State
}
