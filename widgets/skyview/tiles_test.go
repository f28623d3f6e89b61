package skyview

import (
	"image"
	"testing"
)

// The memory cache drops the tiles used longest ago, past its count or
// its bytes.
func TestTileCacheEvictsLeastRecentlyUsed(t *testing.T) {
	c := newTileCache(3, 1<<30)
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for i := range int64(3) {
		c.put(tileKey{3, i}, img)
	}
	c.Tile(3, 0) // 0 is now the most recent: 1 goes first
	c.put(tileKey{3, 9}, img)
	if _, ok := c.Tile(3, 1); ok || c.len() != 3 {
		t.Errorf("tile 1 kept (len %d)", c.len())
	}
	for _, k := range []int64{0, 2, 9} {
		if _, ok := c.Tile(3, k); !ok {
			t.Errorf("tile %d dropped", k)
		}
	}
	b := newTileCache(100, 2*64) // two 4x4 RGBA tiles
	for i := range int64(5) {
		b.put(tileKey{3, i}, img)
	}
	if b.len() != 2 || b.bytes != 128 {
		t.Errorf("byte cap: %d tiles, %d bytes", b.len(), b.bytes)
	}
	// what skyrender samples directly stays as decoded
	y := image.NewYCbCr(image.Rect(0, 0, 8, 8), image.YCbCrSubsampleRatio420)
	if imageBytes(y) != 64+16+16 {
		t.Errorf("YCbCr bytes %d", imageBytes(y))
	}
}
