package lines

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"esodesk/fits"
)

// ReadCSV reads a user's line list. The first non-comment line is a header
// naming the columns (case does not matter; lines starting with # are
// comments):
//
//   - name (or line, label, species): the line's label;
//   - the wavelength: wavelength, wave, lambda, rest, vacuum or air, with its
//     unit in the name ("wavelength_A", "wave (nm)", "lambda[um]") or in a
//     separate unit column holding it per row;
//   - optional: air or medium (true/false, yes/no, 1/0, air/vacuum) saying
//     the row's wavelength is in air; a column named air... or vacuum... says
//     it for every row. Without either, wavelengths are taken as vacuum;
//   - optional: kind (emission, absorption, sky, telluric; default emission).
//
// The list's Name is left empty for the caller (a file name, say).
func ReadCSV(r io.Reader) (List, error) {
	rows, err := readRows(r)
	if err != nil {
		return List{}, err
	}
	if len(rows) == 0 {
		return List{}, errors.New("the line list is empty: it needs a header line (name,wavelength_A,...) and one line per spectral line")
	}
	h, err := parseHeader(rows[0])
	if err != nil {
		return List{}, err
	}
	var out List
	for _, row := range rows[1:] {
		l, err := h.parseLine(row)
		if err != nil {
			return List{}, fmt.Errorf("line %d: %w", row.line, err)
		}
		out.Lines = append(out.Lines, l)
	}
	if len(out.Lines) == 0 {
		return List{}, errors.New("the line list has a header but no lines")
	}
	return out, nil
}

type row struct {
	line   int // 1-based line number in the input
	fields []string
}

// readRows reads every CSV record, trimmed, with its line number; every
// record must have as many fields as the first.
func readRows(r io.Reader) ([]row, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.TrimLeadingSpace = true
	cr.FieldsPerRecord = -1
	var rows []row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("not a valid CSV file: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		if len(rows) > 0 && len(rec) != len(rows[0].fields) {
			return nil, fmt.Errorf("line %d: %d fields, but the header has %d", line, len(rec), len(rows[0].fields))
		}
		rows = append(rows, row{line, rec})
	}
}

// header is where each column is (-1: absent) and the unit and medium the
// column names give.
type header struct {
	line                     int
	name, wave, unit, medium int
	kind                     int
	waveUnit                 string // from the wavelength column's name
	air                      bool   // the wavelength column is named air...
}

var unitInName = regexp.MustCompile(`^([a-z]+)\s*(?:[_ ]\s*([^\s()\[\]]+)|\(\s*([^)]*)\)|\[\s*([^\]]*)\])?$`)

func parseHeader(r row) (header, error) {
	h := header{line: r.line, name: -1, wave: -1, unit: -1, medium: -1, kind: -1}
	set := func(p *int, i int, col string) error {
		if *p >= 0 {
			return fmt.Errorf("line %d: two columns (%q and %q) say the same thing", r.line, r.fields[*p], col)
		}
		*p = i
		return nil
	}
	for i, col := range r.fields {
		m := unitInName.FindStringSubmatch(strings.ToLower(col))
		if m == nil {
			continue // a column we do not use
		}
		base, unit := m[1], m[2]+m[3]+m[4]
		var err error
		switch base {
		case "name", "line", "label", "species", "ion":
			err = set(&h.name, i, col)
		case "unit", "units":
			err = set(&h.unit, i, col)
		case "kind", "type":
			err = set(&h.kind, i, col)
		case "medium":
			err = set(&h.medium, i, col)
		case "air", "vacuum", "vac":
			if unit == "" && base == "air" {
				err = set(&h.medium, i, col) // a true/false column
				break
			}
			h.air = base == "air"
			fallthrough
		case "wavelength", "wave", "lambda", "wl", "rest", "restwave":
			if err = set(&h.wave, i, col); err == nil && unit != "" {
				h.waveUnit = fits.NormalizeUnit(unit)
				if h.waveUnit == "" || fits.UnitAxis(h.waveUnit) != "wavelength" {
					err = fmt.Errorf("line %d: column %q: %q is not a wavelength unit (use Angstrom, nm, um or m)", r.line, col, unit)
				}
			}
		}
		if err != nil {
			return h, err
		}
	}
	switch {
	case h.name < 0:
		return h, fmt.Errorf("line %d: the header has no name column: name the column of line labels \"name\"", r.line)
	case h.wave < 0:
		return h, fmt.Errorf("line %d: the header has no wavelength column: name it \"wavelength_A\", \"wavelength (nm)\" or similar", r.line)
	case h.waveUnit == "" && h.unit < 0:
		return h, fmt.Errorf("line %d: the header gives no wavelength unit: add a unit column or put the unit in the column name, e.g. \"wavelength_A\"", r.line)
	}
	return h, nil
}

func (h header) parseLine(r row) (Line, error) {
	name := r.fields[h.name]
	if name == "" {
		return Line{}, errors.New("the line has no name")
	}
	w, err := parseNumber(r.fields[h.wave])
	if err != nil {
		return Line{}, fmt.Errorf("%s: wavelength: %w", name, err)
	}
	if w <= 0 {
		return Line{}, fmt.Errorf("%s: wavelength %v is not positive", name, r.fields[h.wave])
	}
	unit := h.waveUnit
	if h.unit >= 0 && r.fields[h.unit] != "" {
		unit = fits.NormalizeUnit(r.fields[h.unit])
		if unit == "" || fits.UnitAxis(unit) != "wavelength" {
			return Line{}, fmt.Errorf("%s: %q is not a wavelength unit (use Angstrom, nm, um or m)", name, r.fields[h.unit])
		}
	}
	if unit == "" {
		return Line{}, fmt.Errorf("%s: the unit column is empty", name)
	}
	m, _ := fits.ConvertWave([]float64{w}, unit, fits.UnitM)
	air := h.air
	if h.medium >= 0 {
		switch strings.ToLower(r.fields[h.medium]) {
		case "air", "true", "yes", "y", "t", "1":
			air = true
		case "vacuum", "vac", "false", "no", "n", "f", "0", "":
			air = false
		default:
			return Line{}, fmt.Errorf("%s: %q does not say air or vacuum (use air/vacuum, true/false, yes/no)", name, r.fields[h.medium])
		}
	}
	l := Line{Name: name, Kind: "emission"}
	if h.kind >= 0 && r.fields[h.kind] != "" {
		l.Kind = strings.ToLower(r.fields[h.kind])
	}
	if air {
		l.Air, l.Vacuum = m[0], AirToVacuum(m[0])
	} else {
		l.Vacuum, l.Air = m[0], VacuumToAir(m[0])
	}
	return l, nil
}

func parseNumber(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return v, nil
}
