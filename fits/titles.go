package fits

import (
	"net/url"
	"strings"
)

// DistinctTitles makes legend entries tell spectra apart (in the window
// and in the files esodesk plot writes): two UVES spectra of one star
// otherwise share a title.
func DistinctTitles(spectra []*Spectrum) {
	seen := map[string]int{}
	for _, s := range spectra {
		seen[s.Title]++
	}
	for _, s := range spectra {
		if seen[s.Title] > 1 {
			s.Title += " · " + shortSource(s.Source)
		}
	}
}

// shortSource is the last part of a path or URL (the file name, or the
// ID= value of a download link).
func shortSource(src string) string {
	if u, err := url.Parse(src); err == nil {
		if id := u.Query().Get("ID"); id != "" {
			src = id
		} else if u.Path != "" {
			src = u.Path
		}
	}
	if i := strings.LastIndexAny(src, "/?="); i >= 0 && i < len(src)-1 {
		return src[i+1:]
	}
	return src
}
