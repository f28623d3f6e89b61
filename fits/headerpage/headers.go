// Package headerpage fetches a raw frame's FITS header from ESO's header
// service (hdr?DpId=<id>), which answers an HTML page with the header in a
// <pre> block, and turns it into FITS cards.
package headerpage

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/url"
	"regexp"
	"strings"

	"esodesk/fits"
	"esodesk/services/vohttp"
)

// maxPage bounds what is read: a header page is a few tens of kB.
const maxPage = 8 << 20

// URL is the header page of dpID at the service base (e.g. https://archive.eso.org/hdr).
func URL(base, dpID string) string {
	return base + "?DpId=" + url.QueryEscape(dpID)
}

// Fetch returns the headers of dpID, one per HDU.
func Fetch(ctx context.Context, c *vohttp.Client, base, dpID string) ([]fits.Header, error) {
	if c == nil {
		c = vohttp.Default
	}
	u := URL(base, dpID)
	resp, err := c.Get(ctx, u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(io.LimitReader(resp.Body, maxPage))
	if err != nil {
		return nil, vohttp.Wrap("FITS header", u, err)
	}
	return Parse(string(page), dpID)
}

var preBlock = regexp.MustCompile(`(?is)<pre[^>]*>(.*?)</pre>`)
var tag = regexp.MustCompile(`(?s)<[^>]+>`)

// Parse extracts the header from the page. The first <pre> block that holds
// FITS cards wins; a page without one (a login page, "not found") gives an
// error quoting the page's own words.
func Parse(page, dpID string) ([]fits.Header, error) {
	for _, m := range preBlock.FindAllStringSubmatch(page, -1) {
		text := html.UnescapeString(tag.ReplaceAllString(m[1], ""))
		if hs, err := fits.ParseHeaderText(text); err == nil && len(hs[0].Cards) > 1 {
			return hs, nil
		}
	}
	words := strings.Join(strings.Fields(html.UnescapeString(tag.ReplaceAllString(page, " "))), " ")
	if len(words) > 200 {
		words = words[:200] + "…"
	}
	if words == "" {
		words = "an empty page"
	}
	return nil, fmt.Errorf("no FITS header for %s in the header service's answer (%s)", dpID, words)
}
