package rawctl

import (
	"strings"

	"esodesk/services/conditions"
)

// Exposures are the frames on show at the given model rows (nil: every
// row) as services/conditions takes them, with their model rows; rows
// without a usable exp_start or exposure are left out and counted in
// skipped.
func (c *Controller) Exposures(rows []int) (exps []conditions.Exposure, modelRows []int, skipped int) {
	res := c.state.Snapshot().Frames.Result
	if res == nil || res.Table == nil {
		return nil, nil, 0
	}
	tbl := res.Table
	if rows == nil {
		rows = make([]int, tbl.NumRows())
		for r := range rows {
			rows[r] = r
		}
	}
	for _, r := range rows {
		e, err := conditions.ExposureFromColumns(func(name string) (string, bool) {
			i := tbl.FieldIndex(name)
			if i < 0 || tbl.Columns[i].IsNull(r) {
				return "", false
			}
			return strings.TrimSpace(tbl.Columns[i].String(r)), true
		})
		if err != nil {
			skipped++
			continue
		}
		exps = append(exps, e)
		modelRows = append(modelRows, r)
	}
	return exps, modelRows, skipped
}
