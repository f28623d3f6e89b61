// Package scs is a client for IVOA Simple Cone Search 1.03 services: one
// cone (RA, DEC, SR in degrees) answered with a VOTable whose main id and
// position columns are found by their UCDs (SCS 1.03 §2.2, or the UCD1+
// words that newer services write).
package scs

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

const op = "cone search"

// Service is one cone search endpoint (e.g. .../scs.xml).
type Service struct {
	URL    string
	Client *vohttp.Client
}

// New returns a Service at baseURL; client nil means vohttp.Default.
func New(baseURL string, c *vohttp.Client) *Service {
	if c == nil {
		c = vohttp.Default
	}
	return &Service{URL: strings.TrimSpace(baseURL), Client: c}
}

// Query is one cone. Verb and MaxRec 0 are left out (the service's default).
type Query struct {
	RA, Dec, SR float64 // ICRS degrees
	// Verb is the VERB verbosity, 1 (fewest columns) to 3 (all).
	Verb int
	// MaxRec caps the rows (an SCS 1.1 / DALI parameter many services honour).
	MaxRec int
	// Progress, if set, is called now and then with the rows read so far.
	Progress func(rows int)
}

// ErrInvalidQuery is wrapped by errors about the query itself, found before
// anything is sent.
var ErrInvalidQuery = errors.New("invalid cone search")

func invalid(format string, a ...any) error { return dal.Invalid(ErrInvalidQuery, format, a...) }

func bad(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }

// Validate checks the cone before anything is sent.
func (q Query) Validate() error {
	switch {
	case bad(q.RA) || q.RA < 0 || q.RA > 360:
		return invalid("RA must be between 0 and 360 degrees, got %v", q.RA)
	case bad(q.Dec) || q.Dec < -90 || q.Dec > 90:
		return invalid("DEC must be between -90 and +90 degrees, got %v", q.Dec)
	case bad(q.SR) || q.SR < 0 || q.SR > 180:
		return invalid("SR must be between 0 and 180 degrees, got %v", q.SR)
	case q.Verb != 0 && (q.Verb < 1 || q.Verb > 3):
		return invalid("VERB must be 1, 2 or 3, got %d", q.Verb)
	case q.MaxRec < 0:
		return invalid("MAXREC must not be negative, got %d", q.MaxRec)
	}
	return nil
}

func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// Values are the request parameters of q.
func (q Query) Values() url.Values {
	v := url.Values{}
	v.Set("RA", num(q.RA))
	v.Set("DEC", num(q.Dec))
	v.Set("SR", num(q.SR))
	if q.Verb > 0 {
		v.Set("VERB", strconv.Itoa(q.Verb))
	}
	if q.MaxRec > 0 {
		v.Set("MAXREC", strconv.Itoa(q.MaxRec))
	}
	return v
}

// RequestURL is the GET URL Search sends (parameters already in the
// service URL are kept unless q sets them; SCS base URLs often end in "?"
// or carry a catalogue parameter).
func (s *Service) RequestURL(q Query) (string, error) {
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", &vohttp.Error{Op: op, URL: vohttp.Redact(s.URL), Kind: vohttp.KindProtocol,
			Message: "invalid cone search URL: give the http(s) URL of the service"}
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

// Result is the cone's rows: the shared dal.Result and the main columns
// (-1 when the service marked none).
type Result struct {
	dal.Result
	ID, RA, Dec int
	Elapsed     time.Duration
}

// Search runs the cone. A service's error, whether SCS 1.03's INFO or PARAM
// named "Error" or DALI's QUERY_STATUS=ERROR, becomes a KindService
// *vohttp.Error with its message; bad parameters an error wrapping
// ErrInvalidQuery.
func (s *Service) Search(ctx context.Context, q Query) (*Result, error) {
	if err := q.Validate(); err != nil {
		return nil, err
	}
	reqURL, err := s.RequestURL(q)
	if err != nil {
		return nil, err
	}
	return s.fetch(ctx, reqURL, q.Progress)
}

// fetch GETs reqURL and reads the answer (see Search).
func (s *Service) fetch(ctx context.Context, reqURL string, progress func(int)) (*Result, error) {
	// An SCS error document may hold no table: the finder keeps the
	// document so its Error can be told instead of "no table".
	var doc *votable.Document
	r, took, err := dal.Get(ctx, s.Client, op, reqURL, dal.Options{Progress: progress,
		TableFinder: func(d *votable.Document) *votable.Table { doc = d; return d.ResultsTable() }})
	if doc != nil {
		if msg, ok := ErrorMessage(doc); ok {
			e := &vohttp.Error{Op: op, URL: vohttp.Redact(reqURL), Kind: vohttp.KindService, Message: msg}
			var he *vohttp.Error
			if errors.As(err, &he) {
				e.StatusCode = he.StatusCode
			}
			return nil, e
		}
	}
	if err != nil {
		return nil, err
	}
	res := &Result{Result: *r, Elapsed: took}
	res.ID, res.RA, res.Dec = MainColumns(r.Table)
	return res, nil
}

// ErrorMessage returns the SCS 1.03 error of doc: the value of an INFO
// named "Error" (on the VOTABLE or a RESOURCE) or of a PARAM so named.
func ErrorMessage(doc *votable.Document) (string, bool) {
	msg := func(s string) string {
		s = strings.Join(strings.Fields(s), " ")
		if s == "" {
			s = "the service reported an error without a message"
		}
		return vohttp.Truncate(s, vohttp.MaxMessage)
	}
	info := func(infos []votable.Info) (string, bool) {
		for _, in := range infos {
			if strings.EqualFold(in.Name, "Error") {
				if v := strings.TrimSpace(in.Value); v != "" {
					return msg(v), true
				}
				return msg(in.Content), true
			}
		}
		return "", false
	}
	param := func(ps []votable.Param) (string, bool) {
		for _, p := range ps {
			if strings.EqualFold(p.Name, "Error") {
				return msg(p.Value), true
			}
		}
		return "", false
	}
	if m, ok := info(doc.Infos); ok {
		return m, true
	}
	if m, ok := param(doc.Params); ok {
		return m, true
	}
	for _, r := range doc.Resources {
		if m, ok := info(r.Infos); ok {
			return m, true
		}
		if m, ok := param(r.Params); ok {
			return m, true
		}
		for _, t := range r.Tables {
			if m, ok := param(t.Params); ok {
				return m, true
			}
		}
	}
	return "", false
}

// MainColumns finds the columns SCS 1.03 requires by UCD: ID_MAIN,
// POS_EQ_RA_MAIN, POS_EQ_DEC_MAIN (UCD1), or their UCD1+ forms
// meta.id;meta.main, pos.eq.ra;meta.main, pos.eq.dec;meta.main. -1 when absent.
func MainColumns(t *votable.Table) (id, ra, dec int) {
	find := func(ucds ...string) int {
		for i, f := range t.Fields {
			u := strings.ToLower(strings.TrimSpace(f.UCD))
			for _, want := range ucds {
				if u == want {
					return i
				}
			}
		}
		return -1
	}
	return find("id_main", "meta.id;meta.main"),
		find("pos_eq_ra_main", "pos.eq.ra;meta.main"),
		find("pos_eq_dec_main", "pos.eq.dec;meta.main")
}
