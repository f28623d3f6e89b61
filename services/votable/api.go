package votable

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// Options tune a parse. The zero value parses everything.
type Options struct {
	// Progress, when set, is called now and then (not for every row) with the
	// number of rows decoded so far in the current table.
	Progress func(rows int)
	// MaxRows stops decoding a table after this many rows (0: no limit); the
	// table is then marked Truncated.
	MaxRows int
	// MaxBytes bounds the memory the document may take once decoded (cells,
	// strings, metadata): past it the parse fails with a *ParseError rather
	// than exhaust the machine. 0: DefaultMaxBytes; negative: no limit.
	MaxBytes int64
}

// ParseError says where a document is malformed.
type ParseError struct {
	Line   int    // 1-based line in the XML text, 0 if unknown
	Row    int    // 1-based data row, 0 outside table data
	Column int    // 1-based column, 0 if not within a row
	Field  string // name of the column, if known
	Msg    string
}

func (e *ParseError) Error() string {
	var where []string
	if e.Line > 0 {
		where = append(where, fmt.Sprintf("line %d", e.Line))
	}
	if e.Row > 0 {
		where = append(where, fmt.Sprintf("row %d", e.Row))
	}
	if e.Column > 0 {
		col := fmt.Sprintf("column %d", e.Column)
		if e.Field != "" {
			col += " (" + e.Field + ")"
		}
		where = append(where, col)
	}
	if len(where) == 0 {
		return "votable: " + e.Msg
	}
	return "votable: " + strings.Join(where, ", ") + ": " + e.Msg
}

// Parse reads a whole VOTable document from r.
func Parse(r io.Reader) (*Document, error) {
	return ParseContext(context.Background(), r, Options{})
}

// Status is the DALI QUERY_STATUS of a document.
type Status struct {
	Value   string // "OK", "ERROR", "OVERFLOW", or "" when the document has none
	Message string // the INFO's text or, failing that, its value
}

// Status returns the QUERY_STATUS of the document, looking at the top level,
// the results resource and its tables, before or after the data: an ERROR
// anywhere wins, then an OVERFLOW (services put it after the table, next to
// an OK written before it), else the last one found.
func (d *Document) Status() Status {
	if d == nil {
		return Status{}
	}
	var all []Info
	pick := func(infos []Info) {
		for _, in := range infos {
			if equalFold(in.Name, "QUERY_STATUS") {
				all = append(all, in)
			}
		}
	}
	pick(d.Infos)
	if r := d.resultsResource(); r != nil {
		var walk func(r *Resource)
		walk = func(r *Resource) {
			pick(r.Infos)
			for _, t := range r.Tables {
				pick(t.Infos)
			}
			for _, sub := range r.Resources {
				if sub.Type != "meta" {
					walk(sub)
				}
			}
		}
		walk(r)
	}
	if len(all) == 0 {
		return Status{}
	}
	chosen := all[len(all)-1]
	for _, want := range []string{"ERROR", "OVERFLOW"} {
		found := false
		for _, in := range all {
			if equalFold(strings.TrimSpace(in.Value), want) {
				chosen, found = in, true
				break
			}
		}
		if found {
			break
		}
	}
	st := Status{Value: upper(strings.TrimSpace(chosen.Value)), Message: chosen.Content}
	if st.Message == "" {
		st.Message = chosen.Value
	}
	return st
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// resultsResource is the first RESOURCE of type "results" (searching nested
// resources too), else the first resource.
func (d *Document) resultsResource() *Resource {
	var find func(rs []*Resource) *Resource
	find = func(rs []*Resource) *Resource {
		for _, r := range rs {
			if r.Type == "results" {
				return r
			}
			if sub := find(r.Resources); sub != nil {
				return sub
			}
		}
		return nil
	}
	if r := find(d.Resources); r != nil {
		return r
	}
	if len(d.Resources) > 0 {
		return d.Resources[0]
	}
	return nil
}

// ResultsTable returns the first TABLE of the results resource, else the first
// TABLE anywhere, else nil.
func (d *Document) ResultsTable() *Table {
	if d == nil {
		return nil
	}
	var first func(rs []*Resource, results bool) *Table
	first = func(rs []*Resource, results bool) *Table {
		for _, r := range rs {
			if (!results || r.Type == "results") && len(r.Tables) > 0 {
				return r.Tables[0]
			}
			if t := first(r.Resources, results); t != nil {
				return t
			}
		}
		return nil
	}
	if t := first(d.Resources, true); t != nil {
		return t
	}
	return first(d.Resources, false)
}

// ServiceDescriptors returns the RESOURCEs with type="meta" and
// utype="adhoc:service" (DataLink service descriptors), in document order.
func (d *Document) ServiceDescriptors() []*Resource {
	if d == nil {
		return nil
	}
	var out []*Resource
	var walk func(rs []*Resource)
	walk = func(rs []*Resource) {
		for _, r := range rs {
			if r.Type == "meta" && equalFold(r.Utype, "adhoc:service") {
				out = append(out, r)
			}
			walk(r.Resources)
		}
	}
	walk(d.Resources)
	return out
}

// Param returns the PARAM of the resource with the given name (case-insensitive).
func (r *Resource) Param(name string) (Param, bool) {
	for _, p := range r.Params {
		if equalFold(p.Name, name) {
			return p, true
		}
	}
	return Param{}, false
}

// Group returns the GROUP of the resource with the given name (case-insensitive).
func (r *Resource) Group(name string) (Group, bool) {
	for _, g := range r.Groups {
		if equalFold(g.Name, name) {
			return g, true
		}
	}
	return Group{}, false
}
