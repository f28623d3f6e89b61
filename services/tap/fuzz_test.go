package tap

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"esodesk/internal/fixtures"
)

// FuzzParseTables checks that no input makes ParseTables panic, and that
// every table it reads can be found by its name.
func FuzzParseTables(f *testing.F) {
	f.Add([]byte(singleTable))
	f.Add([]byte(`<vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"><schema><name>ivoa</name>
<table><name>ivoa.ObsCore</name><column><name>s_ra</name><dataType arraysize="*">double</dataType><flag>indexed</flag></column></table></schema>
<schema><name>dbo</name><table type="view"><name>dbo.raw</name></table></schema></vosi:tableset>`))
	if dir := fixtures.Dir(); dir != "" {
		if b, err := os.ReadFile(filepath.Join(dir, "pyvo", "tap", "tables.xml")); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ts, err := ParseTables(bytes.NewReader(data))
		if err != nil {
			return
		}
		n := 0
		for _, s := range ts.Schemas {
			for _, tb := range s.Tables {
				n++
				if tb.Name != "" && ts.Find(tb.Name) == nil {
					t.Fatalf("table %q not found by its name", tb.Name)
				}
			}
		}
		if n != ts.NumTables() {
			t.Fatalf("NumTables %d, counted %d", ts.NumTables(), n)
		}
	})
}

// FuzzParseExamples checks that no page makes ParseExamples panic, and
// that what it reads is trimmed as documented.
func FuzzParseExamples(f *testing.F) {
	f.Add([]byte(`<html xmlns="http://www.w3.org/1999/xhtml"><body vocab="ivo://ivoa.net/std/DALI-examples#">
<div typeof="example" resource="#raw"><h2 property="name">Raw   frames</h2><p>All <em>science</em> frames<br>of a night.
<pre property="query">  SELECT *
    FROM dbo.raw</pre><span property="table">dbo.raw</span></div>
<div typeof="example" id="ssa"><h2 property="name">Spectra</h2><a property="capability" href="ivo://ivoa.net/std/SSA"></a>
<span property="generic-parameter" typeof="keyval"><span property="key">POS</span><span property="value">10,20</span></span></div></body></html>`))
	if dir := fixtures.Dir(); dir != "" {
		if b, err := os.ReadFile(filepath.Join(dir, "pyvo", "tap", "examples.htm")); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ex, err := ParseExamples(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, e := range ex {
			if e.Name != strings.Join(strings.Fields(e.Name), " ") {
				t.Fatalf("name %q not collapsed", e.Name)
			}
			if e.Query == "" && e.Name == "" {
				t.Fatalf("an example with neither name nor query: %+v", e)
			}
		}
	})
}
