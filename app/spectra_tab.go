package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"esodesk/fits"
	"esodesk/services/coords"
	"esodesk/services/download"
	"esodesk/services/fetch"
	"esodesk/services/sesame"
	"esodesk/services/ssap"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
	"esodesk/widgets/resulttable"
	"esodesk/widgets/spectrumplot"
)

// maxOverplot caps how many selected rows are fetched and drawn together.
const maxOverplot = 8

// spectraTab is the SSAP search and the spectrum plot: find spectra around a
// target, select rows, see them plotted; or open local files.
type spectraTab struct {
	u       *UI
	content fyne.CanvasObject

	target      *widget.Entry
	radius      *widget.Entry
	radiusUnit  *widget.Select
	bandMin     *widget.Entry
	bandMax     *widget.Entry
	collection  *widget.Entry
	maxrec      *widget.Entry
	searchBtn   *widget.Button
	cancelBtn   *widget.Button
	downloadBtn *widget.Button
	status      *widget.Label
	results     *resulttable.ResultTable
	plot        *spectrumplot.Plot

	cache   *fetch.Cache
	details *detailsPane // the selected spectrum's DataLink (SSAP's DataLink column or descriptor)

	// UI-goroutine state
	searchCancel context.CancelFunc
	loadCancel   context.CancelFunc
	records      []ssap.Record // of the result shown, by model row
	selectTimer  *time.Timer
}

func newSpectraTab(u *UI) *spectraTab {
	t := &spectraTab{u: u, cache: fetch.New(fetch.DefaultDir("spectra"), u.http)}
	p := u.app.Preferences()
	remember := func(e *widget.Entry, key, def string) {
		e.SetText(p.StringWithFallback(key, def))
		e.OnChanged = func(s string) { p.SetString(key, s) }
	}

	t.target = widget.NewEntry()
	t.target.SetPlaceHolder("target name (HD 100546) or coordinates (" + coords.Example + ")")
	remember(t.target, "spectra.target", "")
	t.target.OnSubmitted = func(string) { t.search() }

	t.radius = widget.NewEntry()
	remember(t.radius, "spectra.radius", "30")
	t.radius.Validator = positiveNumber("the radius")
	t.radius.OnSubmitted = func(string) { t.search() }
	t.radiusUnit = widget.NewSelect([]string{ssap.Arcsec, ssap.Arcmin, ssap.Degree}, func(s string) { p.SetString("spectra.radius_unit", s) })
	t.radiusUnit.SetSelected(p.StringWithFallback("spectra.radius_unit", ssap.Arcsec))

	t.bandMin, t.bandMax = widget.NewEntry(), widget.NewEntry()
	t.bandMin.SetPlaceHolder("from")
	t.bandMax.SetPlaceHolder("to")
	remember(t.bandMin, "spectra.band_min", "")
	remember(t.bandMax, "spectra.band_max", "")
	t.bandMin.Validator, t.bandMax.Validator = optionalPositive("the wavelength"), optionalPositive("the wavelength")
	t.collection = widget.NewEntry()
	t.collection.SetPlaceHolder("any")
	remember(t.collection, "spectra.collection", "")
	t.maxrec = widget.NewEntry()
	remember(t.maxrec, "spectra.maxrec", "500")
	t.maxrec.Validator = validateMaxRec

	t.searchBtn = widget.NewButton("Search", t.search)
	t.searchBtn.Importance = widget.HighImportance
	t.cancelBtn = widget.NewButton("Cancel", t.cancelSearch)
	t.cancelBtn.Disable()
	t.status = widget.NewLabel("Type a target and press Enter, or open a FITS file (File › Open spectrum, or drop it on the window).")
	t.status.Wrapping = fyne.TextWrapWord

	t.downloadBtn = widget.NewButton("Download selected", t.downloadSelected)
	t.downloadBtn.Disable()
	t.results = resulttable.New(u.win)
	t.results.RunOnUI = t.u.do
	t.results.SetEmptyText("Search for a target to list its spectra here")
	t.results.OnSelectionChanged = t.selectionChanged
	t.plot = spectrumplot.New(u.win)
	t.plot.RunOnUI = t.u.do

	fixed := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	row1 := container.NewBorder(nil, nil, widget.NewLabel("Target"),
		container.NewHBox(widget.NewLabel("Radius"), fixed(80, t.radius), t.radiusUnit, t.searchBtn, t.cancelBtn),
		t.target)
	row2 := container.NewBorder(nil, nil, container.NewHBox(
		widget.NewLabel("Wavelength (nm)"), fixed(90, t.bandMin), widget.NewLabel("–"), fixed(90, t.bandMax),
		widget.NewLabel("Collection"), fixed(130, t.collection),
		widget.NewLabel("Max rows"), fixed(90, t.maxrec)), t.downloadBtn)
	top := container.NewVBox(row1, row2, t.status)
	t.details = newDetailsPane(u, t.results.SelectRow, func(max int) []int {
		rows := make([]int, 0, max)
		for v := 0; v < t.results.VisibleRows() && v < max; v++ {
			rows = append(rows, t.results.ViewRow(v))
		}
		return rows
	})
	t.details.noQuickLook = true // spectra are plotted below, not looked at
	top2 := container.NewHSplit(t.results, t.details.content)
	top2.Offset = 0.66
	split := container.NewVSplit(top2, t.plot)
	split.Offset = 0.38
	t.content = container.NewBorder(top, nil, nil, nil, split)
	return t
}

func positiveNumber(what string) func(string) error {
	return func(s string) error {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || !(v > 0) {
			return fmt.Errorf("%s must be a number above 0", what)
		}
		return nil
	}
}

func optionalPositive(what string) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return nil
		}
		return positiveNumber(what)(s)
	}
}

// searchForm is what the form asks for, checked on the UI goroutine.
type searchForm struct {
	target     string
	diameter   float64 // degrees
	band       ssap.Band
	collection string
	maxrec     int
}

func (t *spectraTab) readForm() (searchForm, error) {
	var f searchForm
	f.target = strings.TrimSpace(t.target.Text)
	if f.target == "" {
		return f, errors.New("type a target name (e.g. HD 100546) or coordinates (e.g. " + coords.Example + ")")
	}
	r, err := strconv.ParseFloat(strings.TrimSpace(t.radius.Text), 64)
	if err != nil || !(r > 0) {
		return f, fmt.Errorf("the radius %q is not a number above 0", t.radius.Text)
	}
	if f.diameter, err = ssap.Diameter(r, t.radiusUnit.Selected); err != nil {
		return f, err
	}
	for _, b := range []struct {
		e   *widget.Entry
		dst *float64
	}{{t.bandMin, &f.band.Min}, {t.bandMax, &f.band.Max}} {
		if s := strings.TrimSpace(b.e.Text); s != "" {
			nm, err := strconv.ParseFloat(s, 64)
			if err != nil || !(nm > 0) {
				return f, fmt.Errorf("the wavelength %q is not a number of nanometres above 0", s)
			}
			*b.dst = nm * 1e-9
		}
	}
	if f.band.Min > 0 && f.band.Max > 0 && f.band.Min >= f.band.Max {
		return f, errors.New("the wavelength range is empty: 'from' must be below 'to'")
	}
	if err := validateMaxRec(t.maxrec.Text); err != nil {
		return f, err
	}
	f.maxrec, _ = strconv.Atoi(strings.TrimSpace(t.maxrec.Text))
	f.collection = strings.TrimSpace(t.collection.Text)
	return f, nil
}

// search resolves the target (coordinates, or a name through Sesame) and
// runs the SSAP query, all off the UI goroutine.
func (t *spectraTab) search() {
	form, err := t.readForm()
	if err != nil {
		t.status.SetText("Cannot search: " + err.Error() + ".")
		return
	}
	t.cancelSearch()
	ctx, cancel := context.WithCancel(context.Background())
	t.searchCancel = cancel
	t.searchBtn.Disable()
	t.cancelBtn.Enable()
	settings := t.u.settings
	t.status.SetText("Resolving " + form.target + " …")

	go func() {
		started := time.Now()
		res, where, err := t.runSearch(ctx, settings.Sesame, settings.SSAP, form)
		t.u.do(func() {
			if ctx.Err() == nil || err == nil {
				t.finishSearch(res, where, form, time.Since(started), err)
			} else {
				t.status.SetText("Search cancelled.")
			}
			t.searchBtn.Enable()
			t.cancelBtn.Disable()
		})
	}()
}

func (t *spectraTab) runSearch(ctx context.Context, sesameURL, ssapURL string, form searchForm) (*ssap.Result, string, error) {
	ra, dec, where, err := t.u.resolveTarget(ctx, sesameURL, form.target)
	if err != nil {
		return nil, "", err
	}
	t.u.do(func() { t.status.SetText(where + " · searching for spectra …") })

	svc := ssap.New(ssapURL, t.u.http)
	svc.SizeIsRadius = isESOHost(ssapURL) // ESO's SSAP reads SIZE as a radius
	q := ssap.Query{Pos: &ssap.Pos{RA: ra, Dec: dec}, Size: form.diameter, Band: form.band, MaxRec: form.maxrec}
	if form.collection != "" {
		q.Extra = url.Values{"COLLECTION": {form.collection}}
	}
	res, err := svc.Search(ctx, q)
	return res, where, err
}

func isESOHost(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Hostname() == "eso.org" || strings.HasSuffix(u.Hostname(), ".eso.org"))
}

func (t *spectraTab) finishSearch(res *ssap.Result, where string, form searchForm, took time.Duration, err error) {
	if err != nil {
		// A target the resolver does not know or coordinates that do not
		// parse are the user's to fix in the form: say it there. A service
		// failure also goes on the result banner with the server's words.
		var nf *sesame.NotFoundError
		var ce *coords.Error
		if errors.As(err, &nf) || errors.As(err, &ce) {
			t.status.SetText("Cannot search: " + err.Error())
			return
		}
		t.status.SetText("Search failed: " + err.Error())
		t.results.ShowError(err.Error(), "")
		return
	}
	t.records = res.Records
	summary := spectraSummary(res.Records)
	t.results.SetTable(summary, resulttable.Info{Overflow: res.Overflow, MaxRec: form.maxrec, Service: "SSAP", Elapsed: took})
	t.details.setRows(summary, recordLinks(res.Records), t.u.settings.TapObs)
	n := len(res.Records)
	msg := fmt.Sprintf("%s · %d spectra", where, n)
	if n > 0 {
		msg += " · select rows to plot them (Ctrl/Shift+click to overplot up to 8)"
	}
	t.status.SetText(msg)
}

func (t *spectraTab) cancelSearch() {
	if t.searchCancel != nil {
		t.searchCancel()
		t.searchCancel = nil
	}
}

// selectionChanged waits for the selection to settle (arrow keys and
// shift-clicks fire many changes) before fetching.
func (t *spectraTab) selectionChanged(rows []int) {
	t.details.selectionChanged(rows)
	if len(rows) > 0 {
		t.downloadBtn.Enable()
	} else {
		t.downloadBtn.Disable()
	}
	if t.selectTimer != nil {
		t.selectTimer.Stop()
	}
	rows = append([]int(nil), rows...)
	t.selectTimer = time.AfterFunc(200*time.Millisecond, func() {
		t.u.do(func() { t.loadRows(rows) })
	})
}

// spectrumSource is where a selected row's spectrum comes from: the file
// itself, or a DataLink document whose #this link is the file.
type spectrumSource struct {
	title string
	url   string
	links bool  // url is a DataLink document
	size  int64 // the file's size when the service said, else 0
}

// sourcesOf returns the sources of the given result rows that have one.
func (t *spectraTab) sourcesOf(rows []int) []spectrumSource {
	var out []spectrumSource
	for _, r := range rows {
		if r < 0 || r >= len(t.records) || t.records[r].AccessURL == "" {
			continue
		}
		rec := t.records[r]
		src := spectrumSource{title: firstNonEmpty(rec.Title, rec.ID, rec.Target), url: rec.AccessURL}
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
func (s spectrumSource) fileURL(ctx context.Context, c *vohttp.Client) (string, error) {
	if !s.links {
		return s.url, nil
	}
	return thisLink(ctx, c, s.url)
}

// loadRows fetches (or takes from the cache) and plots the selected rows.
func (t *spectraTab) loadRows(rows []int) {
	sources := t.sourcesOf(rows)
	if len(sources) == 0 {
		if len(rows) > 0 {
			t.plot.SetError("The selected rows have no access URL: the service gave no file to download.")
		}
		return
	}
	note := ""
	if len(sources) > maxOverplot {
		sources = sources[:maxOverplot]
		note = fmt.Sprintf(" (the first %d of the selected rows)", maxOverplot)
	}
	t.load(sources, note)
}

// downloadSelected queues the selected spectra's files into the download
// folder's "spectra" folder (DataLink rows are resolved to their file first).
func (t *spectraTab) downloadSelected() {
	sources := t.sourcesOf(t.results.SelectedRows())
	if len(sources) == 0 {
		return
	}
	client := t.u.http
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		var jobs []download.Job
		var problems []string
		for _, src := range sources {
			u, err := src.fileURL(ctx, client)
			if err != nil {
				problems = append(problems, src.title+": "+err.Error())
				continue
			}
			jobs = append(jobs, download.Job{URL: u, Size: src.size})
		}
		t.u.do(func() {
			err := t.u.downloads.enqueue(jobs, "spectra")
			switch {
			case err != nil:
				t.status.SetText("Could not queue the downloads: " + err.Error())
			case len(problems) > 0:
				t.status.SetText(fmt.Sprintf("Queued %d files; not queued: %s", len(jobs), strings.Join(problems, "; ")))
			default:
				t.status.SetText(fmt.Sprintf("Queued %d files in the Downloads tab.", len(jobs)))
			}
		})
	}()
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// load downloads each URL (through the cache) and reads it, then plots all
// that could be read and says which could not.
func (t *spectraTab) load(sources []spectrumSource, note string) {
	if t.loadCancel != nil {
		t.loadCancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.loadCancel = cancel
	t.plot.SetLoading(fmt.Sprintf("Fetching %d spectra%s …", len(sources), note), 0, t.cancelLoad)

	go func() {
		throttledUI := throttle(ctx, t.u.do)
		spectra := make([]*fits.Spectrum, 0, len(sources))
		var problems []string
		for i, src := range sources {
			i := i
			progress := func(done, total int64) {
				frac := float64(i) / float64(len(sources))
				if total > 0 {
					frac += float64(done) / float64(total) / float64(len(sources))
				}
				msg := fmt.Sprintf("Fetching %s (%d of %d): %s", src.title, i+1, len(sources), byteCount(done, total))
				throttledUI(func() { t.plot.SetLoading(msg, frac, t.cancelLoad) })
			}
			s, err := t.fetchSpectrum(ctx, src, progress)
			if ctx.Err() != nil {
				return // superseded or cancelled: the newer request owns the plot
			}
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", src.title, err))
				continue
			}
			spectra = append(spectra, s)
		}
		t.u.do(func() {
			if ctx.Err() != nil {
				return
			}
			t.showLoaded(spectra, problems)
		})
	}()
}

// fetchSpectrum downloads (or takes from the cache) and reads src's file.
func (t *spectraTab) fetchSpectrum(ctx context.Context, src spectrumSource, progress fetch.Progress) (*fits.Spectrum, error) {
	u, err := src.fileURL(ctx, t.u.http)
	if err != nil {
		return nil, err
	}
	path, err := t.cache.Get(ctx, u, progress)
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

func (t *spectraTab) showLoaded(spectra []*fits.Spectrum, problems []string) {
	switch {
	case len(spectra) == 0 && len(problems) > 0:
		t.plot.SetError("Could not plot the selection:\n" + strings.Join(problems, "\n"))
	default:
		distinctTitles(spectra)
		t.plot.SetSpectra(spectra)
		if len(problems) > 0 {
			t.status.SetText("Some spectra could not be read: " + strings.Join(problems, "; "))
		}
	}
}

// openFiles reads local files (File › Open, drag and drop, command line) and
// plots them together.
func (t *spectraTab) openFiles(paths []string) {
	if len(paths) == 0 {
		return
	}
	if t.loadCancel != nil {
		t.loadCancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.loadCancel = cancel
	t.plot.SetLoading(fmt.Sprintf("Reading %d file(s) …", len(paths)), -1, t.cancelLoad)
	go func() {
		var spectra []*fits.Spectrum
		var problems []string
		for _, p := range paths {
			s, err := fits.OpenContext(ctx, p)
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				problems = append(problems, err.Error())
				continue
			}
			spectra = append(spectra, s)
		}
		t.u.do(func() {
			if ctx.Err() == nil {
				t.showLoaded(spectra, problems)
				if len(problems) == 0 {
					t.status.SetText(fmt.Sprintf("Opened %s.", strings.Join(paths, ", ")))
				}
			}
		})
	}()
}

// cancelLoad stops the download or file reading in progress (Cancel button, Esc).
func (t *spectraTab) cancelLoad() {
	if t.loadCancel != nil {
		t.loadCancel()
		t.loadCancel = nil
		t.plot.HideStatus()
	}
}

func (t *spectraTab) close() {
	t.cancelSearch()
	t.cancelLoad()
	t.details.close()
}

// distinctTitles makes legend entries tell spectra apart: two UVES spectra
// of one star otherwise share a title.
func distinctTitles(spectra []*fits.Spectrum) {
	seen := map[string]int{}
	for _, s := range spectra {
		seen[s.Title]++
	}
	for _, s := range spectra {
		if seen[s.Title] > 1 {
			s.Title += " · " + shortSource(s.Source)
		}
	}
}

// shortSource is the last part of a path or URL (the file name, or the
// ID= value of a download link).
func shortSource(src string) string {
	if u, err := url.Parse(src); err == nil {
		if id := u.Query().Get("ID"); id != "" {
			src = id
		} else if u.Path != "" {
			src = u.Path
		}
	}
	if i := strings.LastIndexAny(src, "/?="); i >= 0 && i < len(src)-1 {
		return src[i+1:]
	}
	return src
}

func byteCount(done, total int64) string {
	mb := func(n int64) string { return strconv.FormatFloat(float64(n)/1e6, 'f', 1, 64) + " MB" }
	if total > 0 {
		return mb(done) + " of " + mb(total)
	}
	return mb(done)
}

// throttle returns a function that passes at most ~8 updates a second to
// the UI, and none once ctx is done. It is used from one goroutine.
func throttle(ctx context.Context, do func(func())) func(func()) {
	var last time.Time
	return func(f func()) {
		if now := time.Now(); now.Sub(last) >= 120*time.Millisecond {
			last = now
			do(func() {
				if ctx.Err() == nil {
					f()
				}
			})
		}
	}
}

// thisLink reads a DataLink document and returns the #this link: the file.
func thisLink(ctx context.Context, c *vohttp.Client, links string) (string, error) {
	resp, err := c.Get(ctx, links)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	doc, err := votable.ParseContext(ctx, resp.Body, votable.Options{})
	if err != nil {
		return "", err
	}
	tab := doc.ResultsTable()
	if tab == nil {
		return "", errors.New("the DataLink document holds no table")
	}
	sem, acc := tab.FieldIndex("semantics"), tab.FieldIndex("access_url")
	if sem < 0 || acc < 0 {
		return "", errors.New("the DataLink document has no semantics or access_url column")
	}
	for i := 0; i < tab.NumRows(); i++ {
		if tab.Columns[sem].String(i) == "#this" && tab.Columns[acc].String(i) != "" {
			return tab.Columns[acc].String(i), nil
		}
	}
	return "", errors.New("the DataLink document has no #this link to the file")
}

// recordLinks are the SSAP records' DataLink URLs, by summary-table row.
type recordLinks []ssap.Record

func (r recordLinks) Available() bool {
	for _, rec := range r {
		if rec.DataLinkURL != "" {
			return true
		}
	}
	return false
}

func (r recordLinks) How() string { return "SSAP answer's DataLink" }

func (r recordLinks) URL(row int) string {
	if row < 0 || row >= len(r) {
		return ""
	}
	return r[row].DataLinkURL
}
