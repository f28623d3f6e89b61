package standin

import (
	"fmt"
	"html"
	"math"
	"net/http"
	"strconv"
	"strings"
)

// HeaderPath is ESO's header page (https://archive.eso.org/hdr?DpId=<id>):
// HTML with the primary FITS header in a <pre> block.
const HeaderPath = "/hdr"

func (s *Server) mountHeader(mux *http.ServeMux) {
	mux.HandleFunc("GET "+HeaderPath, s.serveHeader)
}

func (s *Server) serveHeader(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimSpace(r.URL.Query().Get("DpId"))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if id == "" {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, htmlPage("Missing DpId", "<p>Give the dataset id: /hdr?DpId=&lt;dp_id&gt;</p>"))
		return
	}
	idx, err := s.archive.index(r.Context())
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, htmlPage("Header unavailable", "<p>"+html.EscapeString(err.Error())+"</p>"))
		return
	}
	f := idx.byID[id]
	if f == nil {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, htmlPage("No header for "+id, "<p>No dataset with id <b>"+html.EscapeString(id)+"</b> is in the archive.</p>"))
		return
	}
	fmt.Fprint(w, htmlPage("Header of "+id, "<pre>\n"+html.EscapeString(strings.Join(headerCards(f), "\n"))+"\n</pre>"))
}

func htmlPage(title, body string) string {
	t := html.EscapeString(title)
	return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + t + "</title></head>\n<body>\n<h1>" + t + "</h1>\n" + body + "\n</body></html>\n"
}

// headerCards is the primary header of an archive frame, 80-character cards.
func headerCards(f *ArchiveFrame) []string {
	// FITS strings: quoted, at least 8 characters inside, left-aligned.
	str := func(s string) string { return fmt.Sprintf("'%-8s'", strings.ReplaceAll(s, "'", "''")) }
	card := func(key, value, comment string) string {
		if strings.HasPrefix(value, "'") {
			value = fmt.Sprintf("%-20s", value)
		}
		return card(key, value, comment)
	}
	num := func(v float64, prec int) string { return strconv.FormatFloat(v, 'f', prec, 64) }
	cards := []string{
		card("SIMPLE", "T", "Standard FITS"),
		card("BITPIX", "16", "# of bits per pix value"),
		card("NAXIS", "2", "# of axes in data array"),
		card("NAXIS1", "2048", "# of pixels in axis1"),
		card("NAXIS2", "2048", "# of pixels in axis2"),
		card("EXTEND", "T", "Extensions may be present"),
		card("ORIGIN", str("ESO-STANDIN"), "European Southern Observatory (stand-in)"),
		card("DATE", str(f.DateObs), "Date the file was written"),
		card("TELESCOP", str(f.Telescope), "ESO Telescope Name"),
		card("INSTRUME", str(f.Instrument), "Instrument used"),
		card("OBJECT", str(f.Object), "Original target"),
	}
	if !math.IsNaN(f.RA) && !math.IsNaN(f.Dec) {
		cards = append(cards, card("RA", num(f.RA, 6), "[deg] pointing"), card("DEC", num(f.Dec, 6), "[deg] pointing"))
	}
	cards = append(cards,
		card("EQUINOX", "2000.", "Standard FK5 (years)"),
		card("RADESYS", str("FK5"), "Coordinate reference frame"),
		card("EXPTIME", num(f.Exposure, 4), "Integration time"),
		card("MJD-OBS", num(f.MJDObs, 8), "Obs start"),
		card("DATE-OBS", str(f.DateObs), "Observing date"),
		card("ARCFILE", str(f.DPID+".fits"), "Archive File Name"),
	)
	if f.OrigFile != "" {
		cards = append(cards, card("ORIGFILE", str(f.OrigFile), "Original File Name"))
	}
	hier := func(key, value, comment string) string {
		s := fmt.Sprintf("HIERARCH ESO %s = %s", key, value)
		if comment != "" {
			s += " / " + comment
		}
		if len(s) > 80 {
			s = s[:80]
		}
		return fmt.Sprintf("%-80s", s)
	}
	cards = append(cards,
		hier("DPR CATG", str(f.Category), "Observation category"),
		hier("DPR TYPE", str(f.Type), "Observation type"),
		hier("DPR TECH", str(f.Tech), "Observation technique"),
		hier("OBS PROG ID", str(f.ProgID), "ESO program identification"),
	)
	if f.OBID != 0 {
		cards = append(cards, hier("OBS ID", strconv.FormatInt(f.OBID, 10), "Observation block ID"))
	} else {
		cards = append(cards, hier("OBS ID", "-1", "Observation block ID"))
	}
	if f.TplID != "" {
		cards = append(cards, hier("TPL ID", str(f.TplID), "Template signature ID"))
	}
	if f.InsMode != "" {
		cards = append(cards, hier("INS MODE", str(f.InsMode), "Instrument mode used"))
	}
	if f.Filter != "" {
		cards = append(cards, hier("INS FILT1 NAME", str(f.Filter), "Filter name"))
	}
	if f.Grating != "" {
		cards = append(cards, hier("INS GRAT1 NAME", str(f.Grating), "Grating name"))
	}
	if !math.IsNaN(f.Airmass) && f.Airmass > 0 {
		cards = append(cards, hier("TEL AIRM START", num(f.Airmass, 3), "Airmass at start"))
	}
	return append(cards, fmt.Sprintf("%-80s", "END"))
}
