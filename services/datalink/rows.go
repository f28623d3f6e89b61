package datalink

import (
	"regexp"
	"strings"

	"esodesk/services/votable"
)

// Finder says, for the rows of a result table, where their DataLink
// ({links}) document is. It looks once at the table's columns and the
// document's service descriptors; URL is then cheap per row.
type Finder struct {
	t      *votable.Table
	desc   *ServiceDescriptor // a {links} descriptor with a ref'd input (DataLink §4)
	access int                // access_url whose access_format says content=datalink
	format int
	dlCol  int    // a column holding links URLs (dbo.raw's datalink_url)
	idCol  int    // a column of ESO identifiers (dp_id, archive_id, product_id)
	esoURL string // ESO's links endpoint, for identifiers
	how    string
}

// esoIDPattern matches ESO archive identifiers: ADP.2018-06-21T20:32:57.736,
// FORS2.2021-01-02T00:59:12.533, M.MUSE.2023-07-03T08:23:16.436.
var esoIDPattern = regexp.MustCompile(`^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)?\.\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$`)

// NewFinder examines t (a table of doc; doc may be nil). esoLinksURL is
// ESO's {links} endpoint used for columns of ESO identifiers; "" disables
// that fallback.
func NewFinder(doc *votable.Document, t *votable.Table, esoLinksURL string) *Finder {
	f := &Finder{t: t, access: -1, format: -1, dlCol: -1, idCol: -1, esoURL: esoLinksURL}
	if t == nil {
		return f
	}
	for i, fl := range t.Fields {
		name := strings.ToLower(fl.Name)
		switch {
		case name == "access_url" || strings.EqualFold(fl.Utype, "obscore:Access.Reference"):
			f.access = i
		case name == "access_format" || strings.EqualFold(fl.Utype, "obscore:Access.Format"):
			f.format = i
		case name == "datalink_url" || name == "datalink" || strings.Contains(strings.ToLower(fl.UCD), "meta.ref.url;meta.datalink"):
			f.dlCol = i
		}
	}
	for _, name := range []string{"dp_id", "product_id", "archive_id"} {
		if i := t.FieldIndex(name); i >= 0 {
			f.idCol = i
			break
		}
	}
	if doc != nil {
		for _, sd := range Descriptors(doc) {
			if isLinksService(sd) && hasRefInput(sd, t) {
				f.desc, f.how = sd, "table's DataLink service descriptor"
				return f
			}
		}
	}
	switch {
	case f.access >= 0 && f.format >= 0:
		f.how = "access_url (access_format is DataLink)"
	case f.dlCol >= 0:
		f.how = t.Fields[f.dlCol].Name + " column"
	case f.idCol >= 0 && f.esoURL != "":
		f.how = "ESO identifier (" + t.Fields[f.idCol].Name + ")"
	}
	return f
}

// Available reports whether some rows may have links.
func (f *Finder) Available() bool { return f.how != "" }

// How says where the links come from, for the user ("datalink_url column").
func (f *Finder) How() string { return f.how }

// URL returns the {links} URL of row, or "" when the row has none.
func (f *Finder) URL(row int) string {
	if f.t == nil || row < 0 || row >= f.t.NumRows() {
		return ""
	}
	cell := func(i int) string {
		if i < 0 || f.t.Columns[i].IsNull(row) {
			return ""
		}
		return strings.TrimSpace(f.t.Columns[i].String(row))
	}
	// a row whose own access_url is DataLink says best where its links are:
	// a table's descriptor may serve only some rows (DaCHS adds its own to an
	// ObsCore table that also holds other archives' products)
	if f.access >= 0 && f.format >= 0 && strings.Contains(strings.ToLower(cell(f.format)), "content=datalink") {
		return cell(f.access)
	}
	if f.desc != nil {
		u, err := f.desc.RowURL(f.t, row, nil)
		if err != nil {
			return ""
		}
		return u
	}
	if u := cell(f.dlCol); u != "" {
		return u
	}
	if id := cell(f.idCol); id != "" && f.esoURL != "" && esoIDPattern.MatchString(id) {
		return ESOLinksURL(f.esoURL, id)
	}
	return ""
}

// ESOLinksURL is ESO's {links} URL for an archive identifier, written the
// way ESO writes it (ID=ivo://eso.org/ID?<id>, unescaped).
func ESOLinksURL(base, id string) string {
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "ID=ivo://eso.org/ID?" + id
}

func isLinksService(sd *ServiceDescriptor) bool {
	return strings.HasPrefix(strings.ToLower(sd.StandardID), "ivo://ivoa.net/std/datalink#links")
}

func hasRefInput(sd *ServiceDescriptor, t *votable.Table) bool {
	for _, p := range sd.Inputs {
		if p.Ref != "" && fieldByRef(t, p.Ref) >= 0 {
			return true
		}
	}
	return false
}

// Previews returns the links that are preview images a client can show:
// #preview (and narrower) or ESO's ANCILLARY.PREVIEW files, or a #this that
// is itself an image; PDF and HTML previews are left out (they open in a
// browser), as are rows with an error.
func (ls *Links) Previews() []Link {
	var out []Link
	for _, l := range ls.Rows {
		if l.Failed() || l.AccessURL == "" || !looksLikeImage(l) {
			continue
		}
		if l.IsA("#preview") || l.IsA("#this") || strings.HasPrefix(strings.ToUpper(l.ESOCategory), "ANCILLARY.PREVIEW") {
			out = append(out, l)
		}
	}
	return out
}

func looksLikeImage(l Link) bool {
	ct := strings.ToLower(l.ContentType)
	if ct != "" {
		return strings.HasPrefix(ct, "image/png") || strings.HasPrefix(ct, "image/jpeg") || strings.HasPrefix(ct, "image/gif")
	}
	name := strings.ToLower(l.ESOOrigFile)
	if name == "" {
		name = strings.ToLower(l.AccessURL)
	}
	for _, ext := range []string{".png", ".jpg", ".jpeg", ".gif"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}
