// Package detailsctl is the controller of the details pane beside a result
// table: the selected row's DataLink links (with Follow and Back), its
// previews, a FITS quick look when it has none, the ancillary files of the
// selected ESO products and a gallery of the previews of the rows on show.
//
// It is Fyne-free. Its intent methods and its subscribers run on the owner
// (UI) goroutine; network work runs in latest.Tasks and comes back through
// the runner given to New, so a superseded fetch never overwrites a newer
// one. Background work uses only values captured when it was started.
package detailsctl

import (
	"context"
	"fmt"
	"image"
	"slices"
	"sync"
	"time"

	"esodesk/internal/latest"
	"esodesk/internal/observable"
	"esodesk/preview"
	"esodesk/services/datalink"
	"esodesk/services/download"
	"esodesk/services/fetch"
	"esodesk/services/products"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

const (
	// Debounce is how long network work waits for the selection to settle;
	// what is already in memory shows at once.
	Debounce = 120 * time.Millisecond
	// QuickLookMax bounds the FITS files fetched for a quick look (bytes).
	QuickLookMax = 200 << 20
	// QuickLookPixels is the quick look's longer side.
	QuickLookPixels = 1200
	// GalleryPage is how many rows of the current view the gallery shows.
	GalleryPage = 48
	// LinksCacheSize is how many links documents stay in memory.
	LinksCacheSize = 512
	// MaxProducts bounds the Files tab: a Ctrl+A over a million rows must
	// not send a product_files query for each.
	MaxProducts = 200

	galleryFetches = 4 // links documents the gallery reads at once
	selectHint     = "Select a row to see its previews, links and files."
	fetchingText   = "Fetching the FITS file for a quick look …"
	productsFolder = "products" // where the pane's downloads go
)

// RowLinks says where a result row's links are: datalink.Finder for tables
// read as they came, or a tab's own records (the Spectra tab's SSAP rows).
type RowLinks interface {
	Available() bool
	How() string
	URL(row int) string
}

// Deps is what the controller needs from the app.
type Deps struct {
	HTTP *vohttp.Client
	// FITS keeps the files fetched for quick looks.
	FITS *fetch.Cache
	// Enqueue hands downloads to the download queue.
	Enqueue func(jobs []download.Job, folder string) error
}

// Rows is a result the pane shows the details of.
type Rows struct {
	Table  *votable.Table
	Links  RowLinks
	TapURL string // the service with phase3v2.product_files
	// NoQuickLook turns the FITS quick look off (spectra are plotted, not looked at).
	NoQuickLook bool
}

// State is what the pane shows. The Seq of each part changes whenever that
// part does, so a view re-applies only what changed.
type State struct {
	Header    string
	Links     LinksState
	Previews  PreviewsState
	QuickLook QuickLookOffer
	Files     FilesState
	Gallery   GalleryState
}

// LinksState is the Links tab.
type LinksState struct {
	Seq int
	URL string // the links URL of the document on show; "" while none is
	// Doc is nil while loading, after an error or without a document; links
	// without a length take their product file's estimate (products.WithFileSizes)
	Doc *datalink.Links
	// Message stands in for the links while Doc is nil and Err is not set.
	Message   string
	Err       error
	CanGoBack bool
}

// PreviewsState is the Preview tab.
type PreviewsState struct {
	Seq   int
	Items []Preview
	// EmptyText is shown without items; "" leaves the widget's own.
	EmptyText string
	// Image is a quick look, shown instead of Items.
	Image      image.Image
	ImageTitle string
}

// Preview is one preview image of the row.
type Preview struct{ URL, Title string }

// QuickLookOffer is the Quick look button.
type QuickLookOffer struct {
	Offered bool
	Label   string
}

// FilesState is the Files tab.
type FilesState struct {
	Seq      int
	Products int // how many products were asked about; 0: none selected
	// Files as product_files lists them, with the exact sizes of those the
	// links documents read so far point at (products.ExactSizes)
	Files []products.File
	Err   error
}

// GalleryState is the Gallery tab.
type GalleryState struct {
	Seq   int
	Items []GalleryItem
}

// GalleryItem is one row of the gallery's page.
type GalleryItem struct {
	ViewRow    int // the row's place in the table's current view
	Title      string
	PreviewURL string // "" when the row has no preview
}

// Controller is the details pane's state and work.
type Controller struct {
	deps  Deps
	state observable.Value[State]
	cache *linksCache

	links   *latest.Task // the links document on show
	files   *latest.Task // the selected products' files
	quick   *latest.Task // a quick look's download and decoding
	gallery *latest.Task

	// owner goroutine state
	rows    Rows
	row     int // the selected (model) row, -1 for none
	history []string
	offer   datalink.Link // the file the Quick look button fetches
	// listed are the selected products' files as product_files lists them;
	// selLinks the links URLs of the selected rows, whose documents (when
	// read) give some of these files' exact sizes.
	listed   []products.File
	selLinks []string
}

// New returns a controller that reports through run.
func New(deps Deps, run latest.Runner) *Controller {
	c := &Controller{deps: deps, cache: newLinksCache(LinksCacheSize), row: -1,
		links: latest.New(run), files: latest.New(run), quick: latest.New(run), gallery: latest.New(run)}
	c.rows.Links = noLinks{}
	c.state.Update(func(s *State) { s.Header = selectHint })
	return c
}

// Snapshot is the state now.
func (c *Controller) Snapshot() State { return c.state.Snapshot() }

// Subscribe calls f (on the owner goroutine) after every change.
func (c *Controller) Subscribe(f func(State)) (unsubscribe func()) { return c.state.Subscribe(f) }

// SetRows shows the details of a new result; it reports whether its rows
// can have links (the pane is worth showing).
func (c *Controller) SetRows(r Rows) bool {
	c.stop()
	c.gallery.Stop()
	if r.Links == nil {
		r.Links = noLinks{}
	}
	c.rows, c.row, c.history, c.offer = r, -1, nil, datalink.Link{}
	available := r.Links.Available()
	c.state.Update(func(s *State) {
		s.Header = "These rows have no DataLink."
		if available {
			s.Header = "Select a row: its links come from the " + r.Links.How() + "."
		}
		s.setLinks(LinksState{Message: "Select a row to see its links."})
		s.setPreviews(PreviewsState{})
		s.QuickLook = QuickLookOffer{}
		s.setFiles(FilesState{})
		s.setGallery(nil)
	})
	return available
}

// Select follows the table's selection (model rows): the first row's links
// and previews, the files of every selected product.
func (c *Controller) Select(rows []int) {
	if !c.rows.Links.Available() {
		return
	}
	c.stop()
	c.offer = datalink.Link{}
	if len(rows) == 0 {
		c.state.Update(func(s *State) {
			s.Header = selectHint
			s.QuickLook = QuickLookOffer{}
		})
		return
	}
	c.row, c.history = rows[0], nil
	c.selLinks = c.selLinks[:0]
	for _, r := range rows[:min(len(rows), MaxProducts)] {
		if u := c.rows.Links.URL(r); u != "" {
			c.selLinks = append(c.selLinks, u)
		}
	}
	linksURL := c.rows.Links.URL(c.row)
	cached := c.cache.get(linksURL)
	c.state.Update(func(s *State) {
		s.QuickLook = QuickLookOffer{}
		switch {
		case linksURL == "":
			s.Header = fmt.Sprintf("Row %d has no DataLink.", c.row+1)
			s.setPreviews(PreviewsState{})
			s.setLinks(LinksState{Message: "This row has no links."})
		case cached != nil: // in memory: no waiting
			s.Header = fmt.Sprintf("Row %d · links from the %s", c.row+1, c.rows.Links.How())
			c.show(s, linksURL, cached)
		default:
			s.Header = fmt.Sprintf("Row %d · links from the %s", c.row+1, c.rows.Links.How())
			s.setLinks(LinksState{Message: "Loading links …"})
		}
	})
	if linksURL != "" && cached == nil {
		c.fetchLinks(linksURL, Debounce, true)
	}
	c.loadFiles(products.IDsOf(c.rows.Table, rows, MaxProducts))
}

// Follow goes to a linked file's own links (ESO's eso_datalink next hop).
func (c *Controller) Follow(linksURL string) {
	if cur := c.state.Snapshot().Links.URL; cur != "" {
		c.history = append(c.history, cur)
	}
	c.Open(linksURL)
}

// Back returns to the document Follow left.
func (c *Controller) Back() {
	if len(c.history) == 0 {
		return
	}
	prev := c.history[len(c.history)-1]
	c.history = c.history[:len(c.history)-1]
	c.Open(prev)
}

// Open shows the links document at linksURL.
func (c *Controller) Open(linksURL string) {
	c.links.Stop()
	c.quick.Stop()
	c.offer = datalink.Link{}
	cached := c.cache.get(linksURL)
	c.state.Update(func(s *State) {
		s.QuickLook = QuickLookOffer{}
		if cached != nil {
			c.show(s, linksURL, cached)
			return
		}
		s.setLinks(LinksState{Message: "Loading links …", CanGoBack: len(c.history) > 0})
	})
	if cached == nil {
		c.fetchLinks(linksURL, 0, false)
	}
}

// fetchLinks reads linksURL after delay and puts it on show; onError,
// clearPreviews also takes the previous previews away.
func (c *Controller) fetchLinks(linksURL string, delay time.Duration, clearPreviews bool) {
	c.links.StartAfter(delay, func(j latest.Job) {
		ls, err := c.linksOf(j.Context(), linksURL)
		j.Finish(func() {
			c.state.Update(func(s *State) {
				if err == nil {
					c.show(s, linksURL, ls)
					return
				}
				s.setLinks(LinksState{Err: fmt.Errorf("the links could not be read: %w", err), CanGoBack: len(c.history) > 0})
				if clearPreviews {
					s.setPreviews(PreviewsState{})
				}
			})
		})
	})
}

// linksOf is the links document at u, from memory or the network. It runs
// on any goroutine: it touches only the cache and the client.
func (c *Controller) linksOf(ctx context.Context, u string) (*datalink.Links, error) {
	if ls := c.cache.get(u); ls != nil {
		return ls, nil
	}
	ls, err := datalink.Fetch(ctx, c.deps.HTTP, u)
	if err != nil {
		return nil, err
	}
	c.cache.put(u, ls)
	return ls, nil
}

// show puts a links document on show, with its previews and, when it has
// none, the offer of a quick look; the files it gives the exact size of
// show that size in the Files tab too.
func (c *Controller) show(s *State, linksURL string, ls *datalink.Links) {
	s.setLinks(LinksState{URL: linksURL, Doc: products.WithFileSizes(ls, c.listed), CanGoBack: len(c.history) > 0})
	c.sizeFiles(s, ls)
	p := PreviewsState{Items: previewsOf(ls)}
	if len(p.Items) == 0 {
		p.EmptyText = noPreviewText(ls)
		if l, ok := quickLookCandidate(ls); ok && !c.rows.NoQuickLook && !rowIsOneDimensional(c.rows.Table, c.row) {
			c.offer = l
			s.QuickLook = QuickLookOffer{Offered: true, Label: quickLookLabel(l)}
		}
	}
	s.setPreviews(p)
}

// QuickLook fetches the offered FITS file (cached) and shows its first 2-D
// image with a zscale stretch; a file without one says so in place.
func (c *Controller) QuickLook() {
	l := c.offer
	if l.AccessURL == "" {
		return
	}
	c.offer = datalink.Link{}
	c.state.Update(func(s *State) {
		s.QuickLook = QuickLookOffer{}
		s.setPreviews(PreviewsState{EmptyText: fetchingText})
	})
	files := c.deps.FITS
	c.quick.Start(func(j latest.Job) {
		shown := -1 // the percentage on show: post only when it changes
		path, err := files.Get(j.Context(), l.AccessURL, func(done, total int64) {
			if total <= 0 || int(done*100/total) == shown {
				return
			}
			shown = int(done * 100 / total)
			pct := shown
			j.Post(func() {
				c.state.Update(func(s *State) {
					s.setPreviews(PreviewsState{EmptyText: fmt.Sprintf("%s %d %%", fetchingText, pct)})
				})
			})
		})
		var ql *preview.QuickLookImage
		if err == nil {
			ql, err = preview.QuickLookFile(j.Context(), path, QuickLookPixels)
		}
		j.Finish(func() {
			c.state.Update(func(s *State) {
				if err != nil {
					s.setPreviews(PreviewsState{EmptyText: "No quick look: " + err.Error()})
					return
				}
				s.setPreviews(PreviewsState{Image: ql.Image, ImageTitle: fmt.Sprintf(
					"Quick look of HDU %d (%d × %d, zscale %.4g … %.4g)", ql.HDU, ql.Width, ql.Height, ql.Low, ql.High)})
			})
		})
	})
}

// loadFiles lists the products' files of phase3v2.product_files, after the
// selection settled.
func (c *Controller) loadFiles(ids []string) {
	c.listed = nil
	if len(ids) == 0 {
		c.state.Update(func(s *State) { s.setFiles(FilesState{}) })
		return
	}
	svc := tap.New(c.rows.TapURL, c.deps.HTTP)
	c.files.StartAfter(Debounce, func(j latest.Job) {
		files, err := products.Files(j.Context(), svc, ids)
		j.Finish(func() {
			c.state.Update(func(s *State) {
				if err != nil {
					s.setFiles(FilesState{Products: len(ids), Err: err})
					return
				}
				c.listed = files
				raw := c.cache.get(s.Links.URL) // the document on show, as read
				s.setFiles(FilesState{Products: len(ids), Files: c.exactSizes(raw)})
				if doc := products.WithFileSizes(raw, files); s.Links.Doc != nil && doc != raw {
					l := s.Links // links without a length take the files' estimates
					l.Doc = doc
					s.setLinks(l)
				}
				if len(ids) == MaxProducts {
					s.Header = fmt.Sprintf("Files: the ancillary files of the first %d selected products only.", MaxProducts)
				}
			})
		})
	})
}

// sizeFiles gives the files on show the exact sizes that the links
// documents read so far know.
func (c *Controller) sizeFiles(s *State, shown *datalink.Links) {
	if len(c.listed) == 0 {
		return
	}
	if sized := c.exactSizes(shown); !slices.Equal(sized, s.Files.Files) {
		f := s.Files
		f.Files = sized
		s.setFiles(f)
	}
}

// exactSizes are the listed files with the sizes that the documents of the
// selected rows (when read) and the one shown give exactly.
func (c *Controller) exactSizes(shown *datalink.Links) []products.File {
	docs := []*datalink.Links{shown}
	for _, u := range c.selLinks {
		docs = append(docs, c.cache.get(u))
	}
	return products.ExactSizes(c.listed, docs...)
}

// LoadGallery finds the first preview of each of viewRows (model rows in
// view order: the gallery's page) from their links documents.
func (c *Controller) LoadGallery(viewRows []int) {
	if !c.rows.Links.Available() {
		c.gallery.Stop()
		c.state.Update(func(s *State) { s.setGallery(nil) })
		return
	}
	urls := make([]string, len(viewRows))
	for i, r := range viewRows {
		urls[i] = c.rows.Links.URL(r)
	}
	titles := rowLabels(c.rows.Table, viewRows)
	c.state.Update(func(s *State) {
		s.Header = fmt.Sprintf("Finding the previews of the first %d rows …", len(viewRows))
	})
	c.gallery.Start(func(j latest.Job) {
		items := make([]GalleryItem, len(urls))
		var wg sync.WaitGroup
		slots := make(chan struct{}, galleryFetches)
		for i, u := range urls {
			items[i] = GalleryItem{ViewRow: i, Title: titles[i]}
			if u == "" {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				slots <- struct{}{}
				defer func() { <-slots }()
				if ls, err := c.linksOf(j.Context(), u); err == nil {
					if ps := ls.Previews(); len(ps) > 0 {
						items[i].PreviewURL = ps[0].AccessURL
					}
				}
			}()
		}
		wg.Wait()
		j.Finish(func() {
			n := 0
			for _, it := range items {
				if it.PreviewURL != "" {
					n++
				}
			}
			c.state.Update(func(s *State) {
				s.Header = fmt.Sprintf("Gallery: %d of the first %d rows have a preview; tap one to select its row.", n, len(items))
				s.setGallery(items)
			})
		})
	})
}

// DownloadLinks queues the links' files.
func (c *Controller) DownloadLinks(links []datalink.Link) { c.enqueue(linkJobs(links)) }

// DownloadFiles queues product files by their URLs; files without one are
// left out, and the header says so.
func (c *Controller) DownloadFiles(urls []string) {
	var jobs []download.Job
	missing := 0
	for _, u := range urls {
		if u == "" {
			missing++
			continue
		}
		jobs = append(jobs, download.Job{URL: u, NeedsToken: true})
	}
	c.enqueue(jobs)
	if missing > 0 {
		c.Tell(fmt.Sprintf("%d files have no download URL in phase3v2.product_files and were left out.", missing))
	}
}

func (c *Controller) enqueue(jobs []download.Job) {
	if len(jobs) == 0 {
		return
	}
	if err := c.deps.Enqueue(jobs, productsFolder); err != nil {
		c.Tell("Could not queue the downloads: " + err.Error())
	}
}

// Tell puts a message in the header (e.g. a URL the view could not open).
func (c *Controller) Tell(msg string) {
	c.state.Update(func(s *State) { s.Header = msg })
}

// Close stops all background work and drops its results; the controller
// stays usable (the Spectra tab's Escape closes it and goes on).
func (c *Controller) Close() {
	c.stop()
	c.gallery.Stop()
}

// Wait returns when every background job has ended (tests).
func (c *Controller) Wait() {
	for _, t := range []*latest.Task{c.links, c.files, c.quick, c.gallery} {
		t.Wait()
	}
}

// stop cancels the work for the row on show.
func (c *Controller) stop() {
	c.links.Stop()
	c.files.Stop()
	c.quick.Stop()
}

func (s *State) setLinks(l LinksState) {
	l.Seq = s.Links.Seq + 1
	s.Links = l
}

func (s *State) setPreviews(p PreviewsState) {
	p.Seq = s.Previews.Seq + 1
	s.Previews = p
}

func (s *State) setFiles(f FilesState) {
	f.Seq = s.Files.Seq + 1
	s.Files = f
}

func (s *State) setGallery(items []GalleryItem) {
	s.Gallery = GalleryState{Seq: s.Gallery.Seq + 1, Items: items}
}

// noLinks are the rows of no result yet.
type noLinks struct{}

func (noLinks) Available() bool { return false }
func (noLinks) How() string     { return "" }
func (noLinks) URL(int) string  { return "" }
