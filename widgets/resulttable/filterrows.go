package resulttable

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"esodesk/services/votable"
)

// matchRows returns a mask over model rows: true where any of cols contains
// needle (already lower-cased), ignoring case. When candidates is not nil only
// rows already true there are looked at (the user typed more characters).
// Rows are split between CPUs; the context is looked at every few thousand rows.
func matchRows(ctx context.Context, t *votable.Table, cols []int, numeric []bool, needle string, candidates []bool) ([]bool, error) {
	n := t.NumRows()
	mask := make([]bool, n)
	var columns []votable.Column
	for _, c := range cols {
		// Formatting numbers is most of the cost; skip numeric columns when
		// the needle could never appear in a number.
		if numeric[c] && !couldBeNumberText(needle) {
			continue
		}
		columns = append(columns, t.Columns[c])
	}
	parts := runtime.GOMAXPROCS(0)
	if n < 20_000 {
		parts = 1
	}
	var wg sync.WaitGroup
	for p := 0; p < parts; p++ {
		lo, hi := n*p/parts, n*(p+1)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := lo; r < hi; r++ {
				if (r-lo)%checkEvery == 0 && ctx.Err() != nil {
					return
				}
				if candidates != nil && !candidates[r] {
					continue
				}
				for _, col := range columns {
					if containsFold(col.String(r), needle) {
						mask[r] = true
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return mask, nil
}

// containsFold reports whether s contains the lower-case needle, ignoring case.
// ASCII needles are matched without allocating; others fall back to ToLower.
func containsFold(s, needle string) bool {
	if len(needle) == 0 {
		return true
	}
	if !isASCII(needle) {
		return strings.Contains(strings.ToLower(s), needle)
	}
	first := needle[0]
	for i := 0; i+len(needle) <= len(s); i++ {
		if lowerASCII(s[i]) != first {
			continue
		}
		j := 1
		for j < len(needle) && lowerASCII(s[i+j]) == needle[j] {
			j++
		}
		if j == len(needle) {
			return true
		}
	}
	return false
}

func lowerASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// couldBeNumberText reports whether s (lower case) only has characters that
// a formatted number may contain: digits, sign, point, exponent, inf, nan.
func couldBeNumberText(s string) bool {
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune("0123456789+-. einfa", rune(s[i])) {
			return false
		}
	}
	return true
}
