// Package ancillarylist shows the files of ESO products (the rows of
// phase3v2.product_files: science files and their ANCILLARY.* companions)
// with a category and a text filter, checkbox selection and the download of
// the chosen files or of every file of one category.
package ancillarylist

import (
	"fmt"
	"sort"
	"strings"

	"esodesk/internal/bytesize"
)

// File is one row of phase3v2.product_files.
type File struct {
	ProductID, ArchiveID, Category, Extension, OriginalName, URL string
	Size                                                         int64 // bytes, -1 unknown
	Estimated                                                    bool  // Size is ESO's estimate, not the exact size
}

// matches reports whether the text filter q (lower case) is in any of the
// file's names.
func (f *File) matches(q string) bool {
	if q == "" {
		return true
	}
	for _, s := range []string{f.OriginalName, f.ArchiveID, f.ProductID, f.Category, f.Extension} {
		if strings.Contains(strings.ToLower(s), q) {
			return true
		}
	}
	return false
}

// Summary describes n files of total bytes (estimated: some of it is an
// estimate), unknown of them unsized.
func Summary(what string, n int, total int64, unknown int, estimated bool) string {
	s := fmt.Sprintf("%d %s · %s", n, what, bytesize.Text(total, estimated))
	if unknown > 0 {
		s += fmt.Sprintf(" + %d of unknown size", unknown)
	}
	return s
}

func sum(files []File) (total int64, unknown int, estimated bool) {
	for _, f := range files {
		if f.Size < 0 {
			unknown++
		} else {
			total += f.Size
			estimated = estimated || f.Estimated
		}
	}
	return total, unknown, estimated
}

// AllCategories is the filter choice that shows every file.
const AllCategories = "All categories"

// categoryOption is the filter entry of a category with n files.
func categoryOption(cat string, n int) string { return fmt.Sprintf("%s (%d)", cat, n) }

func sortedCategories(c map[string]int) []string {
	out := make([]string, 0, len(c))
	for k := range c {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
