package wcs

import (
	"regexp"
	"strings"
)

// normalise returns the header as whole 80-character cards and their count.
// It accepts FITS card text as read from a file (with or without END) and
// the same cards one per line.
func normalise(h string) (string, int) {
	if strings.ContainsAny(h, "\n\r") {
		var b strings.Builder
		for _, line := range strings.Split(strings.ReplaceAll(h, "\r", ""), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			b.WriteString(pad80(line))
		}
		h = b.String()
	} else if r := len(h) % 80; r != 0 {
		h += strings.Repeat(" ", 80-r)
	}
	// Stop at END: what follows is padding or another HDU.
	for i := 0; i+80 <= len(h); i += 80 {
		if strings.TrimRight(h[i:i+80], " ") == "END" {
			h = h[:i]
			break
		}
	}
	return h, len(h) / 80
}

func pad80(s string) string {
	if len(s) >= 80 {
		return s[:80]
	}
	return s + strings.Repeat(" ", 80-len(s))
}

// primaryKey matches the keywords of a primary (not alternate) WCS.
var primaryKey = regexp.MustCompile(`^(CTYPE|CRVAL|CRPIX|CDELT|CROTA)[0-9]+$|^(CD|PC)[0-9]+_[0-9]+$|^(CD|PC)[0-9]{3}[0-9]{3}$`)

// hasPrimaryWCS reports whether the cards hold any primary WCS keyword:
// wcspih would otherwise return a plain identity for a bare NAXIS header.
func hasPrimaryWCS(cards string) bool {
	for i := 0; i+80 <= len(cards); i += 80 {
		c := cards[i : i+80]
		if c[8] != '=' {
			continue
		}
		if primaryKey.MatchString(strings.TrimSpace(c[:8])) {
			return true
		}
	}
	return false
}
