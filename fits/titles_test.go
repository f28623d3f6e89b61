package fits

import "testing"

func TestDistinctTitlesTellSpectraOfOneStarApart(t *testing.T) {
	spectra := []*Spectrum{
		{Title: "HD 100546 (UVES)", Source: "https://dataportal.eso.org/dataPortal/file/ADP.2017-01-01T00:00:00.001"},
		{Title: "HD 100546 (UVES)", Source: "http://archive.eso.org/datalink/links?ID=ivo://eso.org/ID?ADP.2"},
		{Title: "TW Hya (HARPS)", Source: "/home/me/spectra/twhya.fits"},
	}
	DistinctTitles(spectra)
	for i, want := range []string{
		"HD 100546 (UVES) · ADP.2017-01-01T00:00:00.001",
		"HD 100546 (UVES) · ADP.2",
		"TW Hya (HARPS)",
	} {
		if spectra[i].Title != want {
			t.Errorf("title %d = %q, want %q", i, spectra[i].Title, want)
		}
	}
	if got := shortSource("/home/me/spectra/twhya.fits"); got != "twhya.fits" {
		t.Errorf("shortSource of a path = %q", got)
	}
}
