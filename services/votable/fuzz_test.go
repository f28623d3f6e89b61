package votable

import (
	"bytes"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"testing"

	"esodesk/internal/fixtures"
)

// FuzzParse checks that no input makes the reader (or the writer, on what
// the reader accepted) panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(vot(`<FIELD name="a" datatype="int"/><FIELD name="s" datatype="char" arraysize="*"/>`,
		`<TABLEDATA><TR><TD>1</TD><TD>x &amp; <![CDATA[y]]></TD></TR><TR><TD/><TD/></TR></TABLEDATA>`)))
	f.Add([]byte(vot(`<FIELD name="a" datatype="double" arraysize="2x*"/><FIELD name="n" datatype="char" arraysize="3x2"/><FIELD name="b" datatype="bit" arraysize="*"/>`,
		`<TABLEDATA><TR><TD>1 2 3 4</TD><TD>abcdef</TD><TD>101</TD></TR></TABLEDATA>`)))
	var r rec
	r.u8(0)
	binRow(&r, 'T', 1, 2, 3, 4, "ü", "ab", []byte{1, 2}, []int32{1}, []string{"a"}, 1, 2, 3)
	f.Add([]byte(binDoc(binFields, "BINARY2", r.Bytes())))
	f.Add([]byte(binDoc(`<FIELD name="u" datatype="unicodeChar" arraysize="4x*"/><FIELD name="c" datatype="floatComplex" arraysize="*"/>`, "BINARY",
		[]byte{0, 0, 0, 1, 0, 'a', 0, 'b', 0, 0, 0, 0, 0, 0, 0, 1, 0x3f, 0x80, 0, 0, 0, 0, 0, 0})))
	f.Add([]byte("<VOTABLE><RESOURCE><TABLE><FIELD name=\"x\" datatype=\"long\"><VALUES null=\"0x10\"/></FIELD><DATA><BINARY><STREAM encoding=\"base64\">" +
		base64.StdEncoding.EncodeToString([]byte{0, 0, 0, 0, 0, 0, 0, 16}) + "</STREAM></BINARY></DATA></TABLE></RESOURCE></VOTABLE>"))
	if dir := fixtures.Dir(); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "pyvo", "*", "*.xml"))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := ParseContext(t.Context(), bytes.NewReader(data), Options{MaxRows: 1000})
		if err != nil {
			if _, ok := err.(*ParseError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		doc.Status()
		doc.ServiceDescriptors()
		var walk func(rs []*Resource)
		walk = func(rs []*Resource) {
			for _, res := range rs {
				for _, tb := range res.Tables {
					n := tb.NumRows()
					for _, c := range tb.Columns {
						if c.Len() != n {
							t.Fatalf("column of %d rows in a table of %d", c.Len(), n)
						}
						for i := 0; i < n; i++ {
							c.IsNull(i)
							c.String(i)
							c.Float(i)
							c.Value(i)
						}
					}
					if !smallArrays(tb) {
						continue // writing pads null fixed-size arrays: keep fuzzing fast
					}
					for _, ser := range []string{"TABLEDATA", "BINARY2"} {
						var buf bytes.Buffer
						if err := WriteVOTable(&buf, tb, nil, nil, ser); err != nil {
							t.Fatal(err)
						}
						back, err := Parse(&buf)
						if err != nil {
							t.Fatalf("cannot read back our %s: %v", ser, err)
						}
						if back.ResultsTable().NumRows() != n {
							t.Fatalf("%s round trip: %d rows, want %d", ser, back.ResultsTable().NumRows(), n)
						}
					}
					WriteCSV(io.Discard, tb, nil, nil)
				}
				walk(res.Resources)
			}
		}
		walk(doc.Resources)
	})
}

// smallArrays reports whether every fixed array size of tb is modest.
func smallArrays(tb *Table) bool {
	for _, f := range tb.Fields {
		if sh, err := parseShape(f.Datatype, f.Arraysize); err == nil && sh.fixedCount() > 1024 {
			return false
		}
	}
	return true
}
