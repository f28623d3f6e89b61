package fits

import (
	"fmt"
	"strings"
)

// ParseHeaderText reads a header printed as text, one card per line (as ESO's
// header service and "fitsheader" print it): lines are padded to 80
// characters, blank lines skipped, and reading stops at END. It returns one
// Header per HDU when the text holds several (each starting at SIMPLE or
// XTENSION).
func ParseHeaderText(text string) ([]Header, error) {
	var out []Header
	var cur *hdu
	name := func(b *hdu, i int) Header {
		h := Header{Index: i, Name: "PRIMARY", Cards: b.cards}
		if i > 0 {
			h.Name = fmt.Sprintf("HDU %d", i)
		}
		for _, c := range b.cards {
			if c.Key == "EXTNAME" && c.Value != "" {
				h.Name = c.Value
			}
		}
		return h
	}
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if len(line) < 80 {
			line += strings.Repeat(" ", 80-len(line))
		}
		c := parseCard([]byte(line[:80]))
		if c.Key == "END" {
			if cur != nil {
				out = append(out, name(cur, len(out)))
				cur = nil
			}
			continue
		}
		if cur == nil || c.Key == "SIMPLE" || c.Key == "XTENSION" {
			if cur != nil {
				out = append(out, name(cur, len(out)))
			}
			cur = &hdu{keys: map[string]int{}}
		}
		cur.addCard(c)
	}
	if cur != nil {
		out = append(out, name(cur, len(out)))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no FITS header cards in the text")
	}
	return out, nil
}
