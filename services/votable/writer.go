package votable

import (
	"bufio"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// cellWriter is implemented by the package's column types: how one cell is
// written in TABLEDATA (escaped TD content) and in BINARY.
type cellWriter interface {
	appendTD(dst []byte, i int) []byte
	appendBin(dst []byte, i int) []byte
}

// WriteVOTable writes rows and cols of t (indices, in that order; nil means
// all) as a VOTable 1.4 document with one results RESOURCE. serialization is
// "TABLEDATA" or "BINARY2". FIELD metadata, table PARAMs and GROUPs are kept.
func WriteVOTable(w io.Writer, t *Table, rows []int, cols []int, serialization string) error {
	return WriteDocument(w, t, rows, cols, serialization, Status{})
}

// WriteDocument is WriteVOTable with a DALI QUERY_STATUS INFO in the results
// resource when st.Value is set (before the table for OK and ERROR, after it
// for OVERFLOW, as services do).
func WriteDocument(w io.Writer, t *Table, rows []int, cols []int, serialization string, st Status) error {
	ser := strings.ToUpper(serialization)
	if ser != "TABLEDATA" && ser != "BINARY2" {
		return fmt.Errorf("votable: cannot write serialization %q (TABLEDATA or BINARY2)", serialization)
	}
	if t == nil {
		return fmt.Errorf("votable: no table to write")
	}
	rows, cols, err := selection(t, rows, cols)
	if err != nil {
		return err
	}
	cws := make([]cellWriter, len(cols))
	for k, c := range cols {
		cw, ok := t.Columns[c].(cellWriter)
		if !ok {
			if ser == "BINARY2" {
				return fmt.Errorf("votable: column %q cannot be written in BINARY2", t.Fields[c].Name)
			}
			cw = stringCellWriter{t.Columns[c]}
		}
		cws[k] = cw
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">` + "\n" + `<RESOURCE type="results">` + "\n")
	statusInfo := func() {
		if st.Value == "" {
			return
		}
		fmt.Fprintf(bw, `<INFO name="QUERY_STATUS" value="%s">%s</INFO>`+"\n", escAttr(st.Value), escText(st.Message))
	}
	if st.Value != "OVERFLOW" {
		statusInfo()
	}
	bw.WriteString("<TABLE")
	writeAttrs(bw, "ID", t.ID, "name", t.Name, "ucd", t.Ucd, "utype", t.Utype)
	bw.WriteString(">\n")
	if t.Description != "" {
		fmt.Fprintf(bw, "<DESCRIPTION>%s</DESCRIPTION>\n", escText(t.Description))
	}
	for _, p := range t.Params {
		writeField(bw, "PARAM", &p.Field, p.Value, true)
	}
	for _, c := range cols {
		writeField(bw, "FIELD", &t.Fields[c], "", false)
	}
	for _, g := range t.Groups {
		writeGroup(bw, &g)
	}
	bw.WriteString("<DATA>\n")
	if ser == "TABLEDATA" {
		writeTabledata(bw, cws, rows)
	} else {
		if err := writeBinary2(bw, cws, t, rows, cols); err != nil {
			return err
		}
	}
	bw.WriteString("</DATA>\n</TABLE>\n")
	if st.Value == "OVERFLOW" {
		statusInfo()
	}
	bw.WriteString("</RESOURCE>\n</VOTABLE>\n")
	return bw.Flush()
}

func selection(t *Table, rows, cols []int) ([]int, []int, error) {
	n := t.NumRows()
	if rows == nil {
		rows = make([]int, n)
		for i := range rows {
			rows[i] = i
		}
	}
	if cols == nil {
		cols = make([]int, len(t.Fields))
		for i := range cols {
			cols[i] = i
		}
	}
	for _, r := range rows {
		if r < 0 || r >= n {
			return nil, nil, fmt.Errorf("votable: row %d out of range (%d rows)", r, n)
		}
	}
	for _, c := range cols {
		if c < 0 || c >= len(t.Fields) || c >= len(t.Columns) {
			return nil, nil, fmt.Errorf("votable: column %d out of range", c)
		}
	}
	return rows, cols, nil
}

func writeTabledata(bw *bufio.Writer, cws []cellWriter, rows []int) {
	bw.WriteString("<TABLEDATA>\n")
	var line []byte
	for _, r := range rows {
		line = append(line[:0], "<TR>"...)
		for _, cw := range cws {
			line = append(line, "<TD>"...)
			line = cw.appendTD(line, r)
			line = append(line, "</TD>"...)
		}
		line = append(line, "</TR>\n"...)
		bw.Write(line)
	}
	bw.WriteString("</TABLEDATA>\n")
}

func writeBinary2(bw *bufio.Writer, cws []cellWriter, t *Table, rows, cols []int) error {
	bw.WriteString("<BINARY2>\n<STREAM encoding=\"base64\">\n")
	enc := &lineBase64{w: bw}
	nflag := (len(cols) + 7) / 8
	var rec []byte
	for _, r := range rows {
		rec = rec[:0]
		for k := 0; k < nflag; k++ {
			rec = append(rec, 0)
		}
		for k, cw := range cws {
			if t.Columns[cols[k]].IsNull(r) {
				rec[k>>3] |= 0x80 >> uint(k&7)
			}
			rec = cw.appendBin(rec, r)
		}
		enc.write(rec)
	}
	enc.close()
	bw.WriteString("</STREAM>\n</BINARY2>\n")
	return nil
}

// lineBase64 writes base64 in lines of 76 characters.
type lineBase64 struct {
	w    *bufio.Writer
	pend []byte
	out  []byte
}

func (l *lineBase64) write(b []byte) {
	l.pend = append(l.pend, b...)
	n := len(l.pend) / 57 * 57
	if n == 0 {
		return
	}
	l.flushN(n)
}

func (l *lineBase64) flushN(n int) {
	l.out = l.out[:0]
	for k := 0; k < n; k += 57 {
		e := min(k+57, n)
		l.out = base64.StdEncoding.AppendEncode(l.out, l.pend[k:e])
		l.out = append(l.out, '\n')
	}
	l.w.Write(l.out)
	l.pend = append(l.pend[:0], l.pend[n:]...)
}

func (l *lineBase64) close() {
	if len(l.pend) > 0 {
		l.flushN(len(l.pend))
	}
}

func writeAttrs(bw *bufio.Writer, kv ...string) {
	for k := 0; k+1 < len(kv); k += 2 {
		if kv[k+1] != "" {
			fmt.Fprintf(bw, ` %s="%s"`, kv[k], escAttr(kv[k+1]))
		}
	}
}

func writeField(bw *bufio.Writer, elem string, f *Field, value string, isParam bool) {
	bw.WriteString("<" + elem)
	writeAttrs(bw, "ID", f.ID, "name", f.Name, "datatype", f.Datatype, "arraysize", f.Arraysize,
		"width", f.Width, "precision", f.Precision, "unit", f.Unit, "ucd", f.UCD, "utype", f.Utype,
		"xtype", f.Xtype, "ref", f.Ref)
	if isParam {
		fmt.Fprintf(bw, ` value="%s"`, escAttr(value))
	}
	hasValues := f.Null != "" || f.Min != "" || f.Max != "" || len(f.Options) > 0
	if f.Description == "" && !hasValues && len(f.Links) == 0 {
		bw.WriteString("/>\n")
		return
	}
	bw.WriteString(">")
	if f.Description != "" {
		fmt.Fprintf(bw, "<DESCRIPTION>%s</DESCRIPTION>", escText(f.Description))
	}
	if hasValues {
		bw.WriteString("<VALUES")
		writeAttrs(bw, "null", f.Null)
		bw.WriteString(">")
		if f.Min != "" {
			fmt.Fprintf(bw, `<MIN value="%s"/>`, escAttr(f.Min))
		}
		if f.Max != "" {
			fmt.Fprintf(bw, `<MAX value="%s"/>`, escAttr(f.Max))
		}
		writeOptions(bw, f.Options)
		bw.WriteString("</VALUES>")
	}
	for _, l := range f.Links {
		bw.WriteString("<LINK")
		writeAttrs(bw, "ID", l.ID, "content-role", l.ContentRole, "content-type", l.ContentType,
			"title", l.Title, "value", l.Value, "href", l.Href, "action", l.Action)
		bw.WriteString("/>")
	}
	bw.WriteString("</" + elem + ">\n")
}

func writeOptions(bw *bufio.Writer, opts []Option) {
	for _, o := range opts {
		bw.WriteString("<OPTION")
		writeAttrs(bw, "name", o.Name)
		fmt.Fprintf(bw, ` value="%s"`, escAttr(o.Value))
		if len(o.Options) == 0 {
			bw.WriteString("/>")
			continue
		}
		bw.WriteString(">")
		writeOptions(bw, o.Options)
		bw.WriteString("</OPTION>")
	}
}

func writeGroup(bw *bufio.Writer, g *Group) {
	bw.WriteString("<GROUP")
	writeAttrs(bw, "ID", g.ID, "name", g.Name, "ref", g.Ref, "ucd", g.UCD, "utype", g.Utype)
	bw.WriteString(">")
	if g.Description != "" {
		fmt.Fprintf(bw, "<DESCRIPTION>%s</DESCRIPTION>", escText(g.Description))
	}
	for _, r := range g.FieldRefs {
		fmt.Fprintf(bw, `<FIELDref ref="%s"/>`, escAttr(r))
	}
	for _, r := range g.ParamRefs {
		fmt.Fprintf(bw, `<PARAMref ref="%s"/>`, escAttr(r))
	}
	for _, p := range g.Params {
		writeField(bw, "PARAM", &p.Field, p.Value, true)
	}
	for _, sub := range g.Groups {
		writeGroup(bw, &sub)
	}
	bw.WriteString("</GROUP>\n")
}

func escText(s string) string {
	return string(appendEscaped(nil, []byte(s), false))
}

func escAttr(s string) string {
	return string(appendEscaped(nil, []byte(s), true))
}

// appendEscaped escapes XML special characters and drops characters XML 1.0
// cannot carry.
func appendEscaped(dst, s []byte, attr bool) []byte {
	for len(s) > 0 {
		c := s[0]
		if c >= 0x80 {
			r, n := utf8.DecodeRune(s)
			if r == utf8.RuneError && n == 1 {
				dst = append(dst, "\uFFFD"...)
			} else {
				dst = append(dst, s[:n]...)
			}
			s = s[n:]
			continue
		}
		s = s[1:]
		switch {
		case c == '&':
			dst = append(dst, "&amp;"...)
		case c == '<':
			dst = append(dst, "&lt;"...)
		case c == '>':
			dst = append(dst, "&gt;"...)
		case c == '"' && attr:
			dst = append(dst, "&quot;"...)
		case (c == '\n' || c == '\t' || c == '\r') && attr:
			dst = append(dst, fmt.Sprintf("&#%d;", c)...)
		case c < 0x20 && c != '\n' && c != '\t' && c != '\r':
			// not representable in XML 1.0
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// stringCellWriter writes columns of other packages through their String.
type stringCellWriter struct{ c Column }

func (s stringCellWriter) appendTD(dst []byte, i int) []byte {
	return appendEscaped(dst, []byte(s.c.String(i)), false)
}

func (s stringCellWriter) appendBin(dst []byte, i int) []byte { return dst }

// ---- per-type cell writers ----

func (c *scalarCol[T]) appendTD(dst []byte, i int) []byte {
	if c.nulls.get(i) {
		return dst
	}
	v := c.vals[i]
	if c.ops.name == "boolean" {
		return c.ops.enc(dst, v)
	}
	return append(dst, c.ops.format(v)...)
}

func (c *scalarCol[T]) appendBin(dst []byte, i int) []byte {
	v := c.vals[i]
	if c.nulls.get(i) {
		if c.hasNullVal {
			v = c.nullVal
		} else {
			v = c.ops.zero
		}
		if c.ops.name == "boolean" {
			return append(dst, '?')
		}
	}
	return c.ops.enc(dst, v)
}

func (c *arrayCol[T]) appendTD(dst []byte, i int) []byte {
	if c.nulls.get(i) {
		return dst
	}
	for k, v := range c.row(i) {
		if k > 0 && !c.bits {
			dst = append(dst, ' ')
		}
		if c.ops.name == "boolean" {
			dst = c.ops.enc(dst, v)
		} else {
			dst = append(dst, c.ops.format(v)...)
		}
	}
	return dst
}

func (c *arrayCol[T]) appendBin(dst []byte, i int) []byte {
	vals := c.row(i)
	if c.fixed < 0 {
		dst = be.AppendUint32(dst, uint32(len(vals)/c.sh.fixedCount()))
	}
	if c.bits {
		if c.fixed > len(vals) { // a null row of a fixed-size bit array
			vals = make([]T, c.fixed)
		}
		var cur byte
		for k, v := range vals {
			if any(v).(bool) {
				cur |= 0x80 >> uint(k&7)
			}
			if k&7 == 7 {
				dst = append(dst, cur)
				cur = 0
			}
		}
		if len(vals)&7 != 0 {
			dst = append(dst, cur)
		}
		return dst
	}
	for _, v := range vals {
		dst = c.ops.enc(dst, v)
	}
	for k := len(vals); k < c.fixed; k++ { // a null row of a fixed-size array
		dst = c.ops.enc(dst, c.ops.zero)
	}
	return dst
}

func (c *stringCol) appendTD(dst []byte, i int) []byte {
	if c.nulls.get(i) {
		return dst
	}
	return appendEscaped(dst, c.bytes(i), false)
}

func (c *stringCol) appendBin(dst []byte, i int) []byte {
	s := c.bytes(i)
	if c.nulls.get(i) {
		s = nil
	}
	if c.unicode {
		u := utf16.Encode([]rune(string(s)))
		if c.fixed < 0 {
			dst = be.AppendUint32(dst, uint32(len(u)))
		} else if len(u) > c.fixed {
			u = u[:c.fixed]
		}
		for _, x := range u {
			dst = be.AppendUint16(dst, x)
		}
		for k := len(u); k < c.fixed; k++ {
			dst = append(dst, 0, 0)
		}
		return dst
	}
	if c.fixed < 0 {
		dst = be.AppendUint32(dst, uint32(len(s)))
		return append(dst, s...)
	}
	if len(s) > c.fixed {
		s = s[:c.fixed]
	}
	dst = append(dst, s...)
	for k := len(s); k < c.fixed; k++ {
		dst = append(dst, 0)
	}
	return dst
}

func (c *strListCol) strs(i int) [][]byte {
	var out [][]byte
	for k := c.roffs[i]; k < c.roffs[i+1]; k++ {
		out = append(out, c.buf[c.soffs[k]:c.soffs[k+1]])
	}
	return out
}

// padded returns s cut or padded with pad to width characters.
func padded(dst, s []byte, width int, pad byte) []byte {
	n := 0
	for len(s) > 0 && n < width {
		_, sz := utf8.DecodeRune(s)
		dst = append(dst, s[:sz]...)
		s = s[sz:]
		n++
	}
	for ; n < width; n++ {
		dst = append(dst, pad)
	}
	return dst
}

func (c *strListCol) appendTD(dst []byte, i int) []byte {
	if c.nulls.get(i) {
		return dst
	}
	var raw []byte
	list := c.strs(i)
	for k, s := range list {
		if k == len(list)-1 {
			raw = append(raw, s...) // no need to pad the last string
		} else {
			raw = padded(raw, s, c.width, ' ')
		}
	}
	return appendEscaped(dst, raw, false)
}

func (c *strListCol) appendBin(dst []byte, i int) []byte {
	list := c.strs(i)
	if c.count >= 0 {
		for len(list) < c.count {
			list = append(list, nil)
		}
		list = list[:c.count]
	} else {
		dst = be.AppendUint32(dst, uint32(len(list)))
	}
	for _, s := range list {
		if c.unicode {
			u := utf16.Encode([]rune(string(s)))
			for k := 0; k < c.width; k++ {
				var x uint16
				if k < len(u) {
					x = u[k]
				}
				dst = be.AppendUint16(dst, x)
			}
			continue
		}
		dst = padded(dst, s, c.width, 0)
	}
	return dst
}

// WriteCSV writes rows and cols of t (nil: all) as RFC 4180 CSV with a header
// line of column names. Nulls are empty cells.
func WriteCSV(w io.Writer, t *Table, rows []int, cols []int) error {
	if t == nil {
		return fmt.Errorf("votable: no table to write")
	}
	rows, cols, err := selection(t, rows, cols)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	rec := make([]string, len(cols))
	for k, c := range cols {
		rec[k] = t.Fields[c].Name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, r := range rows {
		for k, c := range cols {
			rec[k] = t.Columns[c].String(r)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
