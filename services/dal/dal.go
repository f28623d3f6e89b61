// Package dal is the response pipeline the DAL protocol clients share (TAP,
// SSA, DataLink, CalSelector's VOTable answers), named after pyvo's dal, the
// common base of its protocols. It turns an HTTP answer into a parsed VOTable
// or the one error type, so that every protocol words a login page, a broken
// document or a service's own error the same way.
package dal

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

// Result is what every DAL answer holds; protocol results embed it.
type Result struct {
	URL      string // the request, redacted
	Document *votable.Document
	Table    *votable.Table // the table the protocol reads (see Options.TableFinder)
	// Status is the QUERY_STATUS ("OK", "OVERFLOW", or "" when the service
	// gave none); Overflow says MAXREC or the service's limit cut the rows.
	Status   votable.Status
	Overflow bool
}

// Options tune Decode, Read and FromDocument. Zero values pick the defaults.
type Options struct {
	// Progress, if set, is called now and then with the rows read so far.
	Progress func(rows int)
	// TableFinder picks the table to read; nil means the results table.
	TableFinder func(*votable.Document) *votable.Table
	// What names the expected answer in the web-page message; default
	// "VOTable" (DataLink says "DataLink VOTable").
	What string
	// NoTable is the message when TableFinder finds nothing; default "the
	// VOTable holds no table".
	NoTable string
}

// sniff is how much of a body is looked at for an HTML page: a VOTable's
// XML declaration and root element come well before.
const sniff = 512

// maxPage bounds what is read of a web page to quote its text.
const maxPage = 256 << 10

// Get requests rawURL with c and decodes the answer (see Decode): the one
// way the DAL protocols (SSA, SIA, cone search) run a query. It also says
// how long the request and the reading took.
func Get(ctx context.Context, c *vohttp.Client, op, rawURL string, o Options) (*Result, time.Duration, error) {
	start := time.Now()
	resp, err := c.Get(ctx, rawURL)
	if err != nil {
		return nil, 0, vohttp.WithOp(err, op)
	}
	r, err := Decode(ctx, op, resp, o)
	return r, time.Since(start), err
}

// Decode reads a VOTable answer from resp and closes its body. Every
// failure is a *vohttp.Error named op: a web page instead of data (judged by
// Content-Type or by the body's first bytes, as login pages come with any
// type), a malformed document, a cancelled ctx, a QUERY_STATUS=ERROR (Kind
// Service, with the service's message) or no table.
func Decode(ctx context.Context, op string, resp *http.Response, o Options) (*Result, error) {
	defer resp.Body.Close()
	src := vohttp.Redact(resp.Request.URL.String())
	body := bufio.NewReaderSize(resp.Body, sniff)
	head, _ := body.Peek(sniff) // a short body gives what there is; errors resurface below
	if vohttp.LooksLikeHTML(resp.Header.Get("Content-Type"), head) {
		page, _ := io.ReadAll(io.LimitReader(body, maxPage))
		what := o.What
		if what == "" {
			what = "VOTable"
		}
		return nil, &vohttp.Error{Op: op, URL: src, Kind: vohttp.KindProtocol,
			Message: "the service sent a web page instead of a " + what + ": " + vohttp.ServerMessage("text/html", page)}
	}
	res, err := Read(ctx, op, src, body, o)
	if err != nil {
		// The service answered: its HTTP status goes with any complaint about the document.
		if ve, ok := vohttp.AsError(err); ok && (ve.Kind == vohttp.KindService || ve.Kind == vohttp.KindProtocol) {
			ve.StatusCode = resp.StatusCode
		}
		return nil, err
	}
	return res, nil
}

// Read parses a VOTable answer from r (already fetched, or a file) and
// checks it as Decode does, minus the web-page test; src names its source
// in errors ("" for none).
func Read(ctx context.Context, op, src string, r io.Reader, o Options) (*Result, error) {
	doc, err := votable.ParseContext(ctx, r, votable.Options{Progress: o.Progress})
	if err != nil {
		if ctx.Err() != nil {
			return nil, vohttp.Wrap(op, src, ctx.Err())
		}
		var pe *votable.ParseError
		if errors.As(err, &pe) {
			return nil, &vohttp.Error{Op: op, URL: src, Kind: vohttp.KindProtocol, Message: "malformed VOTable: " + pe.Error(), Err: err}
		}
		return nil, vohttp.Wrap(op, src, err)
	}
	res, err := FromDocument(op, doc, o)
	if err != nil {
		if ve, ok := vohttp.AsError(err); ok {
			ve.URL = src
		}
		return nil, err
	}
	res.URL = src
	return res, nil
}

// FromDocument checks a parsed document: QUERY_STATUS=ERROR gives a
// KindService *vohttp.Error with the service's message, a missing table a
// KindProtocol one. Errors carry no URL.
func FromDocument(op string, doc *votable.Document, o Options) (*Result, error) {
	st := doc.Status()
	if strings.EqualFold(st.Value, "ERROR") {
		// Status.Message falls back to the INFO's value, "ERROR": no message.
		msg := strings.Join(strings.Fields(st.Message), " ")
		if msg == "" || strings.EqualFold(msg, "ERROR") {
			msg = "the service reported an error without a message"
		}
		return nil, &vohttp.Error{Op: op, Kind: vohttp.KindService, Message: vohttp.Truncate(msg, vohttp.MaxMessage)}
	}
	find := o.TableFinder
	if find == nil {
		find = (*votable.Document).ResultsTable
	}
	t := find(doc)
	if t == nil {
		msg := o.NoTable
		if msg == "" {
			msg = "the VOTable holds no table"
		}
		return nil, &vohttp.Error{Op: op, Kind: vohttp.KindProtocol, Message: msg}
	}
	return &Result{Document: doc, Table: t, Status: st, Overflow: strings.EqualFold(st.Value, "OVERFLOW")}, nil
}
