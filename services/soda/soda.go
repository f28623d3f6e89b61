// Package soda builds IVOA SODA 1.0 synchronous cutout requests from a
// DataLink service descriptor (services/datalink): the dataset ID from the
// descriptor (a fixed value or the row's referenced column) and the cutout
// parameters the descriptor declares (CIRCLE, POLYGON, BAND, TIME, POL),
// nothing it does not declare. The request is a GET URL, handed to the
// download queue as a download.Job.
package soda

import (
	"errors"
	"math"
	"net/url"
	"strconv"
	"strings"

	"esodesk/services/dal"
	"esodesk/services/datalink"
	"esodesk/services/download"
	"esodesk/services/votable"
)

// Interval is a closed range; ±Inf leaves an end open.
type Interval struct{ Lo, Hi float64 }

// Circle is a cone, ICRS degrees.
type Circle struct{ RA, Dec, Radius float64 }

// Point is one polygon vertex, ICRS degrees.
type Point struct{ RA, Dec float64 }

// Cutout is what to cut. Nil/empty fields are not sent.
type Cutout struct {
	// ID is the dataset to cut; "" takes it from the descriptor (its fixed
	// ID value, or the referenced column of Row in Table).
	ID      string
	Circle  *Circle
	Polygon []Point
	Band    *Interval // wavelength, metres
	Time    *Interval // MJD
	Pol     []string
}

// Row names the row of a links (or ObsCore) table whose values fill the
// descriptor's ref inputs; Table nil means no row.
type Row struct {
	Table *votable.Table
	Index int
}

// ErrInvalidCutout is wrapped by errors about the request, found before
// anything is sent.
var ErrInvalidCutout = errors.New("invalid SODA cutout")

func invalid(format string, a ...any) error { return dal.Invalid(ErrInvalidCutout, format, a...) }

func checkPos(name string, ra, dec float64) error {
	if !dal.Finite(ra) || ra < 0 || ra > 360 {
		return invalid("%s: RA must be between 0 and 360 degrees, got %v", name, ra)
	}
	if !dal.Finite(dec) || dec < -90 || dec > 90 {
		return invalid("%s: Dec must be between -90 and +90 degrees, got %v", name, dec)
	}
	return nil
}

func checkInterval(name, unit string, iv *Interval, nonNegative bool) error {
	if iv == nil {
		return nil
	}
	if math.IsNaN(iv.Lo) || math.IsNaN(iv.Hi) || iv.Lo > iv.Hi {
		return invalid("%s: give low and high %s, low ≤ high (got %v %v)", name, unit, iv.Lo, iv.Hi)
	}
	if nonNegative && iv.Lo < 0 && !math.IsInf(iv.Lo, -1) {
		return invalid("%s: %s must not be negative, got %v", name, unit, iv.Lo)
	}
	return nil
}

// Validate checks the cutout's values (not yet against a descriptor).
func (c Cutout) Validate() error {
	if c.Circle != nil {
		if err := checkPos("CIRCLE", c.Circle.RA, c.Circle.Dec); err != nil {
			return err
		}
		if r := c.Circle.Radius; !dal.Finite(r) || r <= 0 || r > 180 {
			return invalid("CIRCLE: the radius must be > 0 degrees (and at most 180), got %v", r)
		}
	}
	if c.Polygon != nil {
		if len(c.Polygon) < 3 {
			return invalid("POLYGON: needs at least 3 vertices, got %d", len(c.Polygon))
		}
		for _, p := range c.Polygon {
			if err := checkPos("POLYGON", p.RA, p.Dec); err != nil {
				return err
			}
		}
	}
	if err := checkInterval("BAND", "wavelengths in metres", c.Band, true); err != nil {
		return err
	}
	if err := checkInterval("TIME", "MJD", c.Time, false); err != nil {
		return err
	}
	for _, p := range c.Pol {
		if strings.TrimSpace(p) == "" {
			return invalid("POL: empty polarization state")
		}
	}
	if c.Circle == nil && c.Polygon == nil && c.Band == nil && c.Time == nil && len(c.Pol) == 0 {
		return invalid("nothing to cut: give a CIRCLE, POLYGON, BAND, TIME or POL")
	}
	return nil
}

func num(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

func nums(v ...float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = num(x)
	}
	return strings.Join(s, " ")
}

// IsSODA reports whether sd describes a SODA service (its standardID, or
// for descriptors without one, the cutout inputs it declares).
func IsSODA(sd *datalink.ServiceDescriptor) bool {
	if strings.HasPrefix(strings.ToLower(sd.StandardID), "ivo://ivoa.net/std/soda") {
		return true
	}
	if sd.StandardID != "" {
		return false
	}
	_, id := sd.Input("ID")
	for _, n := range []string{"CIRCLE", "POLYGON", "BAND", "TIME", "POL", "POS"} {
		if _, ok := sd.Input(n); ok && id {
			return true
		}
	}
	return false
}

// Request is a built cutout: the GET URL and the dataset it cuts.
type Request struct {
	URL string
	ID  string
}

// Build makes the SODA sync GET request for c from sd. Only parameters the
// descriptor declares are sent (a shape goes as POS when the descriptor
// has POS but not CIRCLE/POLYGON); asking for one it lacks is an error naming
// what it does offer. The ID comes from c.ID, else the descriptor's fixed
// ID value, else row's value of the column the ID input refers to.
func Build(sd *datalink.ServiceDescriptor, c Cutout, row Row) (Request, error) {
	if sd == nil {
		return Request{}, invalid("no SODA service descriptor")
	}
	if err := c.Validate(); err != nil {
		return Request{}, err
	}
	id, err := datasetID(sd, c, row)
	if err != nil {
		return Request{}, err
	}
	v := url.Values{}
	v.Set(inputName(sd, "ID"), id)
	var missing []string
	set := func(name, value string) {
		if p, ok := sd.Input(name); ok {
			v.Add(p.Name, value)
		} else {
			missing = append(missing, name)
		}
	}
	// A shape goes as its own parameter (CIRCLE, POLYGON: ESO's) or, for
	// a descriptor that declares only POS (DaCHS's), as POS=CIRCLE ….
	shape := func(name, value string) {
		if _, ok := sd.Input(name); !ok {
			if p, ok := sd.Input("POS"); ok {
				v.Add(p.Name, name+" "+value)
				return
			}
		}
		set(name, value)
	}
	if ci := c.Circle; ci != nil {
		shape("CIRCLE", nums(ci.RA, ci.Dec, ci.Radius))
	}
	if len(c.Polygon) > 0 {
		f := make([]float64, 0, 2*len(c.Polygon))
		for _, p := range c.Polygon {
			f = append(f, p.RA, p.Dec)
		}
		shape("POLYGON", nums(f...))
	}
	if b := c.Band; b != nil {
		set("BAND", nums(b.Lo, b.Hi))
	}
	if t := c.Time; t != nil {
		set("TIME", nums(t.Lo, t.Hi))
	}
	for _, p := range c.Pol {
		set("POL", p)
	}
	if len(missing) > 0 {
		return Request{}, invalid("the cutout service does not take %s; it takes %s",
			strings.Join(missing, ", "), strings.Join(declared(sd), ", "))
	}
	u, err := sd.URL(v)
	if err != nil {
		return Request{}, invalid("%v", err)
	}
	return Request{URL: u, ID: id}, nil
}

// inputName is the descriptor's spelling of a parameter (SODA names are
// upper case, but a descriptor may differ); name when it declares none.
func inputName(sd *datalink.ServiceDescriptor, name string) string {
	if p, ok := sd.Input(name); ok {
		return p.Name
	}
	return name
}

func declared(sd *datalink.ServiceDescriptor) []string {
	var out []string
	for _, p := range sd.Inputs {
		if !strings.EqualFold(p.Name, "ID") && !p.IsFixed() {
			out = append(out, p.Name)
		}
	}
	if len(out) == 0 {
		return []string{"no cutout parameters"}
	}
	return out
}

func datasetID(sd *datalink.ServiceDescriptor, c Cutout, row Row) (string, error) {
	if id := strings.TrimSpace(c.ID); id != "" {
		return id, nil
	}
	p, ok := sd.Input("ID")
	if !ok {
		return "", invalid("the cutout service declares no ID input and no dataset ID was given")
	}
	if p.IsFixed() {
		return p.Value, nil
	}
	if p.Ref != "" && row.Table != nil {
		t := row.Table
		col := -1
		for i, f := range t.Fields {
			if f.ID == p.Ref {
				col = i
				break
			}
		}
		if col < 0 {
			col = t.FieldIndex(p.Ref)
		}
		if col < 0 {
			return "", invalid("the cutout service's ID refers to column %q, which the table lacks", p.Ref)
		}
		if row.Index < 0 || row.Index >= t.NumRows() || t.Columns[col].IsNull(row.Index) {
			return "", invalid("row %d has no %s to cut", row.Index+1, t.Fields[col].Name)
		}
		return strings.TrimSpace(t.Columns[col].String(row.Index)), nil
	}
	if p.Value != "" {
		return p.Value, nil
	}
	return "", invalid("no dataset ID: the cutout service's ID input has neither a value nor a column")
}

// FileName is "<id>_cutout.fits" made safe: an ivo:// ID keeps its last
// part (after '?', '/' or '#'), so ESO's ivo://eso.org/ID?ADP.… gives
// ADP.…_cutout.fits.
func FileName(id string) string {
	base := strings.TrimSpace(id)
	if i := strings.LastIndexAny(base, "?/#"); i >= 0 && i < len(base)-1 {
		base = base[i+1:]
	}
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".fits"), ".fz")
	if base == "" {
		return "cutout.fits"
	}
	if n := download.SanitizeName(base + "_cutout.fits"); n != "" {
		return n
	}
	return "cutout.fits"
}

// Job is the download queue's job for r into dir; needsToken sends the
// ESO token (for proprietary ESO data).
func (r Request) Job(dir string, needsToken bool) download.Job {
	return download.Job{URL: r.URL, Dir: dir, Name: FileName(r.ID), NeedsToken: needsToken}
}

// ErrNoCutout says a DataLink document offers no cutout service.
var ErrNoCutout = errors.New("the DataLink document offers no cutout (#cutout) service")

// FromLinks finds the cutout service of a DataLink document: the first
// #cutout row (or narrower) with a service descriptor, else the first SODA
// descriptor. It returns the descriptor and the row (Index -1 when none)
// whose values fill the descriptor's ref inputs.
func FromLinks(ls *datalink.Links) (*datalink.ServiceDescriptor, Row, error) {
	for i := range ls.Rows {
		l := &ls.Rows[i]
		if l.Service != nil && l.IsA("#cutout") {
			return l.Service, Row{Table: ls.Table, Index: i}, nil
		}
	}
	for _, sd := range ls.Descriptors {
		if IsSODA(sd) {
			return sd, Row{Index: -1}, nil
		}
	}
	return nil, Row{Index: -1}, ErrNoCutout
}
