package ancillarylist

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/bytesize"
	"esodesk/internal/fixtures"
	"esodesk/internal/uitest"
)

const (
	dir = "eso_astroquery_examples/extracted/"
	// The products the recorded queries asked about (their cell sources).
	museProduct     = "ADP.2024-03-19T05:58:04.407"
	espressoProduct = "ADP.2021-04-12T12:27:33.887"
)

// table reads an astropy printout of an ESO TAP result as maps per row.
func table(t *testing.T, rel string) []map[string]string {
	t.Helper()
	sc := bufio.NewScanner(fixtures.Open(t, rel))
	sc.Buffer(nil, 1<<20)
	var lines [][]string
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), "#") && sc.Text() != "" {
			lines = append(lines, strings.Split(sc.Text(), "\t"))
		}
	}
	header := lines[0]
	var out []map[string]string
	for _, r := range lines[2:] { // after the dtype row (these tables have no units)
		m := map[string]string{}
		for i, c := range r {
			m[header[i]] = c
		}
		out = append(out, m)
	}
	return out
}

// productFiles joins two recorded product_files queries of the MUSE cube
// (URL and size; extension and file name) and adds the ESPRESSO product's
// files, recorded without URL or size.
func productFiles(t *testing.T) []File {
	t.Helper()
	names := map[string]map[string]string{}
	for _, r := range table(t, dir+"07_cell8.tsv") {
		names[r["archive_id"]] = r
	}
	var files []File
	for _, r := range table(t, dir+"07_cell10.tsv") {
		mb, err := strconv.ParseFloat(r["access_estsize_mb"], 64)
		if err != nil {
			t.Fatal(err)
		}
		n := names[r["archive_id"]]
		files = append(files, File{ProductID: museProduct, ArchiveID: r["archive_id"], Category: r["eso_category"],
			URL: r["access_url"], Size: int64(math.Round(mb * 1e6)), Estimated: true, Extension: n["extension"], OriginalName: n["original_filename"]})
	}
	for _, r := range table(t, dir+"07_cell13.tsv") {
		files = append(files, File{ProductID: espressoProduct, ArchiveID: r["archive_id"], Category: r["eso_category"],
			OriginalName: r["original_filename"], Size: -1})
	}
	return files
}

func newList(t *testing.T) (*List, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	l := New(nil)
	w := test.NewTempWindow(t, l.Widget())
	l.win = w
	w.Resize(fyne.NewSize(450, 700))
	return l, w
}

// button is the last button below o whose text starts with prefix.
func button(t *testing.T, o fyne.CanvasObject, prefix string) *widget.Button {
	t.Helper()
	bs := uitest.Find(o, func(b *widget.Button) bool { return strings.HasPrefix(b.Text, prefix) })
	if len(bs) == 0 {
		t.Fatalf("no button %q in %q", prefix, uitest.Texts(o))
	}
	return bs[len(bs)-1]
}

func TestFilterAndDownloadCategory(t *testing.T) {
	l, w := newList(t)
	files := productFiles(t)
	l.SetFiles(files)
	cats := l.Categories()
	if cats["ANCILLARY.PREVIEW"] != 3 || cats["SCIENCE.CUBE.IFS"] != 1 || cats["ANCILLARY.CCF"] != 2 || len(l.Visible()) != len(files) {
		t.Fatalf("categories %v, %d shown of %d", cats, len(l.Visible()), len(files))
	}
	for _, o := range []string{"All categories (9)", "ANCILLARY.PREVIEW (3)", "ANCILLARY.2DECHELLE.TAR (1)"} {
		found := false
		for _, x := range l.catSelect.Options {
			found = found || x == o
		}
		if !found {
			t.Errorf("category filter lacks %q: %q", o, l.catSelect.Options)
		}
	}
	if !button(t, w.Content(), "Download all").Disabled() {
		t.Error("download-all-of-category enabled with no category chosen")
	}

	l.catSelect.SetSelected("ANCILLARY.PREVIEW (3)")
	vis := l.Visible()
	if len(vis) != 3 {
		t.Fatalf("%d files shown for ANCILLARY.PREVIEW", len(vis))
	}
	for _, f := range vis {
		if f.Category != "ANCILLARY.PREVIEW" || f.Extension != "PNG" || !strings.HasSuffix(f.OriginalName, ".png") {
			t.Errorf("shown %+v", f)
		}
	}
	uitest.Shows(t, w.Content(), "r.MUSE.2024-03-07T08:36:46.807_pst.png")
	uitest.Shows(t, w.Content(), "ANCILLARY.PREVIEW · PNG · ≈335.0 kB · of "+museProduct)
	uitest.Shows(t, w.Content(), "3 shown · ≈1.0 MB") // estimates add up to an estimate

	// The text filter narrows within the category.
	l.SetQuery("_pst")
	if len(l.Visible()) != 2 {
		t.Errorf("_pst among previews: %d shown", len(l.Visible()))
	}

	var got [][]File
	l.OnDownload = func(f []File) { got = append(got, f) }
	b := button(t, w.Content(), "Download all 3 files of the category")
	test.Tap(b)
	if len(got) != 1 || len(got[0]) != 3 {
		t.Fatalf("download all of the category passed %v", got)
	}
	for _, f := range got[0] {
		if f.Category != "ANCILLARY.PREVIEW" || f.URL != "https://dataportal.eso.org/dataPortal/file/"+f.ArchiveID {
			t.Errorf("passed %+v", f)
		}
	}
}

func TestSelectAndDownload(t *testing.T) {
	l, w := newList(t)
	l.SetFiles(productFiles(t))
	var got [][]File
	l.OnDownload = func(f []File) { got = append(got, f) }
	dl := button(t, w.Content(), "Download selected")
	if !dl.Disabled() {
		t.Error("Download selected enabled with nothing checked")
	}
	// Tick the first two rows the list draws.
	var checks []*widget.Check
	uitest.Walk(l.list, func(o fyne.CanvasObject) bool {
		if c, ok := o.(*widget.Check); ok {
			checks = append(checks, c)
		}
		return true
	})
	if len(checks) < 3 {
		t.Fatalf("%d rows drawn", len(checks))
	}
	test.Tap(checks[0])
	test.Tap(checks[2])
	vis := l.Visible()
	// ESO's estimates add up to an estimate
	uitest.Shows(t, w.Content(), "2 selected · "+bytesize.Text(vis[0].Size+vis[2].Size, true))
	test.Tap(dl)
	if len(got) != 1 || len(got[0]) != 2 || got[0][0].ArchiveID != vis[0].ArchiveID || got[0][1].ArchiveID != vis[2].ArchiveID {
		t.Fatalf("OnDownload got %+v", got)
	}
	// The selection survives a filter that hides it, and says so.
	l.SetCategory("ANCILLARY.CCF")
	uitest.Shows(t, w.Content(), "(2 hidden by the filters)")
	uitest.Shows(t, w.Content(), "size unknown")
	l.SelectVisible()
	if len(l.Selected()) != 4 {
		t.Errorf("%d selected after Select shown", len(l.Selected()))
	}
	uitest.Shows(t, w.Content(), "+ 2 of unknown size")
	test.Tap(button(t, w.Content(), "Clear"))
	if len(l.Selected()) != 0 {
		t.Error("Clear left files checked")
	}
}

func TestLoadingAndError(t *testing.T) {
	l, w := newList(t)
	uitest.Shows(t, w.Content(), EmptyText)
	l.SetLoading("Querying phase3v2.product_files…")
	uitest.Shows(t, w.Content(), "Querying phase3v2.product_files…")
	l.SetError(os.ErrDeadlineExceeded)
	uitest.Shows(t, w.Content(), "Could not read the product files: i/o timeout")
}

func TestScreenshot(t *testing.T) {
	l, w := newList(t)
	l.SetFiles(productFiles(t))
	l.SelectVisible()
	save := func(name string) {
		uitest.SaveShot(t, w, "ESODESK_SHOT_DIR", "ancillarylist-"+name+".png", 0)
	}
	save("all")
	l.SetCategory("ANCILLARY.PREVIEW")
	save("previews")
}

// A size is marked "≈" only when it is ESO's estimate: the files whose
// exact size is known (from their DataLink) show it plainly, and a total
// is an estimate when one of its parts is.
func TestSizesSayWhenEstimated(t *testing.T) {
	l, w := newList(t)
	files := productFiles(t)[:2]
	files[0].Estimated = false // exact, e.g. the DataLink's content_length
	l.SetFiles(files)
	uitest.Shows(t, w.Content(), " · "+bytesize.Format(files[0].Size)+" · ")
	uitest.Hides(t, w.Content(), "≈"+bytesize.Format(files[0].Size))
	uitest.Shows(t, w.Content(), " · ≈"+bytesize.Format(files[1].Size)+" · ")
	uitest.Shows(t, w.Content(), "2 shown · ≈"+bytesize.Format(files[0].Size+files[1].Size))
	l.SetFiles(files[:1])
	uitest.Shows(t, w.Content(), "1 shown · "+bytesize.Format(files[0].Size))
}
