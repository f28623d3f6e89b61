package sampctl

import (
	"strings"

	"esodesk/services/votable"
)

// Position is the ICRS position (degrees) of a row: from the columns with
// the UCDs pos.eq.ra/dec (;meta.main first), else from the usual names.
// ok is false when the table has no such pair or the row has no values.
func Position(t *votable.Table, row int) (ra, dec float64, ok bool) {
	if t == nil || row < 0 || row >= t.NumRows() {
		return 0, 0, false
	}
	ri, di := coordColumn(t, "ra"), coordColumn(t, "dec")
	if ri < 0 || di < 0 {
		return 0, 0, false
	}
	ra, ok1 := t.Columns[ri].Float(row)
	dec, ok2 := t.Columns[di].Float(row)
	if strings.EqualFold(strings.TrimSpace(t.Fields[ri].Unit), "h") {
		ra *= 15 // hours
	}
	if !ok1 || !ok2 || ra < 0 || ra >= 360 || dec < -90 || dec > 90 {
		return 0, 0, false
	}
	return ra, dec, true
}

// coordNames are the column names of RA (Dec alike) that services use
// without UCDs.
var coordNames = map[string][]string{
	"ra":  {"s_ra", "ra", "raj2000", "ra_icrs", "ra_deg", "ra2000"},
	"dec": {"s_dec", "dec", "dej2000", "de_icrs", "dec_deg", "dec2000", "decl"},
}

func coordColumn(t *votable.Table, axis string) int {
	ucd := "pos.eq." + axis
	for _, want := range []string{ucd + ";meta.main", ucd} {
		for i, f := range t.Fields {
			if strings.EqualFold(strings.TrimSpace(f.UCD), want) && f.Arraysize == "" {
				return i
			}
		}
	}
	for _, name := range coordNames[axis] {
		if i := t.FieldIndex(name); i >= 0 && t.Fields[i].Arraysize == "" {
			return i
		}
	}
	return -1
}
