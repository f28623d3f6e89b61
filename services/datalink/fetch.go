package datalink

import (
	"context"
	"errors"

	"esodesk/services/dal"
	"esodesk/services/vohttp"
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
	r, err := dal.Decode(ctx, fetchOp, resp, linksOptions)
	if err != nil {
		return nil, err
	}
	return fromResult(r), nil
}

// errNoThisLink says a DataLink document lists no #this row with an
// access URL: nothing points at the dataset's own file.
var errNoThisLink = errors.New("the DataLink document has no #this link to the file")

// ThisLink reads the DataLink document at linksURL (see Fetch) and returns
// the access URL of its first #this row: the dataset's own file.
func ThisLink(ctx context.Context, c *vohttp.Client, linksURL string) (string, error) {
	ls, err := Fetch(ctx, c, linksURL)
	if err != nil {
		return "", err
	}
	for _, l := range ls.Rows {
		if Normalize(l.Semantics) == "#this" && l.AccessURL != "" {
			return l.AccessURL, nil
		}
	}
	return "", errNoThisLink
}
