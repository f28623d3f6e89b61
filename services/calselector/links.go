package calselector

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"esodesk/services/dal"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

// Link is one row of the DataLink-shaped VOTable answer.
type Link struct {
	ID            string // ivo://eso.org/ID?<dp_id> of the frame asked about
	AccessURL     string
	ServiceDef    string
	ErrorMessage  string
	Semantics     string
	Description   string
	ContentType   string
	ContentLength int64  // bytes; -1 when unknown
	Category      string // eso_category, e.g. MASTER_BIAS, ASSOCIATION_TREE
	DataLink      string // eso_datalink: the file's own DataLink URL
}

// Flags are the key="value" pairs ESO writes into the #this row's
// description: category="SCI" certified="true" complete="false"
// mode="Raw2Master" type="main" messages="...".
type Flags struct {
	Category  string
	Type      string
	Mode      string // executed mode: may be Raw2Raw although Raw2Master was asked
	Certified *bool  // nil: not stated
	Complete  *bool
	Messages  string
	Extra     map[string]string // any other pairs, kept for display
}

// Links is the VOTable answer for one raw frame.
type Links struct {
	DPID         string
	This         *Link // the frame itself
	Flags        Flags // parsed from This.Description
	Calibrations []Link
	Siblings     []Link // other science frames processed together with this one
	Tree         *Link  // the ASSOCIATION_TREE row (the XML cascade)
	Errors       []Link // rows carrying an error_message
	Other        []Link
}

const ivoIDPrefix = "ivo://eso.org/ID?"

// ParseVOTable reads a responseformat=votable answer. Rows are grouped by
// their ID column (one group per frame asked about), in order of first
// appearance. Errors are *vohttp.Error: a DALI QUERY_STATUS=ERROR is of
// KindService and carries the service's text.
func ParseVOTable(r io.Reader) ([]*Links, error) {
	return parseVOTable(context.Background(), "", r)
}

// parseVOTable is ParseVOTable naming src (the request, redacted) in errors.
func parseVOTable(ctx context.Context, src string, r io.Reader) ([]*Links, error) {
	res, err := dal.Read(ctx, op, src, r, dal.Options{})
	if err != nil {
		return nil, err
	}
	groups, err := group(res.Table)
	if err != nil {
		return nil, &vohttp.Error{Op: op, URL: src, Kind: vohttp.KindProtocol, Message: err.Error(), Err: err}
	}
	return groups, nil
}

// group sorts the rows of the answer's table by the frame they answer for.
func group(t *votable.Table) ([]*Links, error) {
	col := func(name string) func(row int) string {
		i := t.FieldIndex(name)
		return func(row int) string {
			if i < 0 || t.Columns[i].IsNull(row) {
				return ""
			}
			return strings.TrimSpace(t.Columns[i].String(row))
		}
	}
	id, access, sdef, emsg := col("ID"), col("access_url"), col("service_def"), col("error_message")
	sem, desc, ctype, clen := col("semantics"), col("description"), col("content_type"), col("content_length")
	cat, dl := col("eso_category"), col("eso_datalink")
	if t.FieldIndex("ID") < 0 || t.FieldIndex("semantics") < 0 {
		return nil, fmt.Errorf("CalSelector VOTable lacks the DataLink columns ID and semantics")
	}

	var out []*Links
	byID := map[string]*Links{}
	for row := 0; row < t.NumRows(); row++ {
		l := Link{
			ID: id(row), AccessURL: access(row), ServiceDef: sdef(row), ErrorMessage: emsg(row),
			Semantics: sem(row), Description: desc(row), ContentType: ctype(row),
			ContentLength: -1, Category: cat(row), DataLink: dl(row),
		}
		if n, err := strconv.ParseInt(clen(row), 10, 64); err == nil {
			l.ContentLength = n
		}
		g := byID[l.ID]
		if g == nil {
			g = &Links{DPID: dpIDFromIVOID(l.ID)}
			byID[l.ID] = g
			out = append(out, g)
		}
		g.add(l)
	}
	return out, nil
}

// add sorts one row into its place.
func (g *Links) add(l Link) {
	sem := strings.ToLower(l.Semantics)
	switch {
	case l.ErrorMessage != "":
		g.Errors = append(g.Errors, l)
	case strings.EqualFold(l.Category, "ASSOCIATION_TREE") || strings.Contains(sem, "#calselector_raw2"):
		if g.Tree == nil {
			g.Tree = &l
		} else {
			g.Other = append(g.Other, l)
		}
	case sem == "#this" && g.This == nil:
		g.This = &l
		g.Flags = ParseFlags(l.Description)
	case sem == "#this" || strings.Contains(sem, "sibling"):
		// Further #this rows are the other science frames of the set.
		g.Siblings = append(g.Siblings, l)
	case isCalibration(sem):
		g.Calibrations = append(g.Calibrations, l)
	default:
		g.Other = append(g.Other, l)
	}
}

// isCalibration matches the IVOA term #calibration and its narrower terms.
func isCalibration(sem string) bool {
	switch sem {
	case "#calibration", "#bias", "#dark", "#flat":
		return true
	}
	return false
}

func dpIDFromIVOID(id string) string {
	if strings.HasPrefix(id, ivoIDPrefix) {
		return id[len(ivoIDPrefix):]
	}
	if i := strings.LastIndexByte(id, '?'); i >= 0 {
		return id[i+1:]
	}
	return id
}

// ParseFlags reads the key="value" pairs of a #this description. Values may
// be double- or single-quoted (with spaces inside, and backslash-escaped
// quotes) or bare words; keys are matched case-insensitively. Text that is
// not a pair is skipped.
func ParseFlags(desc string) Flags {
	var f Flags
	for _, kv := range splitPairs(desc) {
		switch strings.ToLower(kv[0]) {
		case "category":
			f.Category = kv[1]
		case "type":
			f.Type = kv[1]
		case "mode":
			f.Mode = kv[1]
		case "certified":
			f.Certified = parseBool(kv[1])
		case "complete":
			f.Complete = parseBool(kv[1])
		case "messages", "message":
			f.Messages = strings.TrimSpace(kv[1])
		default:
			if f.Extra == nil {
				f.Extra = map[string]string{}
			}
			f.Extra[kv[0]] = kv[1]
		}
	}
	return f
}

// splitPairs scans `k1="v 1" k2='v2' k3=v3` into pairs.
func splitPairs(s string) [][2]string {
	var pairs [][2]string
	i := 0
	for i < len(s) {
		// key: a run of characters up to '=' with no space or quote inside
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		start := i
		for i < len(s) && s[i] != '=' && !isSpace(s[i]) && s[i] != '"' && s[i] != '\'' {
			i++
		}
		key := s[start:i]
		if i >= len(s) || s[i] != '=' || key == "" {
			// not a pair: skip this word (and any quoted text it starts)
			i = skipWord(s, i)
			continue
		}
		i++ // '='
		var val string
		val, i = readValue(s, i)
		pairs = append(pairs, [2]string{key, val})
	}
	return pairs
}

func readValue(s string, i int) (string, int) {
	if i < len(s) && (s[i] == '"' || s[i] == '\'') {
		q := s[i]
		i++
		var b strings.Builder
		for i < len(s) {
			c := s[i]
			if c == '\\' && i+1 < len(s) && (s[i+1] == q || s[i+1] == '\\') {
				b.WriteByte(s[i+1])
				i += 2
				continue
			}
			if c == q {
				return b.String(), i + 1
			}
			b.WriteByte(c)
			i++
		}
		return b.String(), i // unterminated: take the rest
	}
	start := i
	for i < len(s) && !isSpace(s[i]) {
		i++
	}
	return s[start:i], i
}

func skipWord(s string, i int) int {
	if i < len(s) && (s[i] == '"' || s[i] == '\'') {
		_, i = readValue(s, i)
		return i
	}
	if i == len(s) {
		return i
	}
	for i < len(s) && !isSpace(s[i]) {
		i++
	}
	if i < len(s) {
		return i
	}
	return len(s)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
