package calselector

import (
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"esodesk/services/vohttp"
)

// Mode is the association mode asked for.
type Mode string

const (
	Raw2Raw    Mode = "Raw2Raw"    // raw calibration files
	Raw2Master Mode = "Raw2Master" // processed (master) calibrations where available
)

// Format is the answer shape asked for.
type Format int

const (
	Tree    Format = iota // ASSOCIATION_TREE XML (multipart for several ids)
	VOTable               // DataLink-shaped VOTable (responseformat=votable)
)

// BatchSize is how many dp_ids go into one POST (astroquery's size too).
const BatchSize = 100

const op = "CalSelector"

// Client asks CalSelector for calibrations. Safe for concurrent use.
type Client struct {
	base string // the associations endpoint, e.g. https://archive.eso.org/calselector/v1/associations
	http *vohttp.Client
}

// New returns a Client for the associations endpoint at baseURL; c nil
// means vohttp.Default.
func New(baseURL string, c *vohttp.Client) *Client {
	if c == nil {
		c = vohttp.Default
	}
	return &Client{base: baseURL, http: c}
}

// Result holds the answers for all requested frames, keyed by dp_id: Trees
// for the Tree format, Links for VOTable.
type Result struct {
	Trees map[string]*Association
	Links map[string]*Links
}

// Request is a full request; Associate covers the common case.
type Request struct {
	DPIDs  []string
	Mode   Mode
	Format Format
	// Progress, when set, is called after each batch with the number of
	// dp_ids done so far and the total.
	Progress func(done, total int)
}

// Associate asks for the calibrations of dpIDs. See Do.
func (c *Client) Associate(ctx context.Context, dpIDs []string, mode Mode, format Format) (*Result, error) {
	return c.Do(ctx, Request{DPIDs: dpIDs, Mode: mode, Format: format})
}

// Do runs req: one GET for a single dp_id, otherwise POSTs of up to
// BatchSize ids each, one after the other, stopping at the first error or
// when ctx ends. Errors are *vohttp.Error; see IsRetryable.
func (c *Client) Do(ctx context.Context, req Request) (*Result, error) {
	if len(req.DPIDs) == 0 {
		return nil, &vohttp.Error{Op: op, URL: vohttp.Redact(c.base), Kind: vohttp.KindProtocol, Message: "no dp_id given"}
	}
	if req.Mode == "" {
		req.Mode = Raw2Raw
	}
	res := &Result{Trees: map[string]*Association{}, Links: map[string]*Links{}}
	total := len(req.DPIDs)
	for start := 0; start < total; start += BatchSize {
		if err := ctx.Err(); err != nil {
			return nil, vohttp.Wrap(op, c.base, err)
		}
		end := min(start+BatchSize, total)
		batch := req.DPIDs[start:end]
		if err := c.batch(ctx, batch, total == 1, req, res); err != nil {
			return nil, err
		}
		if req.Progress != nil {
			req.Progress(end, total)
		}
	}
	return res, nil
}

// batch sends one request and merges its answer into res.
func (c *Client) batch(ctx context.Context, ids []string, single bool, req Request, res *Result) error {
	form := url.Values{}
	for _, id := range ids {
		form.Add("dp_id", id)
	}
	form.Set("mode", string(req.Mode))
	if req.Format == VOTable {
		form.Set("responseformat", "votable")
	}
	var (
		resp *http.Response
		err  error
	)
	if single {
		sep := "?"
		if strings.Contains(c.base, "?") {
			sep = "&"
		}
		resp, err = c.http.Get(ctx, c.base+sep+form.Encode())
	} else {
		resp, err = c.http.PostForm(ctx, c.base, form)
	}
	if err != nil {
		return explain(err)
	}
	where := vohttp.Redact(resp.Request.URL.String())
	ctype := resp.Header.Get("Content-Type")
	disposition := resp.Header.Get("Content-Disposition")
	body, err := vohttp.ReadAll(op, resp)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return &vohttp.Error{Op: op, URL: where, Kind: vohttp.KindProtocol, Message: "empty answer"}
	}
	if vohttp.LooksLikeHTML(ctype, body) {
		return &vohttp.Error{Op: op, URL: where, Kind: vohttp.KindProtocol,
			Message: "got a web page instead of CalSelector data (login expired or wrong URL?): " + vohttp.ServerMessage(ctype, body)}
	}
	if req.Format == VOTable {
		groups, err := parseVOTable(ctx, where, bytes.NewReader(body))
		if err != nil {
			return err
		}
		for _, g := range groups {
			res.Links[g.DPID] = g
		}
		return nil
	}
	mediaType, _, _ := mime.ParseMediaType(ctype)
	if strings.HasPrefix(mediaType, "multipart/") {
		trees, err := ParseMultipart(ctype, bytes.NewReader(body))
		if err != nil {
			return &vohttp.Error{Op: op, URL: where, Kind: vohttp.KindProtocol, Message: err.Error(), Err: err}
		}
		for id, t := range trees {
			res.Trees[id] = t
		}
		return nil
	}
	tree, err := ParseTree(bytes.NewReader(body))
	if err != nil {
		msg := err.Error()
		if len(ids) == 1 {
			msg = fmt.Sprintf("answer for %s: %s", ids[0], msg)
		}
		return &vohttp.Error{Op: op, URL: where, Kind: vohttp.KindProtocol, Message: msg, Err: err}
	}
	id := ""
	if _, params, err := mime.ParseMediaType(disposition); err == nil {
		id = DPIDFromFilename(params["filename"])
	}
	if id == "" && len(ids) == 1 {
		id = ids[0]
	}
	if id == "" && len(tree.MainFiles) > 0 {
		id = tree.MainFiles[0].Name
	}
	res.Trees[id] = tree
	return nil
}

// serverTrouble is what a 5xx from CalSelector means to a user.
const serverTrouble = "server-side trouble, try again later"

// explain names the operation and words the statuses CalSelector uses: 5xx is
// the service's own trouble (retryable), 400 carries its message.
func explain(err error) error {
	e, ok := vohttp.AsError(err)
	if !ok {
		return vohttp.Wrap(op, "", err)
	}
	c := *e
	c.Op = op
	if c.Kind == vohttp.KindHTTP && c.StatusCode >= 500 {
		if c.Message != "" {
			c.Message = serverTrouble + " (the service said: " + c.Message + ")"
		} else {
			c.Message = serverTrouble
		}
	} else if c.Kind == vohttp.KindHTTP && c.StatusCode == 400 && c.Message == "" {
		c.Message = "the service rejected the request (bad request)"
	}
	return &c
}

// IsRetryable reports whether asking again later may succeed: server-side
// trouble (5xx, 429) and transport failures, not bad requests or malformed
// answers. It is vohttp.Retryable, the one policy of the VO clients.
func IsRetryable(err error) bool {
	ok, _ := vohttp.Retryable(err)
	return ok
}
