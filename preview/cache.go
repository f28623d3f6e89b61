package preview

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"esodesk/internal/flight"
	"esodesk/services/vohttp"
)

// Preview is a decoded preview image. Image is shared between callers: treat
// it as read-only.
type Preview struct {
	URL       string
	Image     image.Image
	Format    string // "png", "jpeg" or "gif"
	Width     int
	Height    int
	Bytes     int64  // size of the encoded file
	FromCache string // "memory", "disk" or "network"
}

// Options configure a Cache. Zero values pick the defaults.
type Options struct {
	Dir              string         // default DefaultDir()
	MaxDiskBytes     int64          // encoded files on disk; default 200 MB
	MaxMemoryBytes   int64          // decoded pixels in memory; default 256 MB
	MaxDownloadBytes int64          // refuse larger answers; default 64 MB
	HTTP             *vohttp.Client // default vohttp.Default
}

// Cache fetches, decodes and keeps previews. It is safe for concurrent use.
type Cache struct {
	http    *vohttp.Client
	maxBody int64
	mem     *memory
	disk    *disk

	flights flight.Group[*Preview] // one load per key, however many ask
}

// DefaultDir is os.UserCacheDir()/esodesk/previews (the temp folder when
// the system has no cache folder).
func DefaultDir() string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "esodesk", "previews")
}

// New opens (creating it if needed) the disk cache and indexes what earlier
// sessions left there.
func New(o Options) (*Cache, error) {
	if o.Dir == "" {
		o.Dir = DefaultDir()
	}
	if o.MaxDiskBytes <= 0 {
		o.MaxDiskBytes = 200 << 20
	}
	if o.MaxMemoryBytes <= 0 {
		o.MaxMemoryBytes = 256 << 20
	}
	if o.MaxDownloadBytes <= 0 {
		o.MaxDownloadBytes = 64 << 20
	}
	if o.HTTP == nil {
		o.HTTP = vohttp.Default
	}
	d, err := openDisk(o.Dir, o.MaxDiskBytes)
	if err != nil {
		return nil, err
	}
	return &Cache{http: o.HTTP, maxBody: o.MaxDownloadBytes, mem: newMemory(o.MaxMemoryBytes), disk: d}, nil
}

// Usage reports what the caches hold: bytes and files on disk, decoded bytes
// and images in memory.
func (c *Cache) Usage() (diskBytes int64, diskFiles int, memBytes int64, memImages int) {
	diskBytes, diskFiles = c.disk.usage()
	memBytes, memImages = c.mem.usage()
	return
}

// Get returns url's preview: from memory at once, else read from disk or
// downloaded and decoded on a goroutine of its own. Concurrent calls for one
// URL share that work; it is cancelled when every caller's ctx is done. A
// cached file that no longer decodes is deleted and fetched again.
func (c *Cache) Get(ctx context.Context, url string) (*Preview, error) {
	if p, ok := c.mem.get(url); ok {
		c.disk.touch(url)
		return from(p, "memory"), nil
	}
	return c.wait(ctx, url, url, func(fctx context.Context) (*Preview, error) { return c.load(fctx, url) })
}

// InMemory returns url's preview if it is decoded in memory, without any
// waiting: a caller can show it at once instead of scheduling a fetch.
func (c *Cache) InMemory(url string) (*Preview, bool) {
	p, ok := c.mem.get(url)
	if !ok {
		return nil, false
	}
	c.disk.touch(url)
	return from(p, "memory"), true
}

// Thumbnail returns url's preview scaled down to fit max x max pixels (kept
// in memory too), for galleries.
func (c *Cache) Thumbnail(ctx context.Context, url string, max int) (*Preview, error) {
	key := url + "\x00thumb" + strconv.Itoa(max)
	if p, ok := c.mem.get(key); ok {
		return from(p, "memory"), nil
	}
	return c.wait(ctx, key, url, func(fctx context.Context) (*Preview, error) {
		full, err := c.Get(fctx, url)
		if err != nil {
			return nil, err
		}
		t := *full
		t.Image = Thumbnail(full.Image, max)
		b := t.Image.Bounds()
		t.Width, t.Height = b.Dx(), b.Dy()
		c.mem.put(key, &t)
		return &t, nil
	})
}

func from(p *Preview, source string) *Preview {
	cp := *p
	cp.FromCache = source
	return &cp
}

// wait runs work once for all concurrent callers asking for key, on a
// context of its own that ends when the last caller gives up. Each caller
// gets its own copy of the shared Preview.
func (c *Cache) wait(ctx context.Context, key, url string, work func(context.Context) (*Preview, error)) (*Preview, error) {
	p, err := c.flights.Do(ctx, key, work)
	if ctxErr := ctx.Err(); err != nil && ctxErr != nil && errors.Is(err, ctxErr) {
		return nil, vohttp.Wrap("load preview", url, ctxErr) // this caller gave up
	}
	if err != nil {
		return nil, err
	}
	return from(p, p.FromCache), nil
}

// load reads url's preview from disk, or downloads it, and decodes it.
func (c *Cache) load(ctx context.Context, url string) (*Preview, error) {
	if data := c.disk.load(url); data != nil {
		if img, format, err := decode(data); err == nil {
			return c.keep(url, img, format, data, "disk"), nil
		}
		c.disk.remove(url) // damaged: fetch it again
	}
	data, contentType, err := c.download(ctx, url)
	if err != nil {
		return nil, err
	}
	if _, err := checkImage(contentType, data); err != nil {
		return nil, &vohttp.Error{Op: "load preview", URL: vohttp.Redact(url), Kind: vohttp.KindProtocol, Message: err.Error()}
	}
	img, format, err := decode(data)
	if err != nil {
		return nil, &vohttp.Error{Op: "load preview", URL: vohttp.Redact(url), Kind: vohttp.KindProtocol, Message: err.Error()}
	}
	if ctx.Err() != nil {
		return nil, vohttp.Wrap("load preview", url, ctx.Err())
	}
	// A failed disk write costs a later refetch, not this preview.
	_ = c.disk.store(url, data)
	return c.keep(url, img, format, data, "network"), nil
}

func (c *Cache) keep(url string, img image.Image, format string, data []byte, source string) *Preview {
	b := img.Bounds()
	p := &Preview{URL: url, Image: img, Format: format, Width: b.Dx(), Height: b.Dy(), Bytes: int64(len(data)), FromCache: source}
	c.mem.put(url, p)
	return p
}

var errTooLarge = errors.New("too large")

func (c *Cache) download(ctx context.Context, url string) ([]byte, string, error) {
	const op = "download preview"
	resp, err := c.http.Get(ctx, url)
	if err != nil {
		return nil, "", vohttp.WithOp(err, op)
	}
	defer resp.Body.Close()
	if resp.ContentLength > c.maxBody {
		return nil, "", &vohttp.Error{Op: op, URL: vohttp.Redact(url), Kind: vohttp.KindProtocol,
			Message: fmt.Sprintf("the preview is %d bytes, more than the %d allowed", resp.ContentLength, c.maxBody)}
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	if err == nil && int64(len(data)) > c.maxBody {
		err = errTooLarge
	}
	if err == errTooLarge {
		return nil, "", &vohttp.Error{Op: op, URL: vohttp.Redact(url), Kind: vohttp.KindProtocol,
			Message: fmt.Sprintf("the preview is more than the %d bytes allowed", c.maxBody)}
	}
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return nil, "", vohttp.Wrap(op, url, err)
	}
	if resp.ContentLength >= 0 && int64(len(data)) != resp.ContentLength {
		return nil, "", &vohttp.Error{Op: op, URL: vohttp.Redact(url), Kind: vohttp.KindNetwork,
			Err: fmt.Errorf("the server sent %d of %d bytes", len(data), resp.ContentLength)}
	}
	return data, resp.Header.Get("Content-Type"), nil
}
