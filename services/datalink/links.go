package datalink

import (
	"fmt"
	"strconv"
	"strings"

	"esodesk/services/dal"
	"esodesk/services/votable"
)

// Links is a parsed DataLink response. The embedded dal.Result holds the
// document, its QUERY_STATUS (OK or OVERFLOW; ERROR makes Parse fail), the
// URL it came from (Fetch only) and Table: the links table as parsed, for
// columns not modelled here.
type Links struct {
	dal.Result
	Rows        []Link
	Descriptors []*ServiceDescriptor
}

// Link is one row of a links table. Exactly one of AccessURL, ServiceDef
// and ErrorMessage is normally set; rows with an error are kept so the user
// sees why a file is not available.
type Link struct {
	ID           string // the dataset the link belongs to
	AccessURL    string
	ServiceDef   string // ID of a service descriptor in the same document
	ErrorMessage string
	Semantics    string // as sent: "#this", or a full URI
	Description  string
	ContentType  string
	// ContentLength is the size in bytes, -1 when unknown.
	ContentLength int64
	// LengthEstimated: ContentLength is a round figure the service gives for
	// what it makes on request, not the file's size (see lengthEstimated).
	LengthEstimated bool
	// DataLink 1.1 columns, "" when the service does not send them.
	ContentQualifier string
	LocalSemantics   string
	// ESO's extra columns, "" when absent.
	ESOCategory string // e.g. SCIENCE.CUBE.IFS, ANCILLARY.PREVIEW, Night Log
	ESOOrigFile string // the file name the pipeline or instrument gave it
	ESODatalink string // the {links} URL of the linked file: the next hop
	// Service is the descriptor ServiceDef names, nil if none or not found.
	Service *ServiceDescriptor
}

// Group returns the section the link belongs in. A row that only names a
// service (no access URL) is a service whatever its semantics says.
func (l *Link) Group() Group {
	g := GroupOf(l.Semantics)
	if g == GroupOther && l.ServiceDef != "" && l.AccessURL == "" {
		return GroupServices
	}
	return g
}

// IsA reports whether the link's semantics is term or narrower.
func (l *Link) IsA(term string) bool { return IsA(l.Semantics, term) }

// Failed reports whether the service said the link is not available.
func (l *Link) Failed() bool { return l.ErrorMessage != "" }

// Descriptor returns the service descriptor with the given ID, or nil.
func (ls *Links) Descriptor(id string) *ServiceDescriptor {
	for _, sd := range ls.Descriptors {
		if sd.ID == id {
			return sd
		}
	}
	return nil
}

// InGroup returns the indices of the rows in group g, in table order.
func (ls *Links) InGroup(g Group) []int {
	var out []int
	for i := range ls.Rows {
		if ls.Rows[i].Group() == g {
			out = append(out, i)
		}
	}
	return out
}

// IDs returns the distinct dataset IDs of the rows in first-seen order (a
// response may answer for several IDs at once).
func (ls *Links) IDs() []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range ls.Rows {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r.ID)
		}
	}
	return out
}

// column describes how to find one DataLink column: by its standard name,
// else by a UCD that only that column carries.
type column struct {
	name, ucd string
}

var (
	colID           = column{"ID", "meta.id;meta.main"}
	colAccessURL    = column{"access_url", "meta.ref.url"}
	colServiceDef   = column{"service_def", ""}
	colErrorMessage = column{"error_message", "meta.code.error"}
	colSemantics    = column{"semantics", ""}
	colDescription  = column{"description", "meta.note"}
	colContentType  = column{"content_type", "meta.code.mime"}
	colLength       = column{"content_length", "phys.size;meta.file"}
	colQualifier    = column{"content_qualifier", ""}
	colLocalSem     = column{"local_semantics", "meta.id.assoc"}
	colESOCategory  = column{"eso_category", ""}
	colESOOrigFile  = column{"eso_origfile", ""}
	colESODatalink  = column{"eso_datalink", ""}
)

func (c column) index(t *votable.Table) int {
	for i, f := range t.Fields {
		if strings.EqualFold(f.Name, c.name) {
			return i
		}
	}
	if c.ucd == "" {
		return -1
	}
	found := -1
	for i, f := range t.Fields {
		if strings.EqualFold(f.UCD, c.ucd) {
			if found >= 0 {
				return -1 // ambiguous: better none than the wrong one
			}
			found = i
		}
	}
	return found
}

// Parse reads the links of a DataLink response document. It fails when the
// document reports QUERY_STATUS=ERROR (a *vohttp.Error of KindService) or
// holds no table with the DataLink columns.
func Parse(doc *votable.Document) (*Links, error) {
	if doc == nil {
		return nil, fmt.Errorf("datalink: no document")
	}
	r, err := dal.FromDocument(fetchOp, doc, linksOptions)
	if err != nil {
		return nil, err
	}
	return fromResult(r), nil
}

// linksOptions make the dal pipeline look for the links table.
var linksOptions = dal.Options{
	TableFinder: linksTable,
	What:        "DataLink VOTable",
	NoTable:     "the VOTable holds no DataLink table (no access_url and semantics columns)",
}

// fromResult reads the rows of a checked links table.
func fromResult(res *dal.Result) *Links {
	t := res.Table
	ls := &Links{Result: *res, Descriptors: Descriptors(res.Document)}
	get := func(c column) func(row int) string {
		i := c.index(t)
		if i < 0 {
			return func(int) string { return "" }
		}
		col := t.Columns[i]
		return func(row int) string {
			if col.IsNull(row) {
				return ""
			}
			return strings.TrimSpace(col.String(row))
		}
	}
	id, access, svc, errMsg := get(colID), get(colAccessURL), get(colServiceDef), get(colErrorMessage)
	sem, desc, ctype := get(colSemantics), get(colDescription), get(colContentType)
	qual, local := get(colQualifier), get(colLocalSem)
	cat, orig, next := get(colESOCategory), get(colESOOrigFile), get(colESODatalink)
	length := lengthReader(t)
	n := t.NumRows()
	ls.Rows = make([]Link, n)
	for r := 0; r < n; r++ {
		l := Link{
			ID: id(r), AccessURL: access(r), ServiceDef: svc(r), ErrorMessage: errMsg(r),
			Semantics: sem(r), Description: desc(r), ContentType: ctype(r),
			ContentLength:    length(r),
			ContentQualifier: qual(r), LocalSemantics: local(r),
			ESOCategory: cat(r), ESOOrigFile: orig(r), ESODatalink: next(r),
		}
		l.LengthEstimated = lengthEstimated(l.ContentLength, l.Description)
		if l.ServiceDef != "" {
			l.Service = ls.Descriptor(l.ServiceDef)
		}
		ls.Rows[r] = l
	}
	return ls
}

// linksTable is the results table if it is a links table, else the first
// table anywhere that is.
func linksTable(doc *votable.Document) *votable.Table {
	isLinks := func(t *votable.Table) bool {
		return t != nil && colSemantics.index(t) >= 0 &&
			(colAccessURL.index(t) >= 0 || colServiceDef.index(t) >= 0)
	}
	if t := doc.ResultsTable(); isLinks(t) {
		return t
	}
	var find func(rs []*votable.Resource) *votable.Table
	find = func(rs []*votable.Resource) *votable.Table {
		for _, r := range rs {
			for _, t := range r.Tables {
				if isLinks(t) {
					return t
				}
			}
			if t := find(r.Resources); t != nil {
				return t
			}
		}
		return nil
	}
	return find(doc.Resources)
}

// lengthReader returns content_length in bytes per row (-1 unknown),
// scaling by the column's unit: DataLink says bytes, but a kbyte column
// (as ObsCore's access_estsize) is converted rather than misread.
func lengthReader(t *votable.Table) func(row int) int64 {
	i := colLength.index(t)
	if i < 0 {
		return func(int) int64 { return -1 }
	}
	col, scale := t.Columns[i], unitScale(t.Fields[i].Unit)
	return func(row int) int64 {
		if col.IsNull(row) {
			return -1
		}
		v, ok := col.Float(row)
		if !ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(col.String(row)), 64)
			if err != nil {
				return -1
			}
			v = f
		}
		if v < 0 {
			return -1
		}
		return int64(v * scale)
	}
}

// lengthEstimated tells a content_length that is not the file's size. ESO
// gives the exact bytes of archive files (FITS sizes are multiples of 2880)
// but round figures for what it makes on request: 1000000 for previews, web
// pages and release descriptions, 500000 for CalSelector lists, 10000 for a
// night log, whose description adds "The content_length provides only an
// order of magnitude of the file size" (the recorded answers in
// ../shared/fixtures/real/eso_astroquery_examples/extracted/datalink_*.tsv).
func lengthEstimated(n int64, description string) bool {
	if n < 0 {
		return false
	}
	if strings.Contains(strings.ToLower(description), "order of magnitude") {
		return true
	}
	if n < 10000 { // small files of round sizes exist; ESO's figures are larger
		return false
	}
	for n%10 == 0 {
		n /= 10
	}
	return n == 1 || n == 5
}

// unitScale is the number of bytes in one unit of a VOUnits size unit.
func unitScale(unit string) float64 {
	switch strings.TrimSpace(unit) {
	case "kbyte", "kB", "KB":
		return 1e3
	case "Mbyte", "MB":
		return 1e6
	case "Gbyte", "GB":
		return 1e9
	case "KiB", "Kibyte":
		return 1 << 10
	case "MiB", "Mibyte":
		return 1 << 20
	case "GiB", "Gibyte":
		return 1 << 30
	}
	return 1 // "byte", "B", or no unit: DataLink's default
}
