package skyview

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"

	"esodesk/fits/wcs"
	"esodesk/services/coords"
	"esodesk/services/region"
)

// clickSelect selects the footprint under pos (smallest first); add
// (Shift or Ctrl) toggles it in the selection. A click on empty sky
// clears the selection. OnSelect hears of every change.
func (s *SkyView) clickSelect(pos fyne.Position, add bool) {
	row, ok := s.layer.Hit(s.view, float64(pos.X)*s.scale, float64(pos.Y)*s.scale)
	next := map[int]bool{}
	if add {
		for r := range s.selected {
			next[r] = true
		}
	}
	switch {
	case ok && add && next[row]:
		delete(next, row)
	case ok:
		next[row] = true
	case !add && len(s.selected) == 0:
		return // nothing selected, nothing hit
	case add:
		return
	}
	s.selected = next
	s.layerChanged()
	if s.OnSelect != nil {
		s.OnSelect(sortedRows(next))
	}
}

// regionDrawn shows r as the drawn region and hands it to OnRegion.
func (s *SkyView) regionDrawn(r region.Region) {
	s.drawn = &r
	s.layerChanged()
	if s.OnRegion != nil {
		s.OnRegion(r)
	}
}

// hover shows the readout for the pointer at pos.
func (s *SkyView) hover(pos fyne.Position) {
	ra, dec, ok := s.skyAt(pos)
	if !ok {
		s.setReadout(" ")
		return
	}
	s.setReadout(FormatPosition(ra, dec))
}

// FormatPosition is the readout of an ICRS position, sexagesimal and
// degrees, then Galactic (astropy's transformation):
// "RA 13:37:00.9 Dec −29:51:57 (204.2538, −29.8658) · l 314.58 b +31.97".
func FormatPosition(ra, dec float64) string {
	l, b := wcs.ICRSToGalactic(ra, dec)
	return fmt.Sprintf("RA %s Dec %s (%.4f, %s) · l %.2f b %s",
		coords.FormatRA(ra, 1), minus(coords.FormatDec(dec, 0)),
		ra, minus(fmt.Sprintf("%.4f", dec)), l, minus(fmt.Sprintf("%+.2f", b)))
}

// minus writes a leading minus sign as the typographic one (−).
func minus(s string) string {
	if strings.HasPrefix(s, "-") {
		return "−" + s[1:]
	}
	return s
}
