package calselector

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"esodesk/internal/xmlguard"
)

// cascade is an ASSOCIATION_TREE levels deep: each association needs the
// next one (two elements per level).
func cascade(levels int) string {
	return strings.Repeat(`<association category="CAT" type="main"><mainFiles><file name="f" category="CAT"/></mainFiles><associatedFiles>`, levels) +
		strings.Repeat(`</associatedFiles></association>`, levels)
}

// A tree 200,000 levels deep took encoding/xml's recursion to its own
// limit (10,000) and answered "not an <association> document: exceeded max
// depth"; 4,000 levels parsed, for every walk of the tree to recurse through.
func TestHostileTrees(t *testing.T) {
	for _, levels := range []int{200_000, 4_000, 32} {
		doc := cascade(levels)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := ParseTree(strings.NewReader(doc))
		runtime.ReadMemStats(&after)
		want := "the ASSOCIATION_TREE nests elements 65 deep (at <file>, line 1); esodesk reads at most 64 — the answer is malformed or hostile"
		if !errors.Is(err, xmlguard.ErrLimit) || err.Error() != want {
			t.Fatalf("%d levels: %v", levels, err)
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
			t.Errorf("%d levels: allocated %d kB to refuse", levels, alloc>>10)
		}
	}
	// 31 levels (a file at level 63) still read, whole.
	a, err := ParseTree(strings.NewReader(cascade(31)))
	if err != nil {
		t.Fatal(err)
	}
	depth := 0
	for ; len(a.Associated) == 1; a = &a.Associated[0] {
		depth++
	}
	if depth != 30 || len(a.MainFiles) != 1 {
		t.Fatalf("read %d levels below the top", depth)
	}
}
