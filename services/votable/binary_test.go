package votable

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"testing/iotest"
)

// rec builds BINARY rows by hand, big-endian, independent of our writer.
type rec struct{ bytes.Buffer }

func (r *rec) u8(v ...byte) *rec { r.Write(v); return r }
func (r *rec) i16(v int16) *rec  { binary.Write(&r.Buffer, binary.BigEndian, v); return r }
func (r *rec) i32(v int32) *rec  { binary.Write(&r.Buffer, binary.BigEndian, v); return r }
func (r *rec) i64(v int64) *rec  { binary.Write(&r.Buffer, binary.BigEndian, v); return r }
func (r *rec) f32(v float32) *rec {
	binary.Write(&r.Buffer, binary.BigEndian, v)
	return r
}
func (r *rec) f64(v float64) *rec {
	binary.Write(&r.Buffer, binary.BigEndian, v)
	return r
}
func (r *rec) str(s string) *rec { r.i32(int32(len(s))); r.WriteString(s); return r }

// binDoc wraps rows in a BINARY or BINARY2 document, base64 in lines of 60.
func binDoc(fields string, ser string, data []byte) string {
	enc := base64.StdEncoding.EncodeToString(data)
	var lines []string
	for len(enc) > 60 {
		lines = append(lines, enc[:60])
		enc = enc[60:]
	}
	lines = append(lines, enc)
	return vot(fields, "<"+ser+`><STREAM encoding="base64">`+"\n"+strings.Join(lines, "\n")+"\n</STREAM></"+ser+">")
}

const binFields = `<FIELD name="b" datatype="boolean"/>
<FIELD name="s" datatype="short"/>
<FIELD name="l" datatype="long"><VALUES null="-1"/></FIELD>
<FIELD name="f" datatype="float"/>
<FIELD name="d" datatype="double"/>
<FIELD name="uc" datatype="unicodeChar" arraysize="*"/>
<FIELD name="c8" datatype="char" arraysize="8"/>
<FIELD name="bits" datatype="bit" arraysize="10"/>
<FIELD name="ivar" datatype="int" arraysize="*"/>
<FIELD name="names" datatype="char" arraysize="4x*"/>
<FIELD name="dc" datatype="doubleComplex"/>
<FIELD name="u8" datatype="unsignedByte"/>`

// binRow writes one row of binFields.
func binRow(r *rec, b byte, s int16, l int64, f float32, d float64, uc string, c8 string, bits []byte, ivar []int32, names []string, re, im float64, u8 byte) {
	r.u8(b).i16(s).i64(l).f32(f).f64(d)
	u := []rune(uc)
	r.i32(int32(len(u)))
	for _, x := range u {
		r.i16(int16(x))
	}
	c := []byte(c8)
	r.u8(append(c, make([]byte, 8-len(c))...)...)
	r.u8(bits...)
	r.i32(int32(len(ivar)))
	for _, v := range ivar {
		r.i32(v)
	}
	r.i32(int32(len(names)))
	for _, n := range names {
		r.u8(append([]byte(n), make([]byte, 4-len(n))...)...)
	}
	r.f64(re).f64(im)
	r.u8(u8)
}

func TestBinary2(t *testing.T) {
	var r rec
	// Row 1: no nulls. 12 columns -> 2 bytes of null flags.
	r.u8(0, 0)
	binRow(&r, 'T', -5, 1<<40, 1.5, -2.5, "Grüße", "abc  ", []byte{0b10110000, 0b01000000}, []int32{1, -2, 3}, []string{"ab", "cdef"}, 1, -1, 200)
	// Row 2: null flags on b (col 1), d (col 5), ivar (col 9); l holds its null value.
	r.u8(0b10001000, 0b10000000)
	binRow(&r, 'F', 7, -1, float32(math.NaN()), 0, "", "", []byte{0, 0}, nil, nil, 0, 0, 0)
	tb := mustParse(t, binDoc(binFields, "BINARY2", r.Bytes())).ResultsTable()
	if tb.NumRows() != 2 {
		t.Fatalf("%d rows", tb.NumRows())
	}
	want := [][]any{
		{true, int16(-5), int64(1 << 40), float32(1.5), -2.5, "Grüße", "abc", []bool{true, false, true, true, false, false, false, false, false, true}, []int32{1, -2, 3}, []string{"ab", "cdef"}, complex(1, -1), uint8(200)},
		{nil, int16(7), nil, nil, nil, nil, nil, []bool{false, false, false, false, false, false, false, false, false, false}, nil, nil, complex(0, 0), uint8(0)},
	}
	for i, row := range want {
		for c, w := range row {
			if got := tb.Columns[c].Value(i); !sameValue(got, w) {
				t.Errorf("row %d %s: got %#v, want %#v", i+1, tb.Fields[c].Name, got, w)
			}
			if (w == nil) != tb.Columns[c].IsNull(i) {
				t.Errorf("row %d %s: IsNull %v", i+1, tb.Fields[c].Name, tb.Columns[c].IsNull(i))
			}
		}
	}
}

func TestBinaryNulls(t *testing.T) {
	fields := `<FIELD name="b" datatype="boolean"/><FIELD name="i" datatype="int"><VALUES null="-99"/></FIELD><FIELD name="d" datatype="double"/><FIELD name="c" datatype="char" arraysize="*"/>`
	var r rec
	r.u8('1').i32(5).f64(2).str("x")
	r.u8('?').i32(-99).f64(math.NaN()).str("")
	r.u8(0).i32(0).f64(0).str("y")
	tb := mustParse(t, binDoc(fields, "BINARY", r.Bytes())).ResultsTable()
	nulls := [][]bool{{false, false, false, false}, {true, true, true, true}, {true, false, false, false}}
	for i, row := range nulls {
		for c, w := range row {
			if tb.Columns[c].IsNull(i) != w {
				t.Errorf("row %d %s: IsNull %v, want %v", i+1, tb.Fields[c].Name, !w, w)
			}
		}
	}
	if tb.Columns[0].Value(0) != true || tb.Columns[1].Value(0) != int32(5) || tb.Columns[3].Value(2) != "y" {
		t.Errorf("values %v %v %v", tb.Columns[0].Value(0), tb.Columns[1].Value(0), tb.Columns[3].Value(2))
	}
}

func TestBinaryErrors(t *testing.T) {
	fields := `<FIELD name="i" datatype="int"/><FIELD name="c" datatype="char" arraysize="*"/>`
	var r rec
	r.i32(1).str("abc").i32(2).i32(10).u8('x', 'y') // row 2: string says 10 bytes, 2 follow
	_, err := Parse(strings.NewReader(binDoc(fields, "BINARY", r.Bytes())))
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Row != 2 || pe.Column != 2 || pe.Field != "c" {
		t.Errorf("truncated row: %v", err)
	}
	for name, doc := range map[string]string{
		"bad base64": vot(fields, "<BINARY><STREAM encoding=\"base64\">\nAAAA$$$$\n</STREAM></BINARY>"),
		"href":       vot(fields, `<BINARY><STREAM href="http://x/data.bin"/></BINARY>`),
		"gzip":       vot(fields, `<BINARY><STREAM encoding="gzip">AAAA</STREAM></BINARY>`),
		"fits":       vot(fields, `<FITS><STREAM href="x.fits"/></FITS>`),
		"unclosed":   vot(fields, `<BINARY><STREAM encoding="base64">AAAA`)[:120],
	} {
		_, err := Parse(strings.NewReader(doc))
		if !errors.As(err, &pe) || pe.Line == 0 {
			t.Errorf("%s: %v, want a ParseError with a line", name, err)
			continue
		}
		for key, word := range map[string]string{"href": "href", "gzip": "not supported", "fits": "FITS"} {
			if name == key && !strings.Contains(pe.Msg, word) {
				t.Errorf("%s: message %q lacks %q", name, pe.Msg, word)
			}
		}
	}
}

func TestBinaryManyRows(t *testing.T) {
	// More rows than one decoded part and one base64 block.
	fields := `<FIELD name="i" datatype="long"/><FIELD name="c" datatype="char" arraysize="*"/>`
	var r rec
	const n = 70000
	for i := 0; i < n; i++ {
		r.u8(0)
		r.i64(int64(i) * 3).str(strings.Repeat("z", i%5))
	}
	var last int
	doc := binDoc(fields, "BINARY2", r.Bytes())
	d, err := ParseContext(t.Context(), strings.NewReader(doc), Options{Progress: func(n int) { last = n }})
	if err != nil {
		t.Fatal(err)
	}
	tb := d.ResultsTable()
	if tb.NumRows() != n || last != n {
		t.Fatalf("%d rows, progress %d", tb.NumRows(), last)
	}
	for i := 0; i < n; i += 4999 {
		if tb.Columns[0].Value(i) != int64(i)*3 || tb.Columns[1].String(i) != strings.Repeat("z", i%5) {
			t.Fatalf("row %d: %v %q", i, tb.Columns[0].Value(i), tb.Columns[1].String(i))
		}
	}
	d, err = ParseContext(t.Context(), strings.NewReader(doc), Options{MaxRows: 20000})
	if err != nil || d.ResultsTable().NumRows() != 20000 || !d.ResultsTable().Truncated {
		t.Fatalf("MaxRows: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	_, err = ParseContext(ctx, strings.NewReader(doc), Options{Progress: func(int) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled during the data: %v", err)
	}
	d, err = ParseContext(t.Context(), strings.NewReader(doc), Options{MaxRows: n})
	if err != nil || d.ResultsTable().NumRows() != n || d.ResultsTable().Truncated {
		t.Fatalf("MaxRows = rows: %v, truncated %v", err, d.ResultsTable().Truncated)
	}
}

func TestSmallReadsAndReadErrors(t *testing.T) {
	var sb strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&sb, "<TR><TD>%d</TD><TD><![CDATA[c%d]]></TD></TR>\n<!-- </TR> in a comment -->\n", i, i)
	}
	td := vot(`<FIELD name="i" datatype="int"/><FIELD name="s" datatype="char" arraysize="*"/>`, "<TABLEDATA>"+sb.String()+"</TABLEDATA>")
	var r rec
	for i := 0; i < 3000; i++ {
		r.u8(0).i32(int32(i)).str(fmt.Sprintf("c%d", i))
	}
	b2 := binDoc(`<FIELD name="i" datatype="int"/><FIELD name="s" datatype="char" arraysize="*"/>`, "BINARY2", r.Bytes())
	// Base64 in lines of 61 characters with CRLF and indentation: not whole
	// quanta per line, so the general decoding path runs.
	enc := base64.StdEncoding.EncodeToString(r.Bytes())
	var odd strings.Builder
	for len(enc) > 61 {
		odd.WriteString("  " + enc[:61] + "\r\n")
		enc = enc[61:]
	}
	odd.WriteString(enc)
	b2odd := vot(`<FIELD name="i" datatype="int"/><FIELD name="s" datatype="char" arraysize="*"/>`,
		`<BINARY2><STREAM encoding="base64">`+odd.String()+`</STREAM></BINARY2>`)
	for name, doc := range map[string]string{"TABLEDATA": td, "BINARY2": b2, "BINARY2 odd lines": b2odd} {
		for rname, rd := range map[string]io.Reader{
			"one byte": iotest.OneByteReader(strings.NewReader(doc)),
			"half":     iotest.HalfReader(strings.NewReader(doc)),
			"data+err": iotest.DataErrReader(strings.NewReader(doc)),
		} {
			d, err := Parse(rd)
			if err != nil {
				t.Fatalf("%s, %s reads: %v", name, rname, err)
			}
			tb := d.ResultsTable()
			if tb.NumRows() != 3000 || tb.Columns[0].Value(2999) != int32(2999) || tb.Columns[1].String(1234) != "c1234" {
				t.Fatalf("%s, %s reads: %d rows", name, rname, tb.NumRows())
			}
		}
		// A failing reader gives a ParseError that says so.
		failing := io.MultiReader(strings.NewReader(doc[:len(doc)/2]), iotest.ErrReader(errors.New("connection reset")))
		_, err := Parse(failing)
		var pe *ParseError
		if !errors.As(err, &pe) || !strings.Contains(pe.Msg, "connection reset") {
			t.Errorf("%s: failing reader gave %v", name, err)
		}
	}
}
