package tapctl

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"esodesk/internal/latest"
	"esodesk/services/config"
	"esodesk/services/tap"
)

// Request is a query as the user wrote it.
type Request struct {
	ADQL   string
	MaxRec string // "" for the service's default
	Async  bool
}

// How often the job panel's clock and row count move on.
const (
	clockTick     = 200 * time.Millisecond
	progressEvery = 150 * time.Millisecond
)

// ParseMaxRec reads a MAXREC field: a whole number of rows, 0 when empty.
func ParseMaxRec(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, errors.New("MAXREC must be a whole number of rows (or empty for the service's default)")
	}
	return n, nil
}

// Run starts the query on the service in use, replacing the one in progress
// (whose async job is aborted on the server). A query that cannot run gets
// the error banner instead.
func (c *Controller) Run(r Request) {
	adql := strings.TrimSpace(r.ADQL)
	maxrec, err := ParseMaxRec(r.MaxRec)
	switch {
	case adql == "":
		c.showError("The query is empty: type ADQL in the editor, or pick a query from Examples ▾ or Recent ▾, then press Ctrl+Enter.", "")
		return
	case c.Snapshot().Service.URL == "":
		c.showError("No TAP service is selected: pick one in the Service list.", adql)
		return
	case err != nil:
		c.showError(err.Error(), adql)
		return
	}
	recent := c.recent.Add(adql)
	c.state.Update(func(s *State) { s.Recent = recent })

	q := tap.Query{ADQL: adql, MaxRec: maxrec}
	if r.Async {
		c.start(adql, "Submitting job…", "", true, func(ctx context.Context, svc *tap.Service, o tap.AsyncOptions) (*tap.Result, error) {
			return svc.RunAsync(ctx, q, o)
		})
		return
	}
	c.start(adql, "Running (sync)…", "", false, func(ctx context.Context, svc *tap.Service, o tap.AsyncOptions) (*tap.Result, error) {
		return svc.Sync(ctx, q, o.Progress)
	})
}

// Resume follows an async job started earlier (by us or another client)
// until it ends, then shows its result. It replaces the query in progress.
func (c *Controller) Resume(jobURL string) {
	jobURL = strings.TrimSpace(jobURL)
	if err := config.Validate(jobURL); err != nil {
		c.showError("Cannot resume the job: "+err.Error(), "")
		return
	}
	c.start("", "Resuming job…", jobURL, true, func(ctx context.Context, svc *tap.Service, o tap.AsyncOptions) (*tap.Result, error) {
		return svc.Resume(ctx, jobURL, o)
	})
}

// Abort stops the query in progress. Its async job is aborted on the server
// (the tap package does that when the job's context ends) and its result,
// should it still arrive, is dropped. Rows on show from an earlier query stay
// there, and the job panel says so: aborting must not cost the last good
// result.
func (c *Controller) Abort() {
	if !c.Snapshot().Run.Running {
		return
	}
	c.run.Stop()
	c.state.Update(func(s *State) {
		s.Run.Running = false
		s.Run.Elapsed = time.Since(s.Run.Started)
		s.Run.Rows = ""
		if s.Result.Result != nil {
			s.Run.Phase = PhaseAbortedKept
			return
		}
		s.Run.Phase = PhaseAborted
		s.Result = Outcome{Seq: s.Result.Seq + 1, Query: s.Run.Query,
			Error: "The query was aborted before it returned any rows. Press Ctrl+Enter to run it again."}
	})
}

func (c *Controller) showError(msg, query string) {
	c.state.Update(func(s *State) { s.Result = Outcome{Seq: s.Result.Seq + 1, Error: msg, Query: query} })
}

// queryCall runs one query (sync, async or resumed) to its result.
type queryCall func(ctx context.Context, svc *tap.Service, o tap.AsyncOptions) (*tap.Result, error)

// start makes the job panel busy and runs call on the run task; query is ""
// for a resumed job, whose own parameters say it once it ends.
func (c *Controller) start(query, phase, jobURL string, async bool, call queryCall) {
	url := c.Snapshot().Service.URL
	svc := tap.New(url, c.deps.HTTP)
	started := time.Now()
	c.state.Update(func(s *State) {
		s.Run = Run{Running: true, Async: async, Phase: phase, Started: started, JobURL: jobURL, Query: query}
	})
	c.run.Start(func(j latest.Job) {
		stopClock := every(j, clockTick, func() {
			c.updateRun(func(r *Run) { r.Elapsed = time.Since(started) })
		})
		res, err := call(j.Context(), svc, c.asyncOptions(j))
		stopClock()
		ran := query
		if res != nil && ran == "" {
			ran = res.Query.ADQL
		}
		j.Finish(func() { c.finish(ran, url, res, err) })
	})
}

func (c *Controller) updateRun(f func(*Run)) {
	c.state.Update(func(s *State) { f(&s.Run) })
}

// asyncOptions report the job's URL, phase and the rows received to the
// job panel. Cancelling the job's context aborts the job on the server.
func (c *Controller) asyncOptions(j latest.Job) tap.AsyncOptions {
	var last atomic.Int64 // when the row count was last shown, in ms
	return tap.AsyncOptions{
		Progress: func(rows int) {
			now := time.Now().UnixMilli()
			if now-last.Load() < progressEvery.Milliseconds() {
				return
			}
			last.Store(now)
			j.Post(func() { c.updateRun(func(r *Run) { r.Rows = fmt.Sprintf("%d rows received", rows) }) })
		},
		OnCreated: func(job *tap.Job) {
			j.Post(func() { c.updateRun(func(r *Run) { r.JobURL = job.URL }) })
		},
		Wait: tap.WaitOptions{OnPhase: func(job *tap.Job) {
			phase := "Job " + string(job.Phase)
			j.Post(func() { c.updateRun(func(r *Run) { r.Phase = phase }) })
		}},
	}
}

func (c *Controller) finish(query, url string, res *tap.Result, err error) {
	c.state.Update(func(s *State) {
		r := &s.Run
		r.Running = false
		r.Elapsed = time.Since(r.Started)
		r.Query = query
		if err != nil {
			r.Phase = "Failed"
			s.Result = Outcome{Seq: s.Result.Seq + 1, Error: err.Error(), Query: query}
			return
		}
		r.Phase = "Completed"
		if r.Async {
			r.Phase = "Job COMPLETED"
		}
		r.Rows = fmt.Sprintf("%d rows", res.Table.NumRows())
		s.Result = Outcome{Seq: s.Result.Seq + 1, Query: query, ServiceURL: url, Result: res,
			Overflow: res.Overflow(), MaxRec: res.Query.MaxRec, Elapsed: r.Elapsed}
	})
}

// every posts f for the owner goroutine every d while j runs, until stop
// is called; stop returns once nothing more will be posted, so that j's
// Finish comes last.
func every(j latest.Job, d time.Duration, f func()) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(d)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-j.Context().Done():
				return
			case <-tick.C:
				j.Post(f)
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}
