package votable

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
)

// TABLEDATA is decoded in chunks of whole rows: one goroutine cuts the
// stream into chunks at a </TR>, workers (one per CPU) turn chunks into
// columns, and the caller strings the finished chunks together in order
// (partsCol), so nothing is copied twice. Peak memory stays at the table plus
// a few chunks of text.

const chunkSize = 2 << 20

type tdChunk struct {
	data      []byte
	startLine int
	cols      []colBuilder
	rows      int
	err       *ParseError // row numbers local to the chunk
	done      chan struct{}
}

// tdTags are the tag spellings of one document (with its namespace prefix).
type tdTags struct {
	tr, td, endTR, endTD, endTable []byte
}

func newTags(prefix string) tdTags {
	return tdTags{
		tr:       []byte("<" + prefix + "TR"),
		td:       []byte("<" + prefix + "TD"),
		endTR:    []byte("</" + prefix + "TR"),
		endTD:    []byte("</" + prefix + "TD>"),
		endTable: []byte("</" + prefix + "TABLEDATA"),
	}
}

func (p *parser) tabledata(open *token, fields []Field, cols []colBuilder) error {
	tags := newTags(open.prefix)
	x := p.x
	workers := runtime.GOMAXPROCS(0)
	if workers > 4 {
		workers = 4
	}
	order := make(chan *tdChunk, workers+2)
	work := make(chan *tdChunk, workers+2)
	var stop atomic.Bool
	// hint is the last finished chunk: new chunk columns reserve as much room.
	var hint atomic.Pointer[[]colBuilder]
	var cutErr error
	var free sync.Pool

	// Cutter: reads the stream and hands out chunks of whole rows.
	go func() {
		defer close(order)
		defer close(work)
		carry := x.buf[x.pos:]
		x.pos = len(x.buf)
		line := x.line
		defer func() {
			if stop.Load() && carry != nil {
				// Stopped early: hand the unread text back to the tokenizer.
				x.buf = append(x.buf[:0], carry...)
				x.pos = 0
				x.line = line
			}
		}()
		for !stop.Load() {
			var buf []byte
			if b, ok := free.Get().(*[]byte); ok {
				buf = (*b)[:0]
			} else {
				buf = make([]byte, 0, chunkSize+chunkSize/4)
			}
			buf = append(buf, carry...)
			// One findCut per chunk: fill the buffer, then cut at the last </TR>.
			end, cut := findCut(buf, tags) // the carry may already hold the end
			for end < 0 && (cut == 0 || len(buf) < chunkSize) {
				if len(buf) == cap(buf) {
					nb := make([]byte, len(buf), 2*cap(buf))
					copy(nb, buf)
					buf = nb
				}
				n, err := io.ReadFull(x.r, buf[len(buf):cap(buf)])
				buf = buf[:len(buf)+n]
				if err != nil {
					if err == io.ErrUnexpectedEOF {
						err = io.EOF
					}
					x.rerr = err
					end, cut = findCut(buf, tags)
					if end < 0 {
						cutErr = x.readErr("in TABLEDATA (no </TABLEDATA>)")
						x.line = line + bytes.Count(buf, []byte{'\n'})
						return
					}
					break
				}
				end, cut = findCut(buf, tags)
			}
			if end >= 0 {
				cut = end
			}
			ch := &tdChunk{data: buf[:cut], startLine: line, done: make(chan struct{})}
			line += bytes.Count(buf[:cut], []byte{'\n'})
			if end >= 0 {
				// Give the rest back to the tokenizer for </TABLEDATA> and what follows.
				x.buf = append(x.buf[:0], buf[end:]...)
				x.pos = 0
				x.line = line
			} else {
				carry = append([]byte(nil), buf[cut:]...)
			}
			order <- ch
			work <- ch
			if end >= 0 {
				carry = nil
				return
			}
		}
	}()

	for w := 0; w < workers; w++ {
		go func() {
			for ch := range work {
				if !stop.Load() {
					ch.cols = make([]colBuilder, len(cols))
					h := hint.Load()
					for i, c := range cols {
						if h != nil {
							ch.cols[i] = (*h)[i].next()
						} else {
							ch.cols[i] = c.empty()
						}
					}
					ch.rows, ch.err = parseRows(p.ctx, ch.data, fields, ch.cols, tags, ch.startLine)
				}
				close(ch.done)
			}
		}()
	}

	var firstErr error
	rows := 0
	parts := make([][]colBuilder, len(cols))
	cutLast := -1
	for ch := range order {
		<-ch.done
		if firstErr == nil {
			firstErr = p.ctx.Err()
		}
		if firstErr == nil && ch.err != nil {
			if ch.err.Msg == cancelled {
				firstErr = p.ctx.Err()
			} else {
				ch.err.Row += rows
				firstErr = ch.err
			}
		}
		if firstErr == nil && !stop.Load() && ch.rows > 0 && p.overBudget(colsSize(ch.cols)) {
			firstErr = &ParseError{Line: ch.startLine, Row: rows + 1, Msg: p.budgetMsg()}
		}
		if firstErr == nil && !stop.Load() && ch.rows > 0 {
			for i := range cols {
				parts[i] = append(parts[i], ch.cols[i])
			}
			if p.opt.MaxRows > 0 && rows+ch.rows >= p.opt.MaxRows {
				// Cut the last chunk once the workers are done with it.
				cutLast = p.opt.MaxRows - rows
				p.truncated = ch.rows > cutLast
				rows = p.opt.MaxRows
				stop.Store(true)
			} else {
				rows += ch.rows
				done := ch.cols
				hint.Store(&done)
			}
			if p.opt.Progress != nil {
				p.opt.Progress(rows)
			}
		}
		if firstErr != nil {
			stop.Store(true)
		}
		data := ch.data[:0]
		ch.data, ch.cols = nil, nil
		free.Put(&data)
	}
	if firstErr != nil {
		return firstErr
	}
	if cutLast >= 0 {
		for i := range cols {
			parts[i][len(parts[i])-1].truncate(cutLast)
		}
	}
	for i := range cols {
		cols[i] = joinParts(cols[i], parts[i])
	}
	if stop.Load() {
		// MaxRows reached: skip the rest of the rows, noting whether there were any.
		more, err := x.skipTo(tags.endTable, tags.tr)
		if err != nil {
			return err
		}
		p.truncated = p.truncated || more
		return x.skipPast(">", "TABLEDATA end tag")
	}
	if cutErr != nil {
		return cutErr
	}
	return p.expectEnd(open)
}

// expectEnd reads the end tag of open.
func (p *parser) expectEnd(open *token) error {
	return p.children(open, func(t *token) error {
		return &ParseError{Line: t.line, Msg: fmt.Sprintf("unexpected <%s> in <%s>", t.name, open.name)}
	})
}

// findCut looks in buf for the end of TABLEDATA (end, or -1) and for the end
// of the last complete row (cut, or 0). Comments and CDATA sections, which may
// contain anything, are skipped over when present.
func findCut(buf []byte, tags tdTags) (end, cut int) {
	if indexRare(buf, []byte("<!"), 1) >= 0 {
		return findCutCareful(buf, tags)
	}
	if i := indexRare(buf, tags.endTable, len(tags.endTable)-7); i >= 0 { // on the B of TABLEDATA
		return i, i
	}
	if i := bytes.LastIndex(buf, tags.endTR); i >= 0 {
		if j := bytes.IndexByte(buf[i:], '>'); j >= 0 {
			return -1, i + j + 1
		}
	}
	return -1, 0
}

// indexRare is bytes.Index for a pattern whose byte k is rare in the text
// ('<' is everywhere in TABLEDATA, '!' and 'B' seldom are): it scans for that
// byte with IndexByte and checks the pattern around it.
func indexRare(buf, pat []byte, k int) int {
	c := pat[k]
	from := k
	for from < len(buf) {
		i := bytes.IndexByte(buf[from:], c)
		if i < 0 {
			return -1
		}
		at := from + i - k
		if at+len(pat) <= len(buf) && bytes.Equal(buf[at:at+len(pat)], pat) {
			return at
		}
		from += i + 1
	}
	return -1
}

func findCutCareful(buf []byte, tags tdTags) (end, cut int) {
	p := 0
	for {
		i := bytes.IndexByte(buf[p:], '<')
		if i < 0 {
			return -1, cut
		}
		p += i
		rest := buf[p:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			j := bytes.Index(rest, []byte("-->"))
			if j < 0 {
				return -1, cut
			}
			p += j + 3
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			j := bytes.Index(rest, []byte("]]>"))
			if j < 0 {
				return -1, cut
			}
			p += j + 3
		case bytes.HasPrefix(rest, tags.endTable):
			return p, p
		case bytes.HasPrefix(rest, tags.endTR):
			j := bytes.IndexByte(rest, '>')
			if j < 0 {
				return -1, cut
			}
			p += j + 1
			cut = p
		default:
			p++
		}
	}
}

// rowParser walks the TR/TD markup of one chunk.
type rowParser struct {
	data    []byte
	p       int
	line    int
	fields  []Field
	cols    []colBuilder
	tags    tdTags
	scratch []byte
}

func (r *rowParser) errAt(pos, row, col int, format string, args ...any) *ParseError {
	e := &ParseError{Line: r.line + bytes.Count(r.data[:min(pos, len(r.data))], []byte{'\n'}), Row: row, Column: col, Msg: fmt.Sprintf(format, args...)}
	if col > 0 && col <= len(r.fields) {
		e.Field = r.fields[col-1].Name
	}
	return e
}

// cancelled is the Msg of the ParseError with which parseRows reports that
// the context was cancelled (the caller returns the context's error).
const cancelled = "cancelled"

// parseRows decodes every row in data into cols, checking ctx every 4096 rows.
func parseRows(ctx context.Context, data []byte, fields []Field, cols []colBuilder, tags tdTags, line int) (int, *ParseError) {
	r := &rowParser{data: data, line: line, fields: fields, cols: cols, tags: tags}
	rows := 0
	for {
		if rows&4095 == 4095 && ctx.Err() != nil {
			return rows, &ParseError{Msg: cancelled}
		}
		i := bytes.IndexByte(r.data[r.p:], '<')
		if i < 0 {
			if len(trimSpace(r.data[r.p:])) > 0 {
				return rows, r.errAt(r.p, rows+1, 0, "text outside of <TR>")
			}
			return rows, nil
		}
		if len(trimSpace(r.data[r.p:r.p+i])) > 0 {
			return rows, r.errAt(r.p, rows+1, 0, "text outside of <TR>")
		}
		r.p += i
		rest := r.data[r.p:]
		switch {
		case bytes.HasPrefix(rest, tags.tr) && len(rest) > len(tags.tr) && isTagEnd(rest[len(tags.tr)]):
			rows++
			if err := r.row(rows); err != nil {
				return rows, err
			}
		case bytes.HasPrefix(rest, []byte("<!--")):
			if err := r.skipComment(rows + 1); err != nil {
				return rows, err
			}
		case bytes.HasPrefix(rest, []byte("<?")):
			j := bytes.Index(rest, []byte("?>"))
			if j < 0 {
				return rows, r.errAt(r.p, rows+1, 0, "unterminated processing instruction")
			}
			r.p += j + 2
		default:
			return rows, r.errAt(r.p, rows+1, 0, "unexpected %s in TABLEDATA", tagName(rest))
		}
	}
}

func isTagEnd(c byte) bool { return c == '>' || c == '/' || isSpace(c) }

func tagName(b []byte) string {
	n := 1
	if n < len(b) && b[n] == '/' {
		n++
	}
	for n < len(b) && n < 40 && !isTagEnd(b[n]) {
		n++
	}
	return string(b[:min(n, len(b))]) + ">"
}

func (r *rowParser) skipComment(row int) *ParseError {
	j := bytes.Index(r.data[r.p:], []byte("-->"))
	if j < 0 {
		return r.errAt(r.p, row, 0, "unterminated comment")
	}
	r.p += j + 3
	return nil
}

// row parses one <TR>...</TR> starting at r.p.
func (r *rowParser) row(row int) *ParseError {
	data := r.data
	gt := bytes.IndexByte(data[r.p:], '>')
	if gt < 0 {
		return r.errAt(r.p, row, 0, "unterminated <TR>")
	}
	selfClose := data[r.p+gt-1] == '/'
	r.p += gt + 1
	ncols := len(r.cols)
	col := 0
	if !selfClose {
		for {
			i := bytes.IndexByte(data[r.p:], '<')
			if i < 0 {
				return r.errAt(len(data), row, col+1, "unterminated <TR>")
			}
			r.p += i
			rest := data[r.p:]
			if bytes.HasPrefix(rest, r.tags.td) && len(rest) > len(r.tags.td) && isTagEnd(rest[len(r.tags.td)]) {
				col++
				if col > ncols {
					return r.errAt(r.p, row, col, "more than %d cells in the row", ncols)
				}
				if err := r.cell(row, col); err != nil {
					return err
				}
				continue
			}
			if bytes.HasPrefix(rest, r.tags.endTR) {
				j := bytes.IndexByte(rest, '>')
				if j < 0 {
					return r.errAt(r.p, row, 0, "unterminated </TR>")
				}
				r.p += j + 1
				break
			}
			if bytes.HasPrefix(rest, []byte("<!--")) {
				if err := r.skipComment(row); err != nil {
					return err
				}
				continue
			}
			return r.errAt(r.p, row, col+1, "unexpected %s in <TR>", tagName(rest))
		}
	}
	if col != ncols {
		return r.errAt(r.p, row, col+1, "row has %d cells, expected %d", col, ncols)
	}
	return nil
}

// cell parses one <TD>...</TD> (or <TD/>) at r.p into column col (1-based).
func (r *rowParser) cell(row, col int) *ParseError {
	data := r.data
	start := r.p
	gt := bytes.IndexByte(data[r.p:], '>')
	if gt < 0 {
		return r.errAt(r.p, row, col, "unterminated <TD>")
	}
	r.p += gt + 1
	c := r.cols[col-1]
	if data[r.p-2] == '/' {
		c.appendNull()
		return nil
	}
	// Fast path: plain text followed directly by </TD>.
	i := bytes.IndexByte(data[r.p:], '<')
	if i < 0 {
		return r.errAt(start, row, col, "unterminated <TD>")
	}
	var content []byte
	if bytes.HasPrefix(data[r.p+i:], r.tags.endTD) {
		content = data[r.p : r.p+i]
		r.p += i + len(r.tags.endTD)
		if bytes.IndexByte(content, '&') >= 0 {
			var err error
			r.scratch, err = appendUnescaped(r.scratch[:0], content)
			if err != nil {
				return r.errAt(start, row, col, "%v", err)
			}
			content = r.scratch
		}
	} else {
		var err *ParseError
		content, err = r.slowCell(row, col, start)
		if err != nil {
			return err
		}
	}
	if err := c.appendText(content); err != nil {
		return r.errAt(start, row, col, "%v", err)
	}
	return nil
}

// slowCell handles TD content with CDATA sections or comments.
func (r *rowParser) slowCell(row, col, start int) ([]byte, *ParseError) {
	data := r.data
	r.scratch = r.scratch[:0]
	for {
		i := bytes.IndexByte(data[r.p:], '<')
		if i < 0 {
			return nil, r.errAt(start, row, col, "unterminated <TD>")
		}
		var err error
		r.scratch, err = appendUnescaped(r.scratch, data[r.p:r.p+i])
		if err != nil {
			return nil, r.errAt(start, row, col, "%v", err)
		}
		r.p += i
		rest := data[r.p:]
		switch {
		case bytes.HasPrefix(rest, r.tags.endTD):
			r.p += len(r.tags.endTD)
			return r.scratch, nil
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			j := bytes.Index(rest, []byte("]]>"))
			if j < 0 {
				return nil, r.errAt(start, row, col, "unterminated CDATA section")
			}
			r.scratch = append(r.scratch, rest[9:j]...)
			r.p += j + 3
		case bytes.HasPrefix(rest, []byte("<!--")):
			if err := r.skipComment(row); err != nil {
				return nil, err
			}
		default:
			return nil, r.errAt(r.p, row, col, "unexpected %s in <TD>", tagName(rest))
		}
	}
}
