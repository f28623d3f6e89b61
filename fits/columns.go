package fits

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// readColumn decodes one numeric column of a table HDU into float64s,
// applying TNULL and TSCAL/TZERO. For a vector column it reads the repeat
// count of values of the first rows; for scalar columns one value per row.
// The scanner has checked that rows*NAXIS1 bytes are present.
func readColumn(data []byte, lay *tableLayout, c tcol, rows int) ([]float64, error) {
	h := lay.h
	rowLen := h.axes[0]
	if rows > h.axes[1] {
		return nil, fmt.Errorf("%s: %d rows expected, NAXIS2 = %d", h.label(), rows, h.axes[1])
	}
	if int64(rows)*int64(rowLen) > int64(h.dataLen) {
		return nil, fmt.Errorf("%s: table data shorter than NAXIS1 x NAXIS2", h.label())
	}
	base := h.dataStart
	if h.xtension == "TABLE" {
		return readASCIIColumn(data[base:base+rows*rowLen], rowLen, c)
	}
	out := make([]float64, 0, rows*c.repeat)
	size := binWidth[c.code]
	for r := 0; r < rows; r++ {
		cell := data[base+r*rowLen+c.offset : base+r*rowLen+c.offset+c.width]
		for k := 0; k+size <= len(cell); k += size {
			out = append(out, c.decode(cell[k:k+size]))
		}
	}
	return out, nil
}

// decode reads one big-endian binary-table element.
func (c tcol) decode(b []byte) float64 {
	switch c.code {
	case 'E':
		return c.scaleFloat(float64(math.Float32frombits(binary.BigEndian.Uint32(b))))
	case 'D':
		return c.scaleFloat(math.Float64frombits(binary.BigEndian.Uint64(b)))
	case 'B':
		return c.scaleInt(int64(b[0]))
	case 'I':
		return c.scaleInt(int64(int16(binary.BigEndian.Uint16(b))))
	case 'J':
		return c.scaleInt(int64(int32(binary.BigEndian.Uint32(b))))
	case 'K':
		return c.scaleInt(int64(binary.BigEndian.Uint64(b)))
	}
	return math.NaN()
}

// scaleInt applies TNULL, then TSCAL/TZERO.
func (c tcol) scaleInt(v int64) float64 {
	if c.hasNull && v == c.null {
		return math.NaN()
	}
	return float64(v)*c.scale + c.zero
}

func (c tcol) scaleFloat(v float64) float64 {
	if c.scaled {
		return v*c.scale + c.zero
	}
	return v
}

// readASCIIColumn parses one column of an ASCII (XTENSION='TABLE') table.
func readASCIIColumn(data []byte, rowLen int, c tcol) ([]float64, error) {
	rows := len(data) / rowLen
	out := make([]float64, rows)
	null := strings.TrimSpace(c.nullStr)
	for r := 0; r < rows; r++ {
		field := strings.TrimSpace(string(data[r*rowLen+c.offset : r*rowLen+c.offset+c.width]))
		if field == "" || (null != "" && field == null) {
			out[r] = math.NaN()
			continue
		}
		v, err := strconv.ParseFloat(strings.NewReplacer("D", "E", "d", "e").Replace(field), 64)
		if err != nil {
			return nil, fmt.Errorf("column %s, row %d: %q is not a number", c.name, r+1, field)
		}
		out[r] = v*c.scale + c.zero
	}
	return out, nil
}
