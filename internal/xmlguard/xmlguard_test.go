package xmlguard

import (
	"encoding/xml"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
)

type job struct {
	XMLName xml.Name
	ID      string   `xml:"jobId"`
	Params  []string `xml:"parameters>parameter"`
}

var jobLimits = Limits{What: "UWS job document", MaxBytes: 1 << 20}

func nest(n int) string {
	return `<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"><uws:jobId>j1</uws:jobId>` +
		strings.Repeat("<a>", n) + strings.Repeat("</a>", n) + "</uws:job>"
}

func TestDepth(t *testing.T) {
	var j job
	// uws:job is level 1: 63 nested <a> reach 64.
	if err := NewDecoder(strings.NewReader(nest(63)), jobLimits).Decode(&j); err != nil {
		t.Fatal(err)
	}
	if j.ID != "j1" || j.XMLName.Space != "http://www.ivoa.net/xml/UWS/v1.0" || j.XMLName.Local != "job" {
		t.Fatalf("decoded %+v", j)
	}
	err := NewDecoder(strings.NewReader(nest(64)), jobLimits).Decode(&job{})
	want := "the UWS job document nests elements 65 deep (at <a>, line 1); esodesk reads at most 64 — the answer is malformed or hostile"
	if !errors.Is(err, ErrLimit) || err.Error() != want {
		t.Fatalf("error %v, want %q", err, want)
	}
}

// 200,000 nested elements cost encoding/xml 48 MB (a record per open
// element); behind the guard the decoder never holds more than 64.
func TestDeepDocumentStaysSmall(t *testing.T) {
	doc := nest(200_000)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := NewDecoder(strings.NewReader(doc), Limits{What: "document"}).Decode(&job{})
	runtime.ReadMemStats(&after)
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("error %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Fatalf("allocated %d kB to refuse", alloc>>10)
	}
}

func TestMaxBytes(t *testing.T) {
	doc := nest(3)
	l := Limits{What: "UWS job document", MaxBytes: int64(len(doc))}
	if err := NewDecoder(strings.NewReader(doc), l).Decode(&job{}); err != nil {
		t.Fatalf("a document of exactly MaxBytes: %v", err)
	}
	l.MaxBytes--
	err := NewDecoder(strings.NewReader(doc), l).Decode(&job{})
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "the UWS job document is larger than 109 B; esodesk reads at most that") {
		t.Fatalf("error %v", err)
	}
	// Reader alone, for callers that read the body themselves.
	if _, err := io.ReadAll(Reader(strings.NewReader(doc), l)); !errors.Is(err, ErrLimit) {
		t.Fatalf("Reader: %v", err)
	}
}

// Syntax errors come through with the line where the document broke.
func TestSyntaxErrorsKeepTheirLine(t *testing.T) {
	err := NewDecoder(strings.NewReader("<uws:job>\n<a>\n</b></uws:job>"), jobLimits).Decode(&job{})
	var syn *xml.SyntaxError
	if !errors.As(err, &syn) || syn.Line != 3 {
		t.Fatalf("error %#v, want a syntax error at line 3", err)
	}
}

// HTML read leniently: elements the decoder closes itself (<br>, a <p>
// closed by its parent) do not add up, and their made-up ends keep the
// namespace.
func TestLenientHTML(t *testing.T) {
	doc := `<html xmlns="http://www.w3.org/1999/xhtml"><body>` + strings.Repeat("<div><p>text<br>more<img src='x'></div>", 500) + "</body></html>"
	d := xml.NewDecoder(strings.NewReader(doc))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	g := Guard(d, Limits{What: "examples page"})
	n := 0
	for {
		tok, err := g.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := tok.(xml.StartElement); ok {
			n++
		}
	}
	if n != 2+500*4 {
		t.Fatalf("%d elements", n)
	}
}
