// Package samp is esodesk's SAMP (Simple Application Messaging Protocol,
// IVOA SAMP 1.3) layer over the Standard Profile: XML-RPC, hub discovery,
// a client with a callback server, message helpers and a loopback file
// server. It uses the standard library only and never imports Fyne.
package samp

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"esodesk/internal/xmlguard"
)

// SAMP values are strings, lists ([]any) and maps (map[string]any). Integers
// and booleans travel as strings ("1", "0"); see SAMP 1.3 section 3.3.

// MaxRequestBytes caps one XML-RPC request or response.
const MaxRequestBytes = 16 << 20

// maxDepth caps the nesting of XML elements in one XML-RPC document.
const maxDepth = 64

// Fault is an XML-RPC fault: the peer's error.
type Fault struct {
	Code    int
	Message string
}

func (f *Fault) Error() string { return fmt.Sprintf("XML-RPC fault %d: %s", f.Code, f.Message) }

// encodeValue writes v as an XML-RPC <value>.
func encodeValue(b *bytes.Buffer, v any) error {
	if x, ok := v.(map[string]string); ok {
		m := make(map[string]any, len(x))
		for k, s := range x {
			m[k] = s
		}
		v = m
	}
	b.WriteString("<value>")
	switch x := v.(type) {
	case string:
		b.WriteString("<string>")
		if err := xml.EscapeText(b, []byte(x)); err != nil {
			return err
		}
		b.WriteString("</string>")
	case int:
		b.WriteString("<string>" + strconv.Itoa(x) + "</string>")
	case bool:
		s := "0"
		if x {
			s = "1"
		}
		b.WriteString("<string>" + s + "</string>")
	case []any:
		b.WriteString("<array><data>")
		for _, e := range x {
			if err := encodeValue(b, e); err != nil {
				return err
			}
		}
		b.WriteString("</data></array>")
	case []string:
		b.WriteString("<array><data>")
		for _, e := range x {
			if err := encodeValue(b, e); err != nil {
				return err
			}
		}
		b.WriteString("</data></array>")
	case map[string]any:
		b.WriteString("<struct>")
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.WriteString("<member><name>")
			xml.EscapeText(b, []byte(k))
			b.WriteString("</name>")
			if err := encodeValue(b, x[k]); err != nil {
				return err
			}
			b.WriteString("</member>")
		}
		b.WriteString("</struct>")
	case nil:
		b.WriteString("<string></string>")
	default:
		return fmt.Errorf("samp: cannot send a %T as a SAMP value (strings, lists and maps only)", v)
	}
	b.WriteString("</value>")
	return nil
}

// EncodeCall returns the XML-RPC methodCall document.
func EncodeCall(method string, params ...any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?>` + "\n<methodCall><methodName>")
	xml.EscapeText(&b, []byte(method))
	b.WriteString("</methodName><params>")
	for _, p := range params {
		b.WriteString("<param>")
		if err := encodeValue(&b, p); err != nil {
			return nil, err
		}
		b.WriteString("</param>")
	}
	b.WriteString("</params></methodCall>\n")
	return b.Bytes(), nil
}

// EncodeResponse returns a methodResponse with one value.
func EncodeResponse(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?>` + "\n<methodResponse><params><param>")
	if err := encodeValue(&b, v); err != nil {
		return nil, err
	}
	b.WriteString("</param></params></methodResponse>\n")
	return b.Bytes(), nil
}

// EncodeFault returns a methodResponse carrying a fault.
func EncodeFault(code int, msg string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0"?>` + "\n<methodResponse><fault>")
	encodeValue(&b, map[string]any{"faultCode": code, "faultString": msg})
	// faultCode is an <int> in XML-RPC.
	out := strings.Replace(b.String(), "<name>faultCode</name><value><string>"+strconv.Itoa(code)+"</string>",
		"<name>faultCode</name><value><int>"+strconv.Itoa(code)+"</int>", 1)
	return []byte(out + "</fault></methodResponse>\n")
}

// decoder walks the tokens of one document.
type decoder struct{ d *xml.Decoder }

func newDecoder(r io.Reader, what string) *decoder {
	d := xmlguard.NewDecoder(r, xmlguard.Limits{What: what, MaxBytes: MaxRequestBytes, MaxDepth: maxDepth})
	return &decoder{d}
}

// next returns the next start or end element, skipping whitespace,
// comments and processing instructions; chardata that is not blank is an
// error unless text is non-nil, where it is appended.
func (d *decoder) next(text *strings.Builder) (xml.Token, error) {
	for {
		t, err := d.d.Token()
		if err != nil {
			if err == io.EOF {
				return nil, errors.New("samp: XML-RPC document ends early")
			}
			return nil, err
		}
		switch x := t.(type) {
		case xml.StartElement, xml.EndElement:
			return x, nil
		case xml.CharData:
			if text != nil {
				text.Write(x)
			} else if len(bytes.TrimSpace(x)) > 0 {
				return nil, fmt.Errorf("samp: unexpected text %q in XML-RPC document", truncate(string(x)))
			}
		}
	}
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func (d *decoder) expectStart(name string) error {
	t, err := d.next(nil)
	if err != nil {
		return err
	}
	if s, ok := t.(xml.StartElement); !ok || s.Name.Local != name {
		return fmt.Errorf("samp: XML-RPC: expected <%s>, got %s", name, tokName(t))
	}
	return nil
}

func (d *decoder) expectEnd(name string) error {
	t, err := d.next(nil)
	if err != nil {
		return err
	}
	if e, ok := t.(xml.EndElement); !ok || e.Name.Local != name {
		return fmt.Errorf("samp: XML-RPC: expected </%s>, got %s", name, tokName(t))
	}
	return nil
}

func tokName(t xml.Token) string {
	switch x := t.(type) {
	case xml.StartElement:
		return "<" + x.Name.Local + ">"
	case xml.EndElement:
		return "</" + x.Name.Local + ">"
	}
	return fmt.Sprintf("%T", t)
}

// text reads character data up to the end of element name.
func (d *decoder) text(name string) (string, error) {
	var sb strings.Builder
	t, err := d.next(&sb)
	if err != nil {
		return "", err
	}
	if e, ok := t.(xml.EndElement); !ok || e.Name.Local != name {
		return "", fmt.Errorf("samp: XML-RPC: expected text in <%s>, got %s", name, tokName(t))
	}
	return sb.String(), nil
}

// value reads the inside of a <value> (its start already read) and its end.
func (d *decoder) value() (any, error) {
	var sb strings.Builder
	t, err := d.next(&sb)
	if err != nil {
		return nil, err
	}
	if e, ok := t.(xml.EndElement); ok && e.Name.Local == "value" {
		return sb.String(), nil // no type element: a string
	}
	s, ok := t.(xml.StartElement)
	if !ok {
		return nil, fmt.Errorf("samp: XML-RPC: bad value, got %s", tokName(t))
	}
	var v any
	switch s.Name.Local {
	case "string", "int", "i4", "i8", "boolean", "double", "dateTime.iso8601", "base64":
		// SAMP sends everything as strings; others are read as their text.
		txt, err := d.text(s.Name.Local)
		if err != nil {
			return nil, err
		}
		v = txt
	case "array":
		if err := d.expectStart("data"); err != nil {
			return nil, err
		}
		list := []any{}
		for {
			t, err := d.next(nil)
			if err != nil {
				return nil, err
			}
			if e, ok := t.(xml.EndElement); ok && e.Name.Local == "data" {
				break
			}
			if st, ok := t.(xml.StartElement); !ok || st.Name.Local != "value" {
				return nil, fmt.Errorf("samp: XML-RPC: expected <value> in <data>, got %s", tokName(t))
			}
			e, err := d.value()
			if err != nil {
				return nil, err
			}
			list = append(list, e)
		}
		if err := d.expectEnd("array"); err != nil {
			return nil, err
		}
		v = list
	case "struct":
		m := map[string]any{}
		for {
			t, err := d.next(nil)
			if err != nil {
				return nil, err
			}
			if e, ok := t.(xml.EndElement); ok && e.Name.Local == "struct" {
				break
			}
			if st, ok := t.(xml.StartElement); !ok || st.Name.Local != "member" {
				return nil, fmt.Errorf("samp: XML-RPC: expected <member> in <struct>, got %s", tokName(t))
			}
			if err := d.expectStart("name"); err != nil {
				return nil, err
			}
			name, err := d.text("name")
			if err != nil {
				return nil, err
			}
			if err := d.expectStart("value"); err != nil {
				return nil, err
			}
			e, err := d.value()
			if err != nil {
				return nil, err
			}
			m[name] = e
			if err := d.expectEnd("member"); err != nil {
				return nil, err
			}
		}
		v = m
	default:
		return nil, fmt.Errorf("samp: XML-RPC: unknown value type <%s>", s.Name.Local)
	}
	if err := d.expectEnd("value"); err != nil {
		return nil, err
	}
	return v, nil
}

// params reads <params> (start already read) up to its end.
func (d *decoder) params() ([]any, error) {
	var out []any
	for {
		t, err := d.next(nil)
		if err != nil {
			return nil, err
		}
		if e, ok := t.(xml.EndElement); ok && e.Name.Local == "params" {
			return out, nil
		}
		if s, ok := t.(xml.StartElement); !ok || s.Name.Local != "param" {
			return nil, fmt.Errorf("samp: XML-RPC: expected <param>, got %s", tokName(t))
		}
		if err := d.expectStart("value"); err != nil {
			return nil, err
		}
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		if err := d.expectEnd("param"); err != nil {
			return nil, err
		}
	}
}

// DecodeCall reads a methodCall document.
func DecodeCall(r io.Reader) (method string, params []any, err error) {
	d := newDecoder(r, "XML-RPC call")
	if err := d.expectStart("methodCall"); err != nil {
		return "", nil, err
	}
	if err := d.expectStart("methodName"); err != nil {
		return "", nil, err
	}
	if method, err = d.text("methodName"); err != nil {
		return "", nil, err
	}
	method = strings.TrimSpace(method)
	t, err := d.next(nil)
	if err != nil {
		return "", nil, err
	}
	switch x := t.(type) {
	case xml.EndElement:
		if x.Name.Local == "methodCall" {
			return method, nil, nil
		}
	case xml.StartElement:
		if x.Name.Local == "params" {
			params, err = d.params()
			if err != nil {
				return "", nil, err
			}
			return method, params, d.expectEnd("methodCall")
		}
	}
	return "", nil, fmt.Errorf("samp: XML-RPC: unexpected %s in methodCall", tokName(t))
}

// DecodeResponse reads a methodResponse: its value, or a *Fault error.
func DecodeResponse(r io.Reader) (any, error) {
	d := newDecoder(r, "XML-RPC response")
	if err := d.expectStart("methodResponse"); err != nil {
		return nil, err
	}
	t, err := d.next(nil)
	if err != nil {
		return nil, err
	}
	s, ok := t.(xml.StartElement)
	if !ok {
		return nil, fmt.Errorf("samp: XML-RPC: unexpected %s in methodResponse", tokName(t))
	}
	switch s.Name.Local {
	case "params":
		ps, err := d.params()
		if err != nil {
			return nil, err
		}
		if len(ps) == 0 {
			return "", nil
		}
		return ps[0], nil
	case "fault":
		if err := d.expectStart("value"); err != nil {
			return nil, err
		}
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		m, _ := v.(map[string]any)
		f := &Fault{}
		if m != nil {
			f.Message, _ = m["faultString"].(string)
			if c, ok := m["faultCode"].(string); ok {
				f.Code, _ = strconv.Atoi(strings.TrimSpace(c))
			}
		}
		return nil, f
	}
	return nil, fmt.Errorf("samp: XML-RPC: unexpected <%s> in methodResponse", s.Name.Local)
}
