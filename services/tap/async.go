package tap

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"esodesk/services/uws"
	"esodesk/services/vohttp"
)

const asyncOp = "TAP async query"

// Job is a UWS job of a TAP service: where it lives and its last known state.
type Job struct {
	URL string
	uws.Job
}

// CreateJob creates an async job for q and leaves it PENDING.
func (s *Service) CreateJob(ctx context.Context, q Query) (*Job, error) {
	return s.createJob(ctx, q.values())
}

// SubmitJob creates an async job for q and starts it (PHASE=RUN in the same
// request; a service that ignores that gets an explicit RUN).
func (s *Service) SubmitJob(ctx context.Context, q Query) (*Job, error) {
	v := q.values()
	v.Set("PHASE", "RUN")
	job, err := s.createJob(ctx, v)
	if err != nil {
		return nil, err
	}
	if job.Phase == uws.Pending {
		if err := s.RunJob(ctx, job.URL); err != nil {
			return job, err
		}
		return s.JobStatus(ctx, job.URL)
	}
	return job, nil
}

// createJob POSTs to /async. The service answers 303 to the new job, which
// the client follows, so the final URL is the job's and the body its state.
func (s *Service) createJob(ctx context.Context, v url.Values) (*Job, error) {
	ctx, cancel := s.small(ctx)
	defer cancel()
	asyncURL := s.endpoint("async")
	resp, err := s.Client.PostForm(ctx, asyncURL, v)
	if err != nil {
		return nil, vohttp.WithOp(err, "create "+asyncOp)
	}
	vohttp.LimitBody(resp, uws.MaxJobDocument, "UWS job document")
	body, err := vohttp.ReadAll("create "+asyncOp, resp)
	if err != nil {
		return nil, err
	}
	jobURL := resp.Request.URL.String()
	if jobURL == asyncURL {
		// No redirect followed: 201 + Location, or the job document itself.
		jobURL = ""
		if loc, err := resp.Location(); err == nil {
			jobURL = loc.String()
		}
	}
	j, perr := uws.ParseJob(bytes.NewReader(body))
	if jobURL == "" {
		if perr != nil {
			return nil, protocolError("create "+asyncOp, asyncURL, fmt.Errorf("the service named no job: %v", perr))
		}
		jobURL = asyncURL + "/" + url.PathEscape(j.JobID)
	}
	if perr != nil {
		return s.JobStatus(ctx, jobURL)
	}
	return &Job{URL: jobURL, Job: *j}, nil
}

// RunJob starts a PENDING job (POST PHASE=RUN).
func (s *Service) RunJob(ctx context.Context, jobURL string) error {
	return s.postSmall(ctx, "start "+asyncOp, jobURL+"/phase", url.Values{"PHASE": {"RUN"}})
}

// AbortJob asks the service to stop a job (POST PHASE=ABORT).
func (s *Service) AbortJob(ctx context.Context, jobURL string) error {
	return s.postSmall(ctx, "abort "+asyncOp, jobURL+"/phase", url.Values{"PHASE": {"ABORT"}})
}

// DeleteJob removes a job and its results (HTTP DELETE; POST ACTION=DELETE
// for services that do not take DELETE).
func (s *Service) DeleteJob(ctx context.Context, jobURL string) error {
	const op = "delete " + asyncOp
	sctx, cancel := s.small(ctx)
	defer cancel()
	resp, err := s.Client.Delete(sctx, jobURL)
	if err == nil {
		resp.Body.Close()
		return nil
	}
	switch vohttp.StatusCode(err) {
	case http.StatusMethodNotAllowed, http.StatusNotImplemented, http.StatusForbidden, http.StatusBadRequest:
		return s.postSmall(ctx, op, jobURL, url.Values{"ACTION": {"DELETE"}})
	}
	return vohttp.WithOp(err, op)
}

func (s *Service) postSmall(ctx context.Context, op, u string, v url.Values) error {
	ctx, cancel := s.small(ctx)
	defer cancel()
	resp, err := s.Client.PostForm(ctx, u, v)
	if err != nil {
		return vohttp.WithOp(err, op)
	}
	resp.Body.Close()
	return nil
}

// JobStatus fetches the job's current state.
func (s *Service) JobStatus(ctx context.Context, jobURL string) (*Job, error) {
	return s.jobStatus(ctx, jobURL, 0, "")
}

// jobStatus GETs the job document; with wait > 0 it asks the service to block
// (UWS 1.1 WAIT) up to that long while the job is still in phase.
func (s *Service) jobStatus(ctx context.Context, jobURL string, wait time.Duration, phase uws.Phase) (*Job, error) {
	const op = "read " + asyncOp + " status"
	u := jobURL
	if wait > 0 {
		q := url.Values{"WAIT": {strconv.Itoa(int((wait + time.Second - 1) / time.Second))}}
		if phase != "" {
			q.Set("PHASE", string(phase))
		}
		u = addQuery(jobURL, q)
	}
	d := s.MetadataTimeout
	if d <= 0 {
		d = DefaultMetadataTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, d+wait)
	defer cancel()
	resp, err := s.Client.Get(ctx, u)
	if err != nil {
		if e, ok := vohttp.AsError(err); ok && wait > 0 {
			c := *e
			c.URL = vohttp.Redact(jobURL) // the WAIT query string is noise here
			err = &c
		}
		return nil, vohttp.WithOp(err, op)
	}
	vohttp.LimitBody(resp, uws.MaxJobDocument, "UWS job document")
	body, err := vohttp.ReadAll(op, resp)
	if err != nil {
		return nil, err
	}
	j, err := uws.ParseJob(bytes.NewReader(body))
	if err != nil {
		return nil, protocolError(op, jobURL, err)
	}
	return &Job{URL: jobURL, Job: *j}, nil
}

func addQuery(u string, q url.Values) string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + q.Encode()
}

// WaitOptions tune Wait. Zero values pick the defaults.
type WaitOptions struct {
	// Block is how long one status request may block on the server (UWS
	// 1.1 WAIT); default 30 s.
	Block time.Duration
	// MinInterval and MaxInterval bound the pause between polls when the
	// service answers at once instead of blocking; defaults 0.5 s and 10 s.
	MinInterval, MaxInterval time.Duration
	// OnPhase is called with the job whenever its phase changes (and once
	// at the start).
	OnPhase func(*Job)
}

// Wait follows a job until it is final (COMPLETED, ERROR, ABORTED,
// ARCHIVED) or PENDING (it will not start by itself) and returns its state.
// It uses blocking polls where the service supports them and falls back to
// polling with backoff where it does not.
func (s *Service) Wait(ctx context.Context, jobURL string, o WaitOptions) (*Job, error) {
	if o.Block <= 0 {
		o.Block = 30 * time.Second
	}
	if o.MinInterval <= 0 {
		o.MinInterval = 500 * time.Millisecond
	}
	if o.MaxInterval < o.MinInterval {
		o.MaxInterval = 10 * time.Second
		if o.MaxInterval < o.MinInterval {
			o.MaxInterval = o.MinInterval
		}
	}
	job, err := s.JobStatus(ctx, jobURL)
	if err != nil {
		return nil, err
	}
	if o.OnPhase != nil {
		o.OnPhase(job)
	}
	pause := o.MinInterval
	for !job.Phase.Final() && job.Phase != uws.Pending {
		start := time.Now()
		var next *Job
		// A long job outlives a server restart or a proxy hiccup: each
		// poll is retried a few times before giving up.
		err := pollRetry.Do(ctx, func(ctx context.Context) (err error) {
			next, err = s.jobStatus(ctx, jobURL, o.Block, job.Phase)
			return err
		})
		if err != nil {
			return job, vohttp.Wrap(asyncOp, jobURL, err)
		}
		changed := next.Phase != job.Phase
		job = next
		if changed {
			if o.OnPhase != nil {
				o.OnPhase(job)
			}
			pause = o.MinInterval
			continue
		}
		if time.Since(start) >= time.Second {
			continue // the service blocked for us: ask again at once
		}
		select {
		case <-ctx.Done():
			return job, vohttp.Wrap(asyncOp, jobURL, ctx.Err())
		case <-time.After(pause):
		}
		pause = min(pause*3/2, o.MaxInterval)
	}
	return job, nil
}

// pollRetry is how a failed status request is retried while waiting.
var pollRetry = vohttp.RetryPolicy{Attempts: 4, Base: 2 * time.Second, Max: 8 * time.Second}

// JobError turns a job that ended in ERROR (or ABORTED) into the one error
// type, with the service's message from the errorSummary or, failing that,
// the job's /error document. It returns nil for other phases.
func (s *Service) JobError(ctx context.Context, job *Job) error {
	e := &vohttp.Error{Op: asyncOp, URL: vohttp.Redact(job.URL), Kind: vohttp.KindService, JobID: job.JobID, Phase: string(job.Phase)}
	switch job.Phase {
	case uws.Aborted:
		e.Message = "the job was aborted"
		return e
	case uws.Error:
	default:
		return nil
	}
	if es := job.ErrorSummary; es != nil {
		e.Message = es.Message
	}
	if e.Message == "" || (job.ErrorSummary != nil && job.ErrorSummary.HasDetail && len(e.Message) < 20) {
		if detail := s.errorDetail(ctx, job.URL); detail != "" {
			e.Message = detail
		}
	}
	return e
}

// errorDetail reads the job's /error resource (VOTable, text, ...), best effort.
func (s *Service) errorDetail(ctx context.Context, jobURL string) string {
	ctx, cancel := s.small(ctx)
	defer cancel()
	resp, err := s.Client.Get(ctx, jobURL+"/error")
	if err != nil {
		if e, ok := vohttp.AsError(err); ok {
			return e.Message
		}
		return ""
	}
	vohttp.LimitBody(resp, 1_000_000, "job error document")
	b, err := vohttp.ReadAll("read job error", resp)
	if err != nil {
		return ""
	}
	return vohttp.ServerMessage(resp.Header.Get("Content-Type"), b)
}

// FetchResult downloads and decodes the result of a COMPLETED job (the
// result named "result", else the first). A job in ERROR or ABORTED gives
// its error.
func (s *Service) FetchResult(ctx context.Context, job *Job, progress Progress) (*Result, error) {
	if err := s.JobError(ctx, job); err != nil {
		return nil, err
	}
	if job.Phase != uws.Completed {
		return nil, &vohttp.Error{Op: asyncOp, URL: vohttp.Redact(job.URL), Kind: vohttp.KindService, JobID: job.JobID, Phase: string(job.Phase),
			Message: "the job has not finished"}
	}
	href := job.URL + "/results/result"
	if r := job.Result("result"); r != nil && r.Href != "" {
		href = r.Href
	} else if len(job.Results) > 0 && job.Results[0].Href != "" {
		href = job.Results[0].Href
	}
	href = resolve(job.URL, href)
	start := time.Now()
	resp, err := s.Client.Get(ctx, href)
	if err != nil {
		return nil, vohttp.WithOp(err, "download "+asyncOp+" result")
	}
	res := &Result{JobURL: job.URL, Query: queryOf(job)}
	if err := decode(ctx, "read "+asyncOp+" result", resp, res, progress); err != nil {
		return nil, err
	}
	res.Elapsed = time.Since(start)
	if !job.StartTime.IsZero() && job.EndTime.After(job.StartTime) {
		res.Elapsed += job.EndTime.Sub(job.StartTime)
	}
	return res, nil
}

// queryOf rebuilds the query from the job's parameters (for resumed jobs).
func queryOf(job *Job) Query {
	q := Query{ADQL: job.Param("QUERY"), Lang: job.Param("LANG"), Format: job.Param("FORMAT")}
	q.MaxRec, _ = strconv.Atoi(job.Param("MAXREC"))
	return q
}

func resolve(base, ref string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return b.ResolveReference(r).String()
}

// ListJobs returns the jobs the service lists at /async (for this user).
func (s *Service) ListJobs(ctx context.Context) ([]uws.JobRef, error) {
	const op = "list TAP async jobs"
	u := s.endpoint("async")
	body, err := s.fetchSmall(ctx, op, u)
	if err != nil {
		return nil, err
	}
	refs, err := uws.ParseJobList(bytes.NewReader(body))
	if err != nil {
		return nil, protocolError(op, u, err)
	}
	for i := range refs {
		if refs[i].Href == "" {
			refs[i].Href = u + "/" + url.PathEscape(refs[i].ID)
		} else {
			refs[i].Href = resolve(u+"/", refs[i].Href)
		}
	}
	return refs, nil
}

// AsyncOptions tune RunAsync and Resume.
type AsyncOptions struct {
	Wait     WaitOptions
	Progress Progress
	// OnCreated is called once the job exists, so a caller can keep its URL
	// to resume later.
	OnCreated func(*Job)
	// KeepOnCancel leaves the job running when ctx is cancelled; by default
	// it is aborted.
	KeepOnCancel bool
}

// RunAsync submits q as an async job, waits for it and decodes its result.
// Cancelling ctx aborts the job (unless KeepOnCancel).
func (s *Service) RunAsync(ctx context.Context, q Query, o AsyncOptions) (*Result, error) {
	job, err := s.SubmitJob(ctx, q)
	if err != nil {
		return nil, err
	}
	if o.OnCreated != nil {
		o.OnCreated(job)
	}
	res, err := s.follow(ctx, job.URL, o)
	if res != nil {
		res.Query = q
	}
	return res, err
}

// Resume continues with a job created earlier (by us or anyone): it waits
// for it if it is still running and then decodes its result.
func (s *Service) Resume(ctx context.Context, jobURL string, o AsyncOptions) (*Result, error) {
	return s.follow(ctx, jobURL, o)
}

func (s *Service) follow(ctx context.Context, jobURL string, o AsyncOptions) (*Result, error) {
	job, err := s.Wait(ctx, jobURL, o.Wait)
	if err != nil {
		if ctx.Err() != nil && !o.KeepOnCancel {
			s.abortDetached(ctx, jobURL)
		}
		return nil, err
	}
	if job.Phase == uws.Pending {
		return nil, &vohttp.Error{Op: asyncOp, URL: vohttp.Redact(jobURL), Kind: vohttp.KindService, JobID: job.JobID, Phase: string(job.Phase),
			Message: "the job is pending: it was never started"}
	}
	return s.FetchResult(ctx, job, o.Progress)
}

// abortDetached aborts a job after ctx was cancelled, on a context of its own.
func (s *Service) abortDetached(ctx context.Context, jobURL string) {
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	_ = s.AbortJob(actx, jobURL)
}
