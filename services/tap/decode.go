package tap

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

// decode streams a VOTable result from resp (and closes it) into res.
// QUERY_STATUS=ERROR becomes a KindService *vohttp.Error with the
// service's message.
func decode(ctx context.Context, op string, resp *http.Response, res *Result, progress Progress) error {
	defer resp.Body.Close()
	src := vohttp.Redact(resp.Request.URL.String())
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	if strings.Contains(ct, "text/html") {
		// A login page or proxy error served with 200: not a result.
		b, _ := vohttp.ReadAll(op, resp)
		return &vohttp.Error{Op: op, URL: src, Kind: vohttp.KindProtocol,
			Message: "the service sent a web page instead of a VOTable: " + vohttp.ServerMessage(ct, b)}
	}
	var opts votable.Options
	if progress != nil {
		opts.Progress = func(rows int) { progress(rows) }
	}
	doc, err := votable.ParseContext(ctx, resp.Body, opts)
	if err != nil {
		if ctx.Err() != nil {
			return vohttp.Wrap(op, src, ctx.Err())
		}
		var pe *votable.ParseError
		if errors.As(err, &pe) {
			return &vohttp.Error{Op: op, URL: src, Kind: vohttp.KindProtocol, Message: "malformed VOTable: " + pe.Error(), Err: err}
		}
		return vohttp.Wrap(op, src, err)
	}
	st := doc.Status()
	if strings.EqualFold(st.Value, "ERROR") {
		return &vohttp.Error{Op: op, URL: src, Kind: vohttp.KindService, StatusCode: resp.StatusCode,
			Message: vohttp.Truncate(strings.Join(strings.Fields(st.Message), " "), vohttp.MaxMessage)}
	}
	t := doc.ResultsTable()
	if t == nil {
		return &vohttp.Error{Op: op, URL: src, Kind: vohttp.KindProtocol, Err: fmt.Errorf("the VOTable holds no table")}
	}
	res.Document, res.Table, res.URL = doc, t, src
	res.Status, res.Message = StatusOK, st.Message
	if strings.EqualFold(st.Value, "OVERFLOW") {
		res.Status = StatusOverflow
	}
	return nil
}
