// Package fitsimage reads FITS images and cubes (plain or tile-compressed)
// through cfitsio, which undoes the compression and applies BSCALE, BZERO
// and BLANK for us. Values come out as float32 with NaN for blank pixels.
package fitsimage

import (
	"errors"
	"fmt"
)

// HDU describes one image HDU.
type HDU struct {
	Number     int    // 1-based, as cfitsio counts (1 = primary)
	Name       string // EXTNAME ("" when absent)
	Axes       []int  // NAXIS1, NAXIS2, ... of the image (the uncompressed one for compressed HDUs)
	Bitpix     int    // of the image (ZBITPIX for compressed HDUs)
	Compressed bool   // a tile-compressed image stored in a binary table
}

// Planes is the product of the axes beyond the second (1 for a 2-D image).
func (h HDU) Planes() int {
	n := 1
	for _, a := range h.Axes[2:] {
		n *= a
	}
	return n
}

// ErrNoCgo is returned by every reader when esodesk was built without cgo.
var ErrNoCgo = errors.New("fitsimage: this esodesk was built without cgo, so it cannot read FITS images (rebuild with CGO_ENABLED=1 and libcfitsio-dev)")

func describe(h HDU) string {
	if h.Name != "" {
		return fmt.Sprintf("HDU %d (%s)", h.Number, h.Name)
	}
	return fmt.Sprintf("HDU %d", h.Number)
}
