package votable

import "sort"

// partsCol joins the columns decoded chunk by chunk into one Column without
// copying them: a parse never holds the data twice, and no slice is ever
// regrown to the size of the whole table.
type partsCol struct {
	parts  []colBuilder
	starts []int // starts[k] is the first row of parts[k]; the last entry is Len
}

// joinParts returns the parts as one Column (the part itself when there is one).
func joinParts(template colBuilder, parts []colBuilder) colBuilder {
	var keep []colBuilder
	for _, p := range parts {
		if p.Len() > 0 {
			keep = append(keep, p)
		}
	}
	switch len(keep) {
	case 0:
		return template
	case 1:
		return keep[0]
	}
	pc := &partsCol{parts: keep, starts: make([]int, len(keep)+1)}
	for k, p := range keep {
		pc.starts[k+1] = pc.starts[k] + p.Len()
	}
	return pc
}

func (c *partsCol) locate(i int) (colBuilder, int) {
	k := sort.Search(len(c.parts), func(k int) bool { return c.starts[k+1] > i })
	if k == len(c.parts) {
		k-- // out of range: let the part panic like a slice would
	}
	return c.parts[k], i - c.starts[k]
}

func (c *partsCol) Len() int { return c.starts[len(c.parts)] }

func (c *partsCol) IsNull(i int) bool {
	p, j := c.locate(i)
	return p.IsNull(j)
}

func (c *partsCol) String(i int) string {
	p, j := c.locate(i)
	return p.String(j)
}

func (c *partsCol) Float(i int) (float64, bool) {
	p, j := c.locate(i)
	return p.Float(j)
}

func (c *partsCol) Value(i int) any {
	p, j := c.locate(i)
	return p.Value(j)
}

func (c *partsCol) appendTD(dst []byte, i int) []byte {
	p, j := c.locate(i)
	return p.(cellWriter).appendTD(dst, j)
}

func (c *partsCol) appendBin(dst []byte, i int) []byte {
	p, j := c.locate(i)
	return p.(cellWriter).appendBin(dst, j)
}

// The colBuilder methods let a joined column stand where a part is expected;
// parsing never appends to one.
func (c *partsCol) appendText(b []byte) error { panic("votable: append to a finished column") }
func (c *partsCol) appendNull()               { panic("votable: append to a finished column") }
func (c *partsCol) appendBinary(src byteSource, null bool) error {
	panic("votable: append to a finished column")
}
func (c *partsCol) appendCol(src colBuilder) { panic("votable: append to a finished column") }
func (c *partsCol) empty() colBuilder        { return c.parts[0].empty() }
func (c *partsCol) next() colBuilder         { return c.parts[len(c.parts)-1].next() }
func (c *partsCol) truncate(n int)           { panic("votable: truncate a finished column") }
