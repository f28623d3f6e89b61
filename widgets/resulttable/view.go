package resulttable

import (
	"context"
	"slices"
	"strings"

	"esodesk/services/votable"
)

// sortKey names an ordering of the model rows; col -1 means model order.
type sortKey struct {
	col       int
	ascending bool
}

// filterKey names a filter mask: the lower-cased text and the columns searched.
type filterKey struct {
	text string
	cols string // visible column indices, joined, so a change of columns is a new key
	keep int    // the row filter's number (SetRowFilter), 0 for none
}

// viewSpec is everything a background job needs to compute the rows shown. It
// is a copy taken on the UI goroutine; the slices in it are never modified
// after they are made, so jobs may read them while the UI moves on.
type viewSpec struct {
	table   *votable.Table
	numeric []bool
	sort    sortKey
	filter  filterKey
	cols    []int // columns the filter searches
	keep    func(modelRow int) bool

	prevOrder    []int32 // nil: model order
	prevSort     sortKey
	prevMask     []bool // nil: no filter
	prevFilter   filterKey
	hasPrevState bool
}

// viewResult is the outcome of a job, applied on the UI goroutine.
type viewResult struct {
	order  []int32
	sort   sortKey
	mask   []bool
	filter filterKey
	view   []int32 // the rows shown, in order; nil means all rows in model order
}

// computeView sorts and filters, reusing the previous order or mask when only
// the other one changed, and narrowing the previous mask when the filter text
// only grew.
func computeView(ctx context.Context, s viewSpec) (viewResult, error) {
	res := viewResult{sort: s.sort, filter: s.filter}
	var err error

	switch {
	case s.sort.col < 0:
	case s.hasPrevState && s.prevSort == s.sort:
		res.order = s.prevOrder
	default:
		res.order, err = sortRows(ctx, s.table.Columns[s.sort.col], s.numeric[s.sort.col], s.sort.ascending)
		if err != nil {
			return res, err
		}
	}

	switch {
	case s.filter.text == "" && s.keep == nil:
	case s.hasPrevState && s.prevFilter == s.filter:
		res.mask = s.prevMask
	default:
		// the previous mask narrows the search when only text was typed
		// (the row filter, the same, is already in it)
		var candidates []bool
		if s.hasPrevState && s.prevMask != nil && s.prevFilter.cols == s.filter.cols &&
			s.prevFilter.keep == s.filter.keep && strings.Contains(s.filter.text, s.prevFilter.text) {
			candidates = s.prevMask
		}
		if s.filter.text != "" {
			res.mask, err = matchRows(ctx, s.table, s.cols, s.numeric, s.filter.text, candidates)
			candidates = nil
		}
		if err == nil && s.keep != nil {
			res.mask, err = keepRows(ctx, s.table.NumRows(), s.keep, res.mask, candidates)
		}
		if err != nil {
			return res, err
		}
	}

	res.view = composeView(res.order, res.mask, s.table.NumRows())
	return res, ctx.Err()
}

// composeView lists the rows of order (or model order) that pass mask.
func composeView(order []int32, mask []bool, n int) []int32 {
	switch {
	case order == nil && mask == nil:
		return nil
	case mask == nil:
		return order
	}
	count := 0
	for _, m := range mask {
		if m {
			count++
		}
	}
	view := make([]int32, 0, count)
	if order == nil {
		for r := 0; r < n; r++ {
			if mask[r] {
				view = append(view, int32(r))
			}
		}
		return view
	}
	for _, r := range order {
		if mask[r] {
			view = append(view, r)
		}
	}
	return slices.Clip(view)
}

// keepRows is mask (nil: every row) ANDed with keep; candidates, when not
// nil, stand for mask.
func keepRows(ctx context.Context, n int, keep func(int) bool, mask, candidates []bool) ([]bool, error) {
	if mask == nil {
		mask = candidates
	}
	out := make([]bool, n)
	for r := range out {
		if r%checkEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		out[r] = (mask == nil || mask[r]) && keep(r)
	}
	return out, nil
}
