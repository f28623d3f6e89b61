package vohttp

import (
	"bytes"
	"encoding/xml"
	"html"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxMessage is how many characters of a server's message an *Error keeps.
const MaxMessage = 800

// maxHTMLMessage is the shorter limit for text taken from HTML pages.
const maxHTMLMessage = 300

// maxErrorBody is how much of an error response body is read to find the
// message; error pages are small, and a huge one must not stall us.
const maxErrorBody = 256 << 10

// ServerMessage extracts the human-readable message from an error document:
// a VOTable's QUERY_STATUS=ERROR INFO, a UWS errorSummary message, an HTML
// page reduced to its text, or plain text. The result is whitespace-collapsed
// and truncated to MaxMessage characters.
func ServerMessage(contentType string, body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return ""
	}
	ct := strings.ToLower(contentType)
	looksHTML := strings.Contains(ct, "html") || hasPrefixFold(body, "<!doctype html") || hasPrefixFold(body, "<html")
	if !looksHTML && body[0] == '<' {
		if msg, ok := xmlMessage(body); ok {
			return Truncate(msg, MaxMessage)
		}
	}
	if looksHTML || body[0] == '<' {
		// Web error pages carry menus and footers: their start says enough.
		return Truncate(htmlText(body), maxHTMLMessage)
	}
	return Truncate(collapse(string(body)), MaxMessage)
}

// readMessage reads (a bounded part of) an error body and extracts its message.
func readMessage(contentType string, r io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(r, maxErrorBody))
	return ServerMessage(contentType, b)
}

// xmlMessage looks for the message in a VOTable or UWS document. ok is false
// when the document holds none of the known message elements.
func xmlMessage(body []byte) (msg string, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	var (
		statusMsg, anyInfo, uwsMsg string
		inStatus, inInfo, inUWSMsg bool
		buf                        strings.Builder
	)
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "INFO":
				name, value := attr(t, "name"), attr(t, "value")
				if strings.EqualFold(name, "QUERY_STATUS") && strings.EqualFold(value, "ERROR") {
					inStatus = true
				} else {
					inInfo = true
				}
				buf.Reset()
			case "message":
				inUWSMsg = true
				buf.Reset()
			}
		case xml.CharData:
			if inStatus || inInfo || inUWSMsg {
				buf.Write(t)
			}
		case xml.EndElement:
			switch {
			case t.Name.Local == "INFO" && inStatus:
				if statusMsg == "" {
					statusMsg = collapse(buf.String())
				}
				inStatus = false
			case t.Name.Local == "INFO" && inInfo:
				if anyInfo == "" {
					anyInfo = collapse(buf.String())
				}
				inInfo = false
			case t.Name.Local == "message" && inUWSMsg:
				if uwsMsg == "" {
					uwsMsg = collapse(buf.String())
				}
				inUWSMsg = false
			}
		}
	}
	switch {
	case statusMsg != "" && !strings.EqualFold(statusMsg, "ERROR"):
		return statusMsg, true
	case uwsMsg != "":
		return uwsMsg, true
	case statusMsg != "":
		return statusMsg, true
	case anyInfo != "":
		return anyInfo, true
	}
	return "", false
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// htmlText reduces an HTML page to its visible text: tags dropped, script and
// style skipped, entities decoded, whitespace collapsed. Where the page has a
// body, the head (title included) is left out unless the body is empty.
func htmlText(body []byte) string {
	s := string(body)
	var out, title strings.Builder
	skip := "" // closing tag we are skipping to (script, style)
	inTitle := false
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			if skip == "" {
				out.WriteString(s)
			}
			break
		}
		text := s[:i]
		if skip == "" {
			if inTitle {
				title.WriteString(text)
			} else {
				out.WriteString(text)
			}
		}
		s = s[i:]
		j := strings.IndexByte(s, '>')
		if j < 0 {
			break
		}
		tag := strings.ToLower(strings.TrimSpace(strings.Trim(s[1:j], "/")))
		name := tag
		if k := strings.IndexAny(name, " \t\r\n"); k >= 0 {
			name = name[:k]
		}
		closing := strings.HasPrefix(s, "</")
		s = s[j+1:]
		switch {
		case skip != "":
			if closing && name == skip {
				skip = ""
			}
			continue
		case !closing && (name == "script" || name == "style"):
			skip = name
			continue
		case name == "title":
			inTitle = !closing
			continue
		case name == "head" && closing:
			// drop anything in head except the title, kept as a fallback
			out.Reset()
		}
		// Tags separate words: <td>a</td><td>b</td> must not read "ab".
		out.WriteByte(' ')
	}
	text := collapse(html.UnescapeString(out.String()))
	if text == "" {
		text = collapse(html.UnescapeString(title.String()))
	}
	return text
}

// collapse trims s and turns every run of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// Truncate shortens s to at most n characters, ending with "…" when cut.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}
