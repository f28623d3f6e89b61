package standin

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// CalSelectorPath is ESO's calibration selector
// (https://archive.eso.org/calselector/v1/associations).
const CalSelectorPath = "/calselector/v1/associations"

func (s *Server) mountCalSelector(mux *http.ServeMux) {
	mux.HandleFunc("GET "+CalSelectorPath, s.serveCalSelector)
	mux.HandleFunc("POST "+CalSelectorPath, s.serveCalSelector)
}

// plausibleID: INSTRUMENT.<ISO time>, or M.INSTRUMENT.<ISO time> for masters.
var plausibleID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)?\.\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,4})?$`)

// csRequest is a validated CalSelector request.
type csRequest struct {
	ids     []string
	mode    string // Raw2Raw or Raw2Master, as asked
	votable bool
}

func (s *Server) serveCalSelector(w http.ResponseWriter, r *http.Request) {
	req, msg := parseCSRequest(r)
	if msg != "" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(msg + "\n"))
		return
	}
	answers := make([]csAnswer, len(req.ids))
	for i, id := range req.ids {
		a, err := s.associationFor(r.Context(), id, req.mode, req.votable)
		if err != nil {
			http.Error(w, "CalSelector: internal error: "+err.Error(), http.StatusInternalServerError)
			return
		}
		answers[i] = a
	}
	switch {
	case req.votable:
		s.writeCSVOTable(w, r, req, answers)
	case len(answers) == 1:
		a := answers[0]
		if a.notFound != "" {
			http.Error(w, a.notFound, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/xml;content=calselector")
		w.Header().Set("Content-Disposition", `attachment; filename="`+treeFileName(a.id, req.mode)+`"`)
		w.Header().Set("Content-Length", strconv.Itoa(len(a.xml)))
		_, _ = w.Write(a.xml)
	default:
		s.writeCSMultipart(w, req, answers)
	}
}

// parseCSRequest reads dp_id (repeated, or comma-separated), mode and
// responseformat from the query or a POST form; msg is the 400 text.
func parseCSRequest(r *http.Request) (csRequest, string) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(8 << 20); err != nil {
			return csRequest{}, "Bad request: cannot read the multipart form: " + err.Error()
		}
	} else if err := r.ParseForm(); err != nil {
		return csRequest{}, "Bad request: cannot read the parameters: " + err.Error()
	}
	var req csRequest
	var mode, format []string
	for k, vs := range r.Form {
		switch strings.ToLower(k) {
		case "dp_id":
			for _, v := range vs {
				for _, id := range strings.Split(v, ",") {
					if id = strings.TrimSpace(id); id != "" {
						req.ids = append(req.ids, id)
					}
				}
			}
		case "mode":
			mode = append(mode, vs...)
		case "responseformat":
			format = append(format, vs...)
		}
	}
	switch {
	case len(mode) == 0 || strings.TrimSpace(mode[0]) == "":
		return req, "Bad request: the mandatory parameter mode is missing (mode=Raw2Raw or mode=Raw2Master)"
	case strings.EqualFold(strings.TrimSpace(mode[0]), modeRaw2Raw):
		req.mode = modeRaw2Raw
	case strings.EqualFold(strings.TrimSpace(mode[0]), modeRaw2Master):
		req.mode = modeRaw2Master
	default:
		return req, fmt.Sprintf("Bad request: invalid mode %q (allowed values: Raw2Raw, Raw2Master)", mode[0])
	}
	if len(format) > 0 && strings.TrimSpace(format[0]) != "" {
		if !strings.EqualFold(strings.TrimSpace(format[0]), "votable") {
			return req, fmt.Sprintf("Bad request: invalid responseformat %q (allowed: votable, or leave it out for the XML association tree)", format[0])
		}
		req.votable = true
	}
	if len(req.ids) == 0 {
		return req, "Bad request: the mandatory parameter dp_id is missing (one or more raw frame ids, e.g. dp_id=FORS2.2021-01-02T00:59:12.533)"
	}
	for _, id := range req.ids {
		if !plausibleID.MatchString(id) {
			return req, fmt.Sprintf("Bad request: invalid dp_id %q (expected an archive id like INSTRUMENT.YYYY-MM-DDThh:mm:ss.sss)", id)
		}
	}
	return req, ""
}

func treeFileName(id, mode string) string { return id + "_" + strings.ToLower(mode) + ".xml" }

// csAnswer is what the stand-in knows about one requested id.
type csAnswer struct {
	id       string
	frame    *ArchiveFrame // the archive row, for generated answers
	tree     *assoc        // the association (generated or read from a recording)
	xml      []byte        // the tree as served
	realRows []realLinkRow
	notFound string // why there is no answer for this id
}

// associationFor answers one id; the error is stand-in trouble (500), an id
// without an answer is a.notFound.
func (s *Server) associationFor(ctx context.Context, id, mode string, votable bool) (csAnswer, error) {
	a := csAnswer{id: id}
	switch id {
	case RealTreeID, RealMultipartID:
		if mode != modeRaw2Raw {
			a.notFound = fmt.Sprintf("The stand-in has only ESO's recorded Raw2Raw association for %s; ask with mode=Raw2Raw", id)
			return a, nil
		}
		b, err := s.realTree(id)
		if err != nil {
			a.notFound = fmt.Sprintf("The recorded association for %s is unavailable: %v", id, err)
			return a, nil
		}
		t, err := readTree(b)
		if err != nil {
			return a, fmt.Errorf("the recorded association for %s does not parse: %v", id, err)
		}
		a.tree, a.xml = t, b
		return a, nil
	case RealVOTableID:
		if mode != modeRaw2Master || !votable {
			a.notFound = fmt.Sprintf("The stand-in has only ESO's recorded Raw2Master VOTable for %s; ask with mode=Raw2Master&responseformat=votable", id)
			return a, nil
		}
		rows, err := s.realVOTableRows()
		if err != nil {
			a.notFound = fmt.Sprintf("The recorded answer for %s is unavailable: %v", id, err)
			return a, nil
		}
		a.realRows = rows
		return a, nil
	}
	idx, err := s.archive.index(ctx)
	if err != nil {
		return a, err
	}
	f := idx.byID[id]
	if f == nil {
		a.notFound = fmt.Sprintf("NotFoundFault: %s is not a raw frame of the archive", id)
		return a, nil
	}
	a.frame = f
	a.tree = associate(idx, f, mode)
	a.xml = treeXML(a.tree)
	return a, nil
}

// writeCSMultipart sends one XML part per id, as ESO does for several
// ids; the recorded pair is sent as recorded.
func (s *Server) writeCSMultipart(w http.ResponseWriter, req csRequest, answers []csAnswer) {
	if req.mode == modeRaw2Raw && sameIDs(req.ids, []string{RealTreeID, RealMultipartID}) {
		if b, err := s.realMultipart(); err == nil {
			w.Header().Set("Content-Type", "multipart/form-data; boundary="+realMultiBoundary)
			w.Header().Set("Content-Length", strconv.Itoa(len(b)))
			_, _ = w.Write(b)
			return
		}
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, a := range answers {
		x := a.xml
		if a.notFound != "" {
			// One id without an answer does not fail the batch.
			x = treeXML(&assoc{Category: "UNKNOWN", Mode: req.mode, Certified: true, Files: []treeFile{{"UNKNOWN", a.id}}, Messages: []string{a.notFound}})
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `attachment; filename="`+treeFileName(a.id, req.mode)+`"`)
		h.Set("Content-Type", "application/xml;content=calselector")
		h.Set("Content-Length", strconv.Itoa(len(x)))
		pw, _ := mw.CreatePart(h)
		_, _ = pw.Write(x)
	}
	_ = mw.Close()
	w.Header().Set("Content-Type", "multipart/form-data; boundary="+mw.Boundary())
	w.Header().Set("Content-Length", strconv.Itoa(body.Len()))
	_, _ = w.Write(body.Bytes())
}

func sameIDs(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}
