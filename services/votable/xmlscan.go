package votable

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner is a small streaming XML tokenizer for the metadata part of a
// VOTable. It owns the read buffer so that the data decoders can take the
// stream over at DATA without anything being read twice or lost.
type xmlScanner struct {
	r    io.Reader
	buf  []byte
	pos  int // next unread byte in buf
	line int // 1-based line of buf[pos]
	rerr error
	tok  token
	text []byte
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokStart
	tokEnd
	tokText
)

type attr struct{ name, value string }

type token struct {
	kind      tokKind
	name      string // local name, without namespace prefix
	prefix    string // namespace prefix with its colon ("vot:"), usually ""
	attrs     []attr
	selfClose bool
	text      []byte // decoded text (tokText), valid until the next token
	line      int
}

func (t *token) attr(name string) string {
	for _, a := range t.attrs {
		if a.name == name {
			return a.value
		}
	}
	return ""
}

const readSize = 256 << 10

func newXMLScanner(r io.Reader) *xmlScanner {
	return &xmlScanner{r: r, buf: make([]byte, 0, readSize), line: 1}
}

// fill reads more input, keeping unread bytes; false at end of input.
func (x *xmlScanner) fill() bool {
	if x.rerr != nil {
		return false
	}
	if x.pos > 0 {
		n := copy(x.buf, x.buf[x.pos:])
		x.buf = x.buf[:n]
		x.pos = 0
	}
	if cap(x.buf)-len(x.buf) < readSize/2 {
		nb := make([]byte, len(x.buf), 2*cap(x.buf)+readSize)
		copy(nb, x.buf)
		x.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		n, err := x.r.Read(x.buf[len(x.buf):cap(x.buf)])
		x.buf = x.buf[:len(x.buf)+n]
		if err != nil {
			x.rerr = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	x.rerr = io.ErrNoProgress
	return false
}

func (x *xmlScanner) errorf(format string, args ...any) *ParseError {
	return &ParseError{Line: x.line, Msg: fmt.Sprintf(format, args...)}
}

// readErr turns the end of input (or a read failure) into a ParseError.
func (x *xmlScanner) readErr(what string) error {
	if x.rerr != nil && x.rerr != io.EOF {
		return &ParseError{Line: x.line, Msg: what + ": " + x.rerr.Error()}
	}
	return x.errorf("unexpected end of document %s", what)
}

// ensure makes at least n unread bytes available, if the input has them.
func (x *xmlScanner) ensure(n int) bool {
	for len(x.buf)-x.pos < n {
		if !x.fill() {
			return false
		}
	}
	return true
}

// skipPast consumes input up to and including the first occurrence of marker.
func (x *xmlScanner) skipPast(marker string, what string) error {
	for {
		i := bytes.Index(x.buf[x.pos:], []byte(marker))
		if i >= 0 {
			x.advance(i + len(marker))
			return nil
		}
		keep := len(x.buf) - len(marker) + 1
		if keep > x.pos {
			x.advance(keep - x.pos)
		}
		if !x.fill() {
			return x.readErr("in " + what)
		}
	}
}

// skipTo consumes input up to and including marker, reporting whether probe
// occurred before it.
func (x *xmlScanner) skipTo(marker, probe []byte) (seen bool, err error) {
	for {
		rest := x.buf[x.pos:]
		i := bytes.Index(rest, marker)
		if i >= 0 {
			seen = seen || bytes.Contains(rest[:i], probe)
			x.advance(i + len(marker))
			return seen, nil
		}
		keep := len(x.buf) - len(marker) + 1
		if keep > x.pos {
			seen = seen || bytes.Contains(x.buf[x.pos:keep], probe)
			x.advance(keep - x.pos)
		}
		if !x.fill() {
			return seen, x.readErr("in TABLEDATA")
		}
	}
}

// advance consumes n bytes, counting lines.
func (x *xmlScanner) advance(n int) {
	x.line += bytes.Count(x.buf[x.pos:x.pos+n], []byte{'\n'})
	x.pos += n
}

// next reads the next token, skipping comments, processing instructions and
// the DOCTYPE. Adjacent text and CDATA sections are merged into one token.
func (x *xmlScanner) next() (*token, error) {
	x.text = x.text[:0]
	haveText := false
	startLine := x.line
	for {
		if !x.ensure(1) {
			if x.rerr != nil && x.rerr != io.EOF {
				return nil, x.readErr("")
			}
			if haveText {
				break
			}
			x.tok = token{kind: tokEOF, line: x.line}
			return &x.tok, nil
		}
		if x.buf[x.pos] != '<' {
			if err := x.readText(); err != nil {
				return nil, err
			}
			haveText = true
			continue
		}
		x.ensure(9)
		rest := x.buf[x.pos:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			if err := x.skipPast("-->", "comment"); err != nil {
				return nil, err
			}
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			x.advance(9)
			if err := x.readCDATA(); err != nil {
				return nil, err
			}
			haveText = true
			continue
		case bytes.HasPrefix(rest, []byte("<?")):
			if err := x.skipPast("?>", "processing instruction"); err != nil {
				return nil, err
			}
			continue
		case bytes.HasPrefix(rest, []byte("<!")):
			if err := x.skipDoctype(); err != nil {
				return nil, err
			}
			continue
		}
		if haveText {
			break
		}
		return x.readTag()
	}
	x.tok = token{kind: tokText, text: x.text, line: startLine}
	return &x.tok, nil
}

func (x *xmlScanner) skipDoctype() error {
	depth := 0
	for {
		for x.pos < len(x.buf) {
			c := x.buf[x.pos]
			x.pos++
			switch c {
			case '\n':
				x.line++
			case '[':
				depth++
			case ']':
				depth--
			case '>':
				if depth <= 0 {
					return nil
				}
			}
		}
		if !x.fill() {
			return x.readErr("in DOCTYPE")
		}
	}
}

func (x *xmlScanner) readCDATA() error {
	for {
		i := bytes.Index(x.buf[x.pos:], []byte("]]>"))
		if i >= 0 {
			x.text = append(x.text, x.buf[x.pos:x.pos+i]...)
			x.advance(i + 3)
			return nil
		}
		n := len(x.buf) - x.pos - 2
		if n > 0 {
			x.text = append(x.text, x.buf[x.pos:x.pos+n]...)
			x.advance(n)
		}
		if !x.fill() {
			return x.readErr("in CDATA section")
		}
	}
}

// readText reads character data up to the next '<', decoding entities.
func (x *xmlScanner) readText() error {
	for {
		i := bytes.IndexByte(x.buf[x.pos:], '<')
		end := len(x.buf)
		if i >= 0 {
			end = x.pos + i
		}
		seg := x.buf[x.pos:end]
		if amp := bytes.IndexByte(seg, '&'); amp >= 0 {
			// Make sure the whole entity is in the buffer.
			if semi := bytes.IndexByte(seg[amp:], ';'); semi < 0 && i < 0 && len(seg)-amp < 12 {
				x.text = append(x.text, seg[:amp]...)
				x.advance(amp)
				if !x.fill() {
					return x.readErr("in entity")
				}
				continue
			}
			var err error
			x.text, err = appendUnescaped(x.text, seg)
			if err != nil {
				return x.errorf("%v", err)
			}
		} else {
			x.text = append(x.text, seg...)
		}
		x.advance(len(seg))
		if i >= 0 {
			return nil
		}
		if !x.fill() {
			return nil
		}
	}
}

// readTag reads a start or end tag at x.pos.
func (x *xmlScanner) readTag() (*token, error) {
	// Make sure the whole tag is buffered: find its closing '>' outside quotes.
	end := -1
	for {
		end = tagEnd(x.buf[x.pos:])
		if end >= 0 {
			break
		}
		if !x.fill() {
			return nil, x.readErr("inside a tag")
		}
	}
	raw := x.buf[x.pos : x.pos+end+1]
	line := x.line
	x.advance(end + 1)
	t := &x.tok
	*t = token{line: line, attrs: t.attrs[:0]}
	body := raw[1 : len(raw)-1]
	if len(body) > 0 && body[0] == '/' {
		t.kind = tokEnd
		name := trimSpace(body[1:])
		if len(name) == 0 {
			return nil, &ParseError{Line: line, Msg: "empty end tag"}
		}
		t.prefix, t.name = splitName(name)
		return t, nil
	}
	t.kind = tokStart
	if len(body) > 0 && body[len(body)-1] == '/' {
		t.selfClose = true
		body = body[:len(body)-1]
	}
	k := 0
	for k < len(body) && !isSpace(body[k]) {
		k++
	}
	if k == 0 {
		return nil, &ParseError{Line: line, Msg: "tag without a name"}
	}
	t.prefix, t.name = splitName(body[:k])
	rest := body[k:]
	for {
		rest = trimSpace(rest)
		if len(rest) == 0 {
			break
		}
		eq := bytes.IndexByte(rest, '=')
		if eq <= 0 {
			return nil, &ParseError{Line: line, Msg: fmt.Sprintf("bad attribute in <%s>", t.name)}
		}
		_, name := splitName(trimSpace(rest[:eq]))
		rest = trimSpace(rest[eq+1:])
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return nil, &ParseError{Line: line, Msg: fmt.Sprintf("unquoted attribute %s in <%s>", name, t.name)}
		}
		q := rest[0]
		closeQ := bytes.IndexByte(rest[1:], q)
		if closeQ < 0 {
			return nil, &ParseError{Line: line, Msg: fmt.Sprintf("unterminated attribute %s in <%s>", name, t.name)}
		}
		val := rest[1 : 1+closeQ]
		rest = rest[closeQ+2:]
		var sval string
		if bytes.IndexByte(val, '&') >= 0 {
			dec, err := appendUnescaped(nil, val)
			if err != nil {
				return nil, &ParseError{Line: line, Msg: err.Error()}
			}
			sval = string(dec)
		} else {
			sval = string(val)
		}
		t.attrs = append(t.attrs, attr{name: name, value: sval})
	}
	return t, nil
}

// tagEnd finds the '>' closing the tag that starts b, skipping quoted values.
func tagEnd(b []byte) int {
	var q byte
	for i := 1; i < len(b); i++ {
		c := b[i]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '>':
			return i
		}
	}
	return -1
}

func splitName(b []byte) (prefix, local string) {
	if i := bytes.IndexByte(b, ':'); i >= 0 {
		return string(b[:i+1]), string(b[i+1:])
	}
	return "", string(b)
}

// appendUnescaped appends s with XML entity and character references decoded.
func appendUnescaped(dst, s []byte) ([]byte, error) {
	for {
		i := bytes.IndexByte(s, '&')
		if i < 0 {
			return append(dst, s...), nil
		}
		dst = append(dst, s[:i]...)
		s = s[i:]
		semi := bytes.IndexByte(s, ';')
		if semi < 0 || semi > 12 {
			return dst, fmt.Errorf("unterminated entity %q", clip(s))
		}
		ent := s[1:semi]
		s = s[semi+1:]
		switch string(ent) {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			if len(ent) > 1 && ent[0] == '#' {
				var n uint64
				var err error
				if ent[1] == 'x' || ent[1] == 'X' {
					n, err = strconv.ParseUint(string(ent[2:]), 16, 32)
				} else {
					n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
				}
				if err == nil && n <= utf8.MaxRune {
					dst = utf8.AppendRune(dst, rune(n))
					continue
				}
			}
			return dst, fmt.Errorf("unknown entity &%s;", clip(ent))
		}
	}
}
