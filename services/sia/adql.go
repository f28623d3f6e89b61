package sia

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"esodesk/services/dal"
	"esodesk/services/tap"
)

// ObsCoreTable is the standard ObsCore view a TAP service offers.
const ObsCoreTable = "ivoa.ObsCore"

// quote writes an ADQL string literal: tap.Quote, the project's one
// quoting rule (single quotes doubled, NUL refused).
var quote = tap.Quote

// adqlNum writes a finite number for ADQL (no exponent surprises: Go's
// shortest 'g' form, which ADQL reads, e.g. 6.5e-07).
func adqlNum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func (c Circle) adql() (string, error) {
	return fmt.Sprintf("CIRCLE('ICRS', %s, %s, %s)", adqlNum(c.RA), adqlNum(c.Dec), adqlNum(c.Radius)), nil
}

// adql of a Range is the polygon through its corners. Its edges are great
// circles, not lines of constant Dec, so only boxes narrower than 180° in
// RA with both ends closed are accepted.
func (r Range) adql() (string, error) {
	if !dal.Finite(r.RA1, r.RA2, r.Dec1, r.Dec2) {
		return "", invalid("POS: a RANGE with open ends cannot be written in ADQL; give all four limits")
	}
	if r.RA2-r.RA1 >= 180 {
		return "", invalid("POS: a RANGE 180° or wider in RA cannot be written in ADQL; split it or use a POLYGON")
	}
	return fmt.Sprintf("POLYGON('ICRS', %s, %s, %s, %s, %s, %s, %s, %s)",
		adqlNum(r.RA1), adqlNum(r.Dec1), adqlNum(r.RA2), adqlNum(r.Dec1),
		adqlNum(r.RA2), adqlNum(r.Dec2), adqlNum(r.RA1), adqlNum(r.Dec2)), nil
}

func (p Polygon) adql() (string, error) {
	parts := make([]string, 0, 2*len(p))
	for _, pt := range p {
		parts = append(parts, adqlNum(pt.RA), adqlNum(pt.Dec))
	}
	return "POLYGON('ICRS', " + strings.Join(parts, ", ") + ")", nil
}

// overlap is the ObsCore condition for an SIA interval on [lo, hi]
// columns: the data's range overlaps the one asked for. Open ends drop.
func overlap(minCol, maxCol string, iv Interval) string {
	var c []string
	if !math.IsInf(iv.Hi, 1) {
		c = append(c, minCol+" <= "+adqlNum(iv.Hi))
	}
	if !math.IsInf(iv.Lo, -1) {
		c = append(c, maxCol+" >= "+adqlNum(iv.Lo))
	}
	return strings.Join(c, " AND ")
}

// within is the condition for a single-valued column inside iv.
func within(col string, iv Interval) string {
	var c []string
	if !math.IsInf(iv.Lo, -1) {
		c = append(c, col+" >= "+adqlNum(iv.Lo))
	}
	if !math.IsInf(iv.Hi, 1) {
		c = append(c, col+" <= "+adqlNum(iv.Hi))
	}
	return strings.Join(c, " AND ")
}

// anyOf ORs the conditions of one parameter (SIA ORs repeated values) and
// drops empty ones; "" when nothing constrains.
func anyOf(conds []string) string {
	var c []string
	for _, s := range conds {
		if s != "" {
			c = append(c, s)
		}
	}
	switch len(c) {
	case 0:
		return ""
	case 1:
		return c[0]
	}
	return "(" + strings.Join(c, " OR ") + ")"
}

// in is "col IN ('a', 'b')" (or "col = 'a'") with the values quoted.
func in(col string, vals []string) (string, error) {
	if len(vals) == 0 {
		return "", nil
	}
	q := make([]string, len(vals))
	for i, v := range vals {
		s, err := quote(v)
		if err != nil {
			return "", invalid("%s: %v", col, err)
		}
		q[i] = s
	}
	if len(q) == 1 {
		return col + " = " + q[0], nil
	}
	return col + " IN (" + strings.Join(q, ", ") + ")", nil
}

// ObsCoreADQL writes q as an ADQL query on ivoa.ObsCore with the SIA 2.0
// semantics: POS overlaps s_region, BAND and TIME overlap [em_min, em_max]
// and [t_min, t_max], FOV/SPATRES/EXPTIME bound s_fov/s_resolution/
// t_exptime, the string parameters match exactly, POL is one of the
// '/'-separated pol_states. Without DPTYPE the query keeps to images and
// cubes, as an SIA service does. MaxRec becomes TOP.
func (q Query) ObsCoreADQL() (string, error) { return q.obsCoreADQL(q.MaxRec) }

func (q Query) obsCoreADQL(top int) (string, error) {
	if err := q.Validate(); err != nil {
		return "", err
	}
	var where []string
	add := func(c string) {
		if c != "" {
			where = append(where, c)
		}
	}
	dptypes := q.DPType
	if len(dptypes) == 0 {
		dptypes = []string{"image", "cube"}
	}
	c, _ := in("dataproduct_type", dptypes) // Validate allowed only image and cube
	add(c)
	var pos []string
	for _, s := range q.Pos {
		g, err := s.adql()
		if err != nil {
			return "", err
		}
		pos = append(pos, "INTERSECTS(s_region, "+g+") = 1")
	}
	add(anyOf(pos))
	intervals := func(list []Interval, f func(Interval) string) {
		c := make([]string, len(list))
		for i, iv := range list {
			if c[i] = f(iv); c[i] == "" {
				return // an interval open at both ends constrains nothing
			}
		}
		add(anyOf(c))
	}
	intervals(q.Band, func(iv Interval) string { return overlap("em_min", "em_max", iv) })
	intervals(q.Time, func(iv Interval) string { return overlap("t_min", "t_max", iv) })
	intervals(q.FOV, func(iv Interval) string { return within("s_fov", iv) })
	intervals(q.SpatRes, func(iv Interval) string { return within("s_resolution", iv) })
	intervals(q.ExpTime, func(iv Interval) string { return within("t_exptime", iv) })
	var pol []string
	for _, p := range q.Pol {
		s, err := quote("%/" + p + "/%")
		if err != nil {
			return "", invalid("POL: %v", err)
		}
		pol = append(pol, "pol_states LIKE "+s)
	}
	add(anyOf(pol))
	for _, f := range []struct {
		col  string
		vals []string
	}{
		{"obs_publisher_did", q.ID}, {"obs_collection", q.Collection}, {"facility_name", q.Facility},
		{"instrument_name", q.Instrument}, {"target_name", q.Target},
	} {
		c, err := in(f.col, f.vals)
		if err != nil {
			return "", err
		}
		add(c)
	}
	if len(q.Calib) > 0 {
		s := make([]string, len(q.Calib))
		for i, c := range q.Calib {
			s[i] = strconv.Itoa(c)
		}
		if len(s) == 1 {
			add("calib_level = " + s[0])
		} else {
			add("calib_level IN (" + strings.Join(s, ", ") + ")")
		}
	}
	sel := "SELECT *"
	if top > 0 {
		sel = "SELECT TOP " + strconv.Itoa(top) + " *"
	}
	return sel + " FROM " + ObsCoreTable + " WHERE " + strings.Join(where, " AND "), nil
}

// SearchTAP runs q as ADQL on the ivoa.ObsCore table of a TAP service (the
// path for ESO, which has no SIA service) and reads the rows as Search
// does. It asks for one row more than MaxRec and sends MAXREC=MaxRec, so
// Overflow says whether the service had more, as an SIA service would.
func SearchTAP(ctx context.Context, svc *tap.Service, q Query) (*Result, error) {
	top := 0
	if q.MaxRec > 0 {
		top = q.MaxRec + 1
	}
	adql, err := q.obsCoreADQL(top)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	tr, err := svc.Sync(ctx, tap.Query{ADQL: adql, MaxRec: q.MaxRec}, tap.Progress(q.Progress))
	if err != nil {
		return nil, err
	}
	res := withRecords(&tr.Result)
	res.Overflow = tr.Overflow()
	if q.MaxRec > 0 && len(res.Records) > q.MaxRec {
		// a service that ignores MAXREC: TOP n+1 still tells
		res.Overflow = true
	}
	res.ADQL = adql
	res.Elapsed = time.Since(start)
	return res, nil
}
