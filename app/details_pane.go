package app

import (
	"fmt"
	"image/color"
	"net/url"
	"os"
	"path/filepath"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/detailsctl"
	"esodesk/preview"
	"esodesk/services/datalink"
	"esodesk/services/download"
	"esodesk/services/fetch"
	"esodesk/services/votable"
	"esodesk/widgets/ancillarylist"
	"esodesk/widgets/linkslist"
	"esodesk/widgets/previewpane"
)

// detailsPane shows, beside a result table, what belongs to the selected
// row: its previews, its DataLink links and, for ESO products, the
// ancillary files of phase3v2.product_files; and a gallery of the previews
// of the rows on show. It is the view of a detailsctl.Controller.
type detailsPane struct {
	u       *UI
	ctl     *detailsctl.Controller
	content fyne.CanvasObject
	tabs    *container.AppTabs
	header  *widget.Label
	quick   *widget.Button // quick look of a FITS image without a preview

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

	// current is the links URL on show (the controller's, for the tabs' tests).
	current string
	// shown is the state rendered last: its Seq numbers say what changed.
	shown detailsctl.State
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
	d := &detailsPane{u: u, selectViewRow: selectViewRow, viewRows: viewRows}
	d.ctl = detailsctl.New(detailsctl.Deps{
		HTTP:    u.http,
		FITS:    fetch.New(fetch.DefaultDir("quicklook"), u.http),
		Enqueue: func(jobs []download.Job, folder string) error { return u.downloads.enqueue(jobs, folder) },
	}, u.do)
	cache := u.previewCache()

	d.header = widget.NewLabel(d.ctl.Snapshot().Header)
	d.header.Wrapping = fyne.TextWrapWord
	d.header.Truncation = fyne.TextTruncateEllipsis
	d.quick = widget.NewButton("Quick look", d.ctl.QuickLook)
	d.quick.Hide()
	d.previews = previewpane.New(u.win, cache, u.do)
	d.previews.Debounce = detailsctl.Debounce
	d.links = linkslist.New(u.win)
	d.links.OnDownload = d.downloadLinks
	d.links.OnFollow = d.follow
	d.links.OnBack = d.back
	d.links.OnOpenURL = d.openURL
	d.files = ancillarylist.New(u.win)
	d.files.OnDownload = d.downloadFiles
	d.gallery = previewpane.NewGallery(u.win, cache, u.do)
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
	// The header's messages come and go as the selection changes: two lines
	// of room whatever they say (the rest cut), so the pane's minimum size,
	// and with it the split beside the table, stays put.
	twoLines := canvas.NewRectangle(color.Transparent)
	twoLines.SetMinSize(fyne.NewSize(0, widget.NewLabel("1\n2").MinSize().Height))
	header := container.NewBorder(nil, nil, nil, d.quick, container.NewStack(twoLines, d.header))
	d.content = container.NewBorder(header, nil, nil, nil, d.tabs)
	d.shown = d.ctl.Snapshot()
	d.ctl.Subscribe(d.render)
	return d
}

// setResult tells the pane about a new result; it reports whether its rows
// can have links (the pane is worth showing).
func (d *detailsPane) setResult(doc *votable.Document, t *votable.Table, tapURL string) bool {
	return d.setRows(t, datalink.NewFinder(doc, t, d.u.settings.DataLink), tapURL)
}

// setRows is setResult with the rows' links given.
func (d *detailsPane) setRows(t *votable.Table, links detailsctl.RowLinks, tapURL string) bool {
	ok := d.ctl.SetRows(detailsctl.Rows{Table: t, Links: links, TapURL: tapURL, NoQuickLook: d.noQuickLook})
	if d.tabs.Selected() == d.galTab {
		d.loadGallery()
	}
	return ok
}

// selectionChanged follows the table's selection (model rows).
func (d *detailsPane) selectionChanged(rows []int) { d.ctl.Select(rows) }

func (d *detailsPane) follow(next string)   { d.ctl.Follow(next) }
func (d *detailsPane) back()                { d.ctl.Back() }
func (d *detailsPane) open(linksURL string) { d.ctl.Open(linksURL) }

// loadGallery shows the previews of the first rows of the current view.
func (d *detailsPane) loadGallery() {
	var rows []int
	if d.viewRows != nil {
		rows = d.viewRows(detailsctl.GalleryPage)
	}
	d.ctl.LoadGallery(rows)
}

func (d *detailsPane) openURL(raw string) {
	if u, err := url.Parse(raw); err == nil {
		if err := d.u.app.OpenURL(u); err == nil {
			return
		}
	}
	d.ctl.Tell("Could not open " + raw)
}

func (d *detailsPane) downloadLinks(links []datalink.Link) { d.ctl.DownloadLinks(links) }

func (d *detailsPane) downloadFiles(files []ancillarylist.File) {
	urls := make([]string, len(files))
	for i, f := range files {
		urls[i] = f.URL
	}
	d.ctl.DownloadFiles(urls)
}

func (d *detailsPane) close() { d.ctl.Close() }

// render shows the controller's state, re-applying only the parts whose
// Seq changed (UI goroutine: the controller changes state there).
func (d *detailsPane) render(s detailsctl.State) {
	if s.Header != d.header.Text {
		d.header.SetText(s.Header)
	}
	if s.Links.Seq != d.shown.Links.Seq {
		d.renderLinks(s.Links)
	}
	if s.Previews.Seq != d.shown.Previews.Seq {
		d.renderPreviews(s.Previews)
	}
	if s.QuickLook != d.shown.QuickLook {
		if s.QuickLook.Offered {
			d.quick.SetText(s.QuickLook.Label)
			d.quick.Show()
		} else {
			d.quick.Hide()
		}
	}
	if s.Files.Seq != d.shown.Files.Seq {
		d.renderFiles(s.Files)
	}
	if s.Gallery.Seq != d.shown.Gallery.Seq {
		items := make([]previewpane.GalleryItem, len(s.Gallery.Items))
		for i, it := range s.Gallery.Items {
			items[i] = previewpane.GalleryItem{Key: strconv.Itoa(it.ViewRow), Title: it.Title, URL: it.PreviewURL}
		}
		d.gallery.SetItems(items)
	}
	d.shown = s
}

func (d *detailsPane) renderLinks(l detailsctl.LinksState) {
	d.current = l.URL
	switch {
	case l.Doc != nil:
		d.links.SetLinks(l.Doc, l.URL)
	case l.Err != nil:
		d.links.SetError(l.Err)
	default:
		d.links.SetLoading(l.Message)
	}
	d.links.SetCanGoBack(l.CanGoBack)
}

func (d *detailsPane) renderPreviews(p detailsctl.PreviewsState) {
	if p.Image != nil {
		d.previews.ShowImage(p.Image, p.ImageTitle)
		return
	}
	if len(p.Items) == 0 {
		empty := p.EmptyText
		if empty == "" {
			empty = previewpane.DefaultEmptyText
		}
		d.previews.SetEmptyText(empty)
	}
	items := make([]previewpane.Item, len(p.Items))
	for i, it := range p.Items {
		items[i] = previewpane.Item{URL: it.URL, Title: it.Title}
	}
	d.previews.ShowItems(items)
}

func (d *detailsPane) renderFiles(f detailsctl.FilesState) {
	d.filesTab.Text = "Files"
	if f.Err != nil {
		d.files.SetError(f.Err)
	} else {
		out := make([]ancillarylist.File, len(f.Files))
		for i, pf := range f.Files {
			out[i] = ancillarylist.File{ProductID: pf.ProductID, ArchiveID: pf.ArchiveID, Category: pf.Category,
				Extension: pf.Extension, OriginalName: pf.OriginalName, URL: pf.URL, Size: pf.Size, Estimated: pf.Estimated}
		}
		d.files.SetFiles(out)
		if f.Products > 0 {
			d.filesTab.Text = fmt.Sprintf("Files (%d)", len(out))
		}
	}
	d.tabs.Refresh()
}
