//go:build !cgo

package wcs

import "errors"

// Without cgo there is no wcslib: the package builds (so CGO_ENABLED=0
// builds of the rest of esodesk still work) but every header fails.

// WCS is a stand-in: FromHeader never returns one without cgo.
type WCS struct{}

var errNoCgo = errors.New("wcs: this esodesk was built without cgo, so wcslib (world coordinates) is not available: rebuild with CGO_ENABLED=1 and wcslib-dev installed")

// FromHeader always fails without cgo.
func FromHeader(header string) (*WCS, error) { return nil, errNoCgo }

func (w *WCS) NAxis() int                                       { return 0 }
func (w *WCS) PixelToWorld(pix []float64) ([]float64, error)    { return nil, errNoCgo }
func (w *WCS) WorldToPixel(world []float64) ([]float64, error)  { return nil, errNoCgo }
func (w *WCS) PixelsToWorld(pix []float64) ([]float64, error)   { return nil, errNoCgo }
func (w *WCS) WorldsToPixel(world []float64) ([]float64, error) { return nil, errNoCgo }
func (w *WCS) Celestial() (lng, lat int, ok bool)               { return -1, -1, false }
func (w *WCS) Spectral() (axis int, ctype, unit string, ok bool) {
	return -1, "", "", false
}
func (w *WCS) Frame() string                                     { return "" }
func (w *WCS) SkyAt(x, y float64) (ra, dec float64, err error)   { return 0, 0, errNoCgo }
func (w *WCS) PixelAt(ra, dec float64) (x, y float64, err error) { return 0, 0, errNoCgo }
func (w *WCS) SetPlane(p float64)                                {}
func (w *WCS) Close()                                            {}
