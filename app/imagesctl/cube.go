package imagesctl

import (
	"context"
	"fmt"
	"math"
	"strings"

	"esodesk/fits"
	"esodesk/fits/fitsimage"
	"esodesk/fits/wcs"
	"esodesk/services/coords"
	"esodesk/services/soda"
)

// Region is a box of image pixels, 0-based and inclusive, as the viewer
// reports it.
type Region struct{ X0, Y0, X1, Y1 int }

// String names the region for titles: "spaxel (12, 7)" or "box (3..9, 4..8)",
// in FITS 1-based pixels as other tools show them.
func (r Region) String() string {
	if r.X0 == r.X1 && r.Y0 == r.Y1 {
		return fmt.Sprintf("spaxel (%d, %d)", r.X0+1, r.Y0+1)
	}
	return fmt.Sprintf("box (%d..%d, %d..%d)", r.X0+1, r.X1+1, r.Y0+1, r.Y1+1)
}

// CubeSpectrum sums (or averages) the cube's planes over r and puts them
// on the cube's spectral axis: one value per plane, at the region's centre.
func CubeSpectrum(ctx context.Context, f *fitsimage.File, w *wcs.WCS, r Region, mean bool, title string) (*fits.Spectrum, error) {
	_, _, planes := f.Size()
	if planes < 2 {
		return nil, fmt.Errorf("%s has one plane: a spectrum needs a cube", title)
	}
	if w == nil {
		return nil, fmt.Errorf("%s has no WCS: its planes have no wavelengths", title)
	}
	axis, ctype, unit, ok := w.Spectral()
	if !ok {
		return nil, fmt.Errorf("%s has no spectral axis in its WCS (CTYPE3 WAVE, AWAV, FREQ, …)", title)
	}
	flux, err := f.Spectrum(ctx, r.X0, r.Y0, r.X1, r.Y1, mean)
	if err != nil {
		return nil, err
	}
	pix := make([]float64, 0, planes*w.NAxis())
	cx, cy := float64(r.X0+r.X1)/2+1, float64(r.Y0+r.Y1)/2+1
	for p := 0; p < planes; p++ {
		pt := make([]float64, w.NAxis())
		for i := range pt {
			pt[i] = 1
		}
		lng, lat, ok := w.Celestial()
		if ok {
			pt[lng], pt[lat] = cx, cy
		}
		pt[axis] = float64(p + 1)
		pix = append(pix, pt...)
	}
	world, err := w.PixelsToWorld(pix)
	if err != nil {
		return nil, fmt.Errorf("the wavelengths of %s: %w", title, err)
	}
	wave := make([]float64, planes)
	for p := range wave {
		wave[p] = world[p*w.NAxis()+axis]
	}
	s := &fits.Spectrum{
		Source: title, Title: title + " · " + r.String(),
		Wave: wave, WaveUnit: unit, Flux: flux, FluxUnit: f.Unit(),
	}
	switch ct := strings.ToUpper(ctype); {
	case strings.HasPrefix(ct, "FREQ"):
		s.Axis = "frequency"
	case strings.HasPrefix(ct, "ENER"):
		s.Axis = "energy"
	default:
		s.Axis = "wavelength"
		s.Air = strings.HasPrefix(ct, "AWAV")
	}
	return s, nil
}

// CircleAround is the sky circle around r on the image (centre: the box's
// centre; radius: to its farthest corner), to start a cutout from a box
// drawn on the image. ok is false without a box or a sky position.
func CircleAround(w *wcs.WCS, r *Region) (c soda.Circle, ok bool) {
	if w == nil || r == nil {
		return c, false
	}
	cx, cy := float64(r.X0+r.X1)/2+1, float64(r.Y0+r.Y1)/2+1
	ra, dec, err := w.SkyAt(cx, cy)
	if err != nil {
		return c, false
	}
	c.RA, c.Dec = ra, dec
	// the pixel edges of the corners (FITS pixel i spans i-0.5..i+0.5)
	for _, p := range [][2]float64{{float64(r.X0) + 0.5, float64(r.Y0) + 0.5}, {float64(r.X1) + 1.5, float64(r.Y0) + 0.5},
		{float64(r.X0) + 0.5, float64(r.Y1) + 1.5}, {float64(r.X1) + 1.5, float64(r.Y1) + 1.5}} {
		a, d, err := w.SkyAt(p[0], p[1])
		if err != nil {
			return c, false
		}
		c.Radius = math.Max(c.Radius, coords.Separation(ra, dec, a, d))
	}
	return c, c.Radius > 0
}
