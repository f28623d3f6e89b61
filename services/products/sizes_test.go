package products

import (
	"bytes"
	"math"
	"path"
	"strconv"
	"testing"

	"esodesk/internal/esotables"
	"esodesk/internal/fixtures"
	"esodesk/services/datalink"
	"esodesk/services/votable"
)

const extracted = "eso_astroquery_examples/extracted/"

// recordedLinks is ESO's recorded DataLink answer for a MUSE cube.
func recordedLinks(t *testing.T) *datalink.Links {
	t.Helper()
	e := fixtures.ReadESOTable(t, extracted+"datalink_ADP.2018-06-21T20_32_57.736.tsv")
	doc, err := votable.Parse(bytes.NewReader(esotables.DataLinkVOTable(t, e.Header, e.Rows)))
	if err != nil {
		t.Fatal(err)
	}
	ls, err := datalink.Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// recordedFiles is ESO's recorded phase3v2.product_files answer for another
// MUSE cube (access_estsize / 1000.0 AS access_estsize_mb), as Files reads
// access_estsize: kB times 1000, an estimate.
func recordedFiles(t *testing.T) []File {
	t.Helper()
	e := fixtures.ReadESOTable(t, extracted+"07_cell10.tsv")
	var out []File
	for _, r := range e.Rows {
		mb, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, File{ProductID: "ADP.2024-03-19T05:58:04.407", ArchiveID: r[0], Category: r[1], URL: r[2],
			Size: int64(math.Round(mb * 1e6)), Estimated: true})
	}
	return out
}

// filesListedBy are the product_files rows ESO keeps for the files a links
// document points at, with estimates in whole kB that are a little off, as
// access_estsize is ("FITS headers can be patched at download time").
func filesListedBy(ls *datalink.Links) []File {
	var out []File
	for _, l := range ls.Rows {
		if id := fileID(l); id != "" && (l.IsA("#this") || l.IsA("#auxiliary")) {
			kb := l.ContentLength/1000 + 7
			out = append(out, File{ProductID: "ADP.2018-06-21T20:32:57.736", ArchiveID: id, Category: l.ESOCategory,
				URL: l.AccessURL, Size: kb * 1000, Estimated: true})
		}
	}
	return out
}

// A file that both answers list shows DataLink's exact bytes in the Files
// view; a file DataLink does not list keeps its estimate.
func TestExactSizesFromTheRecordedLinks(t *testing.T) {
	ls := recordedLinks(t)
	other := recordedFiles(t)
	if got := ExactSizes(other, ls); &got[0] != &other[0] {
		t.Error("files of another product changed") // no archive id in common
	}
	if other[5].ArchiveID != "ADP.2024-03-19T05:58:04.407" || other[5].Size != 2968672000 {
		t.Fatalf("recorded science file %+v: want its 2968672 kB", other[5])
	}

	files := append(filesListedBy(ls), other...)
	if len(files) != 7+len(other) {
		t.Fatalf("%d files from the recorded links: want #this and 6 ancillaries", len(files)-len(other))
	}
	got := ExactSizes(files, nil, ls)
	exact := map[string]int64{}
	for _, l := range ls.Rows {
		if l.IsA("#this") || l.IsA("#auxiliary") {
			exact[path.Base(l.AccessURL)] = l.ContentLength
		}
	}
	for i, f := range got {
		switch {
		case f.ProductID == "ADP.2024-03-19T05:58:04.407":
			if f != files[i] {
				t.Errorf("%s: %+v, want its estimate kept", f.ArchiveID, f)
			}
		case f.Size != exact[f.ArchiveID] || f.Estimated:
			t.Errorf("%s: %d bytes (estimated %v), DataLink says exactly %d", f.ArchiveID, f.Size, f.Estimated, exact[f.ArchiveID])
		}
	}
	if got[0].ArchiveID != "ADP.2018-06-21T20:32:57.736" || got[0].Size != 3095853120 {
		t.Errorf("the cube: %+v", got[0])
	}
	if !files[0].Estimated {
		t.Error("ExactSizes changed its argument")
	}
}

// A link without content_length takes the file's estimate, marked as one;
// an exact length stays; ESO's round figures (previews) match no file.
func TestLinksTakeTheFilesEstimates(t *testing.T) {
	ls := recordedLinks(t)
	files := filesListedBy(ls)
	if got := WithFileSizes(ls, files); got != ls {
		t.Error("every file link has its exact length: nothing to change")
	}
	white := -1
	for i, l := range ls.Rows {
		if l.ESOCategory == "ANCILLARY.IMAGE.WHITELIGHT" {
			white = i
		}
	}
	trimmed := *ls
	trimmed.Rows = append([]datalink.Link(nil), ls.Rows...)
	trimmed.Rows[white].ContentLength = -1 // as a service that does not send it
	got := WithFileSizes(&trimmed, files)
	if l := got.Rows[white]; l.ContentLength != 571000 || !l.LengthEstimated {
		t.Errorf("whitelight link: %d bytes (estimated %v), want the file's ≈571000", l.ContentLength, l.LengthEstimated)
	}
	if trimmed.Rows[white].ContentLength != -1 {
		t.Error("WithFileSizes changed its argument")
	}
	for i, l := range got.Rows {
		if i != white && l != ls.Rows[i] {
			t.Errorf("row %d changed: %+v", i, l)
		}
	}
}
