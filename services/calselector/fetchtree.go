package calselector

import (
	"context"
	"fmt"
	"io"

	"esodesk/services/vohttp"
)

// maxTree bounds an ASSOCIATION_TREE download: real ones are a few hundred
// kB, so anything near this is not a tree.
const maxTree = 64 << 20

// FetchTree downloads the ASSOCIATION_TREE at treeURL (the Tree link of a
// VOTable answer) and parses it. A failed request gives the client's
// *vohttp.Error; an unreadable document an error saying so. c nil means
// vohttp.Default.
func FetchTree(ctx context.Context, c *vohttp.Client, treeURL string) (*Association, error) {
	if c == nil {
		c = vohttp.Default
	}
	resp, err := c.Get(ctx, treeURL)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	a, err := ParseTree(io.LimitReader(resp.Body, maxTree))
	if err != nil {
		return nil, fmt.Errorf("the calibration cascade could not be read: %w", err)
	}
	return a, nil
}
