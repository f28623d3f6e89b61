package skyctl

import (
	"fmt"
	"strconv"
	"strings"

	"esodesk/preview/skytable"
	"esodesk/services/region"
	"esodesk/services/votable"
)

// Tables the drawn region can query.
const (
	TableObsCore = "ivoa.obscore"
	TableRaw     = "dbo.raw"
)

// Tables lists them in the picker's order.
var Tables = []string{TableObsCore, TableRaw}

// Conditions, as the picker names them (after "rows whose footprint").
const (
	CondIntersects = "intersects the region"
	CondContains   = "contains the region's centre"
	CondWithin     = "lies within the region"
	CondOverlap    = "overlaps it by at least (deg²)"
)

// Conditions lists them in the picker's order.
var Conditions = []string{CondIntersects, CondContains, CondWithin, CondOverlap}

var conditionOf = map[string]region.Condition{
	CondIntersects: region.Intersects, CondContains: region.ContainsTarget,
	CondWithin: region.Within, CondOverlap: region.OverlapAtLeast,
}

// QueryForm is the query panel as the user left it.
type QueryForm struct {
	Table      string // TableObsCore or TableRaw
	Condition  string // one of Conditions
	MinOverlap string // deg², for CondOverlap
}

// Query is the ADQL for the drawn region.
type Query struct {
	ADQL string
	Note string // what the query cannot say exactly (overlap checked after)
	Err  string // why there is no query
	// MinOverlap > 0: the TAP tab's rows are then filtered by the exact
	// overlap (OverlapKeep).
	MinOverlap float64
}

// hasArea says whether the service evaluates ADQL's AREA: we assume it for
// the services the region queries go to (ESO's tap_obs and the DaCHS
// testbed, both do), rather than ask each service's capabilities.
const hasArea = true

// BuildQuery is the ADQL selecting f.Table's rows that meet f.Condition
// with r.
func BuildQuery(r region.Region, f QueryForm, maxRec int) Query {
	opt := region.QueryOptions{Table: f.Table, Condition: conditionOf[f.Condition], HasArea: hasArea, MaxRec: maxRec}
	if opt.Table == "" {
		opt.Table = TableObsCore
	}
	if _, ok := conditionOf[f.Condition]; !ok {
		opt.Condition = region.Intersects
	}
	if opt.Condition == region.OverlapAtLeast {
		v, err := strconv.ParseFloat(strings.TrimSpace(f.MinOverlap), 64)
		if err != nil || v <= 0 {
			return Query{Err: fmt.Sprintf("the minimum overlap %q is not a positive number of square degrees", f.MinOverlap)}
		}
		opt.MinOverlap = v
	}
	adql, note, err := region.Query(r, opt)
	if err != nil {
		return Query{Err: err.Error()}
	}
	return Query{ADQL: adql, Note: note, MinOverlap: opt.MinOverlap}
}

// OverlapKeep marks the rows of t (a query's result) whose s_region
// overlaps r by at least min deg², and counts them. A table without
// s_region keeps every row.
func OverlapKeep(t *votable.Table, r region.Region, min float64) (keep []bool, kept int) {
	n := t.NumRows()
	keep = make([]bool, n)
	p := skytable.FindPositions(t)
	for row := 0; row < n; row++ {
		if p.Region < 0 {
			keep[row] = true
		} else if fp, ok := skytable.RegionOf(t, p.Region, row); ok && region.Overlap(fp, r) >= min {
			keep[row] = true
		}
		if keep[row] {
			kept++
		}
	}
	return keep, kept
}
