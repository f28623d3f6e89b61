package fits

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text tables: one row per pixel, a header line naming the columns
// ("wave,flux,err", "# wavelength[A] flux(erg/s/cm2/A)"), separated by
// commas, tabs or blanks. Roles come from the names as for FITS tables.

// errNotText means the bytes are not a table of numbers (so the caller
// reports "neither FITS nor VOTable").
var errNotText = errors.New("not a text table")

// looksLikeText reports printable UTF-8 text (no NUL bytes) in the first KiB.
func looksLikeText(b []byte) bool {
	head := b[:min(len(b), 1024)]
	return bytes.IndexByte(head, 0) < 0 && utf8.Valid(head[:len(head)-utf8Trail(head)])
}

// utf8Trail is how many bytes at the end of b may be a cut multi-byte rune.
func utf8Trail(b []byte) int {
	for i := 1; i <= 3 && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return i
			}
			return 0
		}
	}
	return 0
}

// nameUnit splits "wavelength[A]", "flux (erg/s/cm2/A)" or "wave_A"-free
// names into name and unit.
var nameUnit = regexp.MustCompile(`^\s*([^\[\(]*?)\s*[\[\(]\s*(.*?)\s*[\]\)]\s*$`)

func splitFields(line string, sep byte) []string {
	var f []string
	if sep == ' ' {
		f = strings.Fields(line)
	} else {
		f = strings.Split(line, string(sep))
	}
	for i := range f {
		f[i] = strings.Trim(strings.TrimSpace(f[i]), `"`)
	}
	return f
}

func parseNumber(s string) (float64, bool) {
	switch strings.ToLower(s) {
	case "", "nan", "null", "none", "--":
		return math.NaN(), true
	}
	v, err := strconv.ParseFloat(strings.NewReplacer("D", "E", "d", "e").Replace(s), 64)
	return v, err == nil
}

// readText reads a one-row-per-pixel text table.
func readText(b []byte) (*Spectrum, error) {
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	var header string
	var rows []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "#") || strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!") {
			if len(rows) == 0 {
				header = strings.TrimSpace(strings.TrimLeft(t, "#%! "))
			}
			continue
		}
		if len(rows) == 0 {
			first := strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
			if len(first) == 0 {
				continue
			}
			if _, ok := parseNumber(first[0]); !ok {
				header = t
				continue
			}
		}
		rows = append(rows, t)
	}
	if header == "" || len(rows) == 0 {
		return nil, errNotText
	}
	sep := byte(' ')
	switch {
	case strings.Contains(rows[0], ","):
		sep = ','
	case strings.Contains(rows[0], "\t"):
		sep = '\t'
	}
	hsep := sep
	if hsep == '\t' && !strings.Contains(header, "\t") || hsep == ',' && !strings.Contains(header, ",") {
		hsep = ' '
	}
	names := splitFields(header, hsep)
	if hsep == ' ' {
		names = joinUnits(names)
	}
	infos := make([]colInfo, len(names))
	for i, n := range names {
		infos[i] = colInfo{name: n, numeric: true}
		if m := nameUnit.FindStringSubmatch(n); m != nil {
			infos[i].name, infos[i].unit = m[1], m[2]
		}
	}
	cols := make([][]float64, len(names))
	for r, l := range rows {
		f := splitFields(l, sep)
		if len(f) != len(names) {
			if r == 0 {
				return nil, errNotText
			}
			return nil, fmt.Errorf("text table: line %q has %d fields but the header %q names %d columns", l, len(f), header, len(names))
		}
		for i, s := range f {
			v, ok := parseNumber(s)
			if !ok {
				if r == 0 {
					return nil, errNotText
				}
				return nil, fmt.Errorf("text table: column %s, row %d: %q is not a number", infos[i].name, r+1, s)
			}
			cols[i] = append(cols[i], v)
		}
	}
	ro := pickRoles(infos)
	if ro.spectral < 0 {
		return nil, fmt.Errorf("text table: no wavelength column (wave, wavelength, lambda, loglam, freq ...) among the header's columns %s", strings.Join(names, ", "))
	}
	if ro.flux < 0 {
		return nil, fmt.Errorf("text table: no FLUX column (flux, flam, fnu, counts ...) among the header's columns %s", strings.Join(names, ", "))
	}
	lay := &tableLayout{roles: ro}
	values := map[int][]float64{}
	want := []int{ro.spectral, ro.flux}
	for _, i := range []int{ro.err, ro.qual} {
		if i >= 0 {
			want = append(want, i)
		}
	}
	for i, in := range infos {
		lay.cols = append(lay.cols, tcol{colInfo: in, index: i})
		values[i] = cols[i]
		if i != ro.spectral && i != ro.flux && i != ro.err && i != ro.qual {
			want = append(want, i)
		}
	}
	return buildFromColumns(lay, want, values), nil
}

// joinUnits glues "flux (erg/s/cm2/A)" back together after a split on
// blanks: a field that opens a bracket belongs with the one before.
func joinUnits(f []string) []string {
	var out []string
	depth := 0
	for _, s := range f {
		if len(out) > 0 && (depth > 0 || strings.HasPrefix(s, "(") || strings.HasPrefix(s, "[")) {
			out[len(out)-1] += " " + s
		} else {
			out = append(out, s)
		}
		depth += strings.Count(s, "(") + strings.Count(s, "[") - strings.Count(s, ")") - strings.Count(s, "]")
	}
	return out
}
