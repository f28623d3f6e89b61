package standin

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// linkRow is one row of the DataLink-shaped CalSelector VOTable.
type linkRow struct {
	ID, AccessURL, ServiceDef, ErrorMessage, Semantics, Description, ContentType, ContentLength, Category, DataLink string
}

const (
	semSibling     = "http://archive.eso.org/rdf/datalink/eso#sibling_raw"
	semTreePrefix  = "http://archive.eso.org/rdf/datalink/eso#calSelector_"
	descCalib      = "Calibration file associated to the input raw observation(s): #this (see above) and related siblings (if any)"
	descTree       = "Calibration cascade showing relations among all science and the %s calibration files"
	descSiblingFmt = "Sibling raw file added to the input raw observation(s): same observation block (OB %s), processed together with #this"
)

// baseURL is the stand-in as the client reached it, so every link in an
// answer stays on that host (loopback).
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) writeCSVOTable(w http.ResponseWriter, r *http.Request, req csRequest, answers []csAnswer) {
	base := baseURL(r)
	var rows []linkRow
	for _, a := range answers {
		switch {
		case a.notFound != "":
			rows = append(rows, linkRow{ID: ivoID(a.id), ErrorMessage: a.notFound, Semantics: "#this"})
		case a.realRows != nil:
			rows = append(rows, realRowsHere(a.realRows, base)...)
		default:
			rows = append(rows, treeRows(a, req.mode, base)...)
		}
	}
	w.Header().Set("Content-Type", "application/x-votable+xml;content=datalink")
	_, _ = w.Write(linksVOTable(rows))
}

func ivoID(id string) string { return "ivo://eso.org/ID?" + id }

// fileRow describes a file the stand-in's dataPortal serves.
func fileRow(id, fileID, base, sem, desc, cat string) linkRow {
	f := newGenFile(fileID, 0)
	return linkRow{
		ID: ivoID(id), AccessURL: base + DataPortalPath + fileID, Semantics: sem, Description: desc,
		ContentType: f.contentType(), ContentLength: strconv.FormatInt(f.size, 10), Category: cat,
		DataLink: base + "/datalink/links?ID=" + ivoID(fileID),
	}
}

// treeRows turns an association into #this, sibling, #calibration and
// ASSOCIATION_TREE rows.
func treeRows(a csAnswer, mode, base string) []linkRow {
	top := a.tree
	cat := top.Category
	if strings.HasPrefix(cat, "SCI") {
		cat = "SCI"
	}
	flags := `category="` + cat + `" certified="` + strconv.FormatBool(top.Certified) + `" complete="` + strconv.FormatBool(top.Complete) +
		`" mode="` + top.Mode + `" type="main" messages="` + strings.ReplaceAll(strings.Join(top.Messages, "; "), `"`, "'") + `"`
	thisCat := ""
	if len(top.Files) > 0 {
		thisCat = top.Files[0].Category
	}
	rows := []linkRow{fileRow(a.id, a.id, base, "#this", flags, thisCat)}
	seen := map[string]bool{a.id: true}
	sibDesc := "Sibling raw file added to the input raw observation(s): same observation block, processed together with #this"
	if a.frame != nil && a.frame.OBID != 0 {
		sibDesc = strings.Replace(descSiblingFmt, "%s", strconv.FormatInt(a.frame.OBID, 10), 1)
	}
	for _, f := range top.Files {
		if !seen[f.Name] {
			seen[f.Name] = true
			rows = append(rows, fileRow(a.id, f.Name, base, semSibling, sibDesc, f.Category))
		}
	}
	walkAssoc(top, func(n *assoc) {
		if n == top {
			return
		}
		for _, f := range n.Files {
			if !seen[f.Name] {
				seen[f.Name] = true
				rows = append(rows, fileRow(a.id, f.Name, base, "#calibration", descCalib, f.Category))
			}
		}
	})
	kind := "raw"
	if top.Mode == modeRaw2Master {
		kind = "master"
	}
	q := url.Values{"dp_id": {a.id}, "mode": {mode}}
	rows = append(rows, linkRow{
		ID: ivoID(a.id), AccessURL: base + CalSelectorPath + "?" + q.Encode(), Semantics: semTreePrefix + strings.ToLower(mode),
		Description: strings.Replace(descTree, "%s", kind, 1), ContentType: "application/xml",
		ContentLength: strconv.Itoa(len(a.xml)), Category: "ASSOCIATION_TREE",
	})
	return rows
}

// realRowsHere moves the recorded rows to this host: ESO's dataportal and
// archive URLs point at the stand-in, and file sizes are what it serves.
func realRowsHere(rows []realLinkRow, base string) []linkRow {
	var out []linkRow
	for _, r := range rows {
		l := linkRow{r.ID, rehost(r.AccessURL, base), r.ServiceDef, r.ErrorMessage, r.Semantics, r.Description, r.ContentType, r.ContentLength, r.Category, rehost(r.DataLink, base)}
		if id, ok := strings.CutPrefix(r.AccessURL, "https://dataportal.eso.org"+DataPortalPath); ok {
			l.ContentLength = strconv.FormatInt(newGenFile(id, 0).size, 10)
		}
		out = append(out, l)
	}
	return out
}

func rehost(u, base string) string {
	for _, h := range []string{"https://dataportal.eso.org", "https://archive.eso.org", "http://archive.eso.org"} {
		if rest, ok := strings.CutPrefix(u, h); ok {
			return base + rest
		}
	}
	return u
}

var linkFields = []struct{ name, datatype, extra string }{
	{"ID", "char", ` ucd="meta.id;meta.main"`},
	{"access_url", "char", ` ucd="meta.ref.url"`},
	{"service_def", "char", ` ucd="meta.ref"`},
	{"error_message", "char", ` ucd="meta.code.error"`},
	{"semantics", "char", ` ucd="meta.code"`},
	{"description", "char", ` ucd="meta.note"`},
	{"content_type", "char", ` ucd="meta.code.mime"`},
	{"content_length", "long", ` ucd="phys.size;meta.file" unit="byte"`},
	{"eso_category", "char", ``},
	{"eso_datalink", "char", ` ucd="meta.ref.url"`},
}

// linksVOTable writes the rows as a VOTable 1.3 TABLEDATA document.
func linksVOTable(rows []linkRow) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<VOTABLE version="1.3" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">` + "\n")
	b.WriteString(`<RESOURCE type="results">` + "\n")
	b.WriteString(`<INFO name="QUERY_STATUS" value="OK"/>` + "\n")
	b.WriteString("<TABLE>\n")
	for _, f := range linkFields {
		size := ` arraysize="*"`
		if f.datatype != "char" {
			size = ""
		}
		b.WriteString(`<FIELD name="` + f.name + `" datatype="` + f.datatype + `"` + size + f.extra + "/>\n")
	}
	b.WriteString("<DATA><TABLEDATA>\n")
	for _, r := range rows {
		b.WriteString("<TR>")
		for _, c := range []string{r.ID, r.AccessURL, r.ServiceDef, r.ErrorMessage, r.Semantics, r.Description, r.ContentType, r.ContentLength, r.Category, r.DataLink} {
			b.WriteString("<TD>" + xmlText(c) + "</TD>")
		}
		b.WriteString("</TR>\n")
	}
	b.WriteString("</TABLEDATA></DATA>\n</TABLE>\n</RESOURCE>\n</VOTABLE>\n")
	return b.Bytes()
}
