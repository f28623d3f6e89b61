package app

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"esodesk/preview"
	"esodesk/services/datalink"
	"esodesk/services/download"
	"esodesk/services/fetch"
	"esodesk/services/products"
	"esodesk/services/tap"
	"esodesk/services/votable"
	"esodesk/widgets/ancillarylist"
	"esodesk/widgets/linkslist"
	"esodesk/widgets/previewpane"
)

// Timing of the details pane: network work waits for the selection to
// settle; what is already in memory shows at once.
const (
	detailsDebounce = 120 * time.Millisecond
	quickLookMax    = 200 << 20 // bytes: larger FITS files are not fetched for a quick look
	quickLookPixels = 1200      // the quick look's longer side
	galleryPage     = 48        // results of the gallery: the first rows of the current view
	linksCacheSize  = 512
	// maxProducts bounds the Files tab: a Ctrl+A over a million rows must
	// not walk them all on the UI goroutine nor ask product_files for each.
	maxProducts = 200
)

// detailsPane shows, beside a result table, what belongs to the selected
// row: its previews, its DataLink links and, for ESO products, the
// ancillary files of phase3v2.product_files; and a gallery of the previews
// of the rows on show.
type detailsPane struct {
	u       *UI
	content fyne.CanvasObject
	tabs    *container.AppTabs
	header  *widget.Label
	quick   *widget.Button // quick look of a FITS image without a preview
	fits    *fetch.Cache

	previews *previewpane.Pane
	links    *linkslist.List
	files    *ancillarylist.List
	gallery  *previewpane.Gallery
	galTab   *container.TabItem
	filesTab *container.TabItem

	// selectViewRow selects a row of the table (from the gallery).
	selectViewRow func(viewRow int)
	// viewRows lists the model rows of the table in view order (the gallery's page).
	viewRows func(max int) []int

	// noQuickLook turns the FITS quick look off (the Spectra tab: 1-D data)
	noQuickLook bool

	// UI goroutine state
	row       int // the row on show (model row)
	finder    rowLinks
	table     *votable.Table
	tapURL    string // service the result came from, for product_files
	current   string // links URL on show
	history   []string
	timer     *time.Timer
	cancel    context.CancelFunc
	galCancel context.CancelFunc
	gen       int

	linksMu    sync.Mutex // the cache is filled from background goroutines
	linksCache map[string]*datalink.Links
	linksOrder []string
}

// previewCache is the window's one preview cache (memory, and disk in the
// user cache folder, or the temporary folder when that is unwritable).
func (u *UI) previewCache() *preview.Cache {
	if u.previews == nil {
		c, err := preview.New(preview.Options{HTTP: u.http})
		if err != nil {
			c, err = preview.New(preview.Options{Dir: filepath.Join(os.TempDir(), "esodesk-previews"), HTTP: u.http})
		}
		if err != nil {
			panic(fmt.Sprintf("no folder for the preview cache: %v", err)) // neither the cache nor the temp folder is writable
		}
		u.previews = c
	}
	return u.previews
}

func newDetailsPane(u *UI, selectViewRow func(int), viewRows func(int) []int) *detailsPane {
	d := &detailsPane{u: u, selectViewRow: selectViewRow, viewRows: viewRows, linksCache: map[string]*datalink.Links{}}
	cache := u.previewCache()
	direct := func(f func()) { f() } // the pane calls these widgets on the UI goroutine only

	d.header = widget.NewLabel("Select a row to see its previews, links and files.")
	d.header.Wrapping = fyne.TextWrapWord
	d.quick = widget.NewButton("Quick look", nil)
	d.quick.Hide()
	d.fits = fetch.New(fetch.DefaultDir("quicklook"), u.http)
	d.previews = previewpane.New(u.win, cache)
	d.previews.RunOnUI = u.do
	d.previews.Debounce = detailsDebounce
	d.links = linkslist.New(u.win)
	d.links.RunOnUI = direct
	d.links.OnDownload = d.downloadLinks
	d.links.OnFollow = d.follow
	d.links.OnBack = d.back
	d.links.OnOpenURL = d.openURL
	d.files = ancillarylist.New(u.win)
	d.files.RunOnUI = direct
	d.files.OnDownload = d.downloadFiles
	d.gallery = previewpane.NewGallery(u.win, cache)
	d.gallery.RunOnUI = u.do
	d.gallery.OnSelected = func(key string) {
		if v, err := strconv.Atoi(key); err == nil && d.selectViewRow != nil {
			d.selectViewRow(v)
		}
	}

	// scrolled as a whole when the pane is short, so its filters and
	// buttons do not set the window's minimum height
	d.filesTab = container.NewTabItem("Files", container.NewVScroll(d.files.Widget()))
	d.galTab = container.NewTabItem("Gallery", d.gallery)
	d.tabs = container.NewAppTabs(
		container.NewTabItem("Preview", d.previews),
		container.NewTabItem("Links", d.links),
		d.filesTab,
		d.galTab,
	)
	d.tabs.OnSelected = func(ti *container.TabItem) {
		if ti == d.galTab {
			d.loadGallery()
		}
	}
	d.content = container.NewBorder(container.NewBorder(nil, nil, nil, d.quick, d.header), nil, nil, nil, d.tabs)
	return d
}

// rowLinks says where a result row's links are: datalink.Finder for tables
// read as they came, or a tab's own records (the Spectra tab's SSAP rows).
type rowLinks interface {
	Available() bool
	How() string
	URL(row int) string
}

// setResult tells the pane about a new result; it reports whether its rows
// can have links (the pane is worth showing).
func (d *detailsPane) setResult(doc *votable.Document, t *votable.Table, tapURL string) bool {
	return d.setRows(t, datalink.NewFinder(doc, t, d.u.settings.DataLink), tapURL)
}

// setRows is setResult with the rows' links given.
func (d *detailsPane) setRows(t *votable.Table, links rowLinks, tapURL string) bool {
	d.stop()
	d.table, d.tapURL = t, tapURL
	d.finder = links
	d.current, d.history = "", nil
	d.previews.ShowItems(nil)
	d.links.SetLoading("Select a row to see its links.")
	d.files.SetFiles(nil)
	if d.finder.Available() {
		d.header.SetText("Select a row: its links come from the " + d.finder.How() + ".")
	} else {
		d.header.SetText("These rows have no DataLink.")
	}
	if d.tabs.Selected() == d.galTab {
		d.loadGallery()
	}
	return d.finder.Available()
}

func (d *detailsPane) stop() {
	if d.timer != nil {
		d.timer.Stop()
	}
	if d.cancel != nil {
		d.cancel()
		d.cancel = nil
	}
	d.gen++
}

// selectionChanged follows the table's selection (model rows): the first
// selected row's links and previews; the ancillary files of every selected
// product.
func (d *detailsPane) selectionChanged(rows []int) {
	if d.finder == nil || !d.finder.Available() {
		return
	}
	d.stop()
	d.quick.Hide()
	if len(rows) == 0 {
		d.header.SetText("Select a row to see its previews, links and files.")
		return
	}
	d.row = rows[0]
	linksURL := d.finder.URL(rows[0])
	products := d.productIDs(rows)
	d.history = nil
	d.links.SetCanGoBack(false)
	if linksURL == "" {
		d.current = ""
		d.header.SetText(fmt.Sprintf("Row %d has no DataLink.", rows[0]+1))
		d.previews.ShowItems(nil)
		d.links.SetLoading("This row has no links.")
	} else {
		d.header.SetText(fmt.Sprintf("Row %d · links from the %s", rows[0]+1, d.finder.How()))
		if ls := d.cachedLinks(linksURL); ls != nil {
			d.showLinks(linksURL, ls) // in memory: no waiting
			linksURL = ""
		} else {
			d.links.SetLoading("Loading links …")
		}
	}
	gen := d.gen
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	d.timer = time.AfterFunc(detailsDebounce, func() {
		if linksURL != "" {
			ls, err := d.fetchLinks(ctx, linksURL)
			d.u.do(func() {
				if gen != d.gen {
					return
				}
				if err != nil {
					d.links.SetError(fmt.Errorf("the links could not be read: %w", err))
					d.previews.ShowItems(nil)
					return
				}
				d.showLinks(linksURL, ls)
			})
		}
		d.loadProductFiles(ctx, gen, products)
	})
}

// showLinks puts a links document on show (UI goroutine).
func (d *detailsPane) showLinks(linksURL string, ls *datalink.Links) {
	d.current = linksURL
	d.links.SetLinks(ls, linksURL)
	var items []previewpane.Item
	for _, l := range ls.Previews() {
		title := l.ESOOrigFile
		if title == "" {
			title = l.Description
		}
		if l.ESOCategory != "" {
			title = strings.TrimSpace(l.ESOCategory + " · " + title)
		}
		items = append(items, previewpane.Item{URL: l.AccessURL, Title: title})
	}
	d.quick.Hide()
	if len(items) == 0 {
		d.previews.SetEmptyText(noPreviewText(ls))
		if l, ok := quickLookCandidate(ls); ok && !d.noQuickLook && !d.rowIsOneDimensional() {
			size := "size unknown"
			if l.ContentLength > 0 {
				size = download.HumanBytes(l.ContentLength)
			}
			d.quick.SetText("Quick look (FITS, " + size + ")")
			d.quick.OnTapped = func() { d.quickLook(l) }
			d.quick.Show()
		}
	}
	d.previews.ShowItems(items)
}

// rowIsOneDimensional says the row's ObsCore dataproduct_type is a spectrum
// or a time series: no image to look at.
func (d *detailsPane) rowIsOneDimensional() bool {
	if d.table == nil || d.row < 0 || d.row >= d.table.NumRows() {
		return false
	}
	i := d.table.FieldIndex("dataproduct_type")
	if i < 0 || d.table.Columns[i].IsNull(d.row) {
		return false
	}
	switch strings.TrimSpace(d.table.Columns[i].String(d.row)) {
	case "spectrum", "timeseries", "sed", "event":
		return true
	}
	return false
}

// quickLookCandidate is the dataset's own FITS file, when it is small
// enough to fetch for a zscale quick look.
func quickLookCandidate(ls *datalink.Links) (datalink.Link, bool) {
	for _, l := range ls.Rows {
		ct := strings.ToLower(l.ContentType)
		if l.IsA("#this") && !l.Failed() && l.AccessURL != "" && strings.Contains(ct, "fits") &&
			l.ContentLength <= quickLookMax {
			return l, true
		}
	}
	return datalink.Link{}, false
}

// quickLook downloads the file (cached) and shows its first 2-D image with
// a zscale stretch; a file without one says so in place.
func (d *detailsPane) quickLook(l datalink.Link) {
	d.quick.Hide()
	d.previews.ShowItems(nil)
	d.previews.SetEmptyText("Fetching the FITS file for a quick look …")
	gen := d.gen
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	go func() {
		path, err := d.fits.Get(ctx, l.AccessURL, func(done, total int64) {
			d.u.do(func() {
				if gen == d.gen && total > 0 {
					d.previews.SetEmptyText(fmt.Sprintf("Fetching the FITS file for a quick look … %d %%", done*100/total))
				}
			})
		})
		var ql *preview.QuickLookImage
		if err == nil {
			ql, err = preview.QuickLookFile(ctx, path, quickLookPixels)
		}
		d.u.do(func() {
			if gen != d.gen {
				return
			}
			if err != nil {
				d.previews.SetEmptyText("No quick look: " + err.Error())
				return
			}
			title := fmt.Sprintf("Quick look of HDU %d (%d × %d, zscale %.4g … %.4g)", ql.HDU, ql.Width, ql.Height, ql.Low, ql.High)
			d.previews.ShowImage(ql.Image, title)
		})
	}()
}

func noPreviewText(ls *datalink.Links) string {
	for _, l := range ls.Rows {
		if l.IsA("#preview") && l.AccessURL != "" && !l.Failed() {
			return "No preview image for this row; its preview (" + l.ContentType + ") is listed under Links › Previews."
		}
	}
	return previewpane.DefaultEmptyText
}

func (d *detailsPane) cachedLinks(u string) *datalink.Links {
	d.linksMu.Lock()
	defer d.linksMu.Unlock()
	return d.linksCache[u]
}

func (d *detailsPane) fetchLinks(ctx context.Context, u string) (*datalink.Links, error) {
	if ls := d.cachedLinks(u); ls != nil {
		return ls, nil
	}
	ls, err := datalink.Fetch(ctx, d.u.http, u)
	if err != nil {
		return nil, err
	}
	d.linksMu.Lock()
	if _, ok := d.linksCache[u]; !ok {
		d.linksOrder = append(d.linksOrder, u)
		if len(d.linksOrder) > linksCacheSize {
			delete(d.linksCache, d.linksOrder[0])
			d.linksOrder = d.linksOrder[1:]
		}
	}
	d.linksCache[u] = ls
	d.linksMu.Unlock()
	return ls, nil
}

// productIDs are the ESO product ids (ADP.…) among the rows' identifiers.
func (d *detailsPane) productIDs(rows []int) []string {
	if d.table == nil {
		return nil
	}
	col := -1
	for _, name := range []string{"dp_id", "product_id"} {
		if col = d.table.FieldIndex(name); col >= 0 {
			break
		}
	}
	if col < 0 {
		return nil
	}
	seen := map[string]bool{}
	var ids []string
	for _, r := range rows {
		if len(ids) == maxProducts {
			break
		}
		if d.table.Columns[col].IsNull(r) {
			continue
		}
		id := strings.TrimSpace(d.table.Columns[col].String(r))
		if strings.HasPrefix(id, "ADP.") && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

// loadProductFiles fills the Files tab (runs in the background).
func (d *detailsPane) loadProductFiles(ctx context.Context, gen int, ids []string) {
	if len(ids) == 0 {
		d.u.do(func() {
			if gen == d.gen {
				d.files.SetFiles(nil)
				d.filesTab.Text = "Files"
				d.tabs.Refresh()
			}
		})
		return
	}
	files, err := products.Files(ctx, tap.New(d.tapURL, d.u.http), ids)
	d.u.do(func() {
		if gen != d.gen {
			return
		}
		if err != nil {
			d.files.SetError(err)
			return
		}
		out := make([]ancillarylist.File, len(files))
		for i, f := range files {
			out[i] = ancillarylist.File{ProductID: f.ProductID, ArchiveID: f.ArchiveID, Category: f.Category,
				Extension: f.Extension, OriginalName: f.OriginalName, URL: f.URL, Size: f.Size}
		}
		d.files.SetFiles(out)
		d.filesTab.Text = fmt.Sprintf("Files (%d)", len(out))
		if len(ids) == maxProducts {
			d.header.SetText(fmt.Sprintf("Files: the ancillary files of the first %d selected products only.", maxProducts))
		}
		d.tabs.Refresh()
	})
}

// follow goes to a linked file's own links (ESO's eso_datalink next hop).
func (d *detailsPane) follow(next string) {
	if d.current != "" {
		d.history = append(d.history, d.current)
	}
	d.open(next)
}

func (d *detailsPane) back() {
	if len(d.history) == 0 {
		return
	}
	prev := d.history[len(d.history)-1]
	d.history = d.history[:len(d.history)-1]
	d.open(prev)
}

func (d *detailsPane) open(linksURL string) {
	d.stop()
	d.links.SetCanGoBack(len(d.history) > 0)
	if ls := d.cachedLinks(linksURL); ls != nil {
		d.showLinks(linksURL, ls)
		return
	}
	d.links.SetLoading("Loading links …")
	gen := d.gen
	ctx, cancel := context.WithCancel(context.Background())
	d.cancel = cancel
	go func() {
		ls, err := d.fetchLinks(ctx, linksURL)
		d.u.do(func() {
			if gen != d.gen {
				return
			}
			if err != nil {
				d.links.SetError(fmt.Errorf("the links could not be read: %w", err))
				return
			}
			d.showLinks(linksURL, ls)
			d.links.SetCanGoBack(len(d.history) > 0)
		})
	}()
}

func (d *detailsPane) openURL(raw string) {
	if u, err := url.Parse(raw); err == nil {
		if err := d.u.app.OpenURL(u); err == nil {
			return
		}
	}
	d.header.SetText("Could not open " + raw)
}

func (d *detailsPane) downloadLinks(links []datalink.Link) {
	var jobs []download.Job
	for _, l := range links {
		if l.AccessURL == "" {
			continue
		}
		j := download.Job{URL: l.AccessURL, NeedsToken: true}
		if l.ContentLength > 0 {
			j.Size = l.ContentLength
		}
		jobs = append(jobs, j)
	}
	d.enqueue(jobs)
}

func (d *detailsPane) downloadFiles(files []ancillarylist.File) {
	var jobs []download.Job
	missing := 0
	for _, f := range files {
		if f.URL == "" {
			missing++
			continue
		}
		jobs = append(jobs, download.Job{URL: f.URL, NeedsToken: true})
	}
	d.enqueue(jobs)
	if missing > 0 {
		d.header.SetText(fmt.Sprintf("%d files have no download URL in phase3v2.product_files and were left out.", missing))
	}
}

func (d *detailsPane) enqueue(jobs []download.Job) {
	if len(jobs) == 0 {
		return
	}
	if err := d.u.downloads.enqueue(jobs, "products"); err != nil {
		d.header.SetText("Could not queue the downloads: " + err.Error())
	}
}

// loadGallery finds the previews of the first rows of the current view
// (their links documents, four at a time) and shows them as thumbnails.
func (d *detailsPane) loadGallery() {
	if d.galCancel != nil {
		d.galCancel()
		d.galCancel = nil
	}
	if d.finder == nil || !d.finder.Available() || d.viewRows == nil {
		d.gallery.SetItems(nil)
		return
	}
	rows := d.viewRows(galleryPage)
	urls := make([]string, len(rows))
	for i, r := range rows {
		urls[i] = d.finder.URL(r)
	}
	labels := d.rowLabels(rows)
	ctx, cancel := context.WithCancel(context.Background())
	d.galCancel = cancel
	d.header.SetText(fmt.Sprintf("Finding the previews of the first %d rows …", len(rows)))
	go func() {
		items := make([]previewpane.GalleryItem, len(rows))
		var wg sync.WaitGroup
		sem := make(chan struct{}, 4)
		for i := range rows {
			items[i] = previewpane.GalleryItem{Key: strconv.Itoa(i), Title: labels[i]}
			if urls[i] == "" {
				continue
			}
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				if ls, err := d.fetchLinks(ctx, urls[i]); err == nil {
					if ps := ls.Previews(); len(ps) > 0 {
						items[i].URL = ps[0].AccessURL
					}
				}
			}(i)
		}
		wg.Wait()
		if ctx.Err() != nil {
			return
		}
		d.u.do(func() {
			n := 0
			for _, it := range items {
				if it.URL != "" {
					n++
				}
			}
			d.header.SetText(fmt.Sprintf("Gallery: %d of the first %d rows have a preview; tap one to select its row.", n, len(rows)))
			d.gallery.SetItems(items)
		})
	}()
}

// rowLabels names rows for the gallery: their identifier or title.
func (d *detailsPane) rowLabels(rows []int) []string {
	col := -1
	for _, name := range []string{"dp_id", "obs_title", "target_name", "archive_id", "obs_publisher_did"} {
		if col = d.table.FieldIndex(name); col >= 0 {
			break
		}
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("row %d", r+1)
		if col >= 0 && !d.table.Columns[col].IsNull(r) {
			out[i] = d.table.Columns[col].String(r)
		}
	}
	return out
}

func (d *detailsPane) close() {
	d.stop()
	if d.galCancel != nil {
		d.galCancel()
	}
}
