package fits

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Unit strings of flux (and other) columns as files write them:
// "erg cm**(-2) s**(-1) angstrom**(-1)" (ESO), "erg/s/cm2/A", "W.m**-2.um**-1"
// (VOUnit), "10**(-17) erg s^-1 cm^-2 Å^-1". Parsing them once gives both a
// readable form (PrettyUnit) and exact scale factors between units of the
// same dimension (UnitFactor), so spectra in erg s⁻¹ cm⁻² Å⁻¹ and
// W m⁻² nm⁻¹ share one axis, while F_ν, F_λ, counts and relative fluxes are
// never mistaken for one another.

// unitTerm is one factor of a unit string: a symbol (or a number) raised to
// a power.
type unitTerm struct {
	sym   string  // as written ("cm", "angstrom"); "" for a number
	num   float64 // the number when sym == ""
	power float64
}

// unitDef is a symbol we can convert: its SI scale and its dimension as
// powers of kg, m and s.
type unitDef struct {
	name  string // how it is printed
	scale float64
	dim   [3]float64
}

var (
	dimEnergy = [3]float64{1, 2, -2}
	dimPower  = [3]float64{1, 2, -3}
	dimLength = [3]float64{0, 1, 0}
	dimTime   = [3]float64{0, 0, 1}
	dimFreq   = [3]float64{0, 0, -1}
	dimFnu    = [3]float64{1, 0, -2} // W m⁻² Hz⁻¹
)

// exactUnits are matched as written (case matters: mJy is not MJy).
var exactUnits = map[string]unitDef{
	"mW": {"mW", 1e-3, dimPower}, "mm": {"mm", 1e-3, dimLength},
	"kHz": {"kHz", 1e3, dimFreq}, "MHz": {"MHz", 1e6, dimFreq}, "GHz": {"GHz", 1e9, dimFreq},
	"mJy": {"mJy", 1e-29, dimFnu}, "uJy": {"µJy", 1e-32, dimFnu}, "µJy": {"µJy", 1e-32, dimFnu}, "μJy": {"µJy", 1e-32, dimFnu},
	"µm": {"µm", 1e-6, dimLength}, "μm": {"µm", 1e-6, dimLength}, "Å": {"Å", 1e-10, dimLength},
}

// foldedUnits are matched in any case (old files write ERG/CM2/S/A). "A" is
// the ångström here, as in every spectrum's flux unit, never the ampere.
var foldedUnits = map[string]unitDef{
	"erg": {"erg", 1e-7, dimEnergy}, "ergs": {"erg", 1e-7, dimEnergy}, "j": {"J", 1, dimEnergy},
	"w": {"W", 1, dimPower},
	"s": {"s", 1, dimTime}, "sec": {"s", 1, dimTime},
	"m": {"m", 1, dimLength}, "cm": {"cm", 1e-2, dimLength}, "nm": {"nm", 1e-9, dimLength},
	"um": {"µm", 1e-6, dimLength}, "mum": {"µm", 1e-6, dimLength}, "micron": {"µm", 1e-6, dimLength},
	"microns":  {"µm", 1e-6, dimLength},
	"angstrom": {"Å", 1e-10, dimLength}, "angstroms": {"Å", 1e-10, dimLength}, "angstroem": {"Å", 1e-10, dimLength},
	"ang": {"Å", 1e-10, dimLength}, "a": {"Å", 1e-10, dimLength}, "aa": {"Å", 1e-10, dimLength},
	"hz": {"Hz", 1, dimFreq}, "jy": {"Jy", 1e-26, dimFnu},
}

func lookupUnit(sym string) (unitDef, bool) {
	if d, ok := exactUnits[sym]; ok {
		return d, true
	}
	d, ok := foldedUnits[strings.ToLower(sym)]
	return d, ok
}

// parseUnit splits a unit string into its terms; ok is false for anything
// it cannot read (the caller then shows the string as it is).
func parseUnit(s string) ([]unitTerm, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if s == "" {
		return nil, false
	}
	p := &unitScanner{s: []rune(s)}
	terms, ok := p.product(0)
	if !ok || p.i != len(p.s) {
		return nil, false
	}
	return terms, true
}

type unitScanner struct {
	s []rune
	i int
}

func (p *unitScanner) peek() rune {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *unitScanner) at(prefix string) bool {
	return strings.HasPrefix(string(p.s[p.i:]), prefix)
}

// product reads terms separated by spaces, '.', '*' or '/' (which divides
// by the next term only, as FITS reads erg/s/cm2) up to ')' or the end.
func (p *unitScanner) product(depth int) ([]unitTerm, bool) {
	var out []unitTerm
	divide, separated := false, true
	for {
		for p.peek() == ' ' || p.peek() == '\t' || (p.peek() == '.' && len(out) > 0) || (p.peek() == '*' && !p.at("**")) {
			p.i++
			separated = true
		}
		c := p.peek()
		if c == 0 || c == ')' {
			break
		}
		if c == '/' {
			if divide || len(out) == 0 {
				return nil, false
			}
			divide, separated = true, true
			p.i++
			continue
		}
		if !separated { // log(erg), 2erg: not a product of units
			return nil, false
		}
		separated = false
		terms, ok := p.item(depth)
		if !ok {
			return nil, false
		}
		if divide {
			for k := range terms {
				terms[k].power = -terms[k].power
			}
			divide = false
		}
		out = append(out, terms...)
	}
	return out, len(out) > 0 && !divide
}

// item is a symbol, a number or a bracketed product, with its power.
func (p *unitScanner) item(depth int) ([]unitTerm, bool) {
	var terms []unitTerm
	switch c := p.peek(); {
	case c == '(':
		if depth > 3 {
			return nil, false
		}
		p.i++
		inner, ok := p.product(depth + 1)
		if !ok || p.peek() != ')' {
			return nil, false
		}
		p.i++
		terms = inner
	case c >= '0' && c <= '9':
		v, ok := p.number()
		if !ok {
			return nil, false
		}
		terms = []unitTerm{{num: v, power: 1}}
	case unicode.IsLetter(c):
		start := p.i
		for unicode.IsLetter(p.peek()) {
			p.i++
		}
		t := unitTerm{sym: string(p.s[start:p.i]), power: 1}
		if v, ok := p.attachedPower(); ok { // cm2, s-1, s⁻¹
			t.power = v
		}
		terms = []unitTerm{t}
	default:
		return nil, false
	}
	if p.at("**") || p.peek() == '^' {
		if p.at("**") {
			p.i += 2
		} else {
			p.i++
		}
		v, ok := p.exponent()
		if !ok {
			return nil, false
		}
		for k := range terms {
			terms[k].power *= v
		}
	}
	return terms, true
}

// number reads 10, 1e-17, 1.5E+3.
func (p *unitScanner) number() (float64, bool) {
	start := p.i
	digits := func() {
		for c := p.peek(); c >= '0' && c <= '9'; c = p.peek() {
			p.i++
		}
	}
	digits()
	if p.peek() == '.' && p.i+1 < len(p.s) && p.s[p.i+1] >= '0' && p.s[p.i+1] <= '9' {
		p.i++
		digits()
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		save := p.i
		p.i++
		if c := p.peek(); c == '+' || c == '-' {
			p.i++
		}
		if c := p.peek(); c >= '0' && c <= '9' {
			digits()
		} else {
			p.i = save // "1 erg": the e starts a symbol
		}
	}
	v, err := strconv.ParseFloat(string(p.s[start:p.i]), 64)
	return v, err == nil
}

// exponent reads -2, (-2), +3, 0.5 or (1.5) after ** or ^.
func (p *unitScanner) exponent() (float64, bool) {
	paren := p.peek() == '('
	if paren {
		p.i++
	}
	sign := 1.0
	switch p.peek() {
	case '-':
		sign = -1
		p.i++
	case '+':
		p.i++
	}
	if c := p.peek(); c < '0' || c > '9' {
		return 0, false
	}
	v, ok := p.number()
	if !ok {
		return 0, false
	}
	if paren {
		if p.peek() != ')' {
			return 0, false
		}
		p.i++
	}
	return sign * v, true
}

var superscripts = map[rune]rune{'⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-', '⁺': '+'}

// attachedPower reads a power written straight after a symbol: cm2, s-1,
// m+2, or in superscripts.
func (p *unitScanner) attachedPower() (float64, bool) {
	start := p.i
	var b strings.Builder
	for {
		c := p.peek()
		if d, ok := superscripts[c]; ok {
			c = d
		}
		isSign := (c == '-' || c == '+') && b.Len() == 0
		if !isSign && (c < '0' || c > '9') {
			break
		}
		b.WriteRune(c)
		p.i++
	}
	v, err := strconv.Atoi(b.String())
	if err != nil {
		p.i = start
		return 0, false
	}
	return float64(v), true
}

// dimensioned is a parsed unit in SI: value_SI = scale × value.
type dimensioned struct {
	scale float64
	dim   [3]float64
}

// resolve turns the terms into SI; ok is false when a symbol is unknown
// (counts, adu, "relative", photons …).
func resolve(terms []unitTerm) (dimensioned, bool) {
	d := dimensioned{scale: 1}
	for _, t := range terms {
		if t.sym == "" {
			d.scale *= math.Pow(t.num, t.power)
			continue
		}
		u, ok := lookupUnit(t.sym)
		if !ok {
			return d, false
		}
		d.scale *= math.Pow(u.scale, t.power)
		for k := range d.dim {
			d.dim[k] += u.dim[k] * t.power
		}
	}
	return d, true
}

// UnitFactor is k such that a value in unit from, times k, is the same
// quantity in unit to: 0.1 from erg s⁻¹ cm⁻² nm⁻¹ to erg s⁻¹ cm⁻² Å⁻¹. ok is
// false when the units are not of one dimension (F_ν and F_λ) or one of
// them is not a physical unit we know (counts, relative, none) and the
// strings differ. Two identical strings are always the same unit.
func UnitFactor(from, to string) (float64, bool) {
	if strings.Join(strings.Fields(from), " ") == strings.Join(strings.Fields(to), " ") {
		return 1, true
	}
	ft, ok1 := parseUnit(from)
	tt, ok2 := parseUnit(to)
	if !ok1 || !ok2 {
		return 0, false
	}
	f, ok1 := resolve(ft)
	t, ok2 := resolve(tt)
	if !ok1 || !ok2 || f.dim != t.dim {
		return 0, false
	}
	k := f.scale / t.scale
	// every scale here is a power of ten: give the exact one, not
	// 0.10000000000000002
	if l := math.Log10(k); math.Abs(l-math.Round(l)) < 1e-9 {
		k, _ = strconv.ParseFloat("1e"+strconv.Itoa(int(math.Round(l))), 64)
	}
	return k, true
}

// PrettyUnit writes a unit string the way people print it:
// "erg cm**(-2) s**(-1) angstrom**(-1)" → "erg cm⁻² s⁻¹ Å⁻¹",
// "erg/s/cm2/A" → "erg s⁻¹ cm⁻² Å⁻¹", "10**(-17) erg/s/cm2/Angstrom" →
// "×10⁻¹⁷ erg s⁻¹ cm⁻² Å⁻¹", "um" → "µm". A string it cannot read comes
// back as it is; symbols it does not know keep their spelling.
func PrettyUnit(u string) string {
	terms, ok := parseUnit(u)
	if !ok {
		return strings.TrimSpace(u)
	}
	parts := make([]string, 0, len(terms))
	for i, t := range terms {
		if t.sym == "" {
			parts = append(parts, prettyNumber(math.Pow(t.num, t.power), i == 0))
			continue
		}
		name := t.sym
		if d, ok := lookupUnit(t.sym); ok {
			name = d.name
		}
		parts = append(parts, name+superscript(t.power))
	}
	return strings.Join(parts, " ")
}

// prettyNumber writes a scale factor: 1e-17 as ×10⁻¹⁷ (at the front, where
// it reads as "in units of"), 2.5e-17 as 2.5×10⁻¹⁷.
func prettyNumber(v float64, first bool) string {
	if v == 0 || math.IsInf(v, 0) || v != v {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	e := int(math.Floor(math.Log10(math.Abs(v)) + 1e-9))
	mant := v / math.Pow10(e)
	if e >= -2 && e <= 3 {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	m := strconv.FormatFloat(mant, 'g', 6, 64)
	if m == "1" {
		m = ""
		if !first {
			return "10" + superscript(float64(e))
		}
	}
	return m + "×10" + superscript(float64(e))
}

// superscript writes a power: "" for 1, ⁻² for -2; ^0.5 for fractions.
func superscript(p float64) string {
	if p == 1 {
		return ""
	}
	if p != math.Trunc(p) {
		return "^" + strconv.FormatFloat(p, 'g', -1, 64)
	}
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	var b strings.Builder
	if p < 0 {
		b.WriteString("⁻")
		p = -p
	}
	sup := []rune(digits)
	for _, c := range strconv.FormatFloat(p, 'f', 0, 64) {
		b.WriteRune(sup[c-'0'])
	}
	return b.String()
}
