package standin

import (
	"fmt"
	"strings"
)

// Real recorded DataLink answers (ESO's astroquery_examples notebook 02),
// read in place from Options.FixturesDir and served with ESO's hosts
// moved to the stand-in; content_length stays as recorded.
const (
	// RealDataLinkProductID is the MUSE cube whose recorded links are served.
	RealDataLinkProductID = "ADP.2018-06-21T20:32:57.736"
	// RealDataLinkRawID is the MUSE raw frame whose recorded links are served
	// (also RealVOTableID of CalSelector).
	RealDataLinkRawID = "MUSE.2018-06-05T01:06:59.418"
)

var realDataLinkFiles = map[string]string{
	RealDataLinkProductID: "eso_astroquery_examples/extracted/datalink_ADP.2018-06-21T20_32_57.736.tsv",
	RealDataLinkRawID:     "eso_astroquery_examples/extracted/datalink_raw_MUSE.2018-06-05T01_06_59.418.tsv",
}

// realDataLinkRows reads a recorded answer: comment lines, the header, the
// unit and dtype rows skipped; astropy's "--" (masked) is a null.
func (s *Server) realDataLinkRows(rel, base string) ([]dlRow, error) {
	header, lines, err := s.recordedTSV(rel)
	if err != nil {
		return nil, err
	}
	if len(header) != 11 || header[0] != "ID" || header[8] != "eso_origfile" {
		return nil, fmt.Errorf("recorded DataLink answer %s: unexpected header %q", rel, strings.Join(header, "\t"))
	}
	var rows []dlRow
	for _, c := range lines {
		if len(c) != 11 || !strings.HasPrefix(c[0], ivoPrefix) {
			continue // the unit and dtype rows
		}
		for i := range c {
			if c[i] == "--" {
				c[i] = ""
			}
		}
		rows = append(rows, dlRow{ID: c[0], AccessURL: rehost(c[1], base), ServiceDef: c[2], ErrorMessage: c[3], Semantics: c[4],
			Description: c[5], ContentType: c[6], ContentLength: c[7], OrigFile: c[8], Category: c[9], DataLink: rehost(c[10], base)})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("recorded DataLink answer %s: no rows", rel)
	}
	return rows, nil
}
