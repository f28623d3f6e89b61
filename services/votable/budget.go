package votable

import (
	"fmt"
	"math"

	"esodesk/internal/bytesize"
)

// Limits that make a malformed or hostile answer fail with a *ParseError
// instead of taking the stack or all memory. Real VOTables stay far below
// them.
const (
	// MaxDepth is how deeply elements may nest, VOTABLE being level 1. Real
	// documents use fewer than 10 levels (RESOURCE, TABLE, FIELD, VALUES,
	// OPTION, a few nested RESOURCEs and GROUPs); every level is a frame of
	// the recursive parser, and 200,000 nested RESOURCEs took 512 MB of stack.
	MaxDepth = 64
	// MaxFields is how many FIELDs one TABLE may declare. Databases stop at
	// about 1,600 columns and FITS tables at 999; every column costs the
	// TABLEDATA decoder a few hundred bytes per chunk, however short the rows.
	MaxFields = 1 << 16
	// DefaultMaxBytes is Options.MaxBytes when it is 0: over three times
	// what a million rows of ESO's ObsCore table take (54 columns, about
	// 1.2 KB a row decoded: 234 MB for 200,000 rows), so honest answers fit
	// and only a runaway one fails.
	DefaultMaxBytes = 4_000_000_000
)

// elementCost is what a metadata element (FIELD, INFO, ...) is charged
// besides its attribute values and text: about the size of a Field.
const elementCost = 256

// budgetCheckBytes and budgetCheckCells are how much BINARY data is decoded
// between two looks at the size of the table being built.
const (
	budgetCheckBytes = 1 << 20
	budgetCheckCells = 1 << 20
)

// maxBytes is the budget opt gives a parse.
func maxBytes(opt Options) int64 {
	switch {
	case opt.MaxBytes == 0:
		return DefaultMaxBytes
	case opt.MaxBytes < 0:
		return math.MaxInt64
	}
	return opt.MaxBytes
}

// overBudget reports whether adding n bytes to what the document holds goes
// past the budget; the bytes are counted either way.
func (p *parser) overBudget(n int64) bool {
	p.used += n
	return p.used > p.max
}

func (p *parser) budgetMsg() string {
	return fmt.Sprintf("the VOTable takes more than %s of memory once decoded; esodesk reads at most %s "+
		"(Options.MaxBytes) — ask for fewer rows or columns, or the answer is malformed",
		bytesize.Format(p.max), bytesize.Format(p.max))
}

// charge counts metadata (elements, attribute values, text) against the
// budget.
func (p *parser) charge(t *token) error {
	var n int64
	switch t.kind {
	case tokStart:
		n = elementCost
		for _, a := range t.attrs {
			n += int64(len(a.value))
		}
	case tokText:
		n = int64(len(t.text))
	}
	if p.overBudget(n) {
		return &ParseError{Line: t.line, Msg: p.budgetMsg()}
	}
	return nil
}

// enter notes that the parser descends into open, refusing to go deeper
// than MaxDepth; leave undoes it.
func (p *parser) enter(open *token) error {
	p.depth++
	if p.depth > MaxDepth {
		return &ParseError{Line: open.line, Msg: fmt.Sprintf(
			"the VOTable nests elements %d deep (at a <%s>); esodesk reads at most %d — the answer is malformed or hostile",
			p.depth, open.name, MaxDepth)}
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// colsSize is the memory held by a set of columns.
func colsSize(cols []colBuilder) int64 {
	var n int64
	for _, c := range cols {
		n += c.memSize()
	}
	return n
}

// colOverhead is what a column costs besides its slices: the struct,
// rounded up.
const colOverhead = 128

const intSize = 8 // offsets are ints; counted as 64-bit everywhere

// ops.size, the size in BINARY, is also the Go size of every element type
// (bool for boolean and bit, complex128 for doubleComplex, ...).

func (c *scalarCol[T]) memSize() int64 {
	return colOverhead + int64(cap(c.vals))*int64(c.ops.size) + int64(cap(c.nulls))*8
}

func (c *arrayCol[T]) memSize() int64 {
	return colOverhead + int64(cap(c.vals))*int64(c.ops.size) + int64(cap(c.offs))*intSize + int64(cap(c.nulls))*8
}

func (c *stringCol) memSize() int64 {
	return colOverhead + int64(cap(c.buf)) + int64(cap(c.offs))*intSize + int64(cap(c.nulls))*8
}

func (c *strListCol) memSize() int64 {
	return colOverhead + int64(cap(c.buf)) + int64(cap(c.soffs)+cap(c.roffs))*intSize + int64(cap(c.nulls))*8
}

func (c *partsCol) memSize() int64 {
	return colOverhead + int64(len(c.parts))*(16+intSize) + colsSize(c.parts)
}
