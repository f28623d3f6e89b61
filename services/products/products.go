// Package products reads the files that make up ESO products — the science
// files and every ancillary file (previews, weight maps, white-light
// images, READMEs) — from the archive's phase3v2.product_files table.
package products

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"esodesk/services/tap"
	"esodesk/services/votable"
)

// File is one row of phase3v2.product_files.
type File struct {
	ProductID    string // the product's dp_id (ObsCore dp_id)
	ArchiveID    string // the file's own id (dataPortal)
	Category     string // eso_category: SCIENCE.* or ANCILLARY.*, e.g. ANCILLARY.PREVIEW
	Extension    string // FITS, PNG, LOG, TAR, ...
	OriginalName string
	URL          string
	Size         int64 // bytes; -1 when unknown
	// Estimated: Size is ESO's access_estsize (kB, "only estimated as FITS
	// headers can be patched at download time"), not the file's exact size.
	Estimated bool
}

// batch keeps the IN lists of one query well below URL and parser limits.
const batch = 200

// Files returns the files of the given products, by product and category,
// asking the service in batches. Unknown ids give no rows, not an error.
func Files(ctx context.Context, svc *tap.Service, productIDs []string) ([]File, error) {
	var out []File
	for start := 0; start < len(productIDs); start += batch {
		ids := productIDs[start:min(start+batch, len(productIDs))]
		quoted := make([]string, len(ids))
		for i, id := range ids {
			quoted[i] = "'" + strings.ReplaceAll(id, "'", "''") + "'"
		}
		q := "SELECT product_id, archive_id, eso_category, extension, original_filename, access_url, access_estsize\n" +
			"FROM phase3v2.product_files\nWHERE product_id IN (" + strings.Join(quoted, ", ") + ")\n" +
			"ORDER BY product_id, eso_category, archive_id"
		res, err := svc.Sync(ctx, tap.Query{ADQL: q, MaxRec: 100000}, nil)
		if err != nil {
			return nil, fmt.Errorf("reading the product files: %w", err)
		}
		t := res.Table
		col := func(name string) func(int) string {
			i := t.FieldIndex(name)
			return func(r int) string {
				if i < 0 || t.Columns[i].IsNull(r) {
					return ""
				}
				return strings.TrimSpace(t.Columns[i].String(r))
			}
		}
		pid, aid, cat, ext := col("product_id"), col("archive_id"), col("eso_category"), col("extension")
		orig, acc, est := col("original_filename"), col("access_url"), col("access_estsize")
		for r := 0; r < t.NumRows(); r++ {
			f := File{ProductID: pid(r), ArchiveID: aid(r), Category: cat(r), Extension: ext(r),
				OriginalName: orig(r), URL: acc(r), Size: -1}
			if kb, err := strconv.ParseFloat(est(r), 64); err == nil && kb >= 0 {
				f.Size, f.Estimated = int64(kb*1000), true
			}
			out = append(out, f)
		}
	}
	return out, nil
}

// Categories counts the files of each category.
func Categories(files []File) map[string]int {
	m := map[string]int{}
	for _, f := range files {
		m[f.Category]++
	}
	return m
}

// IDsOf returns the ESO product ids (ADP.…) among the given rows of t, read
// from its dp_id column (ObsCore) or else product_id: trimmed, each once,
// in the order of rows, at most max of them (max <= 0: all). Rows outside
// the table and null cells are skipped.
func IDsOf(t *votable.Table, rows []int, max int) []string {
	if t == nil {
		return nil
	}
	i := t.FieldIndex("dp_id")
	if i < 0 {
		i = t.FieldIndex("product_id")
	}
	if i < 0 {
		return nil
	}
	col, n := t.Columns[i], t.NumRows()
	seen := map[string]bool{}
	var ids []string
	for _, r := range rows {
		if max > 0 && len(ids) == max {
			break
		}
		if r < 0 || r >= n || col.IsNull(r) {
			continue
		}
		id := strings.TrimSpace(col.String(r))
		if strings.HasPrefix(id, "ADP.") && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}
