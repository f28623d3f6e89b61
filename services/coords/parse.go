// Package coords reads sky positions typed by people ("10:45:03.6 -59:41:04",
// "161.265, -59.685", "10h45m03.6s -59d41m04s", ...) and writes them back in
// sexagesimal form. Positions are ICRS/J2000 right ascension and declination
// in degrees.
package coords

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Example is the hint shown in error messages and input placeholders.
const Example = "'10:45:03.6 -59:41:04' or '161.265 -59.685'"

// Error explains why a text is not a position.
type Error struct {
	Input string
	Msg   string
}

func (e *Error) Error() string { return e.Msg }

func errorf(input, format string, args ...any) *Error {
	return &Error{Input: input, Msg: fmt.Sprintf(format, args...)}
}

func unreadable(input string) *Error {
	return errorf(input, "could not read '%s' as coordinates: expected RA and Dec, e.g. %s", strings.TrimSpace(input), Example)
}

// Parse reads RA and Dec from s and returns them in degrees.
//
// Accepted forms: decimal degrees ("161.265 -59.685", comma optional),
// sexagesimal with colons or spaces ("10:45:03.6 -59:41:04",
// "10 45 03.6 -59 41 04"; RA in hours), and with unit letters or symbols
// ("10h45m03.6s -59d41m04s", "10h45m03.6s, -59°41′04″"). A sign on the
// declination applies to the whole value, so "-00:30:00" is -0.5 degrees.
func Parse(s string) (ra, dec float64, err error) {
	toks, err := tokenize(s)
	if err != nil {
		return 0, 0, err
	}
	raToks, decToks, err := split(s, toks)
	if err != nil {
		return 0, 0, err
	}
	ra, err = raValue(s, raToks, len(raToks) == 1 && !raToks[0].hasUnit())
	if err != nil {
		return 0, 0, err
	}
	dec, err = decValue(s, decToks)
	if err != nil {
		return 0, 0, err
	}
	return ra, dec, nil
}

// token is one number with the unit mark that followed it (0 if none).
type token struct {
	sign   byte // '+', '-' or 0
	number string
	unit   rune // 'h', 'd', 'm', 's' (minutes/seconds, of time or arc), ':' or 0
}

func (t token) hasUnit() bool { return t.unit != 0 && t.unit != ':' }

// unitOf maps the marks people type after a number to one letter.
func unitOf(r rune) (rune, bool) {
	switch r {
	case 'h', 'H':
		return 'h', true
	case 'd', 'D', '°', 'º':
		return 'd', true
	case 'm', 'M', '\'', '′', '’':
		return 'm', true
	case 's', 'S', '"', '″', '”':
		return 's', true
	case ':':
		return ':', true
	}
	return 0, false
}

// tokenize cuts s into signed numbers, each with its unit mark. Spaces and
// commas separate; a sign always starts a new number.
func tokenize(s string) ([]token, error) {
	var toks []token
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r) || r == ',':
			i++
			continue
		case r == '+' || r == '-' || r == '−' || r == '–':
			sign := byte('+')
			if r != '+' {
				sign = '-'
			}
			i++
			for i < len(rs) && unicode.IsSpace(rs[i]) {
				i++
			}
			if i >= len(rs) || !(isDigit(rs[i]) || rs[i] == '.') {
				return nil, unreadable(s)
			}
			t, n := number(rs[i:])
			t.sign = sign
			i += n
			toks = append(toks, t)
		case isDigit(r) || r == '.':
			t, n := number(rs[i:])
			i += n
			toks = append(toks, t)
		default:
			return nil, unreadable(s)
		}
		// A unit mark may follow the number directly or after spaces.
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		if j < len(rs) {
			if u, ok := unitOf(rs[j]); ok {
				// "1.5d" vs "1.5 d": both mark degrees; a bare letter far
				// away would be odd but harmless.
				toks[len(toks)-1].unit = u
				i = j + 1
			}
		}
	}
	if len(toks) == 0 {
		return nil, unreadable(s)
	}
	return toks, nil
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// number reads digits with at most one decimal point (and an exponent for
// decimal degrees such as "1.5e2" is not supported: nobody types that).
func number(rs []rune) (token, int) {
	n := 0
	dot := false
	for n < len(rs) && (isDigit(rs[n]) || (rs[n] == '.' && !dot)) {
		if rs[n] == '.' {
			dot = true
		}
		n++
	}
	return token{number: string(rs[:n])}, n
}

// split divides the tokens between RA and Dec: at the first signed token
// after the first, at a unit that restarts (h/d after m/s), or in the middle
// of an even count.
func split(s string, toks []token) (raT, decT []token, err error) {
	for i := 1; i < len(toks); i++ {
		if toks[i].sign != 0 {
			return toks[:i], toks[i:], nil
		}
	}
	// Unit letters: the declination starts at the first 'd' after an 'h' part,
	// or after the RA's seconds.
	hasUnits := false
	for _, t := range toks {
		if t.hasUnit() {
			hasUnits = true
		}
	}
	if hasUnits {
		for i := 1; i < len(toks); i++ {
			if toks[i].unit == 'd' || toks[i].unit == 'h' {
				// Dec starts at the first component of this group.
				start := i
				prev := toks[i-1].unit
				if prev == 's' || prev == 'h' || prev == 'd' || prev == 'm' {
					return toks[:start], toks[start:], nil
				}
			}
		}
	}
	switch len(toks) {
	case 2, 4, 6:
		h := len(toks) / 2
		return toks[:h], toks[h:], nil
	case 1:
		return nil, nil, unreadable(s)
	}
	return nil, nil, unreadable(s)
}

// parts turns up to three tokens into numbers, checking their unit order.
func parts(s string, toks []token, first rune) ([]float64, error) {
	if len(toks) > 3 {
		return nil, unreadable(s)
	}
	want := []rune{first, 'm', 's'}
	var vals []float64
	for i, t := range toks {
		if t.hasUnit() && t.unit != want[i] {
			// "10m" as the first part of RA is a typo we cannot guess around.
			if !(i == 0 && t.unit == 'd' && first == 'h') {
				return nil, unreadable(s)
			}
		}
		if i > 0 && toks[i].sign != 0 {
			return nil, unreadable(s)
		}
		if t.number == "." || t.number == "" {
			return nil, unreadable(s)
		}
		if i < len(toks)-1 && strings.Contains(t.number, ".") {
			return nil, errorf(s, "could not read '%s' as coordinates: only the last part of a sexagesimal value may have decimals", strings.TrimSpace(s))
		}
		v, err := strconv.ParseFloat(t.number, 64)
		if err != nil {
			return nil, unreadable(s)
		}
		vals = append(vals, v)
	}
	return vals, nil
}

// raValue converts RA tokens. A single number without a unit is degrees; a
// single number marked 'h' is hours; two or three parts are h m s.
func raValue(s string, toks []token, degrees bool) (float64, error) {
	if len(toks) == 0 {
		return 0, unreadable(s)
	}
	if toks[0].sign == '-' {
		return 0, errorf(s, "RA cannot be negative, got %s%s", "-", toks[0].number)
	}
	if len(toks) == 1 && toks[0].unit == 'd' {
		degrees = true
	}
	vals, err := parts(s, toks, 'h')
	if err != nil {
		return 0, err
	}
	if degrees {
		if vals[0] >= 360 {
			return 0, errorf(s, "RA in degrees must be 0–360, got %s", toks[0].number)
		}
		return vals[0], nil
	}
	if vals[0] >= 24 {
		if len(vals) == 1 {
			return 0, errorf(s, "RA hours must be 0–23, got %s (write degrees without an 'h')", toks[0].number)
		}
		return 0, errorf(s, "RA hours must be 0–23, got %s", toks[0].number)
	}
	if err := checkMinSec(s, "RA", vals); err != nil {
		return 0, err
	}
	return 15 * sexagesimal(vals), nil
}

func decValue(s string, toks []token) (float64, error) {
	if len(toks) == 0 {
		return 0, unreadable(s)
	}
	vals, err := parts(s, toks, 'd')
	if err != nil {
		return 0, err
	}
	if err := checkMinSec(s, "Dec", vals); err != nil {
		return 0, err
	}
	v := sexagesimal(vals)
	if toks[0].sign == '-' {
		v = -v
	}
	if v < -90 || v > 90 {
		return 0, errorf(s, "declination must be between -90 and +90, got %s", formatDegrees(v))
	}
	return v, nil
}

func checkMinSec(s, what string, vals []float64) error {
	names := []string{"", "minutes", "seconds"}
	for i := 1; i < len(vals); i++ {
		if vals[i] >= 60 {
			return errorf(s, "%s %s must be 0–59, got %s", what, names[i], strconv.FormatFloat(vals[i], 'f', -1, 64))
		}
	}
	return nil
}

func sexagesimal(vals []float64) float64 {
	v := 0.0
	div := 1.0
	for _, x := range vals {
		v += x / div
		div *= 60
	}
	return v
}

func formatDegrees(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// LooksLikeCoordinates reports whether s should be read as a position rather
// than resolved as a target name: it holds only numbers, signs, separators
// and unit marks, with at least two numbers. "NGC 1068" or "HD 100546" are
// names; "161.265 -59.685" is a position.
func LooksLikeCoordinates(s string) bool {
	toks, err := tokenize(s)
	if err != nil || len(toks) < 2 {
		return false
	}
	return true
}

// valid reports whether v is a usable number (used by the formatters).
func valid(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
