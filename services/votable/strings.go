package votable

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// stringCol holds char and unicodeChar columns: every row's text lives in one
// byte buffer (UTF-8), row i being buf[offs[i]:offs[i+1]]. An empty string is
// a null, as an empty TD is.
type stringCol struct {
	fixed   int // characters per row in BINARY, -1 when variable
	unicode bool
	buf     []byte
	offs    []int
	nulls   bitset
	nullVal string
}

func (c *stringCol) Len() int { return len(c.offs) - 1 }

func (c *stringCol) bytes(i int) []byte { return c.buf[c.offs[i]:c.offs[i+1]] }

func (c *stringCol) IsNull(i int) bool {
	if c.offs[i] == c.offs[i+1] || c.nulls.get(i) {
		return true
	}
	return c.nullVal != "" && string(c.bytes(i)) == c.nullVal
}

func (c *stringCol) String(i int) string {
	if c.IsNull(i) {
		return ""
	}
	return string(c.bytes(i))
}

func (c *stringCol) Float(i int) (float64, bool) { return 0, false }

func (c *stringCol) Value(i int) any {
	if c.IsNull(i) {
		return nil
	}
	return string(c.bytes(i))
}

func (c *stringCol) appendNull() {
	c.nulls.set(c.Len())
	c.offs = append(c.offs, len(c.buf))
}

func (c *stringCol) appendText(b []byte) error {
	c.buf = append(c.buf, b...)
	c.offs = append(c.offs, len(c.buf))
	return nil
}

func (c *stringCol) appendBinary(src byteSource, null bool) error {
	n := c.fixed
	if n < 0 {
		b, err := src.next(4)
		if err != nil {
			return err
		}
		cnt := be.Uint32(b)
		if cnt > 1<<30 {
			return fmt.Errorf("string length %d is too large", cnt)
		}
		n = int(cnt)
	}
	size := n
	if c.unicode {
		size *= 2
	}
	b, err := src.next(size)
	if err != nil {
		return err
	}
	if null {
		c.appendNull()
		return nil
	}
	start := len(c.buf)
	if c.unicode {
		c.buf = appendUCS2(c.buf, b)
	} else {
		c.buf = append(c.buf, b...)
	}
	if c.fixed >= 0 {
		// Fixed-width strings are padded with NULs (or spaces): the text ends
		// at the first NUL.
		s := c.buf[start:]
		for k, ch := range s {
			if ch == 0 {
				s = s[:k]
				break
			}
		}
		for len(s) > 0 && s[len(s)-1] == ' ' {
			s = s[:len(s)-1]
		}
		c.buf = c.buf[:start+len(s)]
	}
	c.offs = append(c.offs, len(c.buf))
	return nil
}

// appendUCS2 converts big-endian UCS-2 (UTF-16) to UTF-8.
func appendUCS2(dst, b []byte) []byte {
	ascii := true
	for k := 0; k+1 < len(b); k += 2 {
		if b[k] != 0 || b[k+1] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		for k := 0; k+1 < len(b); k += 2 {
			dst = append(dst, b[k+1])
		}
		return dst
	}
	u := make([]uint16, len(b)/2)
	for k := range u {
		u[k] = be.Uint16(b[2*k:])
	}
	for _, r := range utf16.Decode(u) {
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

func (c *stringCol) appendCol(src colBuilder) {
	s := src.(*stringCol)
	c.nulls.appendShifted(s.nulls, c.Len())
	base := len(c.buf)
	c.buf = append(c.buf, s.buf...)
	for _, o := range s.offs[1:] {
		c.offs = append(c.offs, base+o)
	}
}

func (c *stringCol) empty() colBuilder {
	return &stringCol{fixed: c.fixed, unicode: c.unicode, offs: []int{0}, nullVal: c.nullVal}
}

func (c *stringCol) next() colBuilder {
	n := c.empty().(*stringCol)
	n.buf = make([]byte, 0, grow(len(c.buf)))
	n.offs = make([]int, 1, grow(len(c.offs)))
	return n
}

func (c *stringCol) truncate(n int) {
	if n < c.Len() {
		c.offs = c.offs[:n+1]
		c.buf = c.buf[:c.offs[n]]
	}
}

// strListCol holds 2-D char arrays (arraysize "8x*" or "8x3"): a list of
// fixed-width strings per row, trailing blanks trimmed. Strings k of row i
// are soffs[roffs[i]+k] .. soffs[roffs[i]+k+1] in buf.
type strListCol struct {
	width   int // characters per string
	count   int // strings per row, -1 when variable
	unicode bool
	buf     []byte
	soffs   []int
	roffs   []int
	nulls   bitset
}

func (c *strListCol) Len() int { return len(c.roffs) - 1 }

func (c *strListCol) IsNull(i int) bool { return c.roffs[i] == c.roffs[i+1] || c.nulls.get(i) }

func (c *strListCol) list(i int) []string {
	out := make([]string, 0, c.roffs[i+1]-c.roffs[i])
	for k := c.roffs[i]; k < c.roffs[i+1]; k++ {
		out = append(out, string(c.buf[c.soffs[k]:c.soffs[k+1]]))
	}
	return out
}

func (c *strListCol) String(i int) string {
	if c.IsNull(i) {
		return ""
	}
	return strings.Join(c.list(i), " ")
}

func (c *strListCol) Float(i int) (float64, bool) { return 0, false }

func (c *strListCol) Value(i int) any {
	if c.IsNull(i) {
		return nil
	}
	return c.list(i)
}

func (c *strListCol) endRow() { c.roffs = append(c.roffs, len(c.soffs)-1) }

func (c *strListCol) addString(s []byte) {
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == 0) {
		s = s[:len(s)-1]
	}
	c.buf = append(c.buf, s...)
	c.soffs = append(c.soffs, len(c.buf))
}

func (c *strListCol) appendNull() {
	c.nulls.set(c.Len())
	c.endRow()
}

// appendText cuts the cell into strings of width characters.
func (c *strListCol) appendText(b []byte) error {
	if len(b) == 0 {
		c.appendNull()
		return nil
	}
	w := c.width
	if w == 0 {
		return fmt.Errorf("zero-width strings")
	}
	n := 0
	for len(b) > 0 {
		cut := 0
		for k := 0; k < w && cut < len(b); k++ {
			_, sz := utf8.DecodeRune(b[cut:])
			cut += sz
		}
		c.addString(b[:cut])
		b = b[cut:]
		n++
	}
	if c.count >= 0 && n > c.count {
		c.soffs = c.soffs[:len(c.soffs)-n]
		c.buf = c.buf[:c.soffs[len(c.soffs)-1]]
		return fmt.Errorf("%d strings for an array of %d", n, c.count)
	}
	c.endRow()
	return nil
}

func (c *strListCol) appendBinary(src byteSource, null bool) error {
	n := c.count
	if n < 0 {
		b, err := src.next(4)
		if err != nil {
			return err
		}
		cnt := be.Uint32(b)
		if cnt > 1<<28 {
			return fmt.Errorf("array length %d is too large", cnt)
		}
		n = int(cnt)
	}
	cw := 1
	if c.unicode {
		cw = 2
	}
	if c.width > 0 && n > (1<<30)/(c.width*cw) {
		return fmt.Errorf("array length %d is too large", n)
	}
	b, err := src.next(n * c.width * cw)
	if err != nil {
		return err
	}
	if null {
		c.appendNull()
		return nil
	}
	var tmp []byte
	for k := 0; k < n; k++ {
		s := b[k*c.width*cw : (k+1)*c.width*cw]
		if c.unicode {
			tmp = appendUCS2(tmp[:0], s)
			s = tmp
		}
		if z := indexZero(s); z >= 0 {
			s = s[:z]
		}
		c.addString(s)
	}
	c.endRow()
	return nil
}

func indexZero(b []byte) int {
	for k, ch := range b {
		if ch == 0 {
			return k
		}
	}
	return -1
}

func (c *strListCol) appendCol(src colBuilder) {
	s := src.(*strListCol)
	c.nulls.appendShifted(s.nulls, c.Len())
	base := len(c.buf)
	c.buf = append(c.buf, s.buf...)
	for _, o := range s.soffs[1:] {
		c.soffs = append(c.soffs, base+o)
	}
	sbase := c.roffs[len(c.roffs)-1]
	for _, o := range s.roffs[1:] {
		c.roffs = append(c.roffs, sbase+o)
	}
}

func (c *strListCol) empty() colBuilder {
	return &strListCol{width: c.width, count: c.count, unicode: c.unicode, roffs: []int{0}, soffs: []int{0}}
}

func (c *strListCol) next() colBuilder {
	n := c.empty().(*strListCol)
	n.buf = make([]byte, 0, grow(len(c.buf)))
	n.soffs = make([]int, 1, grow(len(c.soffs)))
	n.roffs = make([]int, 1, grow(len(c.roffs)))
	return n
}

func (c *strListCol) truncate(n int) {
	if n < c.Len() {
		c.roffs = c.roffs[:n+1]
		c.soffs = c.soffs[:c.roffs[n]+1]
		c.buf = c.buf[:c.soffs[len(c.soffs)-1]]
	}
}
