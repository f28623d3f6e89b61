package imageview

import (
	"testing"

	"esodesk/internal/uitest"
)

// TestScreenshot saves the viewer with a cube, the grid and a readout (in
// $IMAGEVIEW_SHOTS to keep it) for a look by eye.
func TestScreenshot(t *testing.T) {
	wcs := &tan{crpix1: 100, crpix2: 75, crval1: 168.78, crval2: -61.26, cdelt: 2.0 / 3600}
	f := newFixture(t, &gradient{w: 200, h: 150, planes: 40, unit: "10**-20 erg/s/cm2/Angstrom"}, wcs)
	f.v.OnRegion = func(x0, y0, x1, y1 int) {}
	f.v.SetGrid(true)
	f.v.SetPlane(12)
	f.settle()
	f.hoverAt(f.v.areaPos(120, 80))
	uitest.SaveShot(t, f.w, "IMAGEVIEW_SHOTS", "imageview.png", 700)
}
