package votable

import (
	"encoding/binary"
	"math"
	"strconv"
)

// elemOps knows how one element type is read from TABLEDATA text, read and
// written in BINARY, and shown. One value of it exists per datatype.
type elemOps[T comparable] struct {
	name   string
	size   int // bytes in BINARY
	tokens int // whitespace-separated tokens per element in TABLEDATA (2 for complex)
	parse  func(b []byte) (T, bool)
	dec    func(b []byte) T
	enc    func(dst []byte, v T) []byte
	format func(v T) string
	float  func(v T) (float64, bool)
	// nan reports an in-band null of floating-point types.
	nan func(v T) bool
	// nullText reports TABLEDATA text meaning null besides the empty cell ("?" for boolean).
	nullText func(b []byte) bool
	// nullBin reports BINARY bytes meaning null ("?" for boolean).
	nullBin func(b []byte) bool
	// zero is what a null element holds (NaN for floats).
	zero T
}

var be = binary.BigEndian

var boolOps = &elemOps[bool]{
	name: "boolean", size: 1, tokens: 1,
	parse: parseBool,
	dec:   func(b []byte) bool { c := b[0]; return c == 'T' || c == 't' || c == '1' },
	enc: func(dst []byte, v bool) []byte {
		if v {
			return append(dst, 'T')
		}
		return append(dst, 'F')
	},
	format: func(v bool) string {
		if v {
			return "true"
		}
		return "false"
	},
	float: func(v bool) (float64, bool) {
		if v {
			return 1, true
		}
		return 0, true
	},
	nullText: func(b []byte) bool { return len(b) == 1 && b[0] == '?' },
	nullBin: func(b []byte) bool {
		c := b[0]
		return !(c == 'T' || c == 't' || c == '1' || c == 'F' || c == 'f' || c == '0')
	},
}

func parseBool(b []byte) (bool, bool) {
	switch len(b) {
	case 1:
		switch b[0] {
		case 'T', 't', '1':
			return true, true
		case 'F', 'f', '0':
			return false, true
		}
	case 4:
		if equalFold(string(b), "true") {
			return true, true
		}
	case 5:
		if equalFold(string(b), "false") {
			return false, true
		}
	}
	return false, false
}

var u8Ops = &elemOps[uint8]{
	name: "unsignedByte", size: 1, tokens: 1,
	parse: func(b []byte) (uint8, bool) {
		v, ok := parseInt(b)
		return uint8(v), ok && v >= 0 && v <= math.MaxUint8
	},
	dec:    func(b []byte) uint8 { return b[0] },
	enc:    func(dst []byte, v uint8) []byte { return append(dst, v) },
	format: func(v uint8) string { return strconv.FormatUint(uint64(v), 10) },
	float:  func(v uint8) (float64, bool) { return float64(v), true },
}

var i16Ops = &elemOps[int16]{
	name: "short", size: 2, tokens: 1,
	parse: func(b []byte) (int16, bool) {
		v, ok := parseInt(b)
		// Hex literals may spell negative values in two's complement.
		if ok && v > math.MaxInt16 && v <= math.MaxUint16 && isHex(b) {
			return int16(uint16(v)), true
		}
		return int16(v), ok && v >= math.MinInt16 && v <= math.MaxInt16
	},
	dec:    func(b []byte) int16 { return int16(be.Uint16(b)) },
	enc:    func(dst []byte, v int16) []byte { return be.AppendUint16(dst, uint16(v)) },
	format: func(v int16) string { return strconv.FormatInt(int64(v), 10) },
	float:  func(v int16) (float64, bool) { return float64(v), true },
}

var i32Ops = &elemOps[int32]{
	name: "int", size: 4, tokens: 1,
	parse: func(b []byte) (int32, bool) {
		v, ok := parseInt(b)
		if ok && v > math.MaxInt32 && v <= math.MaxUint32 && isHex(b) {
			return int32(uint32(v)), true
		}
		return int32(v), ok && v >= math.MinInt32 && v <= math.MaxInt32
	},
	dec:    func(b []byte) int32 { return int32(be.Uint32(b)) },
	enc:    func(dst []byte, v int32) []byte { return be.AppendUint32(dst, uint32(v)) },
	format: func(v int32) string { return strconv.FormatInt(int64(v), 10) },
	float:  func(v int32) (float64, bool) { return float64(v), true },
}

var i64Ops = &elemOps[int64]{
	name: "long", size: 8, tokens: 1,
	parse:  parseInt,
	dec:    func(b []byte) int64 { return int64(be.Uint64(b)) },
	enc:    func(dst []byte, v int64) []byte { return be.AppendUint64(dst, uint64(v)) },
	format: func(v int64) string { return strconv.FormatInt(v, 10) },
	float:  func(v int64) (float64, bool) { return float64(v), true },
}

var f32Ops = &elemOps[float32]{
	name: "float", size: 4, tokens: 1,
	parse: func(b []byte) (float32, bool) {
		v, err := strconv.ParseFloat(string(b), 32)
		return float32(v), err == nil || isRangeErr(err)
	},
	dec:    func(b []byte) float32 { return math.Float32frombits(be.Uint32(b)) },
	enc:    func(dst []byte, v float32) []byte { return be.AppendUint32(dst, math.Float32bits(v)) },
	format: func(v float32) string { return formatFloat(float64(v), 32) },
	float:  func(v float32) (float64, bool) { return float64(v), v == v },
	nan:    func(v float32) bool { return v != v },
	zero:   float32(math.NaN()),
}

var f64Ops = &elemOps[float64]{
	name: "double", size: 8, tokens: 1,
	parse: func(b []byte) (float64, bool) {
		v, err := strconv.ParseFloat(string(b), 64)
		return v, err == nil || isRangeErr(err)
	},
	dec:    func(b []byte) float64 { return math.Float64frombits(be.Uint64(b)) },
	enc:    func(dst []byte, v float64) []byte { return be.AppendUint64(dst, math.Float64bits(v)) },
	format: func(v float64) string { return formatFloat(v, 64) },
	float:  func(v float64) (float64, bool) { return v, v == v },
	nan:    func(v float64) bool { return v != v },
	zero:   math.NaN(),
}

var c64Ops = &elemOps[complex64]{
	name: "floatComplex", size: 8, tokens: 2,
	parse: func(b []byte) (complex64, bool) {
		re, im, ok := parseComplex(b, 32)
		return complex(float32(re), float32(im)), ok
	},
	dec: func(b []byte) complex64 {
		return complex(math.Float32frombits(be.Uint32(b)), math.Float32frombits(be.Uint32(b[4:])))
	},
	enc: func(dst []byte, v complex64) []byte {
		dst = be.AppendUint32(dst, math.Float32bits(real(v)))
		return be.AppendUint32(dst, math.Float32bits(imag(v)))
	},
	format: func(v complex64) string {
		return formatFloat(float64(real(v)), 32) + " " + formatFloat(float64(imag(v)), 32)
	},
	float: func(v complex64) (float64, bool) { return 0, false },
	nan:   func(v complex64) bool { return real(v) != real(v) || imag(v) != imag(v) },
	zero:  complex(float32(math.NaN()), float32(math.NaN())),
}

var c128Ops = &elemOps[complex128]{
	name: "doubleComplex", size: 16, tokens: 2,
	parse: func(b []byte) (complex128, bool) {
		re, im, ok := parseComplex(b, 64)
		return complex(re, im), ok
	},
	dec: func(b []byte) complex128 {
		return complex(math.Float64frombits(be.Uint64(b)), math.Float64frombits(be.Uint64(b[8:])))
	},
	enc: func(dst []byte, v complex128) []byte {
		dst = be.AppendUint64(dst, math.Float64bits(real(v)))
		return be.AppendUint64(dst, math.Float64bits(imag(v)))
	},
	format: func(v complex128) string { return formatFloat(real(v), 64) + " " + formatFloat(imag(v), 64) },
	float:  func(v complex128) (float64, bool) { return 0, false },
	nan:    func(v complex128) bool { return real(v) != real(v) || imag(v) != imag(v) },
	zero:   complex(math.NaN(), math.NaN()),
}

func formatFloat(v float64, bits int) string {
	if v != v {
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, bits)
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

func isHex(b []byte) bool {
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		b = b[1:]
	}
	return len(b) > 2 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X')
}

// parseInt reads a decimal or 0x-hex integer. The decimal fast path avoids
// strconv for the common short case.
func parseInt(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	neg := false
	d := b
	if d[0] == '-' || d[0] == '+' {
		neg = d[0] == '-'
		d = d[1:]
	}
	if len(d) > 0 && len(d) <= 18 {
		var v int64
		for _, c := range d {
			if c < '0' || c > '9' {
				goto slow
			}
			v = v*10 + int64(c-'0')
		}
		if neg {
			v = -v
		}
		return v, true
	}
slow:
	if isHex(b) {
		u, err := strconv.ParseUint(string(d[2:]), 16, 64)
		if err != nil {
			return 0, false
		}
		if neg {
			return -int64(u), true
		}
		return int64(u), true
	}
	v, err := strconv.ParseInt(string(b), 10, 64)
	return v, err == nil
}

// parseComplex reads "re im" (two whitespace-separated numbers).
func parseComplex(b []byte, bits int) (float64, float64, bool) {
	i := 0
	for i < len(b) && !isSpace(b[i]) {
		i++
	}
	j := i
	for j < len(b) && isSpace(b[j]) {
		j++
	}
	if i == 0 || j == len(b) {
		return 0, 0, false
	}
	re, err1 := strconv.ParseFloat(string(b[:i]), bits)
	im, err2 := strconv.ParseFloat(string(trimSpace(b[j:])), bits)
	return re, im, (err1 == nil || isRangeErr(err1)) && (err2 == nil || isRangeErr(err2))
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}
