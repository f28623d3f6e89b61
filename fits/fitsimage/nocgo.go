//go:build !cgo

package fitsimage

import "context"

// File is one open image HDU (unavailable without cgo).
type File struct{}

func List(path string) ([]HDU, error)                               { return nil, ErrNoCgo }
func Open(path string, hdu int) (*File, error)                      { return nil, ErrNoCgo }
func (f *File) HDU() HDU                                            { return HDU{} }
func (f *File) Header() string                                      { return "" }
func (f *File) Size() (w, h, planes int)                            { return 0, 0, 0 }
func (f *File) Unit() string                                        { return "" }
func (f *File) Close() error                                        { return nil }
func (f *File) Plane(ctx context.Context, p int) ([]float32, error) { return nil, ErrNoCgo }
func (f *File) Spectrum(ctx context.Context, x0, y0, x1, y1 int, mean bool) ([]float64, error) {
	return nil, ErrNoCgo
}
