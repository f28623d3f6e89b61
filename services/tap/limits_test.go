package tap

import (
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"esodesk/internal/xmlguard"
)

func deepDoc(head, open, tail string, n int) string {
	name := strings.Fields(strings.Trim(open, "<>"))[0]
	return head + strings.Repeat(open, n) + strings.Repeat("</"+name+">", n) + tail
}

// Nesting 200,000 elements took encoding/xml 48 MB per document before the
// guard; the examples reader, which hands text to every property open
// around it, took 7 s and 841 MB for 20,000 nested properties.
func TestHostileVOSIDocuments(t *testing.T) {
	const n = 200_000
	tables := func(doc string) error { _, err := ParseTables(strings.NewReader(doc)); return err }
	caps := func(doc string) error { _, err := ParseCapabilities(strings.NewReader(doc)); return err }
	avail := func(doc string) error { _, err := ParseAvailability(strings.NewReader(doc)); return err }
	examples := func(doc string) error { _, err := ParseExamples(strings.NewReader(doc)); return err }
	cases := []struct {
		name, doc, want string
		parse           func(string) error
	}{
		{"tables", deepDoc(`<vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"><schema><name>s</name><table>`, "<a>", "</table></schema></vosi:tableset>", n),
			"the VOSI tables document nests elements 65 deep (at <a>, line 1)", tables},
		{"single table", deepDoc(`<vosi:table xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"><column>`, "<a>", "</column></vosi:table>", n),
			"the VOSI tables document nests elements 65 deep (at <a>, line 1)", tables},
		{"capabilities", deepDoc(`<vosi:capabilities xmlns:vosi="http://www.ivoa.net/xml/VOSICapabilities/v1.0"><capability>`, "<interface>", "</capability></vosi:capabilities>", n),
			"the VOSI capabilities document nests elements 65 deep (at <interface>, line 1)", caps},
		{"availability", deepDoc(`<vosi:availability xmlns:vosi="http://www.ivoa.net/xml/VOSIAvailability/v1.0">`, "<note>", "</vosi:availability>", n),
			"the VOSI availability document nests elements 65 deep (at <note>, line 1)", avail},
		{"examples, nested properties", deepDoc(`<html><body><div typeof="example" id="e">`, `<span property="query">`, "</div></body></html>", n),
			"the examples page nests elements 257 deep (at <span>, line 1); esodesk reads at most 256", examples},
		{"examples, unclosed paragraphs", deepDoc(`<html><body>`, "<p>", "</body></html>", n),
			"the examples page nests elements 257 deep (at <p>, line 1)", examples},
		{"availability, too big", `<vosi:availability xmlns:vosi="http://www.ivoa.net/xml/VOSIAvailability/v1.0"><note>` + strings.Repeat("x", 1_000_000) + "</note></vosi:availability>",
			"the VOSI availability document is larger than 1.0 MB; esodesk reads at most that", avail},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := c.parse(c.doc)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, xmlguard.ErrLimit) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; !strings.Contains(c.name, "too big") && alloc > 4<<20 {
				t.Errorf("allocated %d kB to refuse", alloc>>10)
			}
		})
	}
}

// One element naming a property 100,000 times opened as many captures,
// each then copying all the text after it.
func TestExamplesPropertyListIsBounded(t *testing.T) {
	doc := `<html><body><div typeof="example" id="e"><span property="name">n</span><pre property="` +
		strings.TrimSpace(strings.Repeat("query ", 100_000)) + `">` + strings.Repeat("SELECT 1 ", 10_000) +
		`</pre></div></body></html>`
	start := time.Now()
	ex, err := ParseExamples(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v", took)
	}
	if len(ex) != 1 || ex[0].Name != "n" || !strings.HasPrefix(ex[0].Query, "SELECT 1 SELECT 1") {
		t.Fatalf("%+v", ex)
	}
}
