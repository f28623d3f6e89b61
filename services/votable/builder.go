package votable

import "fmt"

// TableBuilder makes a Table from rows of strings, read with TABLEDATA text
// semantics (an empty string is a null). Code and tests use it to build
// tables without XML.
type TableBuilder struct {
	fields []Field
	cols   []colBuilder
	err    error
	rows   int
}

// NewTable starts a table with the given fields. A bad datatype or arraysize
// is reported by the first AppendRow.
func NewTable(fields []Field) *TableBuilder {
	b := &TableBuilder{fields: append([]Field(nil), fields...)}
	b.cols, b.err = makeColumns(b.fields, 0)
	return b
}

// AppendRow adds one row; cells[i] is the TABLEDATA text of field i. On error
// the row is not added.
func (b *TableBuilder) AppendRow(cells []string) error {
	if b.err != nil {
		return b.err
	}
	if len(cells) != len(b.cols) {
		return &ParseError{Row: b.rows + 1, Msg: fmt.Sprintf("row has %d cells, expected %d", len(cells), len(b.cols))}
	}
	for i, c := range b.cols {
		if err := c.appendText([]byte(cells[i])); err != nil {
			for _, c := range b.cols[:i] {
				c.truncate(b.rows)
			}
			return &ParseError{Row: b.rows + 1, Column: i + 1, Field: b.fields[i].Name, Msg: err.Error()}
		}
	}
	b.rows++
	return nil
}

// Build returns the table. The builder must not be used afterwards.
func (b *TableBuilder) Build() *Table {
	t := &Table{Fields: b.fields}
	if b.cols != nil {
		t.Columns = columnsOf(b.cols)
	} else {
		t.Columns = []Column{}
	}
	return t
}
