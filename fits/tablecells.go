package fits

import (
	"context"
	"fmt"
	"reflect"

	"codeberg.org/astrogo/fitsio"
)

// fitsioTable is the fitsio table behind a binary-table layout, when fitsio
// can read its cells. It cannot when:
//   - it rejected the HDU (e.g. a standard THEAP: fitsio takes THEAP as a gap
//     after the table, not an offset from the data start, and fails);
//   - the table is ASCII: fitsio places ASCII columns back to back, ignoring
//     TBCOLn, and does not parse blank fields or D exponents;
//   - two columns share a name: Rows.Scan picks single columns only by name
//     (scanning every column would also decode variable-length descriptors,
//     which can allocate whatever they claim).
func fitsioTable(lay *tableLayout) (*fitsio.Table, bool) {
	t, ok := lay.h.fio.(*fitsio.Table)
	if !ok || lay.h.xtension != "BINTABLE" || t.NumCols() != len(lay.cols) {
		return nil, false
	}
	for i := range lay.cols {
		if t.Index(t.Col(i).Name) != i {
			return nil, false
		}
	}
	return t, true
}

// readCellsFitsio reads the wanted columns of the first rows through
// fitsio's Rows.Scan, then applies TNULL, TSCAL and TZERO (fitsio parses them
// but does not apply them). Fixed-size array cells are scanned into their
// own Go type ([n]float32 ...), never into a slice, which fitsio would take
// for a variable-length descriptor.
func readCellsFitsio(ctx context.Context, t *fitsio.Table, lay *tableLayout, want []int, rows int) (values map[int][]float64, err error) {
	defer func() {
		if p := recover(); p != nil {
			values, err = nil, fmt.Errorf("%s: fitsio could not read the table: %v", lay.h.label(), p)
		}
	}()
	if int64(rows) > t.NumRows() {
		return nil, fmt.Errorf("%s: %d rows expected, NAXIS2 = %d", lay.h.label(), rows, t.NumRows())
	}
	cells := make(map[string]any, len(want))
	values = make(map[int][]float64, len(want))
	for _, i := range want {
		cells[t.Col(i).Name] = nil
		values[i] = make([]float64, 0, rows*lay.cols[i].repeat)
	}
	rs, err := t.Read(0, int64(rows))
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	for r := 0; rs.Next(); r++ {
		if r%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if err := rs.Scan(&cells); err != nil {
			return nil, fmt.Errorf("%s: row %d: %w", lay.h.label(), r+1, err)
		}
		for _, i := range want {
			c := lay.cols[i]
			v, err := appendCell(values[i], reflect.ValueOf(cells[t.Col(i).Name]), c)
			if err != nil {
				return nil, fmt.Errorf("%s: column %s: %w", lay.h.label(), c.name, err)
			}
			values[i] = v
		}
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	return values, nil
}

// appendCell appends one scanned cell (a number or a fixed-size array of
// numbers) to out, applying TNULL and TSCAL/TZERO.
func appendCell(out []float64, v reflect.Value, c tcol) ([]float64, error) {
	if v.Kind() != reflect.Array {
		switch v.Kind() {
		case reflect.Float32, reflect.Float64:
			return append(out, c.scaleFloat(v.Float())), nil
		case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Int:
			return append(out, c.scaleInt(v.Int())), nil
		case reflect.Uint8, reflect.Uint16, reflect.Uint32:
			return append(out, c.scaleInt(int64(v.Uint()))), nil
		}
		return nil, fmt.Errorf("cells of Go type %v are not numbers", v.Type())
	}
	// Copy the array out in one go; element-wise reflection is slow.
	switch v.Type().Elem().Kind() {
	case reflect.Float32:
		for _, x := range copyArray[float32](v) {
			out = append(out, c.scaleFloat(float64(x)))
		}
	case reflect.Float64:
		for _, x := range copyArray[float64](v) {
			out = append(out, c.scaleFloat(x))
		}
	case reflect.Uint8:
		for _, x := range copyArray[uint8](v) {
			out = append(out, c.scaleInt(int64(x)))
		}
	case reflect.Int8:
		for _, x := range copyArray[int8](v) {
			out = append(out, c.scaleInt(int64(x)))
		}
	case reflect.Int16:
		for _, x := range copyArray[int16](v) {
			out = append(out, c.scaleInt(int64(x)))
		}
	case reflect.Int32:
		for _, x := range copyArray[int32](v) {
			out = append(out, c.scaleInt(int64(x)))
		}
	case reflect.Int64:
		for _, x := range copyArray[int64](v) {
			out = append(out, c.scaleInt(x))
		}
	default:
		return nil, fmt.Errorf("cells of Go type %v are not numbers", v.Type())
	}
	return out, nil
}

func copyArray[T any](v reflect.Value) []T {
	s := make([]T, v.Len())
	reflect.Copy(reflect.ValueOf(s), v)
	return s
}
