// Package votable reads and writes IVOA VOTable documents (versions 1.1 to 1.4).
//
// The model is column-oriented: a Table holds one Column per FIELD, so that a
// million-row result costs a few large slices rather than millions of small
// allocations. Readers fill the model in one streaming pass.
package votable

// Document is a whole VOTable: its top-level metadata and its RESOURCEs.
type Document struct {
	Version     string
	Description string
	Infos       []Info
	Params      []Param
	Resources   []*Resource
}

// Resource is one RESOURCE element. Type is "results" or "meta"; DataLink
// service descriptors are meta resources with Utype "adhoc:service".
type Resource struct {
	ID, Name, Type, Utype string
	Description           string
	Infos                 []Info
	Params                []Param
	Groups                []Group
	Links                 []Link
	Tables                []*Table
	Resources             []*Resource
}

// Info is an INFO element; Content is its text body (DALI puts error messages there).
type Info struct {
	ID, Name, Value, Content string
}

// Link is a LINK element of a FIELD, PARAM, RESOURCE or TABLE.
type Link struct {
	ID, ContentRole, ContentType, Title, Value, Href, Action string
}

// Field is the metadata of one column (a FIELD element).
type Field struct {
	ID, Name, Datatype, Arraysize, Width, Precision string
	Unit, UCD, Utype, Xtype, Ref                    string
	Description                                     string
	// Null is the VALUES null attribute: the in-band value that means "no value".
	Null string
	// Options and Min/Max of the VALUES element, when present.
	Min, Max string
	Options  []Option
	Links    []Link
}

// Option is one VALUES/OPTION (name, value), possibly nested.
type Option struct {
	Name, Value string
	Options     []Option
}

// Param is a PARAM: a Field with a single value.
type Param struct {
	Field
	Value string
}

// Group is a GROUP; DataLink service descriptors keep their input parameters in
// a GROUP named "inputParams".
type Group struct {
	ID, Name, Ref, UCD, Utype, Description string
	Params                                 []Param
	ParamRefs, FieldRefs                   []string
	Groups                                 []Group
}

// Table is one TABLE: its FIELDs and one Column for each of them.
type Table struct {
	ID, Name, Ref, Ucd, Utype string
	Description               string
	Params                    []Param
	Groups                    []Group
	Links                     []Link
	Fields                    []Field
	Columns                   []Column // Columns[i] holds the values of Fields[i]
	// Infos after the DATA element (QUERY_STATUS may stand there) are kept on the
	// enclosing Resource; this holds INFOs written inside TABLE.
	Infos []Info
	// Truncated is set when Options.MaxRows stopped decoding before the end
	// of the data.
	Truncated bool
}

// NumRows is the number of rows of the table.
func (t *Table) NumRows() int {
	if t == nil || len(t.Columns) == 0 {
		return 0
	}
	return t.Columns[0].Len()
}

// FieldIndex returns the index of the column whose name (or, failing that, ID)
// equals name, compared case-insensitively, or -1.
func (t *Table) FieldIndex(name string) int {
	for i, f := range t.Fields {
		if equalFold(f.Name, name) {
			return i
		}
	}
	for i, f := range t.Fields {
		if f.ID != "" && equalFold(f.ID, name) {
			return i
		}
	}
	return -1
}

// Column holds the values of one FIELD for every row.
//
// Implementations are read-only once parsing is done and safe for concurrent
// readers.
type Column interface {
	// Len is the number of rows.
	Len() int
	// IsNull reports whether row i has no value (null attribute, empty cell,
	// NaN for floating point scalars, null bit in BINARY2).
	IsNull(i int) bool
	// String is the display text of row i; "" for null. Arrays are space
	// separated, as in TABLEDATA.
	String(i int) string
	// Float is row i as a number for sorting and plotting; ok is false for
	// nulls and for values that are not numeric scalars.
	Float(i int) (v float64, ok bool)
	// Value is row i as a Go value: nil for null, otherwise bool, uint8,
	// int16, int32, int64, float32, float64, complex64, complex128, string,
	// or a slice of one of those for arrays ([]string per row for 2-D char).
	Value(i int) any
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		ca, cb := a[i], b[i]
		if 'A' <= ca && ca <= 'Z' {
			ca += 'a' - 'A'
		}
		if 'A' <= cb && cb <= 'Z' {
			cb += 'a' - 'A'
		}
		if ca != cb {
			return false
		}
	}
	return true
}
