package tap

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"esodesk/internal/xmlguard"
)

// Example is one DALI example query.
type Example struct {
	ID          string // the element's id (or resource fragment)
	Name        string
	Query       string // ADQL, with its line breaks
	Description string // the example's remaining text
	// Capability is set when the example is meant for another endpoint
	// (a standardID); Params then holds its generic parameters.
	Capability string
	Params     map[string]string
	Tables     []string // property="table" mentions, if any
}

// Examples fetches and reads /examples. A service without examples answers
// HTTP 404, which comes back as the usual *vohttp.Error.
func (s *Service) Examples(ctx context.Context) ([]Example, error) {
	const op = "read example queries"
	u := s.endpoint("examples")
	body, err := s.fetchSmall(ctx, op, u)
	if err != nil {
		return nil, err
	}
	return ParseExamples(bytes.NewReader(body))
}

// maxCaptures is how many properties may collect text at once.
const maxCaptures = 8

// captured is text being collected for one RDFa property.
type captured struct {
	property string
	depth    int // element depth where the property started
	buf      strings.Builder
}

// ParseExamples reads a DALI examples document (XHTML with RDFa): every
// element with typeof="example" is an example; property="name" and
// property="query" inside it give its name and query. It is tolerant of
// HTML that is not well-formed XML.
func ParseExamples(r io.Reader) ([]Example, error) {
	// An examples page is some tens of kB. Lenient HTML may leave elements
	// open (a <p> is closed only by its parent's end), hence more depth.
	limits := xmlguard.Limits{What: "examples page", MaxBytes: 16_000_000, MaxDepth: 256}
	d := xml.NewDecoder(xmlguard.Reader(r, limits))
	d.Strict = false
	d.AutoClose = xml.HTMLAutoClose
	d.Entity = xml.HTMLEntity
	g := xmlguard.Guard(d, limits)

	var (
		out      []Example
		cur      *Example
		exDepth  int
		depth    int
		caps     []*captured
		desc     strings.Builder
		key, val string // current generic-parameter
	)
	for {
		tok, err := g.Token()
		if errors.Is(err, xmlguard.ErrLimit) {
			return nil, err
		}
		if err != nil {
			break // EOF, or HTML beyond repair: keep what we have
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if cur == nil {
				if hasToken(attr(t, "typeof"), "example") {
					cur = &Example{ID: attr(t, "id")}
					if cur.ID == "" {
						cur.ID = strings.TrimPrefix(attr(t, "resource"), "#")
					}
					exDepth = depth
					desc.Reset()
				}
				continue
			}
			if hasToken(attr(t, "property"), "generic-parameter") {
				key, val = "", ""
			}
			for _, p := range strings.Fields(attr(t, "property")) {
				p = localToken(p)
				switch p {
				case "name", "query", "capability", "key", "value", "table", "generic-parameter":
				default:
					continue
				}
				if c, ok := attrOK(t, "content"); ok && p != "generic-parameter" {
					setProperty(cur, p, c, &key, &val)
					continue
				}
				if p == "capability" && attr(t, "href") != "" {
					setProperty(cur, p, attr(t, "href"), &key, &val)
					continue
				}
				// Text goes to every open capture: a few at most (a key and a
				// value in a generic-parameter); more would only let a
				// hostile page cost time and memory by the square.
				if p != "generic-parameter" && len(caps) < maxCaptures {
					caps = append(caps, &captured{property: p, depth: depth})
				}
			}
		case xml.CharData:
			if cur == nil {
				continue
			}
			for _, c := range caps {
				c.buf.Write(t)
			}
			if len(caps) == 0 {
				desc.Write(t)
			}
		case xml.EndElement:
			if cur != nil {
				for len(caps) > 0 && caps[len(caps)-1].depth == depth {
					c := caps[len(caps)-1]
					caps = caps[:len(caps)-1]
					setProperty(cur, c.property, c.buf.String(), &key, &val)
					if c.property == "value" && key != "" {
						if cur.Params == nil {
							cur.Params = map[string]string{}
						}
						cur.Params[key] = val
						key, val = "", ""
					}
				}
				if depth == exDepth {
					cur.Description = strings.Join(strings.Fields(desc.String()), " ")
					if cur.Query != "" || cur.Name != "" {
						out = append(out, *cur)
					}
					cur, caps = nil, nil
				}
			}
			depth--
		}
	}
	return out, nil
}

func setProperty(ex *Example, property, text string, key, val *string) {
	switch property {
	case "name":
		ex.Name = strings.Join(strings.Fields(text), " ")
	case "query":
		ex.Query = dedent(text)
	case "capability":
		ex.Capability = strings.TrimSpace(text)
	case "table":
		ex.Tables = append(ex.Tables, strings.TrimSpace(text))
	case "key":
		*key = strings.TrimSpace(text)
	case "value":
		*val = strings.TrimSpace(text)
	}
}

// dedent trims blank lines around a query and the indentation its lines share,
// so a query from an indented <pre> reads as written.
func dedent(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	prefix := ""
	first := true
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		ind := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if first {
			prefix, first = ind, false
			continue
		}
		for !strings.HasPrefix(ind, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	for i, l := range lines {
		lines[i] = strings.TrimRight(strings.TrimPrefix(l, prefix), " \t")
	}
	return strings.Join(lines, "\n")
}

// localToken strips a vocabulary prefix ("dali:query", "...examples#query").
func localToken(p string) string {
	if i := strings.LastIndexAny(p, "#:"); i >= 0 {
		return p[i+1:]
	}
	return p
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if f == tok || strings.HasSuffix(f, "#"+tok) || strings.HasSuffix(f, ":"+tok) {
			return true
		}
	}
	return false
}

func attr(t xml.StartElement, local string) string {
	v, _ := attrOK(t, local)
	return v
}

func attrOK(t xml.StartElement, local string) (string, bool) {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}
