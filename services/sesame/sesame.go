// Package sesame resolves target names ("Eta Car", "NGC 1068") to positions
// with the CDS Sesame name resolver, which asks SIMBAD, NED and VizieR in turn.
//
// The service URL is the XML form, e.g.
// https://cds.unistra.fr/cgi-bin/nph-sesame/-oxp/SNV (-ox: XML output, p:
// with the positional data; SNV: SIMBAD, then NED, then VizieR). The name goes
// in the query string: <URL>?<name>.
package sesame

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"esodesk/internal/xmlguard"
	"esodesk/services/vohttp"
)

// Position is where Sesame puts a target (J2000/ICRS, degrees).
type Position struct {
	RA, Dec float64
	// Name is the resolver's main identifier (e.g. "* eta Car"), or the
	// name asked for when the resolver gives none.
	Name string
	// Source is the resolver that answered: "Simbad", "NED" or "VizieR".
	Source string
}

// ErrNotFound is wrapped by the error Resolve returns for unknown names.
var ErrNotFound = errors.New("name not found")

// NotFoundError says Sesame knows no object by this name.
type NotFoundError struct{ Name string }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("Sesame does not know '%s': check the spelling, or type coordinates instead", e.Name)
}

// Unwrap makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// Service is a Sesame endpoint.
type Service struct {
	url    string
	client *vohttp.Client
}

// New returns a Service for the Sesame URL (without the "?<name>" part);
// client nil means vohttp.Default.
func New(baseURL string, client *vohttp.Client) *Service {
	if client == nil {
		client = vohttp.Default
	}
	return &Service{url: strings.TrimRight(strings.TrimSpace(baseURL), "?"), client: client}
}

// URL is the request Resolve sends for name.
func (s *Service) URL(name string) string {
	// Sesame reads the whole query string as the name: spaces as %20 (a
	// '+' would be read as part of names like "BD+20 307").
	q := strings.ReplaceAll(url.QueryEscape(strings.TrimSpace(name)), "+", "%20")
	return s.url + "?" + q
}

const op = "resolve target name"

// Resolve asks Sesame for the position of name. Errors: *NotFoundError for
// unknown names, *vohttp.Error for everything else (network, HTTP status,
// an answer that is not Sesame XML, a resolver's own error).
func (s *Service) Resolve(ctx context.Context, name string) (Position, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Position{}, &vohttp.Error{Op: op, URL: s.url, Kind: vohttp.KindProtocol, Message: "no target name given"}
	}
	u := s.URL(name)
	resp, err := s.client.Get(ctx, u)
	if err != nil {
		return Position{}, relabel(err)
	}
	vohttp.LimitBody(resp, maxAnswer, "Sesame answer")
	body, err := vohttp.ReadAll(op, resp)
	if err != nil {
		return Position{}, err
	}
	pos, err := parse(body, name)
	if err != nil {
		var nf *NotFoundError
		if errors.As(err, &nf) {
			return Position{}, err
		}
		var ve *vohttp.Error
		if errors.As(err, &ve) {
			ve.URL = vohttp.Redact(u)
			return Position{}, ve
		}
		return Position{}, &vohttp.Error{Op: op, URL: vohttp.Redact(u), Kind: vohttp.KindProtocol, Message: err.Error(), Err: err}
	}
	return pos, nil
}

// relabel names our operation in errors from the shared HTTP layer.
func relabel(err error) error {
	var ve *vohttp.Error
	if errors.As(err, &ve) {
		ve.Op = op
	}
	return err
}

// The XML answer: <Sesame><Target><name/><INFO/><Resolver name="S=Simbad ...">
// <INFO/><ERROR/><oname/><otype/><jpos/><jradeg/><jdedeg/>...</Resolver></Target></Sesame>.
type xmlSesame struct {
	XMLName xml.Name    `xml:"Sesame"`
	Targets []xmlTarget `xml:"Target"`
	Errors  []string    `xml:"ERROR"`
}

type xmlTarget struct {
	Name      string        `xml:"name"`
	Infos     []string      `xml:"INFO"`
	Errors    []string      `xml:"ERROR"`
	Resolvers []xmlResolver `xml:"Resolver"`
}

type xmlResolver struct {
	Name   string   `xml:"name,attr"`
	Infos  []string `xml:"INFO"`
	Errors []string `xml:"ERROR"`
	OName  string   `xml:"oname"`
	RA     string   `xml:"jradeg"`
	Dec    string   `xml:"jdedeg"`
}

// maxAnswer bounds a Sesame answer: one target with a few resolvers is
// under 10 kB.
const maxAnswer = 1_000_000

// parse reads a Sesame XML answer; the first resolver with a position wins
// (Sesame lists them in the order asked, SIMBAD first).
func parse(body []byte, name string) (Position, error) {
	if !bytes.Contains(body, []byte("<Sesame")) {
		return Position{}, &vohttp.Error{Op: op, Kind: vohttp.KindProtocol, Message: "the answer is not Sesame XML: " + snippet(body)}
	}
	var doc xmlSesame
	limits := xmlguard.Limits{What: "Sesame answer", MaxBytes: maxAnswer}
	if err := xmlguard.NewDecoder(bytes.NewReader(body), limits).Decode(&doc); err != nil {
		msg := "malformed Sesame XML: " + err.Error()
		if errors.Is(err, xmlguard.ErrLimit) {
			msg = err.Error()
		}
		return Position{}, &vohttp.Error{Op: op, Kind: vohttp.KindProtocol, Message: msg, Err: err}
	}
	var serviceErrs []string
	serviceErrs = append(serviceErrs, doc.Errors...)
	for _, t := range doc.Targets {
		serviceErrs = append(serviceErrs, t.Errors...)
		for _, r := range t.Resolvers {
			serviceErrs = append(serviceErrs, r.Errors...)
			if strings.TrimSpace(r.RA) == "" || strings.TrimSpace(r.Dec) == "" {
				continue
			}
			ra, err1 := strconv.ParseFloat(strings.TrimSpace(r.RA), 64)
			dec, err2 := strconv.ParseFloat(strings.TrimSpace(r.Dec), 64)
			if err1 != nil || err2 != nil || ra < 0 || ra >= 360 || dec < -90 || dec > 90 {
				return Position{}, &vohttp.Error{Op: op, Kind: vohttp.KindProtocol,
					Message: fmt.Sprintf("Sesame gave an unreadable position %q %q for '%s'", r.RA, r.Dec, name)}
			}
			p := Position{RA: ra, Dec: dec, Name: strings.Join(strings.Fields(r.OName), " "), Source: resolverName(r.Name)}
			if p.Name == "" {
				p.Name = name
			}
			return p, nil
		}
	}
	if msgs := nonEmpty(serviceErrs); len(msgs) > 0 {
		return Position{}, &vohttp.Error{Op: op, Kind: vohttp.KindService, Message: strings.Join(msgs, "; ")}
	}
	return Position{}, &NotFoundError{Name: name}
}

// resolverName turns "S=Simbad (via url):    1     0ms" into "Simbad".
func resolverName(s string) string {
	if _, after, ok := strings.Cut(s, "="); ok {
		s = after
	}
	if i := strings.IndexAny(s, "(:"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	if s == "" {
		return "(empty)"
	}
	return s
}
