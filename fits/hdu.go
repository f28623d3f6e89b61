package fits

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"codeberg.org/astrogo/fitsio"
)

// The scanner below finds the HDUs of a FITS file held in memory and checks
// every size the headers claim against the bytes that are really there,
// before fitsio (which trusts headers and allocates what they say) sees them.
// Its cards are replaced by fitsio's once fitsio has decoded the HDU
// (fitsio.go); they remain only for HDUs that fitsio rejects.

const block = 2880

// hdu is one header-data unit located in the file.
type hdu struct {
	index     int
	xtension  string // "" for the primary HDU
	cards     []Card
	keys      map[string]int // first card index of each keyword (upper case)
	start     int            // offset of the header
	dataStart int            // offset of the data
	dataLen   int            // data bytes (without padding)
	bitpix    int
	axes      []int
	pcount    int
	gcount    int
	// fio is the HDU as fitsio decoded it (fitsio.go); nil when fitsio
	// rejected it, with the reason in fioErr.
	fio    fitsio.HDU
	fioErr error
}

// name is EXTNAME, or "PRIMARY" / "HDU n".
func (h *hdu) name() string {
	if n := strings.TrimSpace(h.str("EXTNAME")); n != "" {
		return n
	}
	if h.index == 0 {
		return "PRIMARY"
	}
	return fmt.Sprintf("HDU %d", h.index)
}

// label names the HDU in messages: "HDU 1 (SPECTRUM)".
func (h *hdu) label() string {
	if h.index == 0 {
		return "the primary HDU"
	}
	if n := strings.TrimSpace(h.str("EXTNAME")); n != "" {
		return fmt.Sprintf("HDU %d (%s)", h.index, n)
	}
	return fmt.Sprintf("HDU %d", h.index)
}

func (h *hdu) has(key string) bool { _, ok := h.keys[key]; return ok }

// str returns the value of a keyword as text (strings unquoted), "" if absent.
func (h *hdu) str(key string) string {
	if i, ok := h.keys[key]; ok {
		return h.cards[i].Value
	}
	return ""
}

func (h *hdu) float(key string) (float64, bool) {
	i, ok := h.keys[key]
	if !ok {
		return 0, false
	}
	return parseFITSFloat(h.cards[i].Value)
}

func (h *hdu) int(key string) (int, bool) {
	i, ok := h.keys[key]
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimSpace(h.cards[i].Value), 10, 64)
	if err != nil || v > 1<<53 || v < -(1<<53) {
		return 0, false
	}
	return int(v), true
}

func parseFITSFloat(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	// Fortran exponents: 1.0D+03.
	s = strings.NewReplacer("D", "E", "d", "e").Replace(s)
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// scanHDUs locates every HDU of buf. It fails only when the first HDU is
// unusable; a damaged later HDU ends the list with tailErr set.
func scanHDUs(buf []byte) (hdus []*hdu, tailErr error, err error) {
	if len(buf) == 0 {
		return nil, nil, fmt.Errorf("not a 1D spectrum: the file is empty")
	}
	if !bytes.HasPrefix(buf, []byte("SIMPLE  =")) {
		return nil, nil, fmt.Errorf("not a FITS file: it does not start with SIMPLE = T (first bytes %q)", printable(buf[:min(len(buf), 16)]))
	}
	off := 0
	for off < len(buf) {
		h, next, err := scanOne(buf, off, len(hdus))
		if err != nil {
			if len(hdus) == 0 {
				return nil, nil, err
			}
			return hdus, err, nil
		}
		hdus = append(hdus, h)
		off = next
		// Anything after the last HDU that is not another extension (zero
		// padding, tape junk) is ignored, as other readers do.
		if off+block > len(buf) || !bytes.HasPrefix(buf[off:], []byte("XTENSION=")) {
			break
		}
	}
	return hdus, nil, nil
}

func printable(b []byte) string {
	return strings.Map(func(r rune) rune {
		if r < 32 || r > 126 {
			return '.'
		}
		return r
	}, string(b))
}

// scanOne reads the header at off and checks the data extent it declares.
func scanOne(buf []byte, off, index int) (*hdu, int, error) {
	h := &hdu{index: index, start: off, keys: map[string]int{}, gcount: 1}
	where := "the primary HDU"
	if index > 0 {
		where = fmt.Sprintf("HDU %d", index)
	}
	pos := off
	ended := false
	for !ended {
		if pos+block > len(buf) {
			return nil, 0, fmt.Errorf("truncated file: the header of %s has no END card (file ends after %d bytes)", where, len(buf))
		}
		for i := 0; i < 36; i++ {
			line := buf[pos+i*80 : pos+(i+1)*80]
			if bytes.HasPrefix(line, []byte("END")) && len(bytes.TrimSpace(line[3:])) == 0 {
				ended = true
				break
			}
			h.addCard(parseCard(line))
		}
		pos += block
	}
	h.dataStart = pos
	if index > 0 {
		h.xtension = strings.ToUpper(strings.TrimSpace(h.str("XTENSION")))
		if h.xtension == "" {
			return nil, 0, fmt.Errorf("%s: header has no XTENSION keyword", where)
		}
	}
	var ok bool
	if h.bitpix, ok = h.int("BITPIX"); !ok {
		return nil, 0, fmt.Errorf("%s: missing or invalid BITPIX", where)
	}
	switch h.bitpix {
	case 8, 16, 32, 64, -32, -64:
	default:
		return nil, 0, fmt.Errorf("%s: invalid BITPIX %d", where, h.bitpix)
	}
	naxis, ok := h.int("NAXIS")
	if !ok || naxis < 0 || naxis > 999 {
		return nil, 0, fmt.Errorf("%s: missing or invalid NAXIS (%q)", where, h.str("NAXIS"))
	}
	remain := len(buf) - h.dataStart
	n := 1
	for i := 1; i <= naxis; i++ {
		v, ok := h.int(fmt.Sprintf("NAXIS%d", i))
		if !ok || v < 0 {
			return nil, 0, fmt.Errorf("%s: NAXIS = %d but NAXIS%d is missing or invalid (%q)", where, naxis, i, h.str(fmt.Sprintf("NAXIS%d", i)))
		}
		h.axes = append(h.axes, v)
		if i == 1 && v == 0 && index == 0 && naxis > 1 {
			continue // random groups: NAXIS1 = 0 does not count
		}
		if v > 0 && n > (1<<62)/v {
			return nil, 0, fmt.Errorf("%s: declared data size overflows (axes %v)", where, h.axes)
		}
		n *= v
	}
	if naxis == 0 {
		n = 0
	}
	if v, ok := h.int("PCOUNT"); ok {
		h.pcount = v
	}
	if v, ok := h.int("GCOUNT"); ok {
		h.gcount = v
	}
	if h.pcount < 0 || h.gcount < 0 || h.pcount > 1<<50 || h.gcount > 1<<20 {
		return nil, 0, fmt.Errorf("%s: invalid PCOUNT/GCOUNT (%d/%d)", where, h.pcount, h.gcount)
	}
	size := (n + h.pcount)
	if n == 0 && h.pcount == 0 {
		size = 0
	}
	size64 := int64(size) * int64(abs(h.bitpix)/8) * int64(h.gcount)
	if size64 > int64(remain) {
		return nil, 0, fmt.Errorf("truncated file: %s declares %d data bytes (axes %v, BITPIX %d) but only %d bytes follow its header", where, size64, h.axes, h.bitpix, remain)
	}
	h.dataLen = int(size64)
	next := h.dataStart + (h.dataLen+block-1)/block*block
	return h, next, nil
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func (h *hdu) addCard(c Card) {
	if c.Key == "CONTINUE" && len(h.cards) > 0 {
		// Long-string convention: the previous string ends in '&'.
		last := &h.cards[len(h.cards)-1]
		if strings.HasSuffix(last.Value, "&") {
			last.Value = strings.TrimSuffix(last.Value, "&") + c.Value
			if c.Comment != "" {
				last.Comment = strings.TrimSpace(last.Comment + " " + c.Comment)
			}
			return
		}
	}
	if c.Key == "" && c.Value == "" && c.Comment == "" {
		return
	}
	if _, dup := h.keys[c.Key]; !dup && c.Key != "COMMENT" && c.Key != "HISTORY" && c.Key != "" {
		h.keys[c.Key] = len(h.cards)
	}
	h.cards = append(h.cards, c)
}

// parseCard splits one 80-character header line. String values are
// unquoted (” becomes '), trailing blanks dropped; HIERARCH keywords keep
// their full name ("HIERARCH ESO DET NDIT" becomes "ESO DET NDIT").
func parseCard(line []byte) Card {
	s := string(line)
	key := strings.TrimSpace(s[:8])
	rest := s[8:]
	hasValue := strings.HasPrefix(rest, "=") // "= " by the standard; some writers omit the blank
	if key == "HIERARCH" {
		if eq := strings.IndexByte(s, '='); eq > 0 {
			key = strings.TrimSpace(s[8:eq])
			rest = s[eq:]
			hasValue = true
		}
	}
	if !hasValue || key == "COMMENT" || key == "HISTORY" || key == "" {
		if key == "CONTINUE" {
			v, c := splitValue(rest)
			return Card{Key: key, Value: v, Comment: c}
		}
		return Card{Key: key, Comment: strings.TrimRight(rest, " ")}
	}
	v, c := splitValue(rest[1:])
	return Card{Key: key, Value: v, Comment: c}
}

// splitValue separates a value field into value and comment.
func splitValue(s string) (value, comment string) {
	t := strings.TrimLeft(s, " ")
	if strings.HasPrefix(t, "'") {
		var b strings.Builder
		i := 1
		for i < len(t) {
			if t[i] == '\'' {
				if i+1 < len(t) && t[i+1] == '\'' {
					b.WriteByte('\'')
					i += 2
					continue
				}
				i++
				break
			}
			b.WriteByte(t[i])
			i++
		}
		rest := t[min(i, len(t)):]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			comment = strings.TrimSpace(rest[j+1:])
		}
		return strings.TrimRight(b.String(), " "), comment
	}
	if j := strings.IndexByte(t, '/'); j >= 0 {
		return strings.TrimSpace(t[:j]), strings.TrimSpace(t[j+1:])
	}
	return strings.TrimSpace(t), ""
}

// header turns a scanned HDU into the exported Header.
func (h *hdu) header() Header {
	return Header{Index: h.index, Name: h.name(), Cards: h.cards}
}

// describe says what an HDU holds, for "not a 1D spectrum" messages.
func (h *hdu) describe() string {
	switch h.xtension {
	case "BINTABLE", "TABLE":
		nrows := 0
		if len(h.axes) > 1 {
			nrows = h.axes[1]
		}
		nf, _ := h.int("TFIELDS")
		return fmt.Sprintf("%s is a table of %d rows and %d columns", h.label(), nrows, nf)
	}
	if len(h.axes) == 0 || h.dataLen == 0 {
		return fmt.Sprintf("%s has no data", h.label())
	}
	dims := make([]string, len(h.axes))
	for i, a := range h.axes {
		dims[i] = strconv.Itoa(a)
	}
	kind := "image"
	if h.xtension != "" && h.xtension != "IMAGE" {
		kind = h.xtension + " extension"
	}
	return fmt.Sprintf("%s is a %d-D %s of %s pixels", h.label(), len(h.axes), kind, strings.Join(dims, "x"))
}
