package resulttable

import (
	"cmp"
	"context"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"esodesk/services/votable"
)

// checkEvery is how many rows a background job handles between looks at its
// context, so that a superseded sort or filter stops within a millisecond or so.
const checkEvery = 1 << 14

// sortRows returns the model rows of col ordered by value: by Float when numeric,
// else by String ignoring case. Nulls (and, in numeric columns, values with no number) come
// last in either direction; ties keep model order so that results are stable.
func sortRows(ctx context.Context, col votable.Column, numeric, ascending bool) ([]int32, error) {
	n := col.Len()
	present := make([]int32, 0, n)
	var nulls []int32
	var less func(a, b int32) int
	if numeric {
		keys := make([]float64, n)
		for i := 0; i < n; i++ {
			if i%checkEvery == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			v, ok := col.Float(i)
			if !ok || math.IsNaN(v) || col.IsNull(i) {
				nulls = append(nulls, int32(i))
				continue
			}
			keys[i] = v
			present = append(present, int32(i))
		}
		less = func(a, b int32) int { return cmp.Compare(keys[a], keys[b]) }
	} else {
		// Lower-cased keys go into one buffer: one allocation, not one per row.
		var buf strings.Builder
		ends := make([]int, n)
		for i := 0; i < n; i++ {
			if i%checkEvery == 0 && ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if col.IsNull(i) {
				nulls = append(nulls, int32(i))
			} else {
				writeLower(&buf, col.String(i))
				present = append(present, int32(i))
			}
			ends[i] = buf.Len()
		}
		all := buf.String()
		keys := make([]string, n)
		start := 0
		for i, end := range ends {
			keys[i] = all[start:end]
			start = end
		}
		less = func(a, b int32) int { return strings.Compare(keys[a], keys[b]) }
	}
	order := less
	if !ascending {
		order = func(a, b int32) int { return -less(a, b) }
	}
	byValueThenRow := func(a, b int32) int {
		if c := order(a, b); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}
	if err := parallelSort(ctx, present, byValueThenRow); err != nil {
		return nil, err
	}
	return append(present, nulls...), nil
}

// parallelSort sorts s in place: one chunk per CPU sorted concurrently, then
// merged pairwise. The context is looked at between the phases.
func parallelSort(ctx context.Context, s []int32, compare func(a, b int32) int) error {
	parts := runtime.GOMAXPROCS(0)
	if parts > 8 {
		parts = 8
	}
	if len(s) < 50_000 || parts < 2 {
		slices.SortFunc(s, compare)
		return ctx.Err()
	}
	bounds := make([]int, parts+1)
	for i := range bounds {
		bounds[i] = len(s) * i / parts
	}
	var wg sync.WaitGroup
	for p := 0; p < parts; p++ {
		wg.Add(1)
		go func(chunk []int32) {
			defer wg.Done()
			slices.SortFunc(chunk, compare)
		}(s[bounds[p]:bounds[p+1]])
	}
	wg.Wait()
	buf := make([]int32, len(s))
	src, dst := s, buf
	for width := 1; width < parts; width *= 2 {
		if err := ctx.Err(); err != nil {
			return err
		}
		var mwg sync.WaitGroup
		for p := 0; p < parts; p += 2 * width {
			lo := bounds[p]
			mid := bounds[min(p+width, parts)]
			hi := bounds[min(p+2*width, parts)]
			mwg.Add(1)
			go func() {
				defer mwg.Done()
				mergeRuns(dst[lo:hi], src[lo:mid], src[mid:hi], compare)
			}()
		}
		mwg.Wait()
		src, dst = dst, src
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
	return nil
}

func mergeRuns(dst, a, b []int32, compare func(a, b int32) int) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if compare(b[j], a[i]) < 0 {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}

// writeLower appends s in lower case, byte by byte for ASCII.
func writeLower(b *strings.Builder, s string) {
	if !isASCII(s) {
		b.WriteString(strings.ToLower(s))
		return
	}
	for i := 0; i < len(s); i++ {
		b.WriteByte(lowerASCII(s[i]))
	}
}
