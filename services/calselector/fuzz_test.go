package calselector

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"esodesk/internal/fixtures"
)

// FuzzParseTree checks that no input makes ParseTree panic, and that a tree
// it accepts is shallow enough for the recursive walks the app makes.
func FuzzParseTree(f *testing.F) {
	f.Add([]byte(cascade(3)))
	f.Add([]byte(`<?xml version="1.0"?>
<association category="SCI" certified="true" complete="false" mode="Raw2Master" type="main">
  <mainFiles><file category="OBJECT" name="MUSE.1"/></mainFiles>
  <messages>Missing MASTER_SKY_FLAT_IMG</messages>
  <associatedFiles><association category="BIAS" certified="FALSE" complete="true" match="extended" type="main">
      <mainFiles><file category="MASTER_BIAS" name="M.MUSE.2"/></mainFiles>
      <messages><message> late   bias </message><message>second</message></messages><associatedFiles/>
  </association></associatedFiles>
</association>`))
	if dir := fixtures.Dir(); dir != "" {
		if b, err := os.ReadFile(filepath.Join(dir, treeFixture)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseTree(bytes.NewReader(data))
		if err != nil {
			return
		}
		deepest := 0
		a.Walk(func(_ *Association, depth int) { deepest = max(deepest, depth) })
		if deepest > 31 { // 64 elements: two per level below the top
			t.Fatalf("a tree %d levels deep got through", deepest)
		}
		if n := a.Count(); n < 1 {
			t.Fatalf("Count %d", n)
		}
		a.Files()
		a.FileNames()
		a.AllMessages()
		a.Incomplete()
	})
}
