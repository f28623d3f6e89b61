package skyview

import (
	"bytes"
	"container/list"
	"context"
	"errors"
	"image"
	"image/draw"
	"sync"
	"time"

	"esodesk/services/hips"
)

// How many decoded tiles stay in memory, and how many bytes of them (a
// 512-pixel tile is 1 MB as RGBA, 0.4 MB as decoded JPEG); the disk cache
// of services/hips keeps the rest.
const (
	tileCacheSize  = 300
	tileCacheBytes = 256 << 20
)

// maxFetches is how many tiles are fetched at once.
const maxFetches = 6

// retryAfter is how long a tile that failed (other than "no such tile")
// waits before the view asks for it again.
const retryAfter = 30 * time.Second

type tileKey struct {
	order int
	npix  int64
}

// tileCache is a memory LRU of decoded tiles, read by renders while the
// loader adds to it. It implements skyrender.Tiles.
type tileCache struct {
	mu       sync.Mutex
	max      int   // tiles
	maxBytes int64 // their pixels
	bytes    int64
	order    *list.List // front: most recently used; values are tileKey
	items    map[tileKey]*tileEntry
}

type tileEntry struct {
	img   image.Image
	bytes int64
	elem  *list.Element
}

func newTileCache(max int, maxBytes int64) *tileCache {
	return &tileCache{max: max, maxBytes: maxBytes, order: list.New(), items: map[tileKey]*tileEntry{}}
}

// imageBytes is about how much memory img's pixels take.
func imageBytes(img image.Image) int64 {
	switch im := img.(type) {
	case *image.RGBA:
		return int64(len(im.Pix))
	case *image.NRGBA:
		return int64(len(im.Pix))
	case *image.Gray:
		return int64(len(im.Pix))
	case *image.YCbCr:
		return int64(len(im.Y) + len(im.Cb) + len(im.Cr))
	}
	b := img.Bounds()
	return int64(b.Dx()) * int64(b.Dy()) * 4
}

// Tile is the decoded tile, if in memory.
func (c *tileCache) Tile(order int, npix int64) (image.Image, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[tileKey{order, npix}]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e.elem)
	return e.img, true
}

func (c *tileCache) has(k tileKey) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.items[k]
	return ok
}

func (c *tileCache) put(k tileKey, img image.Image) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := imageBytes(img)
	if e, ok := c.items[k]; ok {
		c.bytes += n - e.bytes
		e.img, e.bytes = img, n
		c.order.MoveToFront(e.elem)
	} else {
		c.items[k] = &tileEntry{img: img, bytes: n, elem: c.order.PushFront(k)}
		c.bytes += n
	}
	for c.order.Len() > 1 && (c.order.Len() > c.max || c.bytes > c.maxBytes) {
		last := c.order.Back()
		c.order.Remove(last)
		k := last.Value.(tileKey)
		c.bytes -= c.items[k].bytes
		delete(c.items, k)
	}
}

func (c *tileCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

// loader fetches the tiles the view needs through the HiPS client, at most
// maxFetches at once, and cancels those the view no longer needs. It is
// safe for use from several goroutines (renders call want).
type loader struct {
	client    *hips.Client
	base, ext string
	tiles     *tileCache
	run       func(func())
	arrived   func()    // on the UI goroutine, after tiles came in
	busy      func(int) // on the UI goroutine: tiles in flight

	ctx    context.Context
	cancel context.CancelFunc
	sem    chan struct{}
	wg     sync.WaitGroup

	mu       sync.Mutex
	inflight map[tileKey]*fetchOp
	absent   map[tileKey]bool      // the server has no such tile
	failed   map[tileKey]time.Time // last failure
	requests int                   // fetches started (tests)
}

type fetchOp struct{ cancel context.CancelFunc }

func newLoader(client *hips.Client, base, ext string, tiles *tileCache, run func(func()), arrived func(), busy func(int)) *loader {
	ctx, cancel := context.WithCancel(context.Background())
	return &loader{client: client, base: base, ext: ext, tiles: tiles, run: run, arrived: arrived, busy: busy,
		ctx: ctx, cancel: cancel, sem: make(chan struct{}, maxFetches),
		inflight: map[tileKey]*fetchOp{}, absent: map[tileKey]bool{}, failed: map[tileKey]time.Time{}}
}

// want makes the tiles in flight exactly those of keys not yet in memory
// (in keys' order of priority): others are cancelled, missing ones started.
func (l *loader) want(keys []tileKey) {
	if l.ctx.Err() != nil {
		return
	}
	set := make(map[tileKey]bool, len(keys))
	for _, k := range keys {
		set[k] = true
	}
	l.mu.Lock()
	changed := false
	for k, op := range l.inflight {
		if !set[k] {
			op.cancel()
			delete(l.inflight, k)
			changed = true
		}
	}
	now := time.Now()
	for _, k := range keys {
		if l.inflight[k] != nil || l.absent[k] || l.tiles.has(k) {
			continue
		}
		if t, ok := l.failed[k]; ok && now.Sub(t) < retryAfter {
			continue
		}
		ctx, cancel := context.WithCancel(l.ctx)
		op := &fetchOp{cancel: cancel}
		l.inflight[k] = op
		l.requests++
		changed = true
		l.wg.Add(1)
		go l.fetch(ctx, k, op)
	}
	l.mu.Unlock()
	if changed {
		l.run(func() { l.busy(l.pending()) })
	}
}

// fetch gets, decodes and stores one tile.
func (l *loader) fetch(ctx context.Context, k tileKey, op *fetchOp) {
	defer l.wg.Done()
	var img image.Image
	var err error
	select {
	case l.sem <- struct{}{}:
		// a tile no longer wanted must not be asked for: select picks at
		// random when the slot and the cancellation are both ready, and
		// want may be cancelling its way through the list right now
		if !l.wanted(k, op) {
			err = context.Canceled
		} else if err = ctx.Err(); err == nil {
			var data []byte
			data, err = l.client.Tile(ctx, l.base, k.order, k.npix, l.ext)
			if err == nil {
				img, err = decodeTile(data)
			}
		}
		<-l.sem
	case <-ctx.Done():
		err = ctx.Err()
	}
	l.mu.Lock()
	mine := l.inflight[k] == op
	if mine {
		delete(l.inflight, k)
	}
	cancelled := ctx.Err() != nil
	switch {
	case err == nil:
		l.tiles.put(k, img)
	case errors.Is(err, hips.ErrNoTile):
		l.absent[k] = true
	case !cancelled:
		l.failed[k] = time.Now()
	}
	op.cancel()
	l.mu.Unlock()
	if !mine {
		return // cancelled: want already reported the count
	}
	l.run(func() {
		l.busy(l.pending())
		if err == nil {
			l.arrived()
		}
	})
}

// decodeTile reads a PNG or JPEG tile. The image types skyrender samples
// directly stay as decoded (a JPEG's YCbCr takes 1.5 bytes a pixel);
// others (palettes, 16 bits) become NRGBA.
func decodeTile(data []byte) (image.Image, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	switch img.(type) {
	case *image.RGBA, *image.NRGBA, *image.Gray, *image.YCbCr:
		return img, nil
	}
	b := img.Bounds()
	out := image.NewNRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(out, out.Bounds(), img, b.Min, draw.Src)
	return out, nil
}

// wanted reports whether op is still the fetch of k that the view wants.
func (l *loader) wanted(k tileKey, op *fetchOp) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.inflight[k] == op
}

// pending is the number of tiles in flight.
func (l *loader) pending() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.inflight)
}

// started is the number of fetches started so far.
func (l *loader) started() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.requests
}

// stop cancels every fetch.
func (l *loader) stop() {
	l.cancel()
	l.mu.Lock()
	l.inflight = map[tileKey]*fetchOp{}
	l.mu.Unlock()
}

func (l *loader) wait() { l.wg.Wait() }
