// Package esotables turns ESO's recorded answers (the tables extracted from
// ESO's notebooks, read with fixtures.ReadESOTable) back into the VOTables
// ESO's DataLink and CalSelector services send. For tests only.
package esotables

import (
	"bytes"
	"testing"

	"esodesk/services/votable"
)

// DataLinkVOTable writes header and rows as a DataLink-shaped VOTable:
// every column char, except content_length (long, bytes).
func DataLinkVOTable(t testing.TB, header []string, rows [][]string) []byte {
	t.Helper()
	fields := make([]votable.Field, len(header))
	for i, h := range header {
		fields[i] = votable.Field{Name: h, Datatype: "char", Arraysize: "*"}
		if h == "content_length" {
			fields[i] = votable.Field{Name: h, Datatype: "long", Unit: "byte"}
		}
	}
	b := votable.NewTable(fields)
	for _, r := range rows {
		if err := b.AppendRow(r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := votable.WriteVOTable(&buf, b.Build(), nil, nil, "TABLEDATA"); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
