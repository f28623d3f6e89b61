package spectractl

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"esodesk/fits"
	"esodesk/internal/latest"
	"esodesk/services/datalink"
	"esodesk/services/download"
	"esodesk/services/fetch"
	"esodesk/services/ssap"
)

// source is where a selected row's spectrum comes from: the file itself,
// or a DataLink document whose #this link is the file.
type source struct {
	title string
	url   string
	links bool  // url is a DataLink document
	size  int64 // the file's size when the service said, else 0
}

// sourcesOf returns the sources of the given result rows that have one.
func (c *Controller) sourcesOf(rows []int) []source {
	var recs []ssap.Record
	if r := c.state.Snapshot().Result; r != nil {
		recs = r.Records
	}
	var out []source
	for _, row := range rows {
		if row < 0 || row >= len(recs) || recs[row].AccessURL == "" {
			continue
		}
		rec := recs[row]
		src := source{title: firstNonEmpty(rec.Title, rec.ID, rec.Target), url: rec.AccessURL}
		if ssap.IsDataLinkFormat(rec.Format) {
			src.url, src.links = firstNonEmpty(rec.DataLinkURL, rec.AccessURL), true
		} else if rec.Size > 0 {
			src.size = rec.Size
		}
		out = append(out, src)
	}
	return out
}

// fileURL is the address of the spectrum file itself.
func (c *Controller) fileURL(ctx context.Context, s source) (string, error) {
	if !s.links {
		return s.url, nil
	}
	return datalink.ThisLink(ctx, c.deps.HTTP, s.url)
}

// Select is told the selected rows (model rows of the result); once the
// selection has settled, their spectra (the first maxOverplot) are fetched
// and plotted together. An empty selection leaves the plot as it is.
func (c *Controller) Select(rows []int) {
	c.selected = append([]int(nil), rows...)
	c.update(func(s *State) { s.CanDownload = len(rows) > 0 })
	if len(rows) == 0 {
		return
	}
	sources := c.sourcesOf(rows)
	c.update(func(s *State) { s.Loading = true })
	c.load.StartAfter(selectDebounce, func(j latest.Job) {
		if len(sources) == 0 {
			j.Finish(func() {
				c.finishLoad(&Plot{Phase: PlotFailed, Message: "The selected rows have no access URL: the service gave no file to download."})
			})
			return
		}
		note := ""
		if len(sources) > maxOverplot {
			sources = sources[:maxOverplot]
			note = fmt.Sprintf(" (the first %d of the selected rows)", maxOverplot)
		}
		c.fetchAll(j, sources, note)
	})
}

// fetchAll downloads (or takes from the cache) and reads each source, then
// plots all that could be read and says which could not.
func (c *Controller) fetchAll(j latest.Job, sources []source, note string) {
	j.Post(func() {
		c.setPlot(&Plot{Phase: PlotLoading, Message: fmt.Sprintf("Fetching %d spectra%s …", len(sources), note)})
	})
	post := j.Throttled(120 * time.Millisecond)
	spectra := make([]*fits.Spectrum, 0, len(sources))
	var problems []string
	for i, src := range sources {
		progress := func(done, total int64) {
			frac := float64(i) / float64(len(sources))
			if total > 0 {
				frac += float64(done) / float64(total) / float64(len(sources))
			}
			msg := fmt.Sprintf("Fetching %s (%d of %d): %s", src.title, i+1, len(sources), byteCount(done, total))
			post(func() { c.setPlot(&Plot{Phase: PlotLoading, Message: msg, Progress: frac}) })
		}
		s, err := c.fetchSpectrum(j.Context(), src, progress)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", src.title, err))
			continue
		}
		spectra = append(spectra, s)
	}
	j.Finish(func() { c.showLoaded(spectra, problems) })
}

// fetchSpectrum downloads (or takes from the cache) and reads src's file.
func (c *Controller) fetchSpectrum(ctx context.Context, src source, progress fetch.Progress) (*fits.Spectrum, error) {
	u, err := c.fileURL(ctx, src)
	if err != nil {
		return nil, err
	}
	path, err := c.deps.Cache.Get(ctx, u, progress)
	if err != nil {
		return nil, err
	}
	s, err := fits.OpenContext(ctx, path)
	if err != nil {
		return nil, err
	}
	s.Source = u
	return s, nil
}

// OpenFiles reads local files (File › Open, drag and drop, command line)
// and plots them together, in place of what the selection fetches.
func (c *Controller) OpenFiles(paths []string) {
	if len(paths) == 0 {
		return
	}
	c.update(func(s *State) {
		s.Loading = true
		s.Plot = &Plot{Phase: PlotLoading, Message: fmt.Sprintf("Reading %d file(s) …", len(paths)), Progress: -1}
	})
	c.load.Start(func(j latest.Job) {
		var spectra []*fits.Spectrum
		var problems []string
		for _, p := range paths {
			s, err := fits.OpenContext(j.Context(), p)
			if err != nil {
				problems = append(problems, err.Error())
				continue
			}
			spectra = append(spectra, s)
		}
		j.Finish(func() {
			c.showLoaded(spectra, problems)
			if len(problems) == 0 {
				c.setStatus(fmt.Sprintf("Opened %s.", strings.Join(paths, ", ")))
			}
		})
	})
}

// ShowSpectra plots spectra made elsewhere (a cube's spaxels from the
// Images tab) in place of what the selection fetched; note goes on the
// status line.
func (c *Controller) ShowSpectra(spectra []*fits.Spectrum, note string) {
	if len(spectra) == 0 {
		return
	}
	c.load.Stop() // a fetch on its way would replace them
	c.update(func(s *State) { s.Loading = false })
	c.showLoaded(spectra, nil)
	c.setStatus(note)
}

func (c *Controller) showLoaded(spectra []*fits.Spectrum, problems []string) {
	if len(spectra) == 0 && len(problems) > 0 {
		c.finishLoad(&Plot{Phase: PlotFailed, Message: "Could not plot the selection:\n" + strings.Join(problems, "\n")})
		return
	}
	fits.DistinctTitles(spectra)
	c.finishLoad(&Plot{Phase: PlotDrawn, Spectra: spectra})
	if len(problems) > 0 {
		c.setStatus("Some spectra could not be read: " + strings.Join(problems, "; "))
	}
}

func (c *Controller) setPlot(p *Plot) { c.update(func(s *State) { s.Plot = p }) }

func (c *Controller) finishLoad(p *Plot) {
	c.update(func(s *State) {
		s.Loading = false
		s.Plot = p
	})
}

// CancelLoad stops fetching or reading spectra (the plot's Cancel button,
// Esc); the plot goes back to what it showed.
func (c *Controller) CancelLoad() {
	if !c.state.Snapshot().Loading {
		return
	}
	c.load.Stop()
	c.finishLoad(&Plot{Phase: PlotIdle})
}

// DownloadSelected queues the selected spectra's files in the download
// folder's "spectra" folder (DataLink rows are resolved to their file
// first). Every click queues its own files.
func (c *Controller) DownloadSelected() {
	sources := c.sourcesOf(c.selected)
	if len(sources) == 0 {
		return
	}
	c.pending.Add(1)
	go func() {
		defer c.pending.Done()
		ctx, cancel := context.WithTimeout(c.life, time.Minute)
		defer cancel()
		var jobs []download.Job
		var problems []string
		for _, src := range sources {
			u, err := c.fileURL(ctx, src)
			if err != nil {
				problems = append(problems, src.title+": "+err.Error())
				continue
			}
			jobs = append(jobs, download.Job{URL: u, Size: src.size})
		}
		c.run(func() { c.enqueue(jobs, problems) })
	}()
}

func (c *Controller) enqueue(jobs []download.Job, problems []string) {
	err := c.deps.Enqueue(jobs, "spectra")
	switch {
	case err != nil:
		c.setStatus("Could not queue the downloads: " + err.Error())
	case len(problems) > 0:
		c.setStatus(fmt.Sprintf("Queued %d files; not queued: %s", len(jobs), strings.Join(problems, "; ")))
	default:
		c.setStatus(fmt.Sprintf("Queued %d files in the Downloads tab.", len(jobs)))
	}
}

func byteCount(done, total int64) string {
	mb := func(n int64) string { return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB" }
	if total > 0 {
		return mb(done) + " of " + mb(total)
	}
	return mb(done)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
