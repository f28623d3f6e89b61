package vohttp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Version is the app version reported in the User-Agent; main sets it.
var Version = "dev"

// Authorizer adds credentials to a request. It is called for the first
// request and again for every redirect (after any Authorization header has
// been removed when the redirect changes host), so an implementation decides
// per host, e.g. an ESO token only for *.eso.org over HTTPS.
type Authorizer interface {
	Authorize(req *http.Request) error
}

// AuthorizerFunc adapts a function to Authorizer.
type AuthorizerFunc func(req *http.Request) error

// Authorize calls f(req).
func (f AuthorizerFunc) Authorize(req *http.Request) error { return f(req) }

// Options configure a Client. Zero values pick the defaults.
type Options struct {
	UserAgent             string            // default "esodesk/<Version>"
	Authorizer            Authorizer        // nil: no credentials
	ConnectTimeout        time.Duration     // dialling; default 20 s
	TLSHandshakeTimeout   time.Duration     // default 20 s
	ResponseHeaderTimeout time.Duration     // wait for headers after sending; default 10 min (sync queries run before answering)
	Transport             http.RoundTripper // for tests; default a tuned *http.Transport
}

// Client sends requests for the VO protocol packages. It is safe for
// concurrent use.
type Client struct {
	HTTP       *http.Client
	userAgent  string
	authorizer Authorizer
}

const maxRedirects = 10

// New returns a Client with the given options.
func New(o Options) *Client {
	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = 20 * time.Second
	}
	if o.TLSHandshakeTimeout == 0 {
		o.TLSHandshakeTimeout = 20 * time.Second
	}
	if o.ResponseHeaderTimeout == 0 {
		o.ResponseHeaderTimeout = 10 * time.Minute
	}
	rt := o.Transport
	if rt == nil {
		rt = &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   o.TLSHandshakeTimeout,
			ResponseHeaderTimeout: o.ResponseHeaderTimeout,
			ExpectContinueTimeout: time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConnsPerHost:   8,
			ForceAttemptHTTP2:     true,
		}
	}
	c := &Client{userAgent: o.UserAgent, authorizer: o.Authorizer}
	// No Timeout: bodies may take long; the caller's context bounds them.
	c.HTTP = &http.Client{Transport: rt, CheckRedirect: c.checkRedirect}
	return c
}

// Default is a shared Client with default options.
var Default = New(Options{})

// checkRedirect drops credentials whenever a redirect leaves the original
// host (or downgrades to plain HTTP), then lets the Authorizer decide afresh
// for the new target.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	first := via[0].URL
	if !strings.EqualFold(req.URL.Host, first.Host) || (first.Scheme == "https" && req.URL.Scheme != "https") {
		req.Header.Del("Authorization")
		req.Header.Del("Cookie")
	}
	if c.authorizer != nil {
		return c.authorizer.Authorize(req)
	}
	return nil
}

// Get fetches rawURL. See Do.
func (c *Client) Get(ctx context.Context, rawURL string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, badURL(rawURL, err)
	}
	return c.Do(req)
}

// PostForm posts form as application/x-www-form-urlencoded. See Do.
func (c *Client) PostForm(ctx context.Context, rawURL string, form url.Values) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, rawURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, badURL(rawURL, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// Delete sends an HTTP DELETE. See Do.
func (c *Client) Delete(ctx context.Context, rawURL string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, rawURL, nil)
	if err != nil {
		return nil, badURL(rawURL, err)
	}
	return c.Do(req)
}

// Do sends req (which must carry the caller's context). On success (status
// below 400) it returns the response; the caller closes the body. Otherwise
// the error is an *Error: KindHTTP with the server's message read from the
// body, or a transport Kind (timeout, refused, cancelled, ...).
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	if req.Header.Get("User-Agent") == "" {
		ua := c.userAgent
		if ua == "" {
			ua = "esodesk/" + Version // read late: main sets Version after Default exists
		}
		req.Header.Set("User-Agent", ua)
	}
	if c.authorizer != nil {
		if err := c.authorizer.Authorize(req); err != nil {
			return nil, &Error{Op: req.Method, URL: redactURL(req.URL), Kind: KindNetwork, Err: err}
		}
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		// The context's own error tells cancel from our deadline reliably.
		if ctxErr := req.Context().Err(); ctxErr != nil {
			err = ctxErr
		}
		return nil, Wrap(req.Method, redactURL(req.URL), err)
	}
	if resp.StatusCode >= 400 {
		defer resp.Body.Close()
		msg := readMessage(resp.Header.Get("Content-Type"), resp.Body)
		return nil, &Error{
			Op:         req.Method,
			URL:        redactURL(resp.Request.URL),
			Kind:       KindHTTP,
			StatusCode: resp.StatusCode,
			Message:    msg,
			RetryAfter: parseRetryAfter(resp.Header, time.Now()),
		}
	}
	return resp, nil
}

func badURL(rawURL string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &Error{Op: "request", URL: Redact(rawURL), Kind: KindProtocol, Message: "invalid URL: " + err.Error(), Err: err}
}

// ReadAll reads a (small) body fully, honouring ctx through the request it
// came from, and turns read errors into *Error.
func ReadAll(op string, resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		if ctxErr := resp.Request.Context().Err(); ctxErr != nil {
			err = ctxErr
		}
		return nil, Wrap(op, redactURL(resp.Request.URL), err)
	}
	return b, nil
}
