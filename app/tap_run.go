package app

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2/dialog"

	"esodesk/services/tap"
	"esodesk/services/vohttp"
	"esodesk/widgets/resulttable"
)

// queryRun is one query in progress. Only the UI goroutine reads or replaces
// tapTab.run; the worker goroutine reports back through fyne.Do.
type queryRun struct {
	ctx     context.Context
	cancel  context.CancelFunc
	started time.Time
	svc     *tap.Service
	query   string
	async   bool
	jobURL  atomic.Value // string, set once the async job exists (for the job link)
}

// runQuery starts the editor's query with the current settings.
func (t *tapTab) runQuery() {
	adql := strings.TrimSpace(t.editor.Text)
	switch {
	case t.run != nil:
		return // one query at a time; Abort first
	case adql == "":
		t.results.ShowError("The query is empty: write ADQL in the editor or pick one from Examples.", "")
		return
	case t.serviceURL == "":
		t.results.ShowError("No TAP service is selected: pick one in the Service list.", adql)
		return
	}
	if err := validateMaxRec(t.maxrec.Text); err != nil {
		t.results.ShowError(err.Error(), adql)
		return
	}
	t.recent.Add(adql)

	async := t.mode.Selected == modeAsync
	run := t.startRun(adql, async)
	q := tap.Query{ADQL: adql, MaxRec: t.maxRec()}
	if async {
		t.job.start("Submitting job…")
	} else {
		t.job.start("Running (sync)…")
	}
	go func() {
		var res *tap.Result
		var err error
		if async {
			res, err = run.svc.RunAsync(run.ctx, q, t.asyncOptions(run))
		} else {
			res, err = run.svc.Sync(run.ctx, q, t.progressReporter(run))
		}
		t.u.do(func() { t.finishRun(run, res, err) })
	}()
}

// resumeJob follows an async job that was started earlier (by us or another
// client) until it ends, then shows its result.
func (t *tapTab) resumeJob(jobURL string) {
	if t.run != nil {
		dialog.ShowInformation("Resume job", "A query is running: abort it or wait before resuming another job.", t.u.win)
		return
	}
	run := t.startRun("", true)
	run.jobURL.Store(jobURL)
	t.job.start("Resuming job…")
	t.showJobURL(jobURL)
	go func() {
		res, err := run.svc.Resume(run.ctx, jobURL, t.asyncOptions(run))
		if res != nil {
			run.query = res.Query.ADQL // job parameters, as the service reports them
		}
		t.u.do(func() { t.finishRun(run, res, err) })
	}()
}

// startRun makes the tab busy with a new run and starts its elapsed-time clock.
func (t *tapTab) startRun(adql string, async bool) *queryRun {
	ctx, cancel := context.WithCancel(context.Background())
	run := &queryRun{ctx: ctx, cancel: cancel, started: time.Now(), svc: t.tapService(), query: adql, async: async}
	t.run = run
	t.runBtn.Disable()
	go t.tickElapsed(ctx, run)
	return run
}

// asyncOptions report the job's URL and phase to the job panel. Cancelling
// the run aborts the job on the server (the tap package does that).
func (t *tapTab) asyncOptions(run *queryRun) tap.AsyncOptions {
	return tap.AsyncOptions{
		Progress: t.progressReporter(run),
		OnCreated: func(job *tap.Job) {
			run.jobURL.Store(job.URL)
			t.u.do(func() {
				if t.run == run {
					t.showJobURL(job.URL)
				}
			})
		},
		Wait: tap.WaitOptions{OnPhase: func(job *tap.Job) {
			phase := string(job.Phase)
			t.u.do(func() {
				if t.run == run {
					t.job.phase.SetText("Job " + phase)
				}
			})
		}},
	}
}

func (t *tapTab) showJobURL(u string) {
	t.job.jobURL.SetText("job")
	_ = t.job.jobURL.SetURLFromString(u)
}

// progressReporter passes row counts to the job panel, at most a few times a second.
func (t *tapTab) progressReporter(run *queryRun) func(rows int) {
	var last atomic.Int64
	return func(rows int) {
		now := time.Now().UnixMilli()
		if now-last.Load() < 150 {
			return
		}
		last.Store(now)
		t.u.do(func() {
			if t.run == run {
				t.job.rows.SetText(fmt.Sprintf("%d rows received", rows))
			}
		})
	}
}

func (t *tapTab) tickElapsed(ctx context.Context, run *queryRun) {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			t.u.do(func() {
				if t.run == run {
					t.job.elapsed.SetText(formatElapsed(time.Since(run.started)))
				}
			})
		}
	}
}

// abort cancels the query in progress; the tap package also aborts an async
// job on the server so it stops using the archive's resources.
func (t *tapTab) abort() {
	if t.run != nil {
		t.run.cancel()
		t.job.phase.SetText("Aborting…")
	}
}

func (t *tapTab) finishRun(run *queryRun, res *tap.Result, err error) {
	if t.run != run {
		return
	}
	run.cancel()
	t.run = nil
	t.runBtn.Enable()
	elapsed := time.Since(run.started)
	switch {
	case err != nil && vohttp.IsCanceled(err):
		t.job.finish("Aborted", elapsed)
		t.results.ShowError("The query was aborted. Its previous result is gone; run it again when ready.", run.query)
	case err != nil:
		t.job.finish("Failed", elapsed)
		t.results.ShowError(err.Error(), run.query)
	default:
		phase := "Completed"
		if run.async {
			phase = "Job COMPLETED"
		}
		t.job.finish(phase, elapsed)
		t.job.rows.SetText(fmt.Sprintf("%d rows", res.Table.NumRows()))
		t.results.SetTable(res.Table, resulttable.Info{
			Overflow: res.Overflow(),
			MaxRec:   res.Query.MaxRec,
			Query:    run.query,
			Service:  t.serviceURL,
			Elapsed:  elapsed,
		})
		t.showDetails(t.details.setResult(res.Document, res.Table, t.serviceURL))
	}
}
