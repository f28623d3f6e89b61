package fits

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// tcol is one table column as declared by the header.
type tcol struct {
	colInfo
	index    int  // 0-based
	code     byte // TFORM type letter
	repeat   int
	width    int // bytes per row (binary tables)
	scale    float64
	zero     float64
	scaled   bool
	null     int64
	hasNull  bool
	variable bool   // P/Q descriptor
	offset   int    // byte offset in the row
	nullStr  string // TNULL of an ASCII table column
}

// tableLayout is a table HDU whose columns have been checked and given roles.
type tableLayout struct {
	h      *hdu
	cols   []tcol
	roles  roles
	n      int  // pixels
	vector bool // one row, arrays in cells (ESO SDP)
	score  int
}

var binWidth = map[byte]int{'L': 1, 'B': 1, 'I': 2, 'J': 4, 'K': 8, 'A': 1, 'E': 4, 'D': 8, 'C': 8, 'M': 16, 'P': 8, 'Q': 16}

// layoutTable reads a table header, checks it against NAXIS1/NAXIS2 and
// picks the columns' roles. errNoTable means "not a spectrum table".
func layoutTable(h *hdu) (*tableLayout, error) {
	if len(h.axes) != 2 {
		return nil, fmt.Errorf("%s: a table needs NAXIS = 2, found NAXIS = %d", h.label(), len(h.axes))
	}
	rowLen, nrows := h.axes[0], h.axes[1]
	nf, ok := h.int("TFIELDS")
	if !ok || nf < 0 || nf > 999 {
		return nil, fmt.Errorf("%s: missing or invalid TFIELDS", h.label())
	}
	ascii := h.xtension == "TABLE"
	lay := &tableLayout{h: h}
	sum := 0
	for i := 1; i <= nf; i++ {
		c, err := parseColumn(h, i, ascii)
		if err != nil {
			return nil, err
		}
		if ascii {
			start, ok := h.int(fmt.Sprintf("TBCOL%d", i))
			c.offset = start - 1
			if !ok || start < 1 || start-1+c.width > rowLen {
				return nil, fmt.Errorf("%s: column %d (%s) lies outside the %d-byte row (TBCOL%d = %q)", h.label(), i, c.name, rowLen, i, h.str(fmt.Sprintf("TBCOL%d", i)))
			}
		}
		if !ascii {
			c.offset = sum
		}
		sum += c.width
		lay.cols = append(lay.cols, c)
	}
	if !ascii && sum != rowLen {
		return nil, fmt.Errorf("%s: the columns' TFORMs add up to %d bytes per row but NAXIS1 = %d", h.label(), sum, rowLen)
	}
	infos := make([]colInfo, len(lay.cols))
	for i, c := range lay.cols {
		infos[i] = c.colInfo
	}
	lay.roles = pickRoles(infos)
	voclass := strings.ToUpper(strings.TrimSpace(h.str("VOCLASS")))
	isSDP := strings.HasPrefix(voclass, "SPECTRUM")
	if lay.roles.spectral < 0 {
		if isSDP {
			return nil, fmt.Errorf("%s: VOCLASS %q but no spectral axis column (utype spec:Data.SpectralAxis.Value, UCD em.wl or a WAVE column)", h.label(), h.str("VOCLASS"))
		}
		return nil, errNoTable
	}
	spec := lay.cols[lay.roles.spectral]
	if lay.roles.flux < 0 {
		return nil, fmt.Errorf("%s: has a spectral axis (%s) but no flux column (utype spec:Data.FluxAxis.Value, UCD phot.flux... or a column named FLUX)", h.label(), spec.name)
	}
	if nrows == 0 {
		return nil, fmt.Errorf("%s: the spectrum table has no rows", h.label())
	}
	// ESO SDP tables have one row of arrays; a table with more such rows
	// (several spectra) is read from its first row.
	lay.vector = spec.repeat > 1
	if lay.vector {
		lay.n = spec.repeat
	} else {
		lay.n = nrows
	}
	for _, role := range []int{lay.roles.flux, lay.roles.err, lay.roles.qual} {
		if role >= 0 && lay.cols[role].repeat != spec.repeat {
			return nil, fmt.Errorf("%s: array lengths disagree: %s has %d values per row, %s has %d", h.label(), spec.name, spec.repeat, lay.cols[role].name, lay.cols[role].repeat)
		}
	}
	lay.score = 1
	if isSDP {
		lay.score += 4
	}
	if strings.EqualFold(strings.TrimSpace(h.str("EXTNAME")), "SPECTRUM") {
		lay.score += 2
	}
	return lay, nil
}

func parseColumn(h *hdu, i int, ascii bool) (tcol, error) {
	key := func(k string) string { return strings.TrimSpace(h.str(fmt.Sprintf("%s%d", k, i))) }
	c := tcol{index: i - 1, scale: 1}
	c.name = key("TTYPE")
	c.unit = key("TUNIT")
	c.ucd = key("TUCD")
	c.utype = key("TUTYP")
	if c.utype == "" {
		c.utype = key("TUTYPE")
	}
	form := strings.ToUpper(key("TFORM"))
	if form == "" {
		return c, fmt.Errorf("%s: column %d (%s) has no TFORM%d", h.label(), i, c.name, i)
	}
	if ascii {
		c.code, c.repeat = form[0], 1
		w, err := strconv.Atoi(strings.SplitN(form[1:], ".", 2)[0])
		if err != nil || w <= 0 {
			return c, fmt.Errorf("%s: column %d (%s): bad TFORM%d %q", h.label(), i, c.name, i, form)
		}
		c.width = w
		c.numeric = strings.IndexByte("FEDI", c.code) >= 0
	} else {
		j := 0
		for j < len(form) && form[j] >= '0' && form[j] <= '9' {
			j++
		}
		c.repeat = 1
		if j > 0 {
			r, err := strconv.Atoi(form[:j])
			if err != nil || r > 1<<40 {
				return c, fmt.Errorf("%s: column %d (%s): bad TFORM%d %q", h.label(), i, c.name, i, form)
			}
			c.repeat = r
		}
		if j >= len(form) {
			return c, fmt.Errorf("%s: column %d (%s): bad TFORM%d %q", h.label(), i, c.name, i, form)
		}
		c.code = form[j]
		switch c.code {
		case 'X':
			c.width = (c.repeat + 7) / 8
		default:
			w, ok := binWidth[c.code]
			if !ok {
				return c, fmt.Errorf("%s: column %d (%s): unknown TFORM%d type %q", h.label(), i, c.name, i, form)
			}
			c.width = w * c.repeat
		}
		c.variable = c.code == 'P' || c.code == 'Q'
		c.numeric = strings.IndexByte("BIJKED", c.code) >= 0 && c.repeat > 0
	}
	if v, ok := h.float(fmt.Sprintf("TSCAL%d", i)); ok && v != 0 {
		c.scale, c.scaled = v, true
	}
	if v, ok := h.float(fmt.Sprintf("TZERO%d", i)); ok {
		c.zero, c.scaled = v, true
	}
	c.nullStr = h.str(fmt.Sprintf("TNULL%d", i))
	if v, err := strconv.ParseInt(key("TNULL"), 10, 64); err == nil {
		c.null, c.hasNull = v, true
	}
	return c, nil
}

// readTable decodes the chosen columns and builds the spectrum.
func readTable(ctx context.Context, data []byte, lay *tableLayout) (*Spectrum, error) {
	spec := lay.cols[lay.roles.spectral]
	// Columns to read: the roles and every other numeric column of the same shape.
	want := []int{lay.roles.spectral, lay.roles.flux}
	for _, i := range []int{lay.roles.err, lay.roles.qual} {
		if i >= 0 {
			want = append(want, i)
		}
	}
	taken := map[int]bool{}
	for _, i := range want {
		taken[i] = true
	}
	for i, c := range lay.cols {
		if !taken[i] && c.numeric && c.repeat == spec.repeat {
			want = append(want, i)
		}
	}
	rows := lay.n
	if lay.vector {
		rows = 1 // ESO SDP: the first (normally only) row holds the arrays
	}
	if t, ok := fitsioTable(lay); ok {
		values, err := readCellsFitsio(ctx, t, lay, want, rows)
		if err != nil {
			return nil, err
		}
		return buildFromColumns(lay, want, values), nil
	}
	// Our own decoder: ASCII tables and the tables fitsio cannot read (see
	// fitsioTable).
	values := make(map[int][]float64, len(want))
	for _, i := range want {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		v, err := readColumn(data, lay, lay.cols[i], rows)
		if err != nil {
			return nil, err
		}
		values[i] = v
	}
	return buildFromColumns(lay, want, values), nil
}

// buildFromColumns turns the decoded columns into a Spectrum.
func buildFromColumns(lay *tableLayout, want []int, values map[int][]float64) *Spectrum {
	r := lay.roles
	spec := lay.cols[r.spectral]
	s := &Spectrum{
		Axis:     axisFor(spec.colInfo),
		WaveUnit: spec.unit,
		Air:      isAir(spec.ucd),
		Wave:     values[r.spectral],
		Flux:     values[r.flux],
		FluxUnit: lay.cols[r.flux].unit,
	}
	if r.logWave {
		for i, v := range s.Wave {
			s.Wave[i] = math.Pow(10, v)
		}
		if u := strings.ToLower(s.WaveUnit); u == "" || strings.Contains(u, "log") {
			s.WaveUnit = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(u, "log("), "log10("), ")")
			if NormalizeUnit(s.WaveUnit) == "" {
				s.WaveUnit = "" // assumed Ångström where the values allow (assumeWaveUnit)
			}
		}
	}
	if r.err >= 0 {
		s.Err = errorToSigma(values[r.err], r.errKind)
	}
	if r.qual >= 0 {
		q := values[r.qual]
		s.Quality = make([]int32, len(q))
		for i, v := range q {
			if math.IsNaN(v) {
				s.Quality[i] = -1
			} else {
				s.Quality[i] = int32(v)
			}
		}
	}
	for _, i := range want {
		if i == r.spectral || i == r.flux || i == r.err || i == r.qual {
			continue
		}
		c := lay.cols[i]
		s.Extra = append(s.Extra, Array{Name: c.name, Unit: c.unit, UCD: c.ucd, Utype: c.utype, Values: values[i]})
	}
	return s
}

func errorToSigma(v []float64, kind errKind) []float64 {
	switch kind {
	case errIvar:
		for i, x := range v {
			if x > 0 {
				v[i] = 1 / math.Sqrt(x)
			} else {
				v[i] = math.NaN()
			}
		}
	case errVariance:
		for i, x := range v {
			if x >= 0 {
				v[i] = math.Sqrt(x)
			} else {
				v[i] = math.NaN()
			}
		}
	}
	return v
}
