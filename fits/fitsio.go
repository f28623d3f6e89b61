package fits

import (
	"bytes"
	"fmt"
	"math/big"
	"strconv"

	"codeberg.org/astrogo/fitsio"
)

// The boundary with astrogo's fitsio. Our scanner (hdu.go) has already
// located every HDU and checked the data sizes its header declares against
// the bytes present, so fitsio, which trusts headers and allocates what they
// claim, only ever sees one HDU whose bytes are all there. Each HDU is
// decoded on its own: an HDU fitsio rejects does not take the others with it.

// decodeHDUs locates the HDUs (our scanner) and decodes each with fitsio.
func decodeHDUs(data []byte) (hdus []*hdu, tailErr error, err error) {
	hdus, tailErr, err = scanHDUs(data)
	if err != nil {
		return nil, nil, err
	}
	for _, h := range hdus {
		h.attachFitsio(data)
	}
	return hdus, tailErr, nil
}

// attachFitsio decodes h with fitsio and takes its header cards from it.
// When fitsio rejects the HDU (it refuses values it cannot parse, such as an
// unquoted NaN, XTENSIONs other than IMAGE/TABLE/BINTABLE and TFORMs like
// 0E, and panics on a standard THEAP or a CONTINUE after a non-string card)
// h keeps the cards of our scanner and h.fioErr says why.
func (h *hdu) attachFitsio(data []byte) {
	// fitsio allocates one Column per TFIELDS before reading anything: a
	// hostile count would exhaust memory (not a recoverable panic).
	if nf, ok := h.int("TFIELDS"); h.has("TFIELDS") && (!ok || nf < 0 || nf > 999) {
		h.fioErr = fmt.Errorf("TFIELDS %q out of range: not given to fitsio", h.str("TFIELDS"))
		return
	}
	fh, err := fitsioDecode(h.bytes(data))
	if err != nil {
		h.fioErr = err
		return
	}
	cards, err := fitsioCards(fh.Header())
	if err != nil {
		h.fioErr = err
		return
	}
	h.fio = fh
	h.cards, h.keys = nil, make(map[string]int, len(cards))
	for _, c := range cards {
		h.addCard(c)
	}
}

// bytes is the HDU's header and data, padded to whole blocks: fitsio reads
// the padding too, and a file may end without its final padding.
func (h *hdu) bytes(data []byte) []byte {
	end := h.dataStart + (h.dataLen+block-1)/block*block
	if end <= len(data) {
		return data[h.start:end]
	}
	b := make([]byte, end-h.start)
	copy(b, data[h.start:])
	return b
}

// fitsioDecode runs fitsio on the bytes of one HDU, turning its panics into
// errors.
func fitsioDecode(b []byte) (fh fitsio.HDU, err error) {
	defer func() {
		if p := recover(); p != nil {
			fh, err = nil, fmt.Errorf("fitsio: %v", p)
		}
	}()
	f, err := fitsio.Open(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	if len(f.HDUs()) != 1 {
		return nil, fmt.Errorf("fitsio: found %d HDUs in the bytes of one", len(f.HDUs()))
	}
	return f.HDU(0), nil
}

// fitsioCards converts fitsio's header into our cards (values as text).
func fitsioCards(hdr *fitsio.Header) (cards []Card, err error) {
	defer func() {
		if p := recover(); p != nil {
			cards, err = nil, fmt.Errorf("fitsio header: %v", p)
		}
	}()
	// fitsio's Header has no card count; its decoder stops at END, which is
	// always its last card (Card panics past the end: recovered above).
	for i := 0; ; i++ {
		c := hdr.Card(i)
		if c.Name == "END" {
			return cards, nil
		}
		if c.Name == "" && c.Value == nil && c.Comment == "" {
			continue // blank line
		}
		cards = append(cards, Card{Key: c.Name, Value: cardText(c.Value), Comment: c.Comment})
	}
}

// cardText writes a parsed value back as FITS-like text.
func cardText(v fitsio.Value) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "T"
		}
		return "F"
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'G', -1, 64)
	case complex128:
		return "(" + strconv.FormatFloat(real(x), 'G', -1, 64) + ", " + strconv.FormatFloat(imag(x), 'G', -1, 64) + ")"
	case big.Int:
		return x.String()
	}
	return fmt.Sprint(v)
}
