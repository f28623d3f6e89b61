package rawctl

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"esodesk/services/tap"
)

// listInstruments asks the service for its instruments: ESO lists one
// ist.<instrument> table per instrument in TAP_SCHEMA (cheap); a service
// without them (the testbed) is asked for dbo.raw's distinct instruments.
// Those table names do not always equal dbo.raw's values (ist.apex holds
// several APEX instruments), so the list only suggests: any name can be
// typed, with * as a wildcard.
func listInstruments(ctx context.Context, svc *tap.Service) ([]string, error) {
	firstColumn := func(adql string) ([]string, error) {
		res, err := svc.Sync(ctx, tap.Query{ADQL: adql}, nil)
		if err != nil {
			return nil, err
		}
		var out []string
		for i := 0; i < res.Table.NumRows(); i++ {
			if !res.Table.Columns[0].IsNull(i) {
				out = append(out, strings.ToUpper(strings.TrimSpace(res.Table.Columns[0].String(i))))
			}
		}
		return out, nil
	}
	names, err := firstColumn("SELECT table_name FROM TAP_SCHEMA.tables WHERE schema_name = 'ist'")
	if err == nil && len(names) > 0 {
		for i, n := range names {
			names[i] = strings.TrimPrefix(n, "IST.")
		}
	} else if names, err = firstColumn("SELECT DISTINCT instrument FROM dbo.raw"); err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// column is the values of a result column for the given model rows (every
// row when rows is nil); nil without such a column.
func column(res *tap.Result, name string, rows []int) []string {
	if res == nil || res.Table == nil {
		return nil
	}
	tbl := res.Table
	i := tbl.FieldIndex(name)
	if i < 0 {
		return nil
	}
	if rows == nil {
		rows = make([]int, tbl.NumRows())
		for r := range rows {
			rows[r] = r
		}
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		if tbl.Columns[i].IsNull(r) {
			out = append(out, "")
		} else {
			out = append(out, strings.TrimSpace(tbl.Columns[i].String(r)))
		}
	}
	return out
}

// nonScienceWarning says when frames other than science frames are among
// rows (nil: all): ESO advises associating calibrations for science frames
// only.
func nonScienceWarning(res *tap.Result, rows []int) string {
	cats := column(res, "dp_cat", rows)
	count := map[string]int{}
	other := 0
	for _, c := range cats {
		if c != "SCIENCE" {
			count[c]++
			other++
		}
	}
	if other == 0 {
		return ""
	}
	var kinds []string
	for c, n := range count {
		if c == "" {
			c = "no category"
		}
		kinds = append(kinds, fmt.Sprintf("%d %s", n, c))
	}
	sort.Strings(kinds)
	return fmt.Sprintf("%d of %d frames are not science frames (%s): ESO advises asking CalSelector for science frames only; it finds their calibrations itself.",
		other, len(cats), strings.Join(kinds, ", "))
}
