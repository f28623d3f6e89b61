package products

import (
	"net/url"
	"path"
	"slices"

	"esodesk/services/datalink"
)

// Two answers give a product file's size: phase3v2.product_files'
// access_estsize, an estimate in kB, and the content_length of the DataLink
// row pointing at the file, its exact bytes (unless ESO marks it a round
// figure: datalink.Link.LengthEstimated). Both views of a file show the best
// one: ExactSizes for the files, WithFileSizes for the links.

// ExactSizes returns files with the exact sizes the links documents give
// for them in place of estimates; files stays as it is. A link points at a
// file when its access URL is the dataPortal's URL of the file's archive id
// (…/dataPortal/file/<archive_id>, whatever the host).
func ExactSizes(files []File, docs ...*datalink.Links) []File {
	exact := map[string]int64{}
	for _, ls := range docs {
		if ls == nil {
			continue
		}
		for _, l := range ls.Rows {
			if id := fileID(l); id != "" && l.ContentLength >= 0 && !l.LengthEstimated {
				exact[id] = l.ContentLength
			}
		}
	}
	var out []File
	for i, f := range files {
		n, ok := exact[f.ArchiveID]
		if !ok || (n == f.Size && !f.Estimated) {
			continue
		}
		if out == nil {
			out = slices.Clone(files)
		}
		out[i].Size, out[i].Estimated = n, false
	}
	if out == nil {
		return files
	}
	return out
}

// WithFileSizes returns ls, or a copy of it where links without an exact
// length take the estimate of the product file they point at.
func WithFileSizes(ls *datalink.Links, files []File) *datalink.Links {
	if ls == nil {
		return nil
	}
	est := map[string]int64{}
	for _, f := range files {
		if f.ArchiveID != "" && f.Size >= 0 {
			est[f.ArchiveID] = f.Size
		}
	}
	var rows []datalink.Link
	for i, l := range ls.Rows {
		n, ok := est[fileID(l)]
		if !ok || (l.ContentLength >= 0 && !l.LengthEstimated) || (l.ContentLength == n && l.LengthEstimated) {
			continue
		}
		if rows == nil {
			rows = slices.Clone(ls.Rows)
		}
		rows[i].ContentLength, rows[i].LengthEstimated = n, true
	}
	if rows == nil {
		return ls
	}
	out := *ls
	out.Rows = rows
	return &out
}

// fileID is the archive id of the file a link points at, the last segment
// of a dataPortal URL (…/file/<archive_id>); "" for anything else, such as
// the dataset's web page, which ends in the same id.
func fileID(l datalink.Link) string {
	if l.AccessURL == "" || l.Failed() || l.ServiceDef != "" {
		return ""
	}
	u, err := url.Parse(l.AccessURL)
	if err != nil || u.RawQuery != "" || path.Base(path.Dir(u.Path)) != "file" {
		return ""
	}
	return path.Base(u.Path)
}
