package votable

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"sync/atomic"
)

// BINARY and BINARY2 streams are base64 text. One goroutine decodes the text
// into blocks of bytes while the caller's goroutine decodes rows from them
// straight into the typed columns.

func (p *parser) binary(open *token, fields []Field, cols []colBuilder, binary2 bool) error {
	name := open.name
	seen := false
	return p.children(open, func(t *token) error {
		if t.name != "STREAM" {
			return p.skip(t)
		}
		st := *t
		if seen {
			return &ParseError{Line: st.line, Msg: "more than one STREAM in " + name}
		}
		seen = true
		if href := st.attr("href"); href != "" {
			return &ParseError{Line: st.line, Msg: fmt.Sprintf("STREAM href=%q (remote data) is not supported", href)}
		}
		if enc := st.attr("encoding"); enc != "base64" {
			return &ParseError{Line: st.line, Msg: fmt.Sprintf("STREAM encoding %q is not supported (only base64)", enc)}
		}
		if st.selfClose {
			return nil
		}
		if err := p.stream(fields, cols, binary2); err != nil {
			return err
		}
		return p.expectEnd(&st)
	})
}

var errTruncated = errors.New("data ends in the middle of a row")

// blockSource serves bytes from the decoded blocks arriving on ch, and gives
// finished blocks back on free for reuse.
type blockSource struct {
	ch      <-chan []byte
	free    chan<- []byte
	blk     []byte // the block cur points into
	cur     []byte
	scratch []byte
	read    int64 // bytes handed out so far
}

// take moves on to the next block; false at the end of the stream.
func (s *blockSource) take() bool {
	if s.blk != nil {
		select {
		case s.free <- s.blk[:0]:
		default:
		}
		s.blk = nil
	}
	blk, ok := <-s.ch
	if !ok {
		return false
	}
	s.blk, s.cur = blk, blk
	return true
}

func (s *blockSource) next(n int) ([]byte, error) {
	s.read += int64(n)
	if len(s.cur) >= n {
		b := s.cur[:n]
		s.cur = s.cur[n:]
		return b, nil
	}
	s.scratch = append(s.scratch[:0], s.cur...)
	s.cur = nil
	for len(s.scratch) < n {
		if !s.take() {
			return nil, errTruncated
		}
		need := n - len(s.scratch)
		if len(s.cur) >= need {
			s.scratch = append(s.scratch, s.cur[:need]...)
			s.cur = s.cur[need:]
		} else {
			s.scratch = append(s.scratch, s.cur...)
			s.cur = nil
		}
	}
	return s.scratch, nil
}

// atEnd reports whether no bytes are left.
func (s *blockSource) atEnd() bool {
	for len(s.cur) == 0 {
		if !s.take() {
			return true
		}
	}
	return false
}

// stream decodes the base64 content of a STREAM, up to its end tag.
func (p *parser) stream(fields []Field, cols []colBuilder, binary2 bool) error {
	blocks := make(chan []byte, 4)
	free := make(chan []byte, 8)
	stop := make(chan struct{})
	// abandon tells the decoder, once stopped, not to skip the rest of the
	// stream: the parse is failing (or cancelled) anyway.
	var abandon atomic.Bool
	var decErr error
	go func() {
		defer close(blocks)
		decErr = p.decodeBase64(blocks, free, stop, &abandon)
	}()
	src := &blockSource{ch: blocks, free: free}
	// finish stops the decoder and waits for it; its error wins because it
	// explains a truncation seen here.
	finish := func(err error) error {
		abandon.Store(err != nil)
		close(stop)
		for range blocks {
		}
		if decErr != nil {
			return decErr
		}
		return err
	}
	ncols := len(cols)
	flags := make([]byte, (ncols+7)/8)
	rows := 0
	// Rows go into parts of partRows rows, joined at the end (see partsCol).
	const partRows = 16384
	cur := make([]colBuilder, ncols)
	for i, c := range cols {
		cur[i] = c.empty()
	}
	parts := make([][]colBuilder, ncols)
	inPart := 0
	defer func() {
		p.used += colsSize(cur)
		for i := range cols {
			cols[i] = joinParts(cols[i], append(parts[i], cur[i]))
		}
	}()
	// The finished parts are counted in p.used; the part being filled is
	// measured every budgetCheckBytes of data or budgetCheckCells cells (a
	// cell of no bytes, arraysize="0", still costs an offset) and at the end.
	checkedRead, checkedRows := int64(0), 0 // at the last measure
	overBudget := func() error {
		checkedRead, checkedRows = src.read, rows
		if p.used+colsSize(cur) > p.max {
			return &ParseError{Row: rows, Msg: p.budgetMsg()}
		}
		return nil
	}
	for !src.atEnd() {
		if inPart == partRows {
			p.used += colsSize(cur)
			for i := range cur {
				parts[i] = append(parts[i], cur[i])
				cur[i] = cur[i].next()
			}
			inPart = 0
		}
		if src.read-checkedRead >= budgetCheckBytes || (rows-checkedRows)*ncols >= budgetCheckCells {
			if err := overBudget(); err != nil {
				return finish(err)
			}
		}
		if rows&4095 == 0 && rows > 0 {
			if err := p.ctx.Err(); err != nil {
				return finish(err)
			}
			if p.opt.Progress != nil && rows&16383 == 0 {
				p.opt.Progress(rows)
			}
		}
		if p.opt.MaxRows > 0 && rows >= p.opt.MaxRows {
			p.truncated = true // atEnd said more data follows
			return finish(overBudget())
		}
		start := src.read
		if binary2 {
			b, err := src.next(len(flags))
			if err != nil {
				return finish(&ParseError{Row: rows + 1, Msg: "truncated null flags"})
			}
			copy(flags, b)
		}
		for i, c := range cur {
			null := binary2 && flags[i>>3]&(0x80>>uint(i&7)) != 0
			if err := c.appendBinary(src, null); err != nil {
				// Drop the partial row so that every column has the same length.
				for _, c := range cur {
					c.truncate(inPart)
				}
				return finish(&ParseError{Row: rows + 1, Column: i + 1, Field: fields[i].Name, Msg: err.Error()})
			}
		}
		if src.read == start {
			// Rows of no bytes (no FIELD, or only arraysize="0"): the data
			// would never be used up, and every row still costs memory.
			return finish(&ParseError{Row: rows + 1, Msg: "the BINARY rows of this TABLE hold no bytes (no FIELD has data), so its data cannot be read"})
		}
		rows++
		inPart++
	}
	if p.opt.Progress != nil {
		p.opt.Progress(rows)
	}
	return finish(overBudget())
}

// decodeBase64 reads base64 text from the scanner up to the next '<' and
// sends the decoded bytes. After stop is closed it only skips the text.
func (p *parser) decodeBase64(out chan<- []byte, free <-chan []byte, stop <-chan struct{}, abandon *atomic.Bool) error {
	x := p.x
	var clean []byte
	var pending []byte
	stopped := false
	getBlock := func(n int) []byte {
		var blk []byte
		select {
		case blk = <-free:
		default:
		}
		// Room for the unpadded fallback below too.
		if need := n/4*3 + 3; cap(blk) < need {
			blk = make([]byte, need)
		}
		return blk[:cap(blk)]
	}
	send := func(blk []byte) {
		if len(blk) == 0 {
			return
		}
		select {
		case out <- blk:
		case <-stop:
			stopped = true
		}
	}
	for {
		if stopped && abandon.Load() {
			return nil
		}
		if x.pos == len(x.buf) && !x.fill() {
			return x.readErr("in STREAM")
		}
		seg := x.buf[x.pos:]
		lt := bytes.IndexByte(seg, '<')
		if lt >= 0 {
			seg = seg[:lt]
		}
		if !stopped {
			select {
			case <-stop:
				stopped = true
			default:
			}
		}
		if stopped {
			x.advance(len(seg))
			if lt >= 0 {
				return nil
			}
			continue
		}
		// Fast path: whole lines decoded in place (the decoder skips their
		// newlines). It fails on blanks other than newlines or on lines that do
		// not add up to whole quanta; the general path below handles those.
		if len(pending) == 0 {
			part := seg
			if lt < 0 {
				part = seg[:bytes.LastIndexByte(seg, '\n')+1]
			}
			if len(part) > 0 {
				blk := getBlock(len(part))
				if m, err := base64.StdEncoding.Decode(blk, part); err == nil {
					send(blk[:m])
					x.advance(len(part))
					if lt >= 0 {
						return nil
					}
					if !x.fill() {
						return x.readErr("in STREAM")
					}
					continue
				}
			}
		}
		clean = append(clean[:0], pending...)
		clean = appendBase64Chars(clean, seg)
		n := len(clean) / 4 * 4
		if lt >= 0 {
			n = len(clean)
		}
		blk := getBlock(n)
		m, err := base64.StdEncoding.Decode(blk, clean[:n])
		if err != nil {
			if lt >= 0 && n%4 != 0 {
				m, err = base64.RawStdEncoding.Decode(blk, clean[:n])
			}
			if err != nil {
				return &ParseError{Line: x.line, Msg: "bad base64 data in STREAM: " + err.Error()}
			}
		}
		pending = append(pending[:0], clean[n:]...)
		send(blk[:m])
		x.advance(len(seg))
		if lt >= 0 {
			return nil
		}
	}
}

// appendBase64Chars appends seg without whitespace. Lines are copied whole;
// only a line with other blanks goes byte by byte.
func appendBase64Chars(dst, seg []byte) []byte {
	for len(seg) > 0 {
		nl := bytes.IndexByte(seg, '\n')
		line := seg
		if nl >= 0 {
			line = seg[:nl]
			seg = seg[nl+1:]
		} else {
			seg = nil
		}
		clean := true
		for _, c := range line {
			if c <= ' ' {
				clean = false
				break
			}
		}
		if clean {
			dst = append(dst, line...)
			continue
		}
		for _, c := range line {
			if !isSpace(c) {
				dst = append(dst, c)
			}
		}
	}
	return dst
}
