package previewpane

import (
	"image"
	"sync"

	"esodesk/preview"
)

// levels are the image area-averaged down to 1/2, 1/4, ... of its size,
// so a zoomed-out view samples pixels that average what they cover instead
// of skipping most of them (which makes thin lines and text flicker and
// vanish). They are built on a background goroutine.
type levels struct {
	mu   sync.Mutex
	imgs []image.Image // imgs[k-1] is 1/2^k of the size
}

// build makes the levels down to about 64 pixels on the longer side.
func (l *levels) build(src image.Image) {
	b := src.Bounds()
	side := max(b.Dx(), b.Dy())
	for side /= 2; side >= 64; side /= 2 {
		m := pixelImage(preview.Thumbnail(src, side))
		l.mu.Lock()
		l.imgs = append(l.imgs, m)
		l.mu.Unlock()
	}
}

// pick returns the smallest level still at least as large as the view
// needs at scale (the source itself when none), and its size relative to
// the source.
func (l *levels) pick(src image.Image, scale float64) (image.Image, float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	best, f := src, 1.0
	sw := float64(src.Bounds().Dx())
	for _, m := range l.imgs {
		mf := float64(m.Bounds().Dx()) / sw
		if mf < scale {
			break
		}
		best, f = m, mf
	}
	return best, f
}
