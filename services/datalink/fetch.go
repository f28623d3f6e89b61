package datalink

import (
	"context"
	"errors"
	"strings"

	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

const fetchOp = "read DataLink"

// Fetch downloads and parses the links document at linksURL (a {links}
// endpoint with its ID parameter, or an eso_datalink next-hop URL). Every
// failure is a *vohttp.Error: HTTP status, a web page instead of a VOTable
// (an expired login), a malformed document, or QUERY_STATUS=ERROR.
func Fetch(ctx context.Context, c *vohttp.Client, linksURL string) (*Links, error) {
	if c == nil {
		c = vohttp.Default
	}
	resp, err := c.Get(ctx, linksURL)
	if err != nil {
		return nil, vohttp.WithOp(err, fetchOp)
	}
	defer resp.Body.Close()
	src := vohttp.Redact(resp.Request.URL.String())
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	if strings.Contains(ct, "text/html") {
		b, _ := vohttp.ReadAll(fetchOp, resp)
		return nil, &vohttp.Error{Op: fetchOp, URL: src, Kind: vohttp.KindProtocol,
			Message: "the service sent a web page instead of a DataLink VOTable: " + vohttp.ServerMessage(ct, b)}
	}
	doc, err := votable.ParseContext(ctx, resp.Body, votable.Options{})
	if err != nil {
		if ctx.Err() != nil {
			return nil, vohttp.Wrap(fetchOp, src, ctx.Err())
		}
		var pe *votable.ParseError
		if errors.As(err, &pe) {
			return nil, &vohttp.Error{Op: fetchOp, URL: src, Kind: vohttp.KindProtocol, Message: "malformed VOTable: " + pe.Error(), Err: err}
		}
		return nil, vohttp.Wrap(fetchOp, src, err)
	}
	ls, err := Parse(doc)
	if err != nil {
		var ve *vohttp.Error
		if errors.As(err, &ve) {
			ve.URL, ve.StatusCode = src, resp.StatusCode
		}
		return nil, err
	}
	return ls, nil
}
