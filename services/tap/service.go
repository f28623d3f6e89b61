// Package tap is a client for IVOA Table Access Protocol (TAP 1.1) services:
// synchronous and asynchronous (UWS) ADQL queries, and the VOSI metadata
// endpoints (tables, capabilities, availability) plus DALI examples.
//
// Every call takes a context. Metadata calls get their own timeout
// (Service.MetadataTimeout); result downloads have none, so big results are
// bounded only by the caller's context (cancel it to stop).
package tap

import (
	"context"
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

// fetchSmall GETs a small document and returns its body.
func (s *Service) fetchSmall(ctx context.Context, op, url string) ([]byte, error) {
	ctx, cancel := s.small(ctx)
	defer cancel()
	resp, err := s.Client.Get(ctx, url)
	if err != nil {
		return nil, vohttp.WithOp(err, op)
	}
	return vohttp.ReadAll(op, resp)
}

// protocolError reports a document we could not read.
func protocolError(op, url string, err error) error {
	return &vohttp.Error{Op: op, URL: vohttp.Redact(url), Kind: vohttp.KindProtocol, Err: err}
}
