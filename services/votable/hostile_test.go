package votable

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"esodesk/internal/bytesize"
)

// parseMeasured parses doc and reports the bytes allocated and the stack
// grown meanwhile.
func parseMeasured(t *testing.T, doc string, opt Options) (err error, alloc, stack int64, took time.Duration) {
	t.Helper()
	r := strings.NewReader(doc)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err = ParseContext(context.Background(), r, opt)
	took = time.Since(start)
	runtime.ReadMemStats(&after)
	return err, int64(after.TotalAlloc - before.TotalAlloc), int64(after.StackInuse) - int64(before.StackInuse), took
}

func wantParseError(t *testing.T, err error, msg string) *ParseError {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) || !strings.Contains(pe.Msg, msg) {
		t.Fatalf("error %v, want a *ParseError saying %q", err, msg)
	}
	return pe
}

// nested is open repeated n times, then the matching end tags.
func nested(open string, n int) string {
	name := strings.Fields(strings.Trim(open, "<>"))[0]
	return strings.Repeat(open, n) + strings.Repeat("</"+name+">", n)
}

// A hostile answer nesting 200,000 elements used 512 MB of stack (1 GB of
// memory from the system) before the parser said anything, and 500,000
// crashed the process (Go's stack limit is fatal). Each recursive path of the
// parser must stop at MaxDepth, fast and small.
func TestDeepNestingFailsFastAndSmall(t *testing.T) {
	const n = 200_000
	cases := []struct{ name, head, open, tail string }{
		{"RESOURCE", `<?xml version="1.0"?><VOTABLE version="1.4">`, "<RESOURCE>", "</VOTABLE>"},
		{"GROUP", `<VOTABLE><RESOURCE><TABLE>`, `<GROUP name="g">`, "</TABLE></RESOURCE></VOTABLE>"},
		{"OPTION", `<VOTABLE><RESOURCE><TABLE><FIELD name="a" datatype="int"><VALUES>`, `<OPTION value="1">`,
			"</VALUES></FIELD></TABLE></RESOURCE></VOTABLE>"},
		{"X", `<VOTABLE><DEFINITIONS>`, "<X>", "</DEFINITIONS></VOTABLE>"}, // elements skipped unread
		{"B", `<VOTABLE><DESCRIPTION>`, "<B>", "</DESCRIPTION></VOTABLE>"}, // markup inside text
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := c.head + nested(c.open, n) + c.tail
			err, alloc, stack, took := parseMeasured(t, doc, Options{})
			t.Logf("%d bytes nesting %d <%s>: %v; allocated %d kB, stack grew %d kB, in %v",
				len(doc), n, c.name, err, alloc>>10, stack>>10, took)
			want := fmt.Sprintf("the VOTable nests elements 65 deep (at a <%s>); esodesk reads at most 64 — the answer is malformed or hostile", c.name)
			if pe := wantParseError(t, err, want); pe.Line != 1 {
				t.Errorf("error at line %d, want 1", pe.Line)
			}
			if alloc > 50<<20 || stack > 50<<20 {
				t.Errorf("allocated %d MB and grew the stack by %d MB, want < 50 MB each", alloc>>20, stack>>20)
			}
			if took > time.Second {
				t.Errorf("took %v to refuse", took)
			}
		})
	}
}

func TestNestingUpToTheLimitParses(t *testing.T) {
	// VOTABLE is level 1: 63 RESOURCEs inside it reach level 64.
	doc := "<VOTABLE>" + nested(`<RESOURCE type="meta">`, MaxDepth-1) + "</VOTABLE>"
	d, err := Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	depth := 0
	for rs := d.Resources; len(rs) == 1; rs = rs[0].Resources {
		depth++
	}
	if depth != MaxDepth-1 {
		t.Fatalf("read %d nested resources, want %d", depth, MaxDepth-1)
	}
	doc = "<VOTABLE>" + nested(`<RESOURCE type="meta">`, MaxDepth) + "</VOTABLE>"
	_, err = Parse(strings.NewReader(doc))
	wantParseError(t, err, "nests elements 65 deep (at a <RESOURCE>)")

	// A realistic deep document: a table ten levels down with nested
	// groups and options still reads whole.
	doc = `<VOTABLE version="1.4">` + strings.Repeat(`<RESOURCE type="results">`, 8) +
		`<TABLE><GROUP name="g1"><GROUP name="g2"><GROUP name="g3"><PARAM name="p" datatype="int" value="7"/></GROUP></GROUP></GROUP>` +
		`<FIELD name="band" datatype="char" arraysize="*"><VALUES><OPTION name="opt" value="o"><OPTION value="J"/><OPTION value="K"/></OPTION></VALUES></FIELD>` +
		`<FIELD name="n" datatype="int"/><DATA><TABLEDATA><TR><TD>J</TD><TD>1</TD></TR><TR><TD>K</TD><TD>2</TD></TR></TABLEDATA></DATA></TABLE>` +
		strings.Repeat(`</RESOURCE>`, 8) + `</VOTABLE>`
	d, err = Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	tb := d.ResultsTable()
	if tb == nil || tb.NumRows() != 2 || tb.Columns[0].String(1) != "K" || tb.Columns[1].String(0) != "1" {
		t.Fatalf("table %+v", tb)
	}
	if g := tb.Groups[0].Groups[0].Groups[0]; len(g.Params) != 1 || g.Params[0].Value != "7" {
		t.Fatalf("innermost group %+v", g)
	}
	if o := tb.Fields[0].Options[0]; len(o.Options) != 2 || o.Options[1].Value != "K" {
		t.Fatalf("options %+v", tb.Fields[0].Options)
	}
}

func tabledataDoc(rows int) string {
	var sb strings.Builder
	sb.WriteString(`<VOTABLE><RESOURCE><TABLE><FIELD name="n" datatype="long"/><FIELD name="s" datatype="char" arraysize="*"/><DATA><TABLEDATA>`)
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&sb, "<TR><TD>%d</TD><TD>row %d</TD></TR>\n", i, i)
	}
	sb.WriteString("</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>")
	return sb.String()
}

func binary2Doc(rows int) string {
	var r rec
	for i := 0; i < rows; i++ {
		r.u8(0)
		r.i64(int64(i))
	}
	return `<VOTABLE><RESOURCE><TABLE><FIELD name="n" datatype="long"/><DATA><BINARY2><STREAM encoding="base64">` +
		base64.StdEncoding.EncodeToString(r.Bytes()) + `</STREAM></BINARY2></DATA></TABLE></RESOURCE></VOTABLE>`
}

func TestMaxBytes(t *testing.T) {
	var infos strings.Builder
	infos.WriteString("<VOTABLE>")
	for i := 0; i < 10_000; i++ {
		fmt.Fprintf(&infos, `<INFO name="i%d" value="v">text</INFO>`, i)
	}
	infos.WriteString("</VOTABLE>")
	cases := []struct {
		name, doc string
		budget    int64 // fails with it, parses with twice as much
	}{
		{"TABLEDATA", tabledataDoc(20_000), 256 << 10},              // about 0.5 MB of data
		{"BINARY2 in one part", binary2Doc(10_000), 64 << 10},       // 80 kB, checked at the end
		{"BINARY2 in many parts", binary2Doc(300_000), 1 << 20},     // 2.4 MB, checked as it grows
		{"metadata", infos.String(), 1 << 20},                       // 10,000 INFOs
		{"default budget", tabledataDoc(1000), DefaultMaxBytes + 1}, // only parses
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.budget <= DefaultMaxBytes {
				_, err := ParseContext(context.Background(), strings.NewReader(c.doc), Options{MaxBytes: c.budget})
				pe := wantParseError(t, err, fmt.Sprintf("esodesk reads at most %s (Options.MaxBytes)", bytesize.Format(c.budget)))
				if strings.Contains(c.name, "many parts") && (pe.Row == 0 || pe.Row > 200_000) {
					t.Errorf("stopped at row %d: the budget must be checked as the table grows", pe.Row)
				}
			}
			for _, max := range []int64{4 * c.budget, 0, -1} {
				if _, err := ParseContext(context.Background(), strings.NewReader(c.doc), Options{MaxBytes: max}); err != nil {
					t.Fatalf("MaxBytes %d: %v", max, err)
				}
			}
		})
	}
}

func TestMaxFields(t *testing.T) {
	doc := "<VOTABLE><RESOURCE><TABLE>" + strings.Repeat(`<FIELD name="c" datatype="int"/>`, MaxFields+1) + "</TABLE></RESOURCE></VOTABLE>"
	_, err := Parse(strings.NewReader(doc))
	wantParseError(t, err, "the TABLE declares more than 65536 FIELDs; esodesk reads at most 65536")
}

// BINARY rows that take no bytes never used the stream up: a 200-byte
// answer looped for ever, growing its columns until memory ran out.
func TestBinaryRowsOfNoBytesAreRefused(t *testing.T) {
	stream := base64.StdEncoding.EncodeToString([]byte{0, 0, 0})
	for name, fields := range map[string]string{
		"char arraysize 0": `<FIELD name="a" datatype="char" arraysize="0"/>`,
		"no FIELD":         ``,
	} {
		for _, ser := range []string{"BINARY", "BINARY2"} {
			t.Run(name+" "+ser, func(t *testing.T) {
				doc := "<VOTABLE><RESOURCE><TABLE>" + fields + "<DATA><" + ser + `><STREAM encoding="base64">` + stream +
					"</STREAM></" + ser + "></DATA></TABLE></RESOURCE></VOTABLE>"
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				_, err := ParseContext(ctx, strings.NewReader(doc), Options{})
				if ser == "BINARY2" && fields != "" {
					// a null-flag byte per row: three rows
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				wantParseError(t, err, "the BINARY rows of this TABLE hold no bytes")
			})
		}
	}
}

func TestArraysizeProductCannotOverflow(t *testing.T) {
	// 2^20 * 2^20 * 2^20 * 8 = 2^63 wrapped to a negative count.
	for _, as := range []string{"1048576x1048576x1048576x8", "1048576x1048576x1048576x16", "1024x1025"} {
		if _, err := parseShape("double", as); err == nil || !strings.Contains(err.Error(), "too large") {
			t.Errorf("arraysize %s: %v", as, err)
		}
	}
	if sh, err := parseShape("double", "1024x1024"); err != nil || sh.fixedCount() != 1<<20 {
		t.Errorf("arraysize 1024x1024: %v, %v", sh, err)
	}
}

// Cells of no bytes (arraysize="0") next to one real column: every byte of
// data made a row of 65,536 offsets, 512 kB, and the budget was looked at
// only once per MB of data (512 GB).
func TestBudgetCountsCellsOfNoBytes(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`<VOTABLE><RESOURCE><TABLE><FIELD name="b" datatype="unsignedByte"/>`)
	for i := 1; i < MaxFields; i++ {
		sb.WriteString(`<FIELD name="z" datatype="char" arraysize="0"/>`)
	}
	sb.WriteString(`<DATA><BINARY><STREAM encoding="base64">` + base64.StdEncoding.EncodeToString(make([]byte, 10_000)) +
		`</STREAM></BINARY></DATA></TABLE></RESOURCE></VOTABLE>`)
	err, alloc, _, took := parseMeasured(t, sb.String(), Options{MaxBytes: 64 << 20})
	wantParseError(t, err, "esodesk reads at most 67.1 MB (Options.MaxBytes)")
	if alloc > 512<<20 {
		t.Errorf("allocated %d MB before refusing", alloc>>20)
	}
	t.Logf("refused after %d MB allocated, in %v", alloc>>20, took)
}
