package render

import (
	"strings"

	"esodesk/internal/plotfont"
	"esodesk/services/conditions"
)

// Text is drawn in internal/plotfont's font (the app's, once the window
// registers it; Liberation Sans before). Both have ″, τ, θ and ₀; text
// still goes through drawable, so a font without them gets words, never
// tofu boxes.

// cp1252 is what gonum's PDF writer can encode beyond Latin-1: it writes
// text in Windows code page 1252, so ″, τ and ₀ would come out garbled.
const cp1252 = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"

func pdfSafe(r rune) bool { return r < 0x100 || strings.ContainsRune(cp1252, r) }

// plainWords spell out what a font or a format cannot draw.
var plainWords = strings.NewReplacer("(″)", "(arcsec)", "″", " arcsec", "τ₀", "tau0", "θ₀", "theta0",
	"°C", "C", "—", "-", "–", "-", "…", "...")

// drawable returns s, or s in plain words when the font (or, for PDF,
// the encoding) lacks one of its characters.
func drawable(s string, pdf bool) string {
	for _, r := range s {
		if !plotfont.HasGlyph(r) || (pdf && !pdfSafe(r)) {
			return plainWords.Replace(s)
		}
	}
	return s
}

// ShortName is a quantity's name where room is short (panel labels, the
// readout): "τ₀" rather than "Coherence time τ₀".
func ShortName(q conditions.Quantity) string {
	switch q {
	case conditions.Tau0:
		return "τ₀"
	case conditions.Theta0:
		return "θ₀"
	case conditions.Wind:
		return "Wind"
	}
	return q.Title()
}

// axisName is a panel's y label without its unit.
func axisName(q conditions.Quantity) string {
	if q == conditions.Wind {
		return "Wind speed"
	}
	return ShortName(q)
}

// WithUnit writes a value with its display unit: "0.82″", "4.1 ms".
func WithUnit(v string, unit string) string {
	if unit == "" {
		return v
	}
	if unit == "″" {
		return v + unit
	}
	return v + " " + unit
}
