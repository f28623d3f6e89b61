package fits

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
)

// A minimal FITS writer for generating test files: header cards padded to
// 2880-byte blocks, big-endian data, zero padding.

type kv struct {
	key string
	val any // string, int, float64, bool
}

func cardLine(key string, val any) string {
	var v string
	switch x := val.(type) {
	case string:
		v = fmt.Sprintf("%-20s", "'"+strings.ReplaceAll(x, "'", "''")+"'")
	case int:
		v = fmt.Sprintf("%20d", x)
	case float64:
		v = fmt.Sprintf("%20s", fmt.Sprintf("%.15G", x))
	case bool:
		if x {
			v = fmt.Sprintf("%20s", "T")
		} else {
			v = fmt.Sprintf("%20s", "F")
		}
	default:
		panic(fmt.Sprintf("card %s: %T", key, val))
	}
	line := fmt.Sprintf("%-8s= %s", key, v)
	if len(line) > 80 {
		line = line[:80]
	}
	return fmt.Sprintf("%-80s", line)
}

func headerBlock(cards []kv) []byte {
	var b strings.Builder
	for _, c := range cards {
		b.WriteString(cardLine(c.key, c.val))
	}
	b.WriteString(fmt.Sprintf("%-80s", "END"))
	return pad([]byte(b.String()), ' ')
}

func pad(b []byte, fill byte) []byte {
	if r := len(b) % 2880; r != 0 {
		b = append(b, bytes.Repeat([]byte{fill}, 2880-r)...)
	}
	return b
}

// hduBytes is a header and its padded data.
func hduBytes(cards []kv, data []byte) []byte {
	return append(headerBlock(cards), pad(data, 0)...)
}

func primaryEmpty(extra ...kv) []byte {
	cards := []kv{{"SIMPLE", true}, {"BITPIX", 8}, {"NAXIS", 0}, {"EXTEND", true}}
	return hduBytes(append(cards, extra...), nil)
}

// tcolumn is a binary-table column for the test writer.
type tcolumn struct {
	name, form, unit, ucd, utype string
	extra                        []kv // TSCAL etc. use the column number placeholder "#"
	values                       any  // []float32, []float64, []int16, []int32
}

func encodeValues(v any) []byte {
	var buf bytes.Buffer
	if err := binary.Write(&buf, binary.BigEndian, v); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

func valuesLen(v any) int {
	switch x := v.(type) {
	case []float32:
		return len(x)
	case []float64:
		return len(x)
	case []int16:
		return len(x)
	case []int32:
		return len(x)
	case []uint8:
		return len(x)
	}
	panic(fmt.Sprintf("%T", v))
}

// bintable writes a BINTABLE with nrows rows; each column's values hold
// nrows*repeat elements, row after row.
func bintable(extname string, nrows int, cols []tcolumn, extra ...kv) []byte {
	rowLen := 0
	cellBytes := make([][]byte, len(cols))
	for i, c := range cols {
		cellBytes[i] = encodeValues(c.values)
		rowLen += len(cellBytes[i]) / nrows
	}
	cards := []kv{{"XTENSION", "BINTABLE"}, {"BITPIX", 8}, {"NAXIS", 2}, {"NAXIS1", rowLen},
		{"NAXIS2", nrows}, {"PCOUNT", 0}, {"GCOUNT", 1}, {"TFIELDS", len(cols)}}
	if extname != "" {
		cards = append(cards, kv{"EXTNAME", extname})
	}
	cards = append(cards, extra...)
	for i, c := range cols {
		n := i + 1
		cards = append(cards, kv{fmt.Sprintf("TTYPE%d", n), c.name}, kv{fmt.Sprintf("TFORM%d", n), c.form})
		if c.unit != "" {
			cards = append(cards, kv{fmt.Sprintf("TUNIT%d", n), c.unit})
		}
		if c.ucd != "" {
			cards = append(cards, kv{fmt.Sprintf("TUCD%d", n), c.ucd})
		}
		if c.utype != "" {
			cards = append(cards, kv{fmt.Sprintf("TUTYP%d", n), c.utype})
		}
		for _, e := range c.extra {
			cards = append(cards, kv{strings.ReplaceAll(e.key, "#", fmt.Sprint(n)), e.val})
		}
	}
	var data []byte
	for r := 0; r < nrows; r++ {
		for i := range cols {
			w := len(cellBytes[i]) / nrows
			data = append(data, cellBytes[i][r*w:(r+1)*w]...)
		}
	}
	return hduBytes(cards, data)
}

// sdpFile is an ESO SDP-like spectrum: empty primary + one-row SPECTRUM table.
func sdpFile(voclass string, cols []tcolumn, primaryExtra ...kv) []byte {
	prim := primaryEmpty(append([]kv{{"PRODCATG", "SCIENCE.SPECTRUM"}, {"OBJECT", "HD 100546"},
		{"INSTRUME", "UVES"}, {"SPEC_RES", 42000.0}, {"SNR", 55.5}}, primaryExtra...)...)
	n := valuesLen(cols[0].values)
	ext := []kv{{"NELEM", n}}
	if voclass != "" {
		ext = append(ext, kv{"VOCLASS", voclass})
	}
	return append(prim, bintable("SPECTRUM", 1, cols, ext...)...)
}

func ramp32(n int, start, step float32) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = start + float32(i)*step
	}
	return v
}

func ramp64(n int, start, step float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = start + float64(i)*step
	}
	return v
}

// image1D is a primary 1-D image with the given BITPIX and extra cards.
func image1D(bitpix int, values any, extra ...kv) []byte {
	n := valuesLen(values)
	cards := []kv{{"SIMPLE", true}, {"BITPIX", bitpix}, {"NAXIS", 1}, {"NAXIS1", n}}
	return hduBytes(append(cards, extra...), encodeValues(values))
}

func nan32() float32 { return float32(math.NaN()) }
