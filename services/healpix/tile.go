package healpix

import "math/bits"

// HiPS image tiles (HiPS 1.0 §4.2.1) hold the tileWidth×tileWidth pixels of
// order order+log2(tileWidth) that lie in one pixel ("tile") at order. Inside
// the tile the pixels keep their NESTED sub-index, whose x/y bits (see
// xyf2nest) give the image position. As HipsGen writes them and a PNG/JPEG
// shows them (rows top to bottom; a FITS tile is the same array with row 0 at
// the bottom): the image column is the HEALPix y bit-set and the image row is
// the HEALPix x bit-set, so (0,0) at the top left is the tile's southern
// corner. Checked against a HipsGen tile in tile_test.go.

// tileShift is log2(tileWidth); tileWidth must be a power of two.
func tileShift(tileWidth int) uint {
	if tileWidth <= 0 || tileWidth&(tileWidth-1) != 0 {
		panic("healpix: tile width must be a power of two")
	}
	return uint(bits.TrailingZeros(uint(tileWidth)))
}

// TilePixel maps pixel ipix at order+log2(tileWidth) to the HiPS tile that
// holds it at order and its (x, y) in the tile image as a PNG/JPEG shows it
// ((0,0) = top left). tileWidth must be a power of two.
func TilePixel(order, tileWidth int, ipix int64) (tile int64, x, y int) {
	s := tileShift(tileWidth)
	sub := ipix & (int64(1)<<(2*s) - 1)
	return ipix >> (2 * s), int(compress(sub >> 1)), int(compress(sub))
}

// TilePixelNest is the inverse of TilePixel: the nested index at
// order+log2(tileWidth) of image pixel (x, y) ((0,0) = top left) of tile at
// order.
func TilePixelNest(order, tileWidth int, tile int64, x, y int) int64 {
	s := tileShift(tileWidth)
	return tile<<(2*s) + spread(int64(y)) + spread(int64(x))<<1
}
