package tapctl

import (
	"context"
	"fmt"
	"time"

	"esodesk/internal/latest"
	"esodesk/services/tap"
)

// JobChoice is one async job the service lists, for the Resume dialog.
type JobChoice struct{ Label, URL string }

// JobList is what the Resume dialog offers: the jobs, and a note that says
// what to do.
type JobList struct {
	Note string
	Jobs []JobChoice
}

// ListJobs asks the service in use for its async jobs and hands them to
// show on the owner goroutine, unless StopListingJobs or another ListJobs
// came first.
func (c *Controller) ListJobs(show func(JobList)) {
	svc := tap.New(c.Snapshot().Service.URL, c.deps.HTTP)
	c.jobs.Start(func(j latest.Job) {
		ctx, cancel := context.WithTimeout(j.Context(), time.Minute)
		defer cancel()
		refs, err := svc.ListJobs(ctx)
		var l JobList
		switch {
		case err != nil:
			l.Note = "Could not list jobs: paste a job URL below"
		case len(refs) == 0:
			l.Note = "The service lists no jobs for you: paste a job URL below"
		default:
			l.Note = fmt.Sprintf("%d jobs: pick one", len(refs))
			for _, r := range refs {
				label := r.ID + " · " + string(r.Phase)
				if !r.CreationTime.IsZero() {
					label += " · " + r.CreationTime.Local().Format("2006-01-02 15:04")
				}
				l.Jobs = append(l.Jobs, JobChoice{Label: label, URL: r.Href})
			}
		}
		j.Finish(func() { show(l) })
	})
}

// StopListingJobs drops the job list on its way (the dialog closed).
func (c *Controller) StopListingJobs() { c.jobs.Stop() }
