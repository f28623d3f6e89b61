package votable

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// parser builds a Document from the token stream. Metadata goes through the
// small tokenizer; at TABLEDATA/BINARY/BINARY2 the data decoders take over the
// scanner's buffer.
type parser struct {
	x   *xmlScanner
	ctx context.Context
	opt Options
	// truncated is set by the data decoders when MaxRows left rows unread.
	truncated bool
	depth     int   // elements open in the recursive descent (see enter)
	used, max int64 // bytes of the document decoded so far, and the budget
}

// ParseContext reads a whole VOTable document from r in one streaming pass.
// It stops with ctx's error when ctx is cancelled. Malformed input gives a
// *ParseError.
func ParseContext(ctx context.Context, r io.Reader, opt Options) (doc *Document, err error) {
	if ctx == nil {
		ctx = context.Background()
	}
	p := &parser{x: newXMLScanner(r), ctx: ctx, opt: opt, max: maxBytes(opt)}
	for {
		t, err := p.next()
		if err != nil {
			return nil, err
		}
		switch t.kind {
		case tokEOF:
			return nil, &ParseError{Line: t.line, Msg: "no VOTABLE element"}
		case tokEnd:
			return nil, &ParseError{Line: t.line, Msg: fmt.Sprintf("unexpected </%s>", t.name)}
		case tokStart:
			if t.name != "VOTABLE" {
				return nil, &ParseError{Line: t.line, Msg: fmt.Sprintf("root element is <%s>, not <VOTABLE>", t.name)}
			}
			return p.votable(t)
		}
	}
}

// children calls fn for each child element of the element opened by open,
// until its end tag. fn must consume the child entirely.
func (p *parser) children(open *token, fn func(t *token) error) error {
	if open.selfClose {
		return nil
	}
	defer p.leave()
	if err := p.enter(open); err != nil {
		return err
	}
	name, line := open.name, open.line
	for {
		t, err := p.next()
		if err != nil {
			return err
		}
		switch t.kind {
		case tokEOF:
			return &ParseError{Line: t.line, Msg: fmt.Sprintf("unclosed <%s> (opened at line %d)", name, line)}
		case tokEnd:
			if t.name != name {
				return &ParseError{Line: t.line, Msg: fmt.Sprintf("</%s> closes <%s> (opened at line %d)", t.name, name, line)}
			}
			return nil
		case tokStart:
			if err := fn(t); err != nil {
				return err
			}
		}
	}
}

// next reads the next token and charges it to the budget.
func (p *parser) next() (*token, error) {
	t, err := p.x.next()
	if err != nil {
		return nil, err
	}
	if err := p.charge(t); err != nil {
		return nil, err
	}
	return t, nil
}

// skip consumes an element we do not model.
func (p *parser) skip(t *token) error {
	return p.children(t, p.skip)
}

// text returns the text content of an element, ignoring child elements.
func (p *parser) text(open *token) (string, error) {
	if open.selfClose {
		return "", nil
	}
	defer p.leave()
	if err := p.enter(open); err != nil {
		return "", err
	}
	var sb strings.Builder
	name, line := open.name, open.line
	for {
		t, err := p.next()
		if err != nil {
			return "", err
		}
		switch t.kind {
		case tokEOF:
			return "", &ParseError{Line: t.line, Msg: fmt.Sprintf("unclosed <%s> (opened at line %d)", name, line)}
		case tokText:
			sb.Write(t.text)
		case tokEnd:
			if t.name != name {
				return "", &ParseError{Line: t.line, Msg: fmt.Sprintf("</%s> closes <%s> (opened at line %d)", t.name, name, line)}
			}
			return sb.String(), nil
		case tokStart:
			if err := p.skip(t); err != nil {
				return "", err
			}
		}
	}
}

func (p *parser) votable(open *token) (*Document, error) {
	doc := &Document{Version: open.attr("version")}
	err := p.children(open, func(t *token) error {
		var err error
		switch t.name {
		case "DESCRIPTION":
			doc.Description, err = p.text(t)
		case "INFO":
			var in Info
			in, err = p.info(t)
			doc.Infos = append(doc.Infos, in)
		case "PARAM":
			var pa Param
			pa, err = p.param(t)
			doc.Params = append(doc.Params, pa)
		case "RESOURCE":
			var r *Resource
			r, err = p.resource(t)
			if r != nil {
				doc.Resources = append(doc.Resources, r)
			}
		default: // DEFINITIONS, COOSYS, TIMESYS, GROUP at top level
			err = p.skip(t)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return doc, nil
}

func (p *parser) info(open *token) (Info, error) {
	in := Info{ID: open.attr("ID"), Name: open.attr("name"), Value: open.attr("value")}
	s, err := p.text(open)
	in.Content = strings.TrimSpace(s)
	return in, err
}

func (p *parser) link(open *token) (Link, error) {
	l := Link{ID: open.attr("ID"), ContentRole: open.attr("content-role"), ContentType: open.attr("content-type"),
		Title: open.attr("title"), Value: open.attr("value"), Href: open.attr("href"), Action: open.attr("action")}
	return l, p.skip(open)
}

func (p *parser) resource(open *token) (*Resource, error) {
	r := &Resource{ID: open.attr("ID"), Name: open.attr("name"), Type: open.attr("type"), Utype: open.attr("utype")}
	if r.Type == "" {
		r.Type = "results"
	}
	err := p.children(open, func(t *token) error {
		var err error
		switch t.name {
		case "DESCRIPTION":
			r.Description, err = p.text(t)
		case "INFO":
			var in Info
			in, err = p.info(t)
			r.Infos = append(r.Infos, in)
		case "PARAM":
			var pa Param
			pa, err = p.param(t)
			r.Params = append(r.Params, pa)
		case "GROUP":
			var g Group
			g, err = p.group(t)
			r.Groups = append(r.Groups, g)
		case "LINK":
			var l Link
			l, err = p.link(t)
			r.Links = append(r.Links, l)
		case "TABLE":
			var tb *Table
			tb, err = p.table(t, r)
			if tb != nil {
				r.Tables = append(r.Tables, tb)
			}
		case "RESOURCE":
			var sub *Resource
			sub, err = p.resource(t)
			if sub != nil {
				r.Resources = append(r.Resources, sub)
			}
		default:
			err = p.skip(t)
		}
		return err
	})
	return r, err
}

// fieldAttrs reads the attributes shared by FIELD and PARAM.
func fieldAttrs(t *token) Field {
	return Field{ID: t.attr("ID"), Name: t.attr("name"), Datatype: t.attr("datatype"),
		Arraysize: t.attr("arraysize"), Width: t.attr("width"), Precision: t.attr("precision"),
		Unit: t.attr("unit"), UCD: t.attr("ucd"), Utype: t.attr("utype"), Xtype: t.attr("xtype"),
		Ref: t.attr("ref")}
}

// fieldBody reads DESCRIPTION, VALUES and LINK children of a FIELD or PARAM.
func (p *parser) fieldBody(open *token, f *Field) error {
	return p.children(open, func(t *token) error {
		var err error
		switch t.name {
		case "DESCRIPTION":
			var s string
			s, err = p.text(t)
			f.Description = strings.TrimSpace(s)
		case "VALUES":
			f.Null = t.attr("null")
			err = p.values(t, f)
		case "LINK":
			var l Link
			l, err = p.link(t)
			f.Links = append(f.Links, l)
		default:
			err = p.skip(t)
		}
		return err
	})
}

func (p *parser) values(open *token, f *Field) error {
	return p.children(open, func(t *token) error {
		switch t.name {
		case "MIN":
			f.Min = t.attr("value")
		case "MAX":
			f.Max = t.attr("value")
		case "OPTION":
			o, err := p.option(t)
			f.Options = append(f.Options, o)
			return err
		}
		return p.skip(t)
	})
}

func (p *parser) option(open *token) (Option, error) {
	o := Option{Name: open.attr("name"), Value: open.attr("value")}
	err := p.children(open, func(t *token) error {
		if t.name == "OPTION" {
			sub, err := p.option(t)
			o.Options = append(o.Options, sub)
			return err
		}
		return p.skip(t)
	})
	return o, err
}

func (p *parser) field(open *token) (Field, error) {
	f := fieldAttrs(open)
	return f, p.fieldBody(open, &f)
}

func (p *parser) param(open *token) (Param, error) {
	pa := Param{Field: fieldAttrs(open), Value: open.attr("value")}
	return pa, p.fieldBody(open, &pa.Field)
}

func (p *parser) group(open *token) (Group, error) {
	g := Group{ID: open.attr("ID"), Name: open.attr("name"), Ref: open.attr("ref"), UCD: open.attr("ucd"), Utype: open.attr("utype")}
	err := p.children(open, func(t *token) error {
		var err error
		switch t.name {
		case "DESCRIPTION":
			var s string
			s, err = p.text(t)
			g.Description = strings.TrimSpace(s)
		case "PARAM":
			var pa Param
			pa, err = p.param(t)
			g.Params = append(g.Params, pa)
		case "PARAMref":
			g.ParamRefs = append(g.ParamRefs, t.attr("ref"))
			err = p.skip(t)
		case "FIELDref":
			g.FieldRefs = append(g.FieldRefs, t.attr("ref"))
			err = p.skip(t)
		case "GROUP":
			var sub Group
			sub, err = p.group(t)
			g.Groups = append(g.Groups, sub)
		default:
			err = p.skip(t)
		}
		return err
	})
	return g, err
}

func (p *parser) table(open *token, res *Resource) (*Table, error) {
	tb := &Table{ID: open.attr("ID"), Name: open.attr("name"), Ref: open.attr("ref"), Ucd: open.attr("ucd"), Utype: open.attr("utype")}
	sawData := false
	err := p.children(open, func(t *token) error {
		var err error
		switch t.name {
		case "DESCRIPTION":
			var s string
			s, err = p.text(t)
			tb.Description = strings.TrimSpace(s)
		case "INFO":
			var in Info
			in, err = p.info(t)
			if sawData {
				res.Infos = append(res.Infos, in)
			} else {
				tb.Infos = append(tb.Infos, in)
			}
		case "FIELD":
			if len(tb.Fields) == MaxFields {
				return &ParseError{Line: t.line, Msg: fmt.Sprintf(
					"the TABLE declares more than %d FIELDs; esodesk reads at most %d — the answer is malformed or hostile",
					MaxFields, MaxFields)}
			}
			var f Field
			f, err = p.field(t)
			tb.Fields = append(tb.Fields, f)
		case "PARAM":
			var pa Param
			pa, err = p.param(t)
			tb.Params = append(tb.Params, pa)
		case "GROUP":
			var g Group
			g, err = p.group(t)
			tb.Groups = append(tb.Groups, g)
		case "LINK":
			var l Link
			l, err = p.link(t)
			tb.Links = append(tb.Links, l)
		case "DATA":
			sawData = true
			err = p.data(t, tb, res)
		default:
			err = p.skip(t)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if tb.Columns == nil {
		// A TABLE without DATA still gets (empty) columns.
		cols, err := makeColumns(tb.Fields, open.line)
		if err != nil {
			return nil, err
		}
		tb.Columns = columnsOf(cols)
	}
	return tb, nil
}

func makeColumns(fields []Field, line int) ([]colBuilder, error) {
	cols := make([]colBuilder, len(fields))
	for i := range fields {
		c, err := newColumn(&fields[i])
		if err != nil {
			return nil, &ParseError{Line: line, Column: i + 1, Field: fields[i].Name, Msg: err.Error()}
		}
		cols[i] = c
	}
	return cols, nil
}

func columnsOf(cols []colBuilder) []Column {
	out := make([]Column, len(cols))
	for i, c := range cols {
		out[i] = c
	}
	return out
}

// data reads a DATA element into tb's columns.
func (p *parser) data(open *token, tb *Table, res *Resource) error {
	cols, err := makeColumns(tb.Fields, open.line)
	if err != nil {
		return err
	}
	tb.Columns = columnsOf(cols)
	done := false
	return p.children(open, func(t *token) error {
		switch t.name {
		case "TABLEDATA", "BINARY", "BINARY2", "FITS":
			if done {
				return &ParseError{Line: t.line, Msg: "DATA holds more than one serialization"}
			}
			done = true
			var err error
			switch t.name {
			case "TABLEDATA":
				if t.selfClose {
					return nil
				}
				err = p.tabledata(t, tb.Fields, cols)
			case "BINARY", "BINARY2":
				err = p.binary(t, tb.Fields, cols, t.name == "BINARY2")
			default:
				return &ParseError{Line: t.line, Msg: "FITS serialization is not supported; ask the service for TABLEDATA or BINARY2"}
			}
			if err != nil {
				return err
			}
			tb.Columns = columnsOf(cols)
			tb.Truncated, p.truncated = p.truncated, false
			return nil
		case "INFO":
			in, err := p.info(t)
			res.Infos = append(res.Infos, in)
			return err
		}
		return p.skip(t)
	})
}
