package hips

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"esodesk/internal/flight"
	"esodesk/services/fetch"
	"esodesk/services/vohttp"
)

// ErrNoTile means the survey has no tile there (the server said 404): the
// sky is left empty at that place, which is not a failure.
var ErrNoTile = errors.New("the survey has no tile there")

// DefaultMaxBytes caps the tile cache when New is given 0.
const DefaultMaxBytes = 500 << 20

// maxProperties bounds a properties file (real ones are a few kB).
const maxProperties = 1 << 20

// maxMissing bounds the memory of tiles known to be missing.
const maxMissing = 50_000

// Client fetches properties, Allsky images and tiles; it is safe for
// concurrent use. Tiles and Allsky images go through a fetch.Cache: one
// download per URL however many ask, the files used longest ago deleted
// past the cap.
type Client struct {
	http  *vohttp.Client
	cache *fetch.Cache
	dir   string

	props flight.Group[Properties]

	mu      sync.Mutex
	memo    map[string]Properties // base → its properties
	missing map[string]bool       // tile URLs that answered 404
}

// New returns a client that keeps tiles in cacheDir (created on first use),
// at most maxBytes of them (0: DefaultMaxBytes). A nil http means
// vohttp.Default.
func New(http *vohttp.Client, cacheDir string, maxBytes int64) *Client {
	if http == nil {
		http = vohttp.Default
	}
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	c := fetch.New(cacheDir, http)
	c.MaxBytes = maxBytes
	return &Client{http: http, cache: c, dir: cacheDir, memo: map[string]Properties{}, missing: map[string]bool{}}
}

// Properties reads base/properties, once per base for the client's life;
// concurrent callers share one request. When the server cannot be reached,
// the copy saved the last time it could is used, so that cached tiles can
// still be shown offline.
func (c *Client) Properties(ctx context.Context, base string) (Properties, error) {
	base = trimBase(base)
	c.mu.Lock()
	p, ok := c.memo[base]
	c.mu.Unlock()
	if ok {
		return p, nil
	}
	p, err := c.props.Do(ctx, base, func(ctx context.Context) (Properties, error) {
		p, err := c.readProperties(ctx, base)
		if err != nil {
			return p, err
		}
		c.mu.Lock()
		c.memo[base] = p
		c.mu.Unlock()
		return p, nil
	})
	if ctxErr := ctx.Err(); err != nil && ctxErr != nil && errors.Is(err, ctxErr) {
		return Properties{}, vohttp.Wrap("read the HiPS properties", base+"/properties", ctxErr)
	}
	return p, err
}

func (c *Client) readProperties(ctx context.Context, base string) (Properties, error) {
	u := base + "/properties"
	saved := filepath.Join(c.dir, "properties", key(base))
	body, err := c.download(ctx, u)
	if err != nil {
		switch vohttp.KindOf(err) {
		case vohttp.KindRefused, vohttp.KindNetwork, vohttp.KindTimeout:
			if b, rerr := os.ReadFile(saved); rerr == nil {
				if p, perr := ParseProperties(bytes.NewReader(b)); perr == nil {
					p.Base = base
					return p, nil
				}
			}
		}
		if vohttp.StatusCode(err) == http.StatusNotFound {
			return Properties{}, fmt.Errorf("%s has no properties file (HTTP 404): check that the survey address is a HiPS base URL, the folder that holds properties and Norder3: %w", base, err)
		}
		return Properties{}, err
	}
	p, err := ParseProperties(bytes.NewReader(body))
	if err != nil {
		return Properties{}, fmt.Errorf("%s is %w; check that the survey address is a HiPS base URL, the folder that holds properties and Norder3", u, err)
	}
	p.Base = base
	// Best effort: a copy for when the server cannot be reached.
	if os.MkdirAll(filepath.Dir(saved), 0o755) == nil {
		_ = os.WriteFile(saved, body, 0o644)
	}
	return p, nil
}

// download reads a small text document (the properties file).
func (c *Client) download(ctx context.Context, u string) ([]byte, error) {
	const op = "read the HiPS properties"
	resp, err := c.http.Get(ctx, u)
	if err != nil {
		return nil, vohttp.WithOp(err, op)
	}
	vohttp.LimitBody(resp, maxProperties, "HiPS properties file")
	body, err := vohttp.ReadAll(op, resp)
	if err != nil {
		return nil, err
	}
	if vohttp.LooksLikeHTML(resp.Header.Get("Content-Type"), body) {
		return nil, &vohttp.Error{Op: op, URL: vohttp.Redact(u), Kind: vohttp.KindProtocol,
			Message: "the server sent a web page, not a HiPS properties file: check that the survey address is a HiPS base URL"}
	}
	return body, nil
}

// TileURL is the address of tile npix at order: base/NorderK/DirD/NpixN.ext,
// where D is N rounded down to a multiple of 10000. ext "jpeg" is written
// "jpg", as HiPS names JPEG tiles.
func TileURL(base string, order int, npix int64, ext string) string {
	return fmt.Sprintf("%s/Norder%d/Dir%d/Npix%d.%s", trimBase(base), order, npix/10000*10000, npix, fileExt(ext))
}

// AllskyURL is the address of the Allsky image of order (3 usually):
// base/NorderK/Allsky.ext.
func AllskyURL(base string, order int, ext string) string {
	return fmt.Sprintf("%s/Norder%d/Allsky.%s", trimBase(base), order, fileExt(ext))
}

// Tile returns tile npix of order in format ext ("png", "jpeg"/"jpg" or
// "fits"), from the disk cache when it is there. A tile the survey does not
// have gives an error that errors.Is ErrNoTile (and is not asked for again).
// Cancelling ctx stops waiting; the download stops when no one else waits.
func (c *Client) Tile(ctx context.Context, base string, order int, npix int64, ext string) ([]byte, error) {
	if order < 0 || order > 29 || npix < 0 || npix >= 12<<(2*uint(order)) {
		return nil, fmt.Errorf("no HEALPix pixel %d at order %d: a program error in the caller", npix, order)
	}
	return c.get(ctx, TileURL(base, order, npix, ext))
}

// Allsky returns the survey's Allsky image at order 3 (all 768 tiles of
// order 3 in one image, for a quick whole-sky background) in format ext.
func (c *Client) Allsky(ctx context.Context, base, ext string) ([]byte, error) {
	return c.get(ctx, AllskyURL(base, 3, ext))
}

func (c *Client) get(ctx context.Context, u string) ([]byte, error) {
	c.mu.Lock()
	gone := c.missing[u]
	c.mu.Unlock()
	if gone {
		return nil, fmt.Errorf("%w (%s)", ErrNoTile, vohttp.Redact(u))
	}
	for attempt := 0; ; attempt++ {
		p, err := c.cache.Get(ctx, u, nil)
		if err != nil {
			if vohttp.StatusCode(err) == http.StatusNotFound {
				c.mu.Lock()
				if len(c.missing) >= maxMissing {
					clear(c.missing)
				}
				c.missing[u] = true
				c.mu.Unlock()
				return nil, fmt.Errorf("%w (%s)", ErrNoTile, vohttp.Redact(u))
			}
			return nil, err
		}
		b, err := os.ReadFile(p)
		if err == nil {
			return b, nil
		}
		// Another download's trim may have deleted the file just now.
		if errors.Is(err, fs.ErrNotExist) && attempt == 0 {
			continue
		}
		return nil, fmt.Errorf("cannot read the cached tile %s: %w", p, err)
	}
}

func fileExt(ext string) string {
	ext = strings.ToLower(strings.TrimPrefix(ext, "."))
	if ext == "jpeg" {
		return "jpg"
	}
	return ext
}

func trimBase(base string) string {
	return strings.TrimRight(strings.TrimSpace(base), "/")
}

func key(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:12])
}
