package rawctl

import (
	"context"
	"fmt"
	"time"

	"esodesk/internal/latest"
	"esodesk/internal/plural"
	"esodesk/services/calselector"
	"esodesk/services/dataset"
)

// Associate asks CalSelector for the calibrations of the selected frames,
// in batches of calselector.BatchSize with progress. The datasets on show
// stay until the answer is complete; a newer association replaces a
// running one.
func (c *Controller) Associate(mode calselector.Mode) {
	ids := c.SelectedIDs()
	if len(ids) == 0 {
		c.setStatus("Select the frames first (Ctrl+A selects all).")
		return
	}
	s := c.state.Snapshot()
	c.associate(request{ids: ids, mode: mode}, nonScienceWarning(s.Frames.Result, s.Selected))
}

// Retry asks again for the last association.
func (c *Controller) Retry() {
	if len(c.last.ids) > 0 {
		c.associate(c.last, "")
	}
}

func (c *Controller) associate(r request, warning string) {
	c.last = r
	note := ""
	if warning != "" {
		note = "\n⚠ " + warning
	}
	client := calselector.New(c.deps.Settings().CalSelector, c.deps.HTTP)
	c.association.Start(func(j latest.Job) {
		started := time.Now()
		res, err := client.Do(j.Context(), calselector.Request{
			DPIDs: r.ids, Mode: r.mode, Format: calselector.VOTable,
			Progress: func(done, total int) {
				j.Post(func() {
					c.state.Update(func(st *State) {
						st.Progress = float64(done) / float64(total)
						st.Status = fmt.Sprintf("CalSelector: %d of %d frames done …", done, total) + note
					})
				})
			},
		})
		took := time.Since(started)
		j.Finish(func() { c.associated(r, res, took, err) })
	})
	c.state.Update(func(st *State) {
		st.Associating, st.Progress = true, 0
		st.Status = fmt.Sprintf("Asking CalSelector for the %s of %d frames …", modeText(r.mode), len(r.ids)) + note
	})
}

func (c *Controller) associated(r request, res *calselector.Result, took time.Duration, err error) {
	if err != nil {
		c.state.Update(func(st *State) {
			st.Associating = false
			f := Failure{Seq: st.Failure.Seq + 1, Retry: calselector.IsRetryable(err)}
			if f.Retry {
				st.Status = "CalSelector failed: " + err.Error()
				f.Message = err.Error() + "\n\nThis is trouble on the service's side; retrying in a minute usually works."
			} else {
				st.Status = "CalSelector refused the request: " + err.Error()
				f.Message = fmt.Sprintf("CalSelector refused the request for %d frames:\n%s", len(r.ids), err)
			}
			st.Failure = f
		})
		return
	}
	for _, t := range c.trees {
		t.Stop() // of datasets no longer shown
	}
	c.trees = map[*dataset.Dataset]*latest.Task{}
	c.state.Update(func(st *State) {
		st.Associating = false
		st.Datasets = Datasets{Seq: st.Datasets.Seq + 1, List: datasetsFor(r, res), Mode: r.mode}
		st.Status = fmt.Sprintf("CalSelector associated %s in %s · to download: %s", associatedText(r, st.Datasets.List),
			elapsed(took), c.plan(st.Datasets, PlanOptions{Trees: true}).Summary())
	})
}

// datasetsFor is one dataset per frame asked about, in the order asked.
func datasetsFor(r request, res *calselector.Result) []*dataset.Dataset {
	ds := make([]*dataset.Dataset, 0, len(r.ids))
	for _, id := range r.ids {
		if l := res.Links[id]; l != nil {
			ds = append(ds, dataset.FromLinks(l, r.mode))
			continue
		}
		ds = append(ds, &dataset.Dataset{
			Science:       dataset.File{DPID: id, Size: -1},
			RequestedMode: r.mode,
			Errors:        []string{"CalSelector's answer has nothing for this frame"},
		})
	}
	return ds
}

// associatedText says what CalSelector returned, by the mode it executed:
// "raw calibrations with 37 frames" for a downgraded request, "processed
// calibrations with 35 frames and raw ones with 2" for a partly downgraded one.
func associatedText(r request, ds []*dataset.Dataset) string {
	down := 0
	for _, d := range ds {
		if d.Downgraded() {
			down++
		}
	}
	switch n := len(r.ids); {
	case down == 0:
		return modeText(r.mode) + " with " + plural.Count(n, "frame")
	case down == n:
		return modeText(calselector.Raw2Raw) + " with " + plural.Count(n, "frame")
	default:
		return fmt.Sprintf("%s with %s and raw ones with %d", modeText(r.mode), plural.Count(n-down, "frame"), down)
	}
}

func modeText(m calselector.Mode) string {
	if m == calselector.Raw2Master {
		return "processed calibrations"
	}
	return "raw calibrations"
}

// CancelAssociation stops the association in progress, if any; the
// datasets shown before stay.
func (c *Controller) CancelAssociation() {
	if !c.state.Snapshot().Associating {
		return
	}
	c.association.Stop()
	c.state.Update(func(st *State) {
		st.Associating = false
		st.Status = "Association cancelled; the datasets shown before are unchanged."
	})
}

// FetchTree loads the association tree of d (one of the datasets on show),
// attaches it and reports it in State.Tree. Trees load side by side, one
// fetch per dataset at a time.
func (c *Controller) FetchTree(d *dataset.Dataset) {
	if d == nil || d.Tree != nil || d.TreeURL == "" {
		return
	}
	t := c.trees[d]
	if t == nil {
		t = latest.New(c.run)
		c.trees[d] = t
	} else if t.Running() {
		return
	}
	treeURL := d.TreeURL
	t.Start(func(j latest.Job) {
		ctx, cancel := context.WithTimeout(j.Context(), 2*time.Minute)
		defer cancel()
		a, err := calselector.FetchTree(ctx, c.deps.HTTP, treeURL)
		j.Finish(func() {
			if err == nil {
				d.AttachTree(a)
			}
			c.state.Update(func(st *State) { st.Tree = Tree{Seq: st.Tree.Seq + 1, Dataset: d, Tree: a, Err: err} })
		})
	})
}

// PlanOptions are the download choices beside the datasets.
type PlanOptions struct {
	Trees     bool // also each dataset's association tree (XML)
	NightLogs bool // also the night logs of the science frames
}

// Plan is what downloading the datasets on show would fetch.
func (c *Controller) Plan(o PlanOptions) *dataset.Plan { return c.plan(c.state.Snapshot().Datasets, o) }

func (c *Controller) plan(d Datasets, o PlanOptions) *dataset.Plan {
	return dataset.MakePlan(d.List, dataset.PlanOptions{
		Dir: c.deps.DownloadDir(), Mode: d.Mode, Trees: o.Trees, NightLogs: o.NightLogs,
		DataPortalURL: c.deps.Settings().DataPortal, NeedsToken: true,
	})
}

// PrepareDownload is the plan to confirm and the confirmation's text (the
// total first); nil, with the status saying so, when there is nothing.
func (c *Controller) PrepareDownload(o PlanOptions) (*dataset.Plan, string) {
	p := c.Plan(o)
	if p.Files == 0 {
		c.setStatus("Nothing to download: associate calibrations first.")
		return nil, ""
	}
	text := p.Summary() + "\n\ninto " + p.Where()
	if note := p.DowngradeNote(); note != "" {
		text += "\n\n⚠ " + note
	}
	return p, text + "\n\nShared calibrations are downloaded once; files already there are skipped."
}

// Download queues p (confirmed); the error is for a dialog.
func (c *Controller) Download(p *dataset.Plan) error {
	if err := c.deps.Enqueue(p.Jobs, ""); err != nil {
		return err
	}
	c.setStatus(fmt.Sprintf("Queued %d files into %s.", p.Files, p.Where()))
	return nil
}
