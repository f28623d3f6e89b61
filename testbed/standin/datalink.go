package standin

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// DataLink, as ESO's https://archive.eso.org/datalink/links?ID=ivo://eso.org/ID?<id>:
// one links table for products (obscore dp_id), raw frames (dbo.raw) and
// ancillary files (product_files archive_id), in ESO's columns and
// semantics, plus a SODA service descriptor for the products' #cutout.
const (
	DataLinkPath = "/datalink/links"
	// SODAPath is where the #cutout descriptor points (soda.go; also on
	// ESO's own path, SODAESOPath).
	SODAPath = "/soda/sync"

	ivoPrefix = "ivo://eso.org/ID?"

	semDataDoc  = "http://archive.eso.org/rdf/datalink/eso#data_documentation"
	semRaw2Raw  = "http://archive.eso.org/rdf/datalink/eso#calSelector_raw2raw"
	semRaw2Mast = "http://archive.eso.org/rdf/datalink/eso#calSelector_raw2master"
	semNightLog = "http://archive.eso.org/rdf/datalink/eso#night_log"

	descNightLog = "The Night Log report contains comments on any issues that could have happened during the observation (e.g. instrument problems), as well as the information about the ambient conditions (airmass, seeing, transparency, etc.). The content_length provides only an order of magnitude of the file size."
)

// dlRow is one links row in ESO's columns (content_length "" is null).
type dlRow struct {
	ID, AccessURL, ServiceDef, ErrorMessage, Semantics, Description, ContentType, ContentLength, OrigFile, Category, DataLink string
}

func (s *Server) mountDataLink(mux *http.ServeMux) {
	mux.HandleFunc("GET "+DataLinkPath, s.serveDataLink)
	mux.HandleFunc("POST "+DataLinkPath, s.serveDataLink)
	for _, p := range []string{SODAPath, SODAESOPath} {
		mux.HandleFunc("GET "+p, s.serveSODA) // GET also matches HEAD
		mux.HandleFunc("POST "+p, s.serveSODA)
	}
}

// bareID accepts ivo://eso.org/ID?<id> and the bare id.
func bareID(id string) string { return strings.TrimPrefix(strings.TrimSpace(id), ivoPrefix) }

func (s *Server) linksURL(base, id string) string {
	return base + DataLinkPath + "?ID=" + ivoPrefix + id
}

func (s *Server) serveDataLink(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeDataLinkError(w, http.StatusBadRequest, "UsageFault: cannot read the request parameters: "+err.Error())
		return
	}
	ids := r.Form["ID"]
	if len(ids) == 0 {
		writeDataLinkError(w, http.StatusBadRequest, "UsageFault: missing ID parameter (ID=ivo://eso.org/ID?<dp_id>, repeatable)")
		return
	}
	base := baseURL(r)
	if r.Form.Get("eso_download") == "data_documentation" {
		serveDataDocumentation(w, bareID(ids[0]))
		return
	}
	var rows []dlRow
	var descs []sodaDescriptor
	for _, raw := range ids {
		id := bareID(raw)
		rs, d, status, err := s.linksFor(r.Context(), base, id)
		if err != nil {
			writeDataLinkError(w, status, err.Error())
			return
		}
		rows = append(rows, rs...)
		descs = append(descs, d...)
	}
	b, err := dataLinkVOTable(rows, descs, base)
	if err != nil {
		writeDataLinkError(w, http.StatusInternalServerError, "stand-in: writing the links table: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/x-votable+xml;content=datalink")
	_, _ = w.Write(b)
}

// linksFor answers one id: the recorded ESO answers first, then the
// testbed's products, ancillary files and raw frames; else NotFoundFault.
func (s *Server) linksFor(ctx context.Context, base, id string) ([]dlRow, []sodaDescriptor, int, error) {
	if rel, ok := realDataLinkFiles[id]; ok && s.opts.FixturesDir != "" {
		rows, err := s.realDataLinkRows(rel, base)
		if err != nil {
			return nil, nil, http.StatusInternalServerError, err
		}
		return rows, descriptorsFor(rows), 0, nil
	}
	idx, err := s.archive.index(ctx)
	if err != nil {
		return nil, nil, http.StatusServiceUnavailable, err
	}
	if p := idx.products.byID[id]; p != nil {
		rows := s.productRows(ctx, idx, base, p)
		return rows, descriptorsFor(rows), 0, nil
	}
	if f := idx.products.file[id]; f != nil {
		return []dlRow{s.fileLink(ctx, base, id, f.ArchiveID, "#this", "Requested file", f.OrigFile, f.Category)}, nil, 0, nil
	}
	if f := idx.byID[id]; f != nil {
		return s.rawRows(ctx, idx, base, f), nil, 0, nil
	}
	return []dlRow{{ID: ivoPrefix + id, Semantics: "#this",
		ErrorMessage: "NotFoundFault: no dataset with ID " + ivoPrefix + id + " in the stand-in's archive (testbed dbo.raw, ivoa.obscore, phase3v2.product_files)"}}, nil, 0, nil
}

// fileLink is a row for a file the stand-in's dataPortal serves: type and
// length are those of the bytes it serves.
func (s *Server) fileLink(ctx context.Context, base, id, fileID, sem, desc, orig, cat string) dlRow {
	f := s.servedFile(ctx, fileID, 0)
	return dlRow{ID: ivoPrefix + id, AccessURL: base + DataPortalPath + fileID, Semantics: sem, Description: desc,
		ContentType: f.contentType(), ContentLength: strconv.FormatInt(f.size, 10), OrigFile: orig, Category: cat,
		DataLink: s.linksURL(base, fileID)}
}

func (s *Server) productRows(ctx context.Context, idx *archiveIndex, base string, p *ArchiveProduct) []dlRow {
	var sci *ProductFile
	for i := range p.Files {
		if strings.HasPrefix(p.Files[i].Category, "SCIENCE") {
			sci = &p.Files[i]
			break
		}
	}
	var rows []dlRow
	if sci != nil {
		rows = append(rows, s.fileLink(ctx, base, p.DPID, sci.ArchiveID, "#this", "Requested file", sci.OrigFile, sci.Category))
	} else {
		rows = append(rows, s.fileLink(ctx, base, p.DPID, p.DPID, "#this", "Requested file", "", ""))
	}
	rows = append(rows,
		dlRow{ID: ivoPrefix + p.DPID, ServiceDef: p.DPID + "_soda", Semantics: "#cutout", Description: "Cutout of #this (SODA-sync)", ContentType: "application/fits"},
		dlRow{ID: ivoPrefix + p.DPID, AccessURL: base + DatasetPagePath + p.DPID, Semantics: "#preview", Description: "HTML representation of the dataset", ContentType: "text/html"},
	)
	for _, f := range p.Files {
		if f.ArchiveID == p.DPID || strings.HasPrefix(f.Category, "SCIENCE") {
			continue
		}
		rows = append(rows, s.fileLink(ctx, base, p.DPID, f.ArchiveID, "#auxiliary", "Ancillary file associated to the requested file", f.OrigFile, f.Category))
	}
	for _, fr := range idx.products.progenitors[p.DPID] {
		r := s.fileLink(ctx, base, p.DPID, fr.DPID, "#progenitor", "File used to generate the requested file (processing provenance)", "", "")
		rows = append(rows, r)
	}
	rows = append(rows, dlRow{ID: ivoPrefix + p.DPID, AccessURL: s.linksURL(base, p.DPID) + "&eso_download=data_documentation",
		Semantics: semDataDoc, Description: "Release description of the collection the requested file belongs to",
		ContentType: "application/pdf", ContentLength: strconv.Itoa(len(dataDocumentationPDF(p.DPID)))})
	return rows
}

func (s *Server) rawRows(ctx context.Context, idx *archiveIndex, base string, f *ArchiveFrame) []dlRow {
	rows := []dlRow{s.fileLink(ctx, base, f.DPID, f.DPID, "#this", "Requested file", f.OrigFile, "")}
	for _, p := range idx.products.derived[f.DPID] {
		sciID, orig, cat := p.DPID, "", ""
		for _, pf := range p.Files {
			if strings.HasPrefix(pf.Category, "SCIENCE") {
				sciID, orig, cat = pf.ArchiveID, pf.OrigFile, pf.Category
				break
			}
		}
		rows = append(rows, s.fileLink(ctx, base, f.DPID, sciID, "#derivation", "Science product derived from the requested file", orig, cat))
	}
	for _, m := range []struct{ mode, sem, desc string }{
		{modeRaw2Raw, semRaw2Raw, "List of access points of all the raw calibrations associated to the provided input raw file, and siblings (if any)"},
		{modeRaw2Master, semRaw2Mast, "List of access points of all the master calibrations associated to the provided input raw file, and siblings (if any)"},
	} {
		// unescaped, as ESO writes it (':' is fine in a query)
		u := base + CalSelectorPath + "?dp_id=" + url.QueryEscape(f.DPID) + "&mode=" + m.mode + "&responseformat=votable"
		u = strings.ReplaceAll(u, "%3A", ":")
		rows = append(rows, dlRow{ID: ivoPrefix + f.DPID, AccessURL: u, Semantics: m.sem,
			Description: m.desc, ContentType: "application/x-votable+xml", ContentLength: "500000"})
	}
	nl := s.fileLink(ctx, base, f.DPID, f.DPID+".NL", semNightLog, descNightLog, f.DPID+".NL.txt", "Night Log")
	nl.DataLink = "" // as ESO: the night log has no links of its own
	return append(rows, nl)
}

// writeDataLinkError answers a request DataLink cannot serve at all with a
// DALI error document (QUERY_STATUS=ERROR).
func writeDataLinkError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/x-votable+xml")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">` +
		`<INFO name="QUERY_STATUS" value="ERROR">` + xmlText(msg) + `</INFO></RESOURCE></VOTABLE>` + "\n"))
}
