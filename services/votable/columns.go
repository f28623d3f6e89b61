package votable

import (
	"fmt"
	"strings"
)

// byteSource hands out the next n bytes of a BINARY stream. The slice is only
// valid until the next call.
type byteSource interface {
	next(n int) ([]byte, error)
}

// colBuilder is a Column that parsers can append to. Every concrete column
// type implements it; tables hand it out only as a read-only Column.
type colBuilder interface {
	Column
	// appendText adds one row from TABLEDATA cell text (entities decoded).
	appendText(b []byte) error
	// appendNull adds a row with no value.
	appendNull()
	// appendBinary reads one row in BINARY layout from src; null is the
	// BINARY2 null flag of the row (the bytes are present and read anyway).
	appendBinary(src byteSource, null bool) error
	// appendCol appends all rows of src, a column built like this one.
	appendCol(src colBuilder)
	// empty returns a new empty column of the same kind and settings.
	empty() colBuilder
	// next is empty with room reserved for about as much as this column
	// holds: the next chunk of a parse is usually about as big.
	next() colBuilder
	// truncate drops rows from n on.
	truncate(n int)
	// memSize is the memory the column holds, for Options.MaxBytes.
	memSize() int64
}

// newColumn makes an empty column for a FIELD.
func newColumn(f *Field) (colBuilder, error) {
	sh, err := parseShape(f.Datatype, f.Arraysize)
	if err != nil {
		return nil, err
	}
	switch f.Datatype {
	case "char", "unicodeChar":
		uni := f.Datatype == "unicodeChar"
		if len(sh.dims) <= 1 {
			fixed := -1
			if len(sh.dims) == 0 {
				fixed = 1
			} else if sh.dims[0] >= 0 {
				fixed = sh.dims[0]
			}
			return &stringCol{fixed: fixed, unicode: uni, offs: []int{0}, nullVal: f.Null}, nil
		}
		if len(sh.dims) > 2 {
			return nil, fmt.Errorf("char arrays of more than 2 dimensions are not supported (arraysize %q)", f.Arraysize)
		}
		if sh.dims[0] < 0 {
			return nil, fmt.Errorf("bad arraysize %q", f.Arraysize)
		}
		return &strListCol{width: sh.dims[0], count: sh.dims[1], unicode: uni, roffs: []int{0}, soffs: []int{0}}, nil
	case "bit":
		if sh.isScalar() {
			return newScalar(bitOps, f)
		}
		c, err := newArray(bitOps, f, sh)
		if err == nil {
			c.(*arrayCol[bool]).bits = true
		}
		return c, err
	case "boolean":
		return pick(boolOps, f, sh)
	case "unsignedByte":
		return pick(u8Ops, f, sh)
	case "short":
		return pick(i16Ops, f, sh)
	case "int":
		return pick(i32Ops, f, sh)
	case "long":
		return pick(i64Ops, f, sh)
	case "float":
		return pick(f32Ops, f, sh)
	case "double":
		return pick(f64Ops, f, sh)
	case "floatComplex":
		return pick(c64Ops, f, sh)
	case "doubleComplex":
		return pick(c128Ops, f, sh)
	}
	return nil, fmt.Errorf("unknown datatype %q", f.Datatype)
}

func pick[T comparable](ops *elemOps[T], f *Field, sh shape) (colBuilder, error) {
	if sh.isScalar() {
		return newScalar(ops, f)
	}
	return newArray(ops, f, sh)
}

// nullValue parses the VALUES null attribute of a field.
func nullValue[T comparable](ops *elemOps[T], f *Field) (T, bool, error) {
	var zero T
	if f.Null == "" || ops.nan != nil {
		// Floating point nulls are NaN; a null attribute on them is ignored.
		return zero, false, nil
	}
	b := trimSpace([]byte(f.Null))
	v, ok := ops.parse(b)
	if !ok {
		return zero, false, fmt.Errorf("bad VALUES null %q for %s", f.Null, ops.name)
	}
	return v, true, nil
}

var bitOps = &elemOps[bool]{
	name: "bit", size: 1, tokens: 1,
	parse: func(b []byte) (bool, bool) {
		if len(b) == 1 && (b[0] == '0' || b[0] == '1') {
			return b[0] == '1', true
		}
		return false, false
	},
	// The standard packs a bit into the most significant bit; astropy reads
	// and writes 0x08 for a scalar bit. Any set bit reads as 1, and 1 is
	// written as 0x88 so that both kinds of reader see it.
	dec: func(b []byte) bool { return b[0] != 0 },
	enc: func(dst []byte, v bool) []byte {
		if v {
			return append(dst, 0x88)
		}
		return append(dst, 0)
	},
	format: func(v bool) string {
		if v {
			return "1"
		}
		return "0"
	},
	float: boolOps.float,
}

// ---- scalar columns ----

// scalarCol holds one value of type T per row.
type scalarCol[T comparable] struct {
	ops        *elemOps[T]
	vals       []T
	nulls      bitset
	nullVal    T
	hasNullVal bool
}

func newScalar[T comparable](ops *elemOps[T], f *Field) (colBuilder, error) {
	nv, has, err := nullValue(ops, f)
	if err != nil {
		return nil, err
	}
	return &scalarCol[T]{ops: ops, nullVal: nv, hasNullVal: has}, nil
}

func (c *scalarCol[T]) Len() int { return len(c.vals) }

func (c *scalarCol[T]) IsNull(i int) bool {
	if c.nulls.get(i) {
		return true
	}
	v := c.vals[i]
	return (c.hasNullVal && v == c.nullVal) || (c.ops.nan != nil && c.ops.nan(v))
}

func (c *scalarCol[T]) String(i int) string {
	if c.IsNull(i) {
		return ""
	}
	return c.ops.format(c.vals[i])
}

func (c *scalarCol[T]) Float(i int) (float64, bool) {
	if c.IsNull(i) {
		return 0, false
	}
	return c.ops.float(c.vals[i])
}

func (c *scalarCol[T]) Value(i int) any {
	if c.IsNull(i) {
		return nil
	}
	return c.vals[i]
}

func (c *scalarCol[T]) appendNull() {
	c.nulls.set(len(c.vals))
	c.vals = append(c.vals, c.ops.zero)
}

func (c *scalarCol[T]) appendText(b []byte) error {
	b = trimSpace(b)
	if len(b) == 0 || (c.ops.nullText != nil && c.ops.nullText(b)) {
		c.appendNull()
		return nil
	}
	v, ok := c.ops.parse(b)
	if !ok {
		return fmt.Errorf("bad %s value %q", c.ops.name, clip(b))
	}
	c.vals = append(c.vals, v)
	return nil
}

func (c *scalarCol[T]) appendBinary(src byteSource, null bool) error {
	b, err := src.next(c.ops.size)
	if err != nil {
		return err
	}
	if null || (c.ops.nullBin != nil && c.ops.nullBin(b)) {
		c.appendNull()
		return nil
	}
	c.vals = append(c.vals, c.ops.dec(b))
	return nil
}

func (c *scalarCol[T]) appendCol(src colBuilder) {
	s := src.(*scalarCol[T])
	c.nulls.appendShifted(s.nulls, len(c.vals))
	c.vals = append(c.vals, s.vals...)
}

func (c *scalarCol[T]) empty() colBuilder {
	return &scalarCol[T]{ops: c.ops, nullVal: c.nullVal, hasNullVal: c.hasNullVal}
}

func (c *scalarCol[T]) next() colBuilder {
	n := c.empty().(*scalarCol[T])
	n.vals = make([]T, 0, grow(len(c.vals)))
	return n
}

// grow is the room to reserve for a chunk like one of n items.
func grow(n int) int { return n + n/16 + 16 }

func (c *scalarCol[T]) truncate(n int) {
	if n < len(c.vals) {
		c.vals = c.vals[:n]
	}
}

// ---- numeric and boolean arrays ----

// arrayCol holds a (possibly empty) array of T per row, flattened: row i is
// vals[offs[i]:offs[i+1]].
type arrayCol[T comparable] struct {
	ops        *elemOps[T]
	sh         shape
	fixed      int // elements per row, -1 when variable
	bits       bool
	vals       []T
	offs       []int
	nulls      bitset
	nullVal    T
	hasNullVal bool
}

func newArray[T comparable](ops *elemOps[T], f *Field, sh shape) (colBuilder, error) {
	nv, has, err := nullValue(ops, f)
	if err != nil {
		return nil, err
	}
	fixed := -1
	if !sh.variable() {
		fixed = sh.fixedCount()
	}
	return &arrayCol[T]{ops: ops, sh: sh, fixed: fixed, offs: []int{0}, nullVal: nv, hasNullVal: has}, nil
}

func (c *arrayCol[T]) Len() int { return len(c.offs) - 1 }

func (c *arrayCol[T]) row(i int) []T { return c.vals[c.offs[i]:c.offs[i+1]] }

// IsNull: a null cell, or an empty array (as an empty TD reads).
func (c *arrayCol[T]) IsNull(i int) bool { return c.offs[i] == c.offs[i+1] || c.nulls.get(i) }

func (c *arrayCol[T]) String(i int) string {
	if c.IsNull(i) {
		return ""
	}
	var sb strings.Builder
	for k, v := range c.row(i) {
		if k > 0 {
			sb.WriteByte(' ')
		}
		if c.hasNullVal && v == c.nullVal {
			sb.WriteString("--")
			continue
		}
		sb.WriteString(c.ops.format(v))
	}
	return sb.String()
}

func (c *arrayCol[T]) Float(i int) (float64, bool) { return 0, false }

func (c *arrayCol[T]) Value(i int) any {
	if c.IsNull(i) {
		return nil
	}
	return append([]T(nil), c.row(i)...)
}

func (c *arrayCol[T]) endRow() { c.offs = append(c.offs, len(c.vals)) }

// appendNull adds an empty row, even for fixed-size arrays: a null costs no
// room (writers pad it back to the fixed size).
func (c *arrayCol[T]) appendNull() {
	c.nulls.set(c.Len())
	c.endRow()
}

func (c *arrayCol[T]) appendText(b []byte) error {
	b = trimSpace(b)
	if len(b) == 0 {
		c.appendNull()
		return nil
	}
	start := len(c.vals)
	if c.bits {
		for _, ch := range b {
			switch ch {
			case '0', '1':
				c.vals = append(c.vals, any(ch == '1').(T))
			case ' ', '\t', '\n', '\r':
			default:
				c.vals = c.vals[:start]
				return fmt.Errorf("bad bit value %q", clip(b))
			}
		}
	} else {
		for len(b) > 0 {
			// Take ops.tokens whitespace-separated tokens as one element.
			end := 0
			for t := 0; t < c.ops.tokens; t++ {
				for end < len(b) && isSpace(b[end]) {
					end++
				}
				for end < len(b) && !isSpace(b[end]) {
					end++
				}
			}
			tok := trimSpace(b[:end])
			b = trimSpace(b[end:])
			var v T
			if c.ops.nullText != nil && c.ops.nullText(tok) {
				v = c.ops.zero
			} else {
				var ok bool
				v, ok = c.ops.parse(tok)
				if !ok {
					c.vals = c.vals[:start]
					return fmt.Errorf("bad %s value %q", c.ops.name, clip(tok))
				}
			}
			c.vals = append(c.vals, v)
		}
	}
	if err := c.checkCount(len(c.vals) - start); err != nil {
		c.vals = c.vals[:start]
		return err
	}
	c.endRow()
	return nil
}

func (c *arrayCol[T]) checkCount(n int) error {
	if c.fixed >= 0 && n != c.fixed {
		return fmt.Errorf("%d values for a fixed array of %d", n, c.fixed)
	}
	if c.fixed < 0 {
		if f := c.sh.fixedCount(); f > 1 && n%f != 0 {
			return fmt.Errorf("%d values is not a multiple of %d", n, f)
		}
	}
	return nil
}

func (c *arrayCol[T]) appendBinary(src byteSource, null bool) error {
	n := c.fixed
	if n < 0 {
		b, err := src.next(4)
		if err != nil {
			return err
		}
		cnt := be.Uint32(b)
		if cnt > 1<<28 {
			return fmt.Errorf("array length %d is too large", cnt)
		}
		n = int(cnt) * c.sh.fixedCount()
	}
	size := n * c.ops.size
	if c.bits {
		size = (n + 7) / 8
	}
	b, err := src.next(size)
	if err != nil {
		return err
	}
	if c.bits {
		for k := 0; k < n; k++ {
			c.vals = append(c.vals, any(b[k/8]&(0x80>>uint(k%8)) != 0).(T))
		}
	} else {
		for k := 0; k < n; k++ {
			e := b[k*c.ops.size : (k+1)*c.ops.size]
			if c.ops.nullBin != nil && c.ops.nullBin(e) {
				c.vals = append(c.vals, c.ops.zero)
				continue
			}
			c.vals = append(c.vals, c.ops.dec(e))
		}
	}
	if null {
		c.nulls.set(c.Len())
	}
	c.endRow()
	return nil
}

func (c *arrayCol[T]) appendCol(src colBuilder) {
	s := src.(*arrayCol[T])
	c.nulls.appendShifted(s.nulls, c.Len())
	base := len(c.vals)
	c.vals = append(c.vals, s.vals...)
	for _, o := range s.offs[1:] {
		c.offs = append(c.offs, base+o)
	}
}

func (c *arrayCol[T]) empty() colBuilder {
	n := *c
	n.vals, n.offs, n.nulls = nil, []int{0}, nil
	return &n
}

func (c *arrayCol[T]) next() colBuilder {
	n := c.empty().(*arrayCol[T])
	n.vals = make([]T, 0, grow(len(c.vals)))
	n.offs = make([]int, 1, grow(len(c.offs)))
	return n
}

func (c *arrayCol[T]) truncate(n int) {
	if n < c.Len() {
		c.offs = c.offs[:n+1]
		c.vals = c.vals[:c.offs[n]]
	}
}

func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}
