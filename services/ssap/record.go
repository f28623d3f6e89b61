package ssap

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"esodesk/services/votable"
)

// Record is one spectrum of an SSA result. Numbers the service did not give
// are NaN; Size is -1 when unknown.
type Record struct {
	Row int // index in Result.Table

	Title, Target string
	RA, Dec       float64 // degrees

	// Spectral coverage in metres (converted from the column's unit).
	SpecMin, SpecMax, SpecMid, Bandwidth float64
	// SpecRes is the resolution in metres; ResPower is λ/Δλ. When only one
	// is given and the mid wavelength is known, the other is derived.
	SpecRes, ResPower float64
	SNR               float64

	Collection, Publisher, Instrument string

	AccessURL string
	Format    string // MIME type, e.g. application/x-fits-bintable
	Size      int64  // estimated, bytes
	// DataLinkURL is the DataLink {links} request for this spectrum, from a
	// DataLink column, the service descriptor, or an access URL that is
	// itself DataLink; "" if none.
	DataLinkURL string

	PublisherDID, CreatorDID string
	// ID is the short dataset identifier to show and use with ESO services:
	// the ESO dp_id when available, else the dataset or publisher DID.
	ID string

	// MJD is the observation's mid time (or its start); ExpTime in seconds.
	MJD, ExpTime float64
}

// Time is MJD as a UTC time (zero Time when unknown).
func (r Record) Time() time.Time {
	if math.IsNaN(r.MJD) {
		return time.Time{}
	}
	return MJDToTime(r.MJD)
}

// IsDataLinkFormat reports whether a MIME type names a DataLink document.
func IsDataLinkFormat(mime string) bool {
	return strings.Contains(strings.ToLower(mime), "content=datalink")
}

func records(doc *votable.Document, t *votable.Table, c Columns) []Record {
	n := t.NumRows()
	out := make([]Record, n)
	dl := findLinksDescriptor(doc, t)
	for i := 0; i < n; i++ {
		r := Record{Row: i, RA: math.NaN(), Dec: math.NaN(), Size: -1}
		r.Title = str(t, c.Title, i)
		r.Target = str(t, c.Target, i)
		if c.RA >= 0 && c.Dec >= 0 {
			r.RA, r.Dec = num(t, c.RA, i), num(t, c.Dec, i)
		}
		if (math.IsNaN(r.RA) || math.IsNaN(r.Dec)) && c.Pos >= 0 {
			r.RA, r.Dec = pair(t.Columns[c.Pos].Value(i))
		}
		r.SpecMin = wave(t, c.SpecMin, i)
		r.SpecMax = wave(t, c.SpecMax, i)
		r.SpecMid = wave(t, c.SpecMid, i)
		r.Bandwidth = wave(t, c.SpecExt, i)
		if math.IsNaN(r.Bandwidth) && !math.IsNaN(r.SpecMin) && !math.IsNaN(r.SpecMax) {
			r.Bandwidth = r.SpecMax - r.SpecMin
		}
		if math.IsNaN(r.SpecMid) && !math.IsNaN(r.SpecMin) && !math.IsNaN(r.SpecMax) {
			r.SpecMid = (r.SpecMin + r.SpecMax) / 2
		}
		r.SpecRes = wave(t, c.SpecRes, i)
		r.ResPower = num(t, c.ResPower, i)
		if math.IsNaN(r.ResPower) && r.SpecRes > 0 && r.SpecMid > 0 {
			r.ResPower = r.SpecMid / r.SpecRes
		}
		if math.IsNaN(r.SpecRes) && r.ResPower > 0 && r.SpecMid > 0 {
			r.SpecRes = r.SpecMid / r.ResPower
		}
		r.SNR = num(t, c.SNR, i)
		r.Collection = str(t, c.Collection, i)
		r.Publisher = str(t, c.Publisher, i)
		r.Instrument = str(t, c.Instrument, i)
		r.AccessURL = str(t, c.AccessURL, i)
		r.Format = str(t, c.Format, i)
		r.Size = size(t, c.Size, i)
		r.PublisherDID = str(t, c.PublisherDID, i)
		r.CreatorDID = str(t, c.CreatorDID, i)
		r.ID = firstNonEmpty(str(t, c.ProductID, i), esoID(r.PublisherDID), str(t, c.DatasetID, i), r.PublisherDID)
		r.MJD = mjd(t, c.Time, i)
		if math.IsNaN(r.MJD) {
			start, stop := mjd(t, c.TimeStart, i), mjd(t, c.TimeStop, i)
			switch {
			case !math.IsNaN(start) && !math.IsNaN(stop):
				r.MJD = (start + stop) / 2
			case !math.IsNaN(start):
				r.MJD = start
			}
		}
		r.ExpTime = num(t, c.ExpTime, i)
		r.DataLinkURL = str(t, c.DataLink, i)
		if r.DataLinkURL == "" && dl != nil {
			r.DataLinkURL = dl.url(t, i)
		}
		if r.DataLinkURL == "" && IsDataLinkFormat(r.Format) {
			r.DataLinkURL = r.AccessURL
		}
		out[i] = r
	}
	return out
}

func str(t *votable.Table, col, row int) string {
	if col < 0 {
		return ""
	}
	return strings.TrimSpace(t.Columns[col].String(row))
}

func num(t *votable.Table, col, row int) float64 {
	if col < 0 {
		return math.NaN()
	}
	if v, ok := t.Columns[col].Float(row); ok {
		return v
	}
	// char columns holding numbers (some services write everything as text)
	if v, err := strconv.ParseFloat(str(t, col, row), 64); err == nil {
		return v
	}
	return math.NaN()
}

// pair reads a 2-element position array (numbers, or their text).
func pair(v any) (float64, float64) {
	switch a := v.(type) {
	case []float64:
		if len(a) == 2 {
			return a[0], a[1]
		}
	case []float32:
		if len(a) == 2 {
			return float64(a[0]), float64(a[1])
		}
	case string:
		f := strings.FieldsFunc(a, func(r rune) bool { return r == ' ' || r == ',' })
		if len(f) == 2 {
			x, e1 := strconv.ParseFloat(f[0], 64)
			y, e2 := strconv.ParseFloat(f[1], 64)
			if e1 == nil && e2 == nil {
				return x, y
			}
		}
	}
	return math.NaN(), math.NaN()
}

// wave reads a spectral value and converts it to metres by the column's unit
// (SSA says metres, but not every service listens).
func wave(t *votable.Table, col, row int) float64 {
	v := num(t, col, row)
	if math.IsNaN(v) {
		return v
	}
	return v * metresPer(t.Fields[col].Unit)
}

func metresPer(unit string) float64 {
	switch strings.TrimSpace(unit) {
	case "", "m":
		return 1
	case "cm":
		return 1e-2
	case "mm":
		return 1e-3
	case "um", "µm", "micron", "microns":
		return 1e-6
	case "nm":
		return 1e-9
	case "Angstrom", "angstrom", "AA", "A", "Å", "0.1nm":
		return 1e-10
	}
	return 1
}

// size reads an estimated size in bytes, scaling by the unit (ESO gives kbyte).
func size(t *votable.Table, col, row int) int64 {
	v := num(t, col, row)
	if math.IsNaN(v) || v < 0 {
		return -1
	}
	switch strings.TrimSpace(t.Fields[col].Unit) {
	case "kbyte", "kB", "KB", "kilobyte":
		v *= 1000
	case "KiB", "Kibyte":
		v *= 1024
	case "Mbyte", "MB":
		v *= 1e6
	}
	return int64(math.Round(v))
}

// mjd reads a time as MJD: numbers as they are (SSA times are MJD), ISO
// timestamps converted.
func mjd(t *votable.Table, col, row int) float64 {
	if col < 0 {
		return math.NaN()
	}
	if v, ok := t.Columns[col].Float(row); ok {
		return v
	}
	s := str(t, col, row)
	if s == "" {
		return math.NaN()
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return v
	}
	s = strings.TrimSuffix(strings.Replace(s, " ", "T", 1), "Z")
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"} {
		if tm, err := time.Parse(layout, s); err == nil {
			return TimeToMJD(tm)
		}
	}
	return math.NaN()
}

// esoID returns the dp_id inside an ESO publisher DID
// (ivo://eso.org/ID?ADP.2017-08-11T02:12:48.569), else "".
func esoID(did string) string {
	const prefix = "ivo://eso.org/id?"
	if len(did) > len(prefix) && strings.EqualFold(did[:len(prefix)], prefix) {
		return did[len(prefix):]
	}
	return ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// linksDescriptor is a DataLink {links} service descriptor: its access URL
// and, per input parameter, a constant or the column that gives the value.
type linksDescriptor struct {
	access string
	params []descParam
}

type descParam struct {
	name  string
	col   int // -1: use value
	value string
}

func (d *linksDescriptor) url(t *votable.Table, row int) string {
	u, err := url.Parse(d.access)
	if err != nil {
		return ""
	}
	q := u.Query()
	for _, p := range d.params {
		v := p.value
		if p.col >= 0 {
			v = str(t, p.col, row)
			if v == "" {
				return "" // no identifier in this row: no links for it
			}
		}
		if v != "" {
			q.Set(p.name, v)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// findLinksDescriptor returns the document's DataLink links-1.x service
// descriptor (standardID ivo://ivoa.net/std/DataLink#links...), if any.
func findLinksDescriptor(doc *votable.Document, t *votable.Table) *linksDescriptor {
	for _, r := range doc.ServiceDescriptors() {
		std, _ := r.Param("standardID")
		if !strings.Contains(strings.ToLower(std.Value), "ivo://ivoa.net/std/datalink#links") {
			continue
		}
		acc, ok := r.Param("accessURL")
		if !ok || strings.TrimSpace(acc.Value) == "" {
			continue
		}
		d := &linksDescriptor{access: strings.TrimSpace(acc.Value)}
		in, _ := r.Group("inputParams")
		for _, p := range in.Params {
			dp := descParam{name: p.Name, col: -1, value: p.Value}
			if p.Ref != "" {
				dp.col = fieldByID(t, p.Ref)
				if dp.col < 0 {
					return nil // refers to a column we do not have
				}
			}
			d.params = append(d.params, dp)
		}
		return d
	}
	return nil
}

func fieldByID(t *votable.Table, id string) int {
	for i, f := range t.Fields {
		if f.ID == id {
			return i
		}
	}
	for i, f := range t.Fields {
		if f.ID == "" && f.Name == id {
			return i
		}
	}
	return -1
}
