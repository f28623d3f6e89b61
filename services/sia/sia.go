// Package sia is a client for IVOA Simple Image Access 2.0 (SIA 2.0)
// services, modelled on pyvo's dal.sia2: a Query of the SIA parameters
// (POS, BAND, TIME, ...; each may be repeated), sent to a service's query
// endpoint, answered with ObsCore-shaped rows read into Records. Archives
// without SIA (ESO) expose the same rows in ivoa.ObsCore: ObsCoreADQL
// writes the query as ADQL and SearchTAP runs it through services/tap.
package sia

import (
	"context"
	"errors"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"esodesk/services/dal"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

const op = "SIA query"

// Service is one SIA 2.0 query endpoint (e.g. .../siap2.xml, .../query).
type Service struct {
	URL    string
	Client *vohttp.Client
}

// New returns a Service for the query endpoint baseURL; client nil means
// vohttp.Default.
func New(baseURL string, c *vohttp.Client) *Service {
	if c == nil {
		c = vohttp.Default
	}
	return &Service{URL: strings.TrimSpace(baseURL), Client: c}
}

// Shape is a POS value: a Circle, a Range or a Polygon.
type Shape interface {
	// value is the SIA POS text ("CIRCLE ra dec r", ...).
	value() string
	validate() error
	// adql is the ADQL geometry of the shape, for INTERSECTS.
	adql() (string, error)
}

// Circle is a cone: centre and radius, ICRS degrees.
type Circle struct{ RA, Dec, Radius float64 }

// Range is a box in RA and Dec (degrees); ±Inf leaves an end open.
type Range struct{ RA1, RA2, Dec1, Dec2 float64 }

// Polygon is a list of vertices, ICRS degrees (at least three).
type Polygon []Point

// Point is one vertex of a Polygon.
type Point struct{ RA, Dec float64 }

// Interval is a closed range of numbers; -Inf/+Inf leave an end open
// (e.g. Interval{Lo: 5e-7, Hi: math.Inf(1)}), written as DALI writes them.
type Interval struct{ Lo, Hi float64 }

// String is the DALI interval "lo hi" SIA sends.
func (iv Interval) String() string { return num(iv.Lo) + " " + num(iv.Hi) }

// Query holds the SIA 2.0 parameters. Each list sends one parameter per
// element; a service ORs the values of one parameter and ANDs the
// parameters (SIA 2.0 §2.1). Empty lists are left out.
type Query struct {
	Pos     []Shape
	Band    []Interval // wavelength in metres
	Time    []Interval // MJD
	Pol     []string   // polarization states (I, Q, U, V, RR, ...)
	FOV     []Interval // field of view, degrees
	SpatRes []Interval // spatial resolution, degrees
	ExpTime []Interval // exposure time, seconds

	ID, Collection, Facility, Instrument []string
	DPType                               []string // "image" or "cube"
	Calib                                []int    // calibration levels 0..4
	Target                               []string

	// MaxRec limits the number of records (0: the service's default).
	MaxRec int
	// Progress, if set, is called now and then with the rows read so far.
	Progress func(rows int)
}

// ErrInvalidQuery is wrapped by errors about the query itself, found before
// anything is sent.
var ErrInvalidQuery = errors.New("invalid SIA query")

func invalid(format string, a ...any) error { return dal.Invalid(ErrInvalidQuery, format, a...) }

func checkRA(v float64) error {
	if !dal.Finite(v) || v < 0 || v > 360 {
		return invalid("POS: RA must be between 0 and 360 degrees, got %v", v)
	}
	return nil
}

func checkDec(v float64) error {
	if !dal.Finite(v) || v < -90 || v > 90 {
		return invalid("POS: Dec must be between -90 and +90 degrees, got %v", v)
	}
	return nil
}

func (c Circle) validate() error {
	if err := checkRA(c.RA); err != nil {
		return err
	}
	if err := checkDec(c.Dec); err != nil {
		return err
	}
	if !dal.Finite(c.Radius) || c.Radius <= 0 || c.Radius > 180 {
		return invalid("POS: the radius must be > 0 degrees (and at most 180), got %v", c.Radius)
	}
	return nil
}

func (r Range) validate() error {
	for _, v := range []float64{r.RA1, r.RA2} {
		if !math.IsInf(v, 0) {
			if err := checkRA(v); err != nil {
				return err
			}
		}
	}
	for _, v := range []float64{r.Dec1, r.Dec2} {
		if !math.IsInf(v, 0) {
			if err := checkDec(v); err != nil {
				return err
			}
		}
	}
	if math.IsNaN(r.RA1) || math.IsNaN(r.RA2) || math.IsNaN(r.Dec1) || math.IsNaN(r.Dec2) {
		return invalid("POS: a RANGE needs four numbers")
	}
	if r.RA1 > r.RA2 || r.Dec1 > r.Dec2 {
		return invalid("POS: a RANGE goes from low to high (RA %v..%v, Dec %v..%v)", r.RA1, r.RA2, r.Dec1, r.Dec2)
	}
	return nil
}

func (p Polygon) validate() error {
	if len(p) < 3 {
		return invalid("POS: a POLYGON needs at least 3 vertices, got %d", len(p))
	}
	for _, v := range p {
		if err := checkRA(v.RA); err != nil {
			return err
		}
		if err := checkDec(v.Dec); err != nil {
			return err
		}
	}
	return nil
}

func (c Circle) value() string { return "CIRCLE " + nums(c.RA, c.Dec, c.Radius) }
func (r Range) value() string  { return "RANGE " + nums(r.RA1, r.RA2, r.Dec1, r.Dec2) }
func (p Polygon) value() string {
	v := make([]float64, 0, 2*len(p))
	for _, pt := range p {
		v = append(v, pt.RA, pt.Dec)
	}
	return "POLYGON " + nums(v...)
}

// num writes a number as DALI does: shortest form, ±Inf for open ends.
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

// checkIntervals validates the intervals of one parameter; lowest is the
// smallest value allowed (0 for wavelengths, durations and angles).
func checkIntervals(name, unit string, ivs []Interval, nonNegative bool) error {
	for _, iv := range ivs {
		if math.IsNaN(iv.Lo) || math.IsNaN(iv.Hi) {
			return invalid("%s: give two numbers (%s); use -Inf/+Inf for an open end", name, unit)
		}
		if iv.Lo > iv.Hi {
			return invalid("%s: the interval starts (%v) after it ends (%v)", name, iv.Lo, iv.Hi)
		}
		if math.IsInf(iv.Lo, 1) || math.IsInf(iv.Hi, -1) {
			return invalid("%s: the interval %s is empty", name, iv)
		}
		if nonNegative && (iv.Lo < 0 || iv.Hi < 0) && !math.IsInf(iv.Lo, -1) {
			return invalid("%s: values must not be negative (%s), got %s", name, unit, iv)
		}
	}
	return nil
}

func checkStrings(name string, vs []string) error {
	for _, v := range vs {
		if strings.TrimSpace(v) == "" {
			return invalid("%s: an empty value matches nothing; leave the parameter out instead", name)
		}
		if strings.ContainsRune(v, 0) {
			return invalid("%s: a NUL character cannot be sent", name)
		}
	}
	return nil
}

// Validate checks the parameters before anything is sent; errors wrap
// ErrInvalidQuery and name the parameter.
func (q Query) Validate() error {
	for _, s := range q.Pos {
		if s == nil {
			return invalid("POS: empty shape")
		}
		if err := s.validate(); err != nil {
			return err
		}
	}
	if err := checkIntervals("BAND", "metres", q.Band, true); err != nil {
		return err
	}
	if err := checkIntervals("TIME", "MJD", q.Time, false); err != nil {
		return err
	}
	if err := checkIntervals("FOV", "degrees", q.FOV, true); err != nil {
		return err
	}
	if err := checkIntervals("SPATRES", "degrees", q.SpatRes, true); err != nil {
		return err
	}
	if err := checkIntervals("EXPTIME", "seconds", q.ExpTime, true); err != nil {
		return err
	}
	for name, vs := range map[string][]string{"POL": q.Pol, "ID": q.ID, "COLLECTION": q.Collection,
		"FACILITY": q.Facility, "INSTRUMENT": q.Instrument, "TARGET": q.Target} {
		if err := checkStrings(name, vs); err != nil {
			return err
		}
	}
	for _, d := range q.DPType {
		if d != "image" && d != "cube" {
			return invalid("DPTYPE: must be image or cube, got %q", d)
		}
	}
	for _, c := range q.Calib {
		if c < 0 || c > 4 {
			return invalid("CALIB: calibration levels go from 0 to 4, got %d", c)
		}
	}
	if q.MaxRec < 0 {
		return invalid("MAXREC: must not be negative, got %d", q.MaxRec)
	}
	return nil
}

// Values are the request parameters of q, repeated parameters in order.
func (q Query) Values() url.Values {
	v := url.Values{}
	for _, s := range q.Pos {
		v.Add("POS", s.value())
	}
	ivs := func(name string, list []Interval) {
		for _, iv := range list {
			v.Add(name, iv.String())
		}
	}
	strs := func(name string, list []string) {
		for _, s := range list {
			v.Add(name, s)
		}
	}
	ivs("BAND", q.Band)
	ivs("TIME", q.Time)
	strs("POL", q.Pol)
	ivs("FOV", q.FOV)
	ivs("SPATRES", q.SpatRes)
	ivs("EXPTIME", q.ExpTime)
	strs("ID", q.ID)
	strs("COLLECTION", q.Collection)
	strs("FACILITY", q.Facility)
	strs("INSTRUMENT", q.Instrument)
	strs("DPTYPE", q.DPType)
	for _, c := range q.Calib {
		v.Add("CALIB", strconv.Itoa(c))
	}
	strs("TARGET", q.Target)
	if q.MaxRec > 0 {
		v.Set("MAXREC", strconv.Itoa(q.MaxRec))
	}
	return v
}

// RequestURL is the GET URL Search sends for q; parameters already in the
// service URL are kept unless q sets them.
func (s *Service) RequestURL(q Query) (string, error) {
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", &vohttp.Error{Op: op, URL: vohttp.Redact(s.URL), Kind: vohttp.KindProtocol,
			Message: "invalid SIA service URL: give the http(s) URL of its query endpoint"}
	}
	all := u.Query()
	for k, vals := range q.Values() {
		for old := range all {
			if strings.EqualFold(old, k) {
				delete(all, old)
			}
		}
		all[k] = vals
	}
	u.RawQuery = all.Encode()
	return u.String(), nil
}

// Result is the answer to a Search or SearchTAP: the shared dal.Result
// (URL, Document, Table, Status, Overflow) and one Record per row.
type Result struct {
	dal.Result
	Records []Record
	// Columns says which table column fed each Record field (-1: none).
	Columns Columns
	// ADQL is the query SearchTAP ran ("" for Search).
	ADQL    string
	Elapsed time.Duration
}

// Search runs q on the SIA service. QUERY_STATUS=ERROR becomes a
// KindService *vohttp.Error with the service's message; a web page instead
// of a VOTable a KindProtocol one; bad parameters an error wrapping
// ErrInvalidQuery.
func (s *Service) Search(ctx context.Context, q Query) (*Result, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	reqURL, err := s.RequestURL(q)
	if err != nil {
		return nil, err
	}
	r, took, err := dal.Get(ctx, s.Client, op, reqURL, dal.Options{Progress: q.Progress})
	if err != nil {
		return nil, err
	}
	res := withRecords(r)
	res.Elapsed = took
	return res, nil
}

// FromDocument reads an SIA (or ObsCore) response already parsed.
func FromDocument(doc *votable.Document) (*Result, error) {
	r, err := dal.FromDocument(op, doc, dal.Options{})
	if err != nil {
		return nil, err
	}
	return withRecords(r), nil
}

func withRecords(r *dal.Result) *Result {
	res := &Result{Result: *r, Columns: FindColumns(r.Table)}
	res.Records = records(r.Table, res.Columns)
	return res
}
