// Package xmlguard reads XML answers from services within limits, so that a
// malformed or hostile answer fails with an error that says so instead of
// costing all memory: encoding/xml keeps a record for every open element,
// and parsers that act per nesting level (a property inside a property)
// can take time and memory that grow with its square.
package xmlguard

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"esodesk/internal/bytesize"
)

// DefaultMaxDepth is Limits.MaxDepth when it is 0. Service documents (UWS,
// VOSI, Sesame, CalSelector trees) nest fewer than 15 levels.
const DefaultMaxDepth = 64

// ErrLimit is matched (errors.Is) by the errors of a document past its
// limits.
var ErrLimit = errors.New("document past esodesk's limits")

// Limits bound one document.
type Limits struct {
	What     string // what the document is, for messages: "UWS job document"
	MaxBytes int64  // bytes of input read at most; 0: no limit
	MaxDepth int    // elements open at once at most; 0: DefaultMaxDepth
}

type limitError struct{ msg string }

func (e *limitError) Error() string        { return e.msg }
func (e *limitError) Is(target error) bool { return target == ErrLimit }

// NewDecoder returns a decoder of r that fails once r gives more than
// l.MaxBytes or elements nest deeper than l.MaxDepth.
func NewDecoder(r io.Reader, l Limits) *xml.Decoder {
	return Guard(xml.NewDecoder(Reader(r, l)), l)
}

// Reader returns r cut at l.MaxBytes: reading past it is an error, not a
// silent end of input that would be reported as truncated XML.
func Reader(r io.Reader, l Limits) io.Reader {
	if l.MaxBytes <= 0 {
		return r
	}
	return &capped{r: r, left: l.MaxBytes, l: l}
}

type capped struct {
	r    io.Reader
	left int64
	l    Limits
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// At the limit: one more byte means the document is too big;
		// exactly MaxBytes is fine.
		var one [1]byte
		n, err := c.r.Read(one[:])
		if n > 0 {
			return 0, &limitError{fmt.Sprintf("the %s is larger than %s; esodesk reads at most that — the answer is malformed or hostile",
				c.l.What, bytesize.Format(c.l.MaxBytes))}
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// Guard returns a decoder of d's tokens that fails once elements nest deeper
// than l.MaxDepth. Set d up (Strict, AutoClose, Entity) before. Since d never
// gets deeper than the limit, neither its own record of open elements nor
// the caller's recursion can grow with the input.
func Guard(d *xml.Decoder, l Limits) *xml.Decoder {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	return xml.NewTokenDecoder(&guard{d: d, l: l})
}

type guard struct {
	d    *xml.Decoder
	l    Limits
	open []xml.Name // the elements open, MaxDepth at most
}

func (g *guard) Token() (xml.Token, error) {
	tok, err := g.d.Token()
	switch t := tok.(type) {
	case xml.StartElement:
		if len(g.open) == g.l.MaxDepth {
			line, _ := g.d.InputPos()
			return nil, &limitError{fmt.Sprintf("the %s nests elements %d deep (at <%s>, line %d); esodesk reads at most %d — the answer is malformed or hostile",
				g.l.What, len(g.open)+1, t.Name.Local, line, g.l.MaxDepth)}
		}
		g.open = append(g.open, t.Name)
	case xml.EndElement:
		// d balances its elements; but an end it makes up for lenient HTML
		// (the </p> a </div> implies) lacks the namespace, which the
		// decoder reading from us would refuse.
		if n := len(g.open); n > 0 {
			t.Name = g.open[n-1]
			g.open = g.open[:n-1]
			tok = t
		}
	}
	// d reuses its buffers at the next call; the decoder reading from us
	// may keep a token longer.
	return xml.CopyToken(tok), err
}
