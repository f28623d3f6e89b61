// Package plotfont is the font of the gonum/plot figures (the spectrum
// and the conditions plots): the window registers its theme's font once,
// so the plots' text matches the rest of the app and the terminal twin's
// files match the window; until then, and in tests, Liberation Sans, which
// gonum/plot ships (a sans-serif like the app's, where gonum's default is a
// serif).
package plotfont

import (
	"sync"
	"sync/atomic"

	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

var registered atomic.Pointer[font.Font]

// glyphs caches, per rune, whether the current font draws it.
var glyphs sync.Map

// Use makes the TrueType/OpenType font ttf the font of every plot's text.
func Use(ttf []byte) error {
	face, err := opentype.Parse(ttf)
	if err != nil {
		return err
	}
	f := font.Font{Typeface: "esodesk-ui"}
	font.DefaultCache.Add(font.Collection{{Font: f, Face: face}})
	registered.Store(&f)
	glyphs = sync.Map{}
	return nil
}

// Reset goes back to the fallback, Liberation Sans (for tests).
func Reset() {
	registered.Store(nil)
	glyphs = sync.Map{}
}

// Font is the plots' font at size.
func Font(size vg.Length) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans"}
	if p := registered.Load(); p != nil {
		f = *p
	}
	return font.From(f, size)
}

// HasGlyph says whether the current font draws r (ASCII always), so that
// callers can spell out what it lacks instead of drawing tofu boxes.
func HasGlyph(r rune) bool {
	if r < 0x80 {
		return true
	}
	if v, ok := glyphs.Load(r); ok {
		return v.(bool)
	}
	face := font.DefaultCache.Lookup(Font(10), 10)
	ok := false
	if face.Face != nil {
		var buf sfnt.Buffer
		g, err := face.Face.GlyphIndex(&buf, r)
		ok = err == nil && g != 0
	}
	glyphs.Store(r, ok)
	return ok
}
