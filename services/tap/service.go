// Package tap is a client for IVOA Table Access Protocol (TAP 1.1) services:
// synchronous and asynchronous (UWS) ADQL queries, and the VOSI metadata
// endpoints (tables, capabilities, availability) plus DALI examples.
//
// Every call takes a context. Metadata calls get their own timeout
// (Service.MetadataTimeout); result downloads have none, so big results are
// bounded only by the caller's context (cancel it to stop).
package tap

import (
	"bytes"
	"context"
	"io"
	"strings"
	"time"

	"esodesk/services/vohttp"
)

// DefaultMetadataTimeout bounds the small calls (VOSI, job status, abort).
const DefaultMetadataTimeout = 60 * time.Second

// Service is one TAP service, addressed by its base URL (the one that has
// /sync, /async, /tables ... below it).
type Service struct {
	BaseURL         string
	Client          *vohttp.Client
	MetadataTimeout time.Duration
}

// New returns a Service at baseURL using c (vohttp.Default when nil).
func New(baseURL string, c *vohttp.Client) *Service {
	if c == nil {
		c = vohttp.Default
	}
	return &Service{
		BaseURL:         strings.TrimRight(strings.TrimSpace(baseURL), "/"),
		Client:          c,
		MetadataTimeout: DefaultMetadataTimeout,
	}
}

// endpoint returns the URL of a resource below the base URL.
func (s *Service) endpoint(path string) string { return s.BaseURL + "/" + strings.TrimLeft(path, "/") }

// small returns a context bounded by the metadata timeout.
func (s *Service) small(ctx context.Context) (context.Context, context.CancelFunc) {
	d := s.MetadataTimeout
	if d <= 0 {
		d = DefaultMetadataTimeout
	}
	return context.WithTimeout(ctx, d)
}

// fetchVOSI GETs a small VOSI document at url and reads it with parse; a
// document parse cannot read is the service's protocol error.
func fetchVOSI[T any](ctx context.Context, s *Service, op, url string, parse func(io.Reader) (T, error)) (T, error) {
	var zero T
	body, err := s.fetchSmall(ctx, op, url)
	if err != nil {
		return zero, err
	}
	v, err := parse(bytes.NewReader(body))
	if err != nil {
		return zero, protocolError(op, url, err)
	}
	return v, nil
}

// fetchSmall GETs a small document and returns its body.
func (s *Service) fetchSmall(ctx context.Context, op, url string) ([]byte, error) {
	ctx, cancel := s.small(ctx)
	defer cancel()
	resp, err := s.Client.Get(ctx, url)
	if err != nil {
		return nil, vohttp.WithOp(err, op)
	}
	vohttp.LimitBody(resp, maxSmall, "service's document")
	return vohttp.ReadAll(op, resp)
}

// maxSmall bounds the documents fetchSmall reads: the biggest, the /tables
// of a service with thousands of tables, is tens of MB.
const maxSmall = 256_000_000

// protocolError reports a document we could not read.
func protocolError(op, url string, err error) error {
	return &vohttp.Error{Op: op, URL: vohttp.Redact(url), Kind: vohttp.KindProtocol, Err: err}
}
