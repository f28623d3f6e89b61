package download

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"esodesk/services/vohttp"
)

// Options configure a Queue. Zero values pick the defaults.
type Options struct {
	Dir            string         // default target folder (required unless every job names one)
	Workers        int            // files in flight at once, 1–16; default 4
	PerHost        int            // files in flight per host; default 2
	JournalPath    string         // default DefaultJournalPath()
	Ephemeral      bool           // keep no journal (tests, one-shot CLI runs)
	Client         *vohttp.Client // for jobs without NeedsToken; default vohttp.Default
	TokenClient    *vohttp.Client // for NeedsToken jobs (its Authorizer adds the token); nil: such jobs fail
	Decompress     bool           // unpack .gz and .Z after download
	KeepCompressed bool           // with Decompress: keep the packed file too

	MaxFailures   int           // consecutive failed attempts (without progress) before giving up; default 6
	BackoffBase   time.Duration // first retry wait; default 1 s (vohttp.RetryPolicy's)
	BackoffMax    time.Duration // longest retry wait; default 2 min (vohttp.RetryPolicy's)
	MaxRetryAfter time.Duration // longest wait a server's Retry-After may impose; default 10 min
	StallTimeout  time.Duration // no byte for this long ends an attempt; default 60 s
	BufferSize    int           // copy buffer per transfer; default 256 KiB

	// Test knobs.
	Sleep     func(ctx context.Context, d time.Duration) error // default: a timer
	FreeSpace func(dir string) (int64, error)                  // default: statfs
}

const maxWorkers = 16

var (
	errPaused    = errors.New("paused")
	errCancelled = errors.New("cancelled")
	errClosed    = errors.New("queue closed")
)

// entry is a job inside the queue; rec is guarded by Queue.mu, done is
// written by the transfer without the lock.
type entry struct {
	rec       record
	done      atomic.Int64
	pending   State // Paused or Cancelled asked for while running
	cancel    context.CancelCauseFunc
	host      string
	speed     float64
	sampleT   time.Time
	sampleB   int64
	startedAt time.Time
	retry     Retry // the series of failed attempts this run is in
	retryFrom int64 // bytes on disk when the retry was planned
}

// Queue downloads jobs with a pool of workers. All methods are safe for
// concurrent use.
type Queue struct {
	opts Options
	jr   *journal

	mu        sync.Mutex
	cond      *sync.Cond
	entries   map[ID]*entry
	order     []ID
	nextID    ID
	nextOrder int64
	seq       int64 // journal sequence: records may reach the file out of order
	workers   int
	running   int
	perHost   map[string]int
	reserved  map[string]ID // final paths chosen by unfinished jobs
	closed    bool
	subs      map[int]chan struct{}
	subN      int

	ctx  context.Context
	stop context.CancelCauseFunc
	wg   sync.WaitGroup
}

// New starts a queue. Jobs left unfinished in the journal are queued again
// and resume from their .part files.
func New(opts Options) (*Queue, error) {
	if opts.Workers == 0 {
		opts.Workers = 4
	}
	if opts.Workers < 1 || opts.Workers > maxWorkers {
		return nil, fmt.Errorf("workers must be between 1 and %d, not %d", maxWorkers, opts.Workers)
	}
	if opts.PerHost <= 0 {
		opts.PerHost = 2
	}
	if opts.Client == nil {
		opts.Client = vohttp.Default
	}
	if opts.MaxFailures <= 0 {
		opts.MaxFailures = 6
	}
	if opts.MaxRetryAfter <= 0 {
		opts.MaxRetryAfter = 10 * time.Minute
	}
	if opts.StallTimeout <= 0 {
		opts.StallTimeout = time.Minute
	}
	if opts.BufferSize <= 0 {
		opts.BufferSize = 256 << 10
	}
	if opts.Sleep == nil {
		opts.Sleep = sleepCtx
	}
	if opts.FreeSpace == nil {
		opts.FreeSpace = freeSpace
	}
	q := &Queue{
		opts: opts, entries: map[ID]*entry{}, workers: opts.Workers, nextID: 1,
		perHost: map[string]int{}, reserved: map[string]ID{}, subs: map[int]chan struct{}{},
	}
	q.cond = sync.NewCond(&q.mu)
	q.ctx, q.stop = context.WithCancelCause(context.Background())
	if !opts.Ephemeral {
		if opts.JournalPath == "" {
			opts.JournalPath = DefaultJournalPath()
			q.opts.JournalPath = opts.JournalPath
		}
		jr, recs, err := openJournal(opts.JournalPath)
		if err != nil {
			return nil, err
		}
		q.jr = jr
		for _, r := range recs {
			q.restore(r)
		}
	}
	for i := 0; i < maxWorkers; i++ {
		q.wg.Add(1)
		go q.worker()
	}
	return q, nil
}

// restore puts a journal record back in the queue.
func (q *Queue) restore(r record) {
	if r.State == Running {
		r.State = Queued // interrupted: resume from the .part file
	}
	if r.Dir == "" {
		// a record written by hand or by another program: the job's own
		// folder, else today's default, as Add would have resolved it
		r.Dir = r.Job.Dir
		if r.Dir == "" {
			r.Dir = q.opts.Dir
		}
	}
	if !r.State.Finished() && strings.HasPrefix(r.Error, "retrying: ") {
		r.Error = "" // an older version's note about a retry of the last session
	}
	e := &entry{rec: r, host: hostOf(r.Job.URL)}
	if r.State == Done || r.State == Skipped {
		e.done.Store(r.Total)
	} else if r.Part != "" {
		// what the .part file holds: an unfinished job resumes from it, a
		// failed one shows it (and Retry resumes from it)
		if st, err := os.Stat(r.Part); err == nil {
			e.done.Store(st.Size())
		}
		if r.Path != "" && !r.State.Finished() {
			q.reserved[r.Path] = r.ID
		}
	}
	q.entries[r.ID] = e
	q.order = append(q.order, r.ID)
	if r.ID >= q.nextID {
		q.nextID = r.ID + 1
	}
	q.seq = max(q.seq, r.Seq)
	if r.Order >= q.nextOrder {
		q.nextOrder = r.Order + 1
	}
}

// snapLocked stamps e's record with the next sequence number and returns a
// copy to journal. Writers append after releasing q.mu, so lines can land
// out of order; the reader keeps the highest Seq per job.
func (q *Queue) snapLocked(e *entry) record {
	q.seq++
	e.rec.Seq = q.seq
	return e.rec
}

// Add queues one job. See AddBatch.
func (q *Queue) Add(j Job) (ID, error) {
	ids, err := q.AddBatch([]Job{j})
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// AddBatch queues jobs after checking them and the free space their known
// sizes need; either all are added or none.
func (q *Queue) AddBatch(jobs []Job) ([]ID, error) {
	need := map[string]int64{}
	dirs := make([]string, len(jobs))
	for i, j := range jobs {
		u, err := url.Parse(j.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("not a download URL: %q", vohttp.Redact(j.URL))
		}
		dir := j.Dir
		if dir == "" {
			dir = q.opts.Dir
		}
		if dir == "" {
			return nil, fmt.Errorf("no target folder for %s", vohttp.Redact(j.URL))
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, err
		}
		dirs[i] = abs
		need[abs] += j.Size
	}
	// the folders exist before their free space is measured: a folder that
	// cannot be made is named as such, not reported as a full disk
	for dir := range need {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("cannot create the download folder %s: %w", dir, err)
		}
	}
	if err := checkSpace(need, q.opts.FreeSpace); err != nil {
		return nil, err
	}
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return nil, errClosed
	}
	ids := make([]ID, len(jobs))
	recs := make([]record, len(jobs))
	for i, j := range jobs {
		id := q.nextID
		q.nextID++
		e := &entry{rec: record{ID: id, Job: j, State: Queued, Dir: dirs[i], Order: q.nextOrder}, host: hostOf(j.URL)}
		q.nextOrder++
		q.entries[id] = e
		r := q.snapLocked(e)
		q.order = append(q.order, id)
		ids[i], recs[i] = id, r
	}
	q.mu.Unlock()
	for i, r := range recs {
		if err := q.journalWrite(r, i == len(recs)-1); err != nil {
			return nil, err
		}
	}
	q.cond.Broadcast()
	q.notify()
	return ids, nil
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return strings.ToLower(u.Host)
	}
	return ""
}

// SetWorkers changes how many files are fetched at once (1–16).
func (q *Queue) SetWorkers(n int) error {
	if n < 1 || n > maxWorkers {
		return fmt.Errorf("workers must be between 1 and %d, not %d", maxWorkers, n)
	}
	q.mu.Lock()
	q.workers = n
	q.mu.Unlock()
	q.cond.Broadcast()
	return nil
}

func (q *Queue) journalWrite(r record, sync bool) error {
	if q.jr == nil {
		return nil
	}
	return q.jr.append(r, sync)
}

// Close stops the workers and keeps the journal: unfinished jobs resume
// when a queue is next opened on it.
func (q *Queue) Close() error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return nil
	}
	q.closed = true
	q.mu.Unlock()
	q.stop(errClosed)
	q.cond.Broadcast()
	q.wg.Wait()
	q.mu.Lock()
	for _, ch := range q.subs {
		close(ch)
	}
	q.subs = map[int]chan struct{}{}
	q.mu.Unlock()
	if q.jr != nil {
		return q.jr.close()
	}
	return nil
}

// Wait returns when no job is queued or running (paused jobs do not count),
// or when ctx ends.
func (q *Queue) Wait(ctx context.Context) error {
	ch, cancel := q.Subscribe()
	defer cancel()
	for {
		if q.idle() {
			return nil
		}
		select {
		case _, ok := <-ch:
			if !ok {
				return errClosed
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (q *Queue) idle() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, e := range q.entries {
		if e.rec.State == Queued || e.rec.State == Running {
			return false
		}
	}
	return true
}

// Subscribe returns a channel that receives a value after changes (state,
// progress). Changes are coalesced: one value may stand for many, so a UI
// reads Snapshot when it fires and never falls behind. Call the returned
// function to unsubscribe.
func (q *Queue) Subscribe() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	q.mu.Lock()
	id := q.subN
	q.subN++
	if q.closed {
		close(ch)
	} else {
		q.subs[id] = ch
	}
	q.mu.Unlock()
	return ch, func() {
		q.mu.Lock()
		delete(q.subs, id)
		q.mu.Unlock()
	}
}

func (q *Queue) notify() {
	q.mu.Lock()
	q.notifyLocked()
	q.mu.Unlock()
}

func (q *Queue) notifyLocked() {
	for _, ch := range q.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}
