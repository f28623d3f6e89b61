package detailsctl

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"esodesk/internal/esotables"
	"esodesk/internal/testserver"
	"esodesk/preview"
	"esodesk/services/datalink"
)

// Which link a quick look fetches: the dataset's own FITS file, available
// and not too big.
func TestQuickLookCandidate(t *testing.T) {
	this := func(ct string, size int64) datalink.Link {
		return datalink.Link{AccessURL: "https://x/f", Semantics: "#this", ContentType: ct, ContentLength: size}
	}
	failed := this("application/fits", 10)
	failed.ErrorMessage, failed.AccessURL = "NotFoundFault", ""
	progenitor := this("application/fits", 10)
	progenitor.Semantics = "#progenitor"
	for _, c := range []struct {
		name string
		link datalink.Link
		want bool
	}{
		{"FITS", this("application/fits", 2000), true},
		{"FITS of unknown size", this("image/fits", -1), true},
		{"FITS at the limit", this("application/fits", QuickLookMax), true},
		{"FITS too big", this("application/fits", QuickLookMax+1), false},
		{"not FITS", this("application/x-votable+xml", 10), false},
		{"failed", failed, false},
		{"not the dataset", progenitor, false},
	} {
		_, got := quickLookCandidate(&datalink.Links{Rows: []datalink.Link{c.link}})
		if got != c.want {
			t.Errorf("%s: candidate %v, want %v", c.name, got, c.want)
		}
	}
}

// quickLookServer serves a small 2-D FITS file and links documents: the
// file alone, and with a PDF preview.
func quickLookServer(t *testing.T) (srv *testserver.Files, fitsPath, alone, withPDF string) {
	fitsPath = filepath.Join("..", "..", "preview", "testdata", "zscale_float_small.fits")
	data, err := os.ReadFile(fitsPath)
	if err != nil {
		t.Fatal(err)
	}
	srv = testserver.New(t)
	file := srv.Put("/file.fits", "application/fits", data)
	header := []string{"ID", "access_url", "service_def", "error_message", "semantics", "description", "content_type", "content_length"}
	this := []string{"ivo://test/x", file, "", "", "#this", "the image", "application/fits", strconv.Itoa(len(data))}
	pdf := []string{"ivo://test/x", srv.URL + "/p.pdf", "", "", "#preview", "a preview", "application/pdf", "100"}
	alone = srv.Put("/links/alone", datalinkType, esotables.DataLinkVOTable(t, header, [][]string{this}))
	withPDF = srv.Put("/links/pdf", datalinkType, esotables.DataLinkVOTable(t, header, [][]string{this, pdf}))
	return srv, fitsPath, alone, withPDF
}

// A row whose dataset is a FITS image without a preview offers a quick
// look, unless the row is 1-D data or the tab turned quick looks off; the
// quick look is the preview package's image of the file.
func TestQuickLookOffer(t *testing.T) {
	h := newHarness(t)
	_, fitsPath, alone, withPDF := quickLookServer(t)
	tab := stringTable(t, []string{"datalink_url", "dataproduct_type"},
		[]string{alone, "image"}, []string{alone, "spectrum"}, []string{withPDF, "cube"})
	h.SetRows(linkRows(tab))

	h.Select([]int{1})
	h.settle()
	if s := h.Snapshot(); s.QuickLook.Offered || s.Links.Doc == nil {
		t.Errorf("a spectrum's FITS file offered for a quick look: %+v", s.QuickLook)
	}
	h.Select([]int{2})
	h.settle()
	if s := h.Snapshot(); !strings.Contains(s.Previews.EmptyText, "Links › Previews") || !s.QuickLook.Offered {
		t.Errorf("a PDF preview: empty text %q, quick look %+v", s.Previews.EmptyText, s.QuickLook)
	}
	h.Select([]int{0})
	h.settle()
	s := h.Snapshot()
	if !s.QuickLook.Offered || s.QuickLook.Label != "Quick look (FITS, 5.8 kB)" || s.Previews.EmptyText != "" {
		t.Fatalf("quick look %+v, empty text %q", s.QuickLook, s.Previews.EmptyText)
	}

	h.QuickLook()
	if s := h.Snapshot(); s.QuickLook.Offered || !strings.HasPrefix(s.Previews.EmptyText, fetchingText) {
		t.Errorf("while fetching: %+v, %q", s.QuickLook, s.Previews.EmptyText)
	}
	h.settle()
	s = h.Snapshot()
	want, err := preview.QuickLookFile(t.Context(), fitsPath, QuickLookPixels)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := s.Previews.Image.(*image.Gray)
	if !ok || got.Bounds() != want.Image.Bounds() || !bytes.Equal(got.Pix, want.Image.Pix) {
		t.Fatalf("the quick look (%T) is not the file's", s.Previews.Image)
	}
	if !strings.HasPrefix(s.Previews.ImageTitle, "Quick look of HDU 0") {
		t.Errorf("title %q", s.Previews.ImageTitle)
	}

	rows := linkRows(tab)
	rows.NoQuickLook = true
	h.SetRows(rows)
	h.Select([]int{0})
	h.settle()
	if s := h.Snapshot(); s.QuickLook.Offered {
		t.Error("quick looks turned off, yet offered")
	}
}

// A FITS file without an image says so in place of the quick look.
func TestQuickLookOfAFileWithoutImage(t *testing.T) {
	h := newHarness(t)
	srv := testserver.New(t)
	file := srv.Put("/table.fits", "application/fits", []byte("not a FITS file at all"))
	links := srv.Put("/links", datalinkType, thisLinks(t, file, "application/fits", "22"))
	h.SetRows(linkRows(stringTable(t, []string{"datalink_url"}, []string{links})))
	h.Select([]int{0})
	h.settle()
	h.QuickLook()
	h.settle()
	if s := h.Snapshot(); s.Previews.Image != nil || !strings.HasPrefix(s.Previews.EmptyText, "No quick look: ") {
		t.Errorf("previews %+v", s.Previews)
	}
}
