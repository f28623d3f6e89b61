package app

import (
	"bytes"
	"context"
	"image"
	"image/draw"
	"image/png"
	"net/http/httptest"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/bytesize"
	"esodesk/internal/fixtures"
	"esodesk/internal/testbedenv"
	"esodesk/internal/uitest"
	"esodesk/preview"
	"esodesk/services/datalink"
	"esodesk/services/download"
	"esodesk/services/products"
	"esodesk/services/tap"
	"esodesk/testbed/standin"
)

// realPreviewProduct is the testbed product whose ANCILLARY.PREVIEW file is
// ESO's real preview PNG (the stand-in serves the fixture for its id).
const realPreviewProduct = "ADP.2020-05-04T12:36:12.651"

// newProductsUI is the window on the testbed with the ESO-only services on
// an in-process stand-in that knows the testbed's products.
func newProductsUI(t testing.TB) *UI {
	t.Helper()
	tb := testbedenv.URL(t)
	srv := httptest.NewServer(standin.New(standin.Options{ArchiveTAP: tb + "/tap", FixturesDir: fixtures.Dir()}))
	t.Cleanup(srv.Close)
	t.Setenv("ESODESK_STANDIN_URL", srv.URL)
	return newTestUI(t)
}

// rowOf is the view row showing dp_id.
func rowOf(t *testing.T, u *UI, dpID string) int {
	t.Helper()
	tab := u.tap.results.Table()
	col := tab.Columns[tab.FieldIndex("dp_id")]
	for v := 0; v < u.tap.results.VisibleRows(); v++ {
		if col.String(u.tap.results.ViewRow(v)) == dpID {
			return v
		}
	}
	t.Fatalf("%s is not among the results", dpID)
	return -1
}

func rgba(img image.Image) *image.RGBA {
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out
}

// Selecting an ESO product in the TAP results shows its real preview PNG
// (pixel for pixel), its links grouped by meaning, and its ancillary files
// as phase3v2.product_files lists them; links and files download through
// the queue.
func TestDetailsPaneShowsTheRealPreview(t *testing.T) {
	u := newProductsUI(t)
	fixture := fixtures.Open(t, "eso_astroquery_examples/ADP.2025-12-18T13_16_13.402.png")
	want, err := png.Decode(fixture)
	if err != nil {
		t.Fatal(err)
	}
	runInGUI(t, u, "SELECT dp_id, obs_title, access_url, access_format FROM ivoa.obscore WHERE dataproduct_type IN ('image', 'cube') ORDER BY dp_id", "1000", modeSync)
	onUI(func() {
		if u.tap.resultsArea.Objects[0] != u.tap.resultsSplit {
			t.Error("ObsCore rows with DataLink access_urls: the details pane is not shown")
		}
		u.tap.results.SelectRow(rowOf(t, u, realPreviewProduct))
	})
	var got image.Image
	eventually(t, "the preview on screen", queryTimeout, func() bool {
		_, got = u.tap.details.previews.Current()
		return got != nil
	})
	g, w := rgba(got), rgba(want)
	if g.Bounds() != w.Bounds() {
		t.Fatalf("preview %v, the fixture is %v", g.Bounds(), w.Bounds())
	}
	for i := range w.Pix {
		if g.Pix[i] != w.Pix[i] {
			t.Fatalf("the preview differs from ESO's PNG at byte %d", i)
		}
	}
	// and on screen, fitted to the pane off the UI goroutine: the same
	// picture, area-averaged to the pane's pixels
	var onScreen image.Image
	eventually(t, "the fitted preview on screen", queryTimeout, func() bool {
		for _, ci := range uitest.Find(u.tap.details.previews, func(ci *canvas.Image) bool { return ci.Image != nil }) {
			onScreen = ci.Image
		}
		return onScreen != nil
	})
	b := onScreen.Bounds()
	if b.Dx() >= want.Bounds().Dx() {
		t.Errorf("the picture on screen is %v: not fitted to the pane", b)
	}
	fitted := rgba(preview.Thumbnail(want, max(b.Dx(), b.Dy())))
	if s := rgba(onScreen); s.Bounds() != fitted.Bounds() || !bytes.Equal(s.Pix, fitted.Pix) {
		t.Errorf("the picture on screen (%v) is not ESO's PNG fitted to the pane", b)
	}

	// Links: what the links document says, grouped.
	var ls *datalink.Links
	eventually(t, "the links", queryTimeout, func() bool {
		ls = u.tap.details.links.Links()
		return ls != nil
	})
	text := ""
	onUI(func() {
		u.tap.details.tabs.SelectIndex(1) // Links
		text = visibleText(u.tap.details.links)
	})
	for _, g := range datalink.Groups {
		if n := len(ls.InGroup(g)); n > 0 && !strings.Contains(text, g.String()) {
			t.Errorf("group %s (%d links) not shown:\n%s", g, n, text)
		}
	}
	if !strings.Contains(text, "ANCILLARY.PREVIEW") {
		t.Errorf("the preview file's category is not shown:\n%s", text)
	}

	// Files: the product's rows of phase3v2.product_files.
	files, err := products.Files(context.Background(), tap.New(testbedenv.URL(t)+"/tap", nil), []string{realPreviewProduct})
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, "the product files", queryTimeout, func() bool {
		return len(u.tap.details.files.Visible()) == len(files) && len(files) > 0
	})
	onUI(func() {
		if c := u.tap.details.files.Categories(); c["ANCILLARY.PREVIEW"] != products.Categories(files)["ANCILLARY.PREVIEW"] {
			t.Errorf("categories %v, want %v", c, products.Categories(files))
		}
	})

	// Download the ancillary group and every preview file: through the queue.
	onUI(func() {
		u.tap.details.links.SelectGroup(datalink.GroupAncillary)
		u.tap.details.downloadLinks(u.tap.details.links.Selected())
		u.tap.details.downloadFiles(u.tap.details.files.CategoryFiles("ANCILLARY.PREVIEW"))
	})
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	if err := u.downloads.queue.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	snap := u.downloads.queue.Snapshot()
	if len(snap) == 0 {
		t.Fatal("nothing was queued")
	}
	for _, st := range snap {
		if st.State != download.Done && st.State != download.Skipped {
			t.Errorf("%s: %s (%s)", st.Job.URL, st.State, st.Error)
		}
	}
}

// Following a link's eso_datalink goes one hop further; Back returns.
func TestDetailsPaneFollowsNextHop(t *testing.T) {
	u := newProductsUI(t)
	runInGUI(t, u, "SELECT dp_id, access_url, access_format FROM ivoa.obscore WHERE dataproduct_type IN ('image', 'cube') ORDER BY dp_id", "1000", modeSync)
	onUI(func() { u.tap.results.SelectRow(0) })
	var first *datalink.Links
	eventually(t, "the links", queryTimeout, func() bool {
		first = u.tap.details.links.Links()
		return first != nil
	})
	var hop string
	for _, l := range first.Rows {
		if l.ESODatalink != "" && l.IsA("#progenitor") {
			hop = l.ESODatalink
			break
		}
	}
	if hop == "" {
		t.Fatal("the product has no progenitor with a next hop")
	}
	onUI(func() { u.tap.details.follow(hop) })
	eventually(t, "the next hop's links", queryTimeout, func() bool {
		ls := u.tap.details.links.Links()
		return ls != nil && ls != first && u.tap.details.current == hop
	})
	onUI(func() {
		if len(u.tap.details.links.Links().InGroup(datalink.GroupCalibrations)) == 0 {
			t.Error("a raw frame's links lack the CalSelector rows")
		}
		u.tap.details.back()
	})
	eventually(t, "back to the product", queryTimeout, func() bool { return u.tap.details.links.Links() == first })
}

// A table without DataLink keeps the results alone.
func TestDetailsPaneHiddenWithoutLinks(t *testing.T) {
	u := newProductsUI(t)
	runInGUI(t, u, "SELECT table_name FROM TAP_SCHEMA.tables", "1000", modeSync)
	onUI(func() {
		if u.tap.resultsArea.Objects[0] != u.tap.results {
			t.Error("the details pane is shown for rows without links")
		}
	})
}

// At the default window size, the details pane beside the results neither
// squeezes the table's filter box to a few characters nor moves the split
// when its header or the table's count change (a longer count once raised
// the table's minimum width past the split's place; a wrapped header
// changed the pane's height with every message).
func TestDetailsPaneKeepsTheSplitAndTheFilter(t *testing.T) {
	u := newProductsUI(t)
	onUI(func() { u.win.Resize(fyne.NewSize(1280, 820)) })
	runInGUI(t, u, "SELECT dp_id, obs_title, instrument_name, dataproduct_type, target_name, access_url, access_format FROM ivoa.obscore WHERE dataproduct_type IN ('image', 'cube') ORDER BY dp_id", "1000", modeSync)
	split := u.tap.resultsSplit
	var filter *widget.Entry
	var width, paneMin float32
	var headerMin fyne.Size
	// layout lays the split out again as the window does when a minimum
	// size changed, and reports the table's width.
	layout := func() float32 {
		split.Refresh()
		return split.Leading.Size().Width
	}
	onUI(func() {
		if u.tap.resultsArea.Objects[0] != split {
			t.Fatal("the details pane is not shown")
		}
		filter = uitest.Find(u.tap.results, func(e *widget.Entry) bool { return e.PlaceHolder == "Filter rows (any visible column)" })[0]
		width, paneMin, headerMin = layout(), split.Trailing.MinSize().Width, u.tap.details.header.MinSize()
	})
	check := func(when string) {
		t.Helper()
		onUI(func() {
			if got := layout(); got != width {
				t.Errorf("%s: the table is %v wide, was %v: the split moved", when, got, width)
			}
			if got := split.Trailing.MinSize().Width; got != paneMin {
				t.Errorf("%s: the pane's minimum width changed from %v to %v", when, paneMin, got)
			}
			if got := u.tap.details.header.MinSize(); got != headerMin {
				t.Errorf("%s: the header's minimum size changed from %v to %v (%q)", when, headerMin, got, u.tap.details.header.Text)
			}
			if got := filter.Size().Width; got < 200 {
				t.Errorf("%s: the filter box is %v wide", when, got)
			}
		})
	}
	check("before a selection")
	onUI(func() { u.tap.results.SelectRow(rowOf(t, u, realPreviewProduct)) })
	eventually(t, "the links", queryTimeout, func() bool { return u.tap.details.links.Links() != nil })
	check("a row selected")
	onUI(func() { u.tap.results.SelectAll() })
	eventually(t, "the files", queryTimeout, func() bool { return len(u.tap.details.files.Visible()) > 20 })
	check("every row selected")
	var cats []string
	onUI(func() {
		for c := range u.tap.details.files.Categories() {
			cats = append(cats, c)
		}
	})
	for _, c := range cats { // the Files tab's filter and button name the category
		onUI(func() { u.tap.details.files.SetCategory(c) })
		check("files of " + c)
	}
	onUI(func() { u.tap.details.tabs.SelectIndex(3) }) // Gallery: a long header
	eventually(t, "the gallery", queryTimeout, func() bool { return strings.HasPrefix(u.tap.details.header.Text, "Gallery:") })
	check("the gallery")
	onUI(func() { u.tap.details.openURL("no-such-scheme://" + strings.Repeat("a very long address ", 12)) })
	eventually(t, "the message", queryTimeout, func() bool { return strings.HasPrefix(u.tap.details.header.Text, "Could not open") })
	check("a long message")
}

// The same file shows the same size in the Links and the Files tab: the
// exact bytes of its DataLink row, not product_files' estimate (once
// "1.7 MB" and "≈8.3 MB"); an estimate is marked "≈".
func TestDetailsPaneLinksAndFilesShowOneSize(t *testing.T) {
	u := newProductsUI(t)
	runInGUI(t, u, "SELECT dp_id, obs_title, access_url, access_format FROM ivoa.obscore WHERE dataproduct_type IN ('image', 'cube') ORDER BY dp_id", "1000", modeSync)
	onUI(func() { u.tap.results.SelectRow(rowOf(t, u, realPreviewProduct)) })
	var ls *datalink.Links
	eventually(t, "the links and files", queryTimeout, func() bool {
		ls = u.tap.details.links.Links()
		return ls != nil && len(u.tap.details.files.Visible()) > 0
	})
	var this datalink.Link
	for _, l := range ls.Rows {
		if l.IsA("#this") {
			this = l
		}
	}
	size := bytesize.Format(this.ContentLength)
	if this.ContentLength <= 0 || this.LengthEstimated {
		t.Fatalf("#this %+v: no exact length", this)
	}
	var links, files string
	onUI(func() {
		u.tap.details.tabs.SelectIndex(1)
		links = visibleText(u.tap.details.links)
		u.tap.details.tabs.SelectIndex(2)
		files = visibleText(u.tap.details.files.Widget())
	})
	if !strings.Contains(links, this.ContentType+" · "+size) {
		t.Errorf("Links does not show the file's %s:\n%s", size, links)
	}
	if !strings.Contains(files, " · "+size+" · of "+realPreviewProduct) || strings.Contains(files, "≈"+size) {
		t.Errorf("Files does not show the file's exact %s:\n%s", size, files)
	}
}
