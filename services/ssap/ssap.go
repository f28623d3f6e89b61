// Package ssap is a client for IVOA Simple Spectral Access (SSA 1.0/1.1)
// services: ESO's SSAP, DaCHS SSA services and others. Search sends a
// queryData request and returns the VOTable (for the result table) together
// with one Record per row, found by utype and UCD so that services with
// different column names read the same.
package ssap

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"esodesk/services/config"
	"esodesk/services/dal"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

// Service is one SSA queryData endpoint.
type Service struct {
	URL    string
	Client *vohttp.Client
	// SizeIsRadius says the service reads SIZE as a cone radius, not the
	// diameter SSA defines. ESO's SSAP behaves so: asked SIZE=0.5 (pyvo's
	// diameter=0.5 deg) it returns spectra up to 0.41 deg from the centre,
	// the same as astroquery's 0.5 deg radius cone (ESO's SSA notebook).
	// When set, Search sends Query.Size/2 so the cone is the one asked for.
	SizeIsRadius bool
}

// New returns a Service for the endpoint baseURL (e.g.
// http://archive.eso.org/ssap); client nil means vohttp.Default.
func New(baseURL string, c *vohttp.Client) *Service {
	if c == nil {
		c = vohttp.Default
	}
	return &Service{URL: strings.TrimSpace(baseURL), Client: c}
}

// ForURL returns a Service for the endpoint ssapURL with the quirks of its
// host set: SizeIsRadius for ESO's SSAP. client nil means vohttp.Default.
func ForURL(ssapURL string, c *vohttp.Client) *Service {
	s := New(ssapURL, c)
	s.SizeIsRadius = config.IsESOHost(ssapURL)
	return s
}

// Pos is a sky position, ICRS degrees.
type Pos struct{ RA, Dec float64 }

// Query holds the SSA parameters. Zero values are left out of the request.
type Query struct {
	// Pos is the cone centre; nil sends no POS.
	Pos *Pos
	// Size is the cone DIAMETER in degrees, as SSA defines it (pyvo sends
	// 2×radius too). Use Diameter to convert a radius.
	Size float64
	// Band is the wavelength range in metres.
	Band Band
	// Time is the SSA TIME value: an ISO 8601 instant or range
	// ("2019-01-01/2019-12-31", open ends allowed). See TimeMJD.
	Time string
	// MaxRec limits the number of records (0: the service's default).
	MaxRec int
	// Format is the SSA FORMAT ("all", "fits", "votable", a MIME type).
	Format string
	// Extra are further parameters (e.g. COLLECTION, TARGETNAME); they
	// override the fields above when they name the same parameter.
	Extra url.Values
	// Progress, if set, is called now and then with the rows read so far.
	Progress func(rows int)
}

// Band is a wavelength interval in metres; 0 leaves that end open.
type Band struct{ Min, Max float64 }

// String is the SSA BAND value: "a/b", "a/", "/b", or "" for no constraint.
func (b Band) String() string {
	if b.Min == 0 && b.Max == 0 {
		return ""
	}
	f := func(v float64) string {
		if v == 0 {
			return ""
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return f(b.Min) + "/" + f(b.Max)
}

// Angle units for Diameter.
const (
	Arcsec = "arcsec"
	Arcmin = "arcmin"
	Degree = "deg"
)

// Diameter converts a cone radius in unit (Arcsec, Arcmin or Degree) into
// the SSA SIZE value: the diameter in degrees.
func Diameter(radius float64, unit string) (float64, error) {
	if math.IsNaN(radius) || math.IsInf(radius, 0) || radius <= 0 {
		return 0, fmt.Errorf("the search radius must be a positive number, got %v", radius)
	}
	switch strings.ToLower(strings.TrimSpace(unit)) {
	case "arcsec", "\"", "as":
		return 2 * radius / 3600, nil
	case "arcmin", "'", "am":
		return 2 * radius / 60, nil
	case "deg", "degree", "degrees", "°", "":
		return 2 * radius, nil
	}
	return 0, fmt.Errorf("unknown angle unit %q (use arcsec, arcmin or deg)", unit)
}

// TimeMJD writes an SSA TIME range from MJD start and end; NaN leaves an
// end open.
func TimeMJD(start, end float64) string {
	f := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return MJDToTime(v).Format("2006-01-02T15:04:05")
	}
	if math.IsNaN(start) && math.IsNaN(end) {
		return ""
	}
	return f(start) + "/" + f(end)
}

// mjdEpoch is MJD 0: 1858-11-17T00:00:00 UTC.
var mjdEpoch = time.Date(1858, 11, 17, 0, 0, 0, 0, time.UTC)

// MJDToTime converts a Modified Julian Date to a UTC time (millisecond precision).
func MJDToTime(mjd float64) time.Time {
	return mjdEpoch.Add(time.Duration(math.Round(mjd*86400e3)) * time.Millisecond)
}

// TimeToMJD converts a time to a Modified Julian Date.
func TimeToMJD(t time.Time) float64 {
	return float64(t.Sub(mjdEpoch).Milliseconds()) / 86400e3
}

// ErrInvalidQuery is wrapped by errors about the query itself, found before
// anything is sent.
var ErrInvalidQuery = errors.New("invalid SSA query")

// Validate checks the parameters a user typed.
func (q Query) Validate() error {
	if q.Pos != nil {
		p := *q.Pos
		if math.IsNaN(p.RA) || p.RA < 0 || p.RA >= 360 {
			return dal.Invalid(ErrInvalidQuery, "RA must be between 0 and 360 degrees, got %v", p.RA)
		}
		if math.IsNaN(p.Dec) || p.Dec < -90 || p.Dec > 90 {
			return dal.Invalid(ErrInvalidQuery, "Dec must be between -90 and +90 degrees, got %v", p.Dec)
		}
	}
	if math.IsNaN(q.Size) || q.Size < 0 || q.Size > 360 {
		return dal.Invalid(ErrInvalidQuery, "the search diameter must be between 0 and 360 degrees, got %v", q.Size)
	}
	if q.Band.Min < 0 || q.Band.Max < 0 || math.IsNaN(q.Band.Min) || math.IsNaN(q.Band.Max) {
		return dal.Invalid(ErrInvalidQuery, "wavelengths must be positive (metres)")
	}
	if q.Band.Min > 0 && q.Band.Max > 0 && q.Band.Min > q.Band.Max {
		return dal.Invalid(ErrInvalidQuery, "the band starts (%g m) after it ends (%g m)", q.Band.Min, q.Band.Max)
	}
	if q.MaxRec < 0 {
		return dal.Invalid(ErrInvalidQuery, "MAXREC must not be negative, got %d", q.MaxRec)
	}
	return nil
}

// Values are the request parameters, REQUEST=queryData first.
func (q Query) Values() url.Values {
	v := url.Values{}
	v.Set("REQUEST", "queryData")
	if q.Pos != nil {
		v.Set("POS", strconv.FormatFloat(q.Pos.RA, 'f', -1, 64)+","+strconv.FormatFloat(q.Pos.Dec, 'f', -1, 64))
	}
	if q.Size > 0 {
		v.Set("SIZE", strconv.FormatFloat(q.Size, 'g', -1, 64))
	}
	if b := q.Band.String(); b != "" {
		v.Set("BAND", b)
	}
	if q.Time != "" {
		v.Set("TIME", q.Time)
	}
	if q.MaxRec > 0 {
		v.Set("MAXREC", strconv.Itoa(q.MaxRec))
	}
	if q.Format != "" {
		v.Set("FORMAT", q.Format)
	}
	for k, vals := range q.Extra {
		v[strings.ToUpper(k)] = vals
	}
	return v
}

// RequestURL is the GET URL Search sends for q (parameters already in the
// service URL are kept unless q sets them).
func (s *Service) RequestURL(q Query) (string, error) {
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", &vohttp.Error{Op: op, URL: vohttp.Redact(s.URL), Kind: vohttp.KindProtocol, Message: "invalid SSA service URL"}
	}
	if s.SizeIsRadius {
		q.Size /= 2
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

// Result is the answer to a Search: the shared dal.Result (URL, the
// request redacted; Document; Table; Status, the QUERY_STATUS; Overflow,
// MAXREC or the service's limit cut the list) and the spectra found.
type Result struct {
	dal.Result
	// Records has one entry per table row, in table order.
	Records []Record
	// Columns says which table column fed each Record field (-1: none).
	Columns Columns
	Elapsed time.Duration
}

const op = "SSA query"

// Search runs a queryData request. A QUERY_STATUS=ERROR answer (even with
// HTTP 200) becomes a KindService *vohttp.Error carrying the service's
// message; bad parameters give an error wrapping ErrInvalidQuery.
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

// FromDocument reads an SSA queryData response already parsed (from a file,
// or a test). Errors are *vohttp.Error without URL.
func FromDocument(doc *votable.Document) (*Result, error) {
	r, err := dal.FromDocument(op, doc, dal.Options{})
	if err != nil {
		return nil, err
	}
	return withRecords(r), nil
}

// withRecords finds the SSA columns and reads a Record per row.
func withRecords(r *dal.Result) *Result {
	res := &Result{Result: *r, Columns: FindColumns(r.Table)}
	res.Records = records(r.Document, r.Table, res.Columns)
	return res
}
