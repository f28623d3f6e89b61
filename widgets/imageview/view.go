package imageview

import (
	"math"
	"time"

	"fyne.io/fyne/v2"
)

// Image coordinates are imgrender's: 0-based, pixel i covering i-0.5 ..
// i+0.5, y up (row 0 at the bottom); FITS pixels are these plus one. The
// view's output is the area in device pixels (Fyne units times the canvas
// scale).

// imageAt maps an area position (Fyne units) to image coordinates.
func (v *Viewer) imageAt(pos fyne.Position) (x, y float64) {
	return v.view.ToImage(float64(pos.X)*v.scale, float64(pos.Y)*v.scale)
}

// areaPos maps image coordinates to an area position (Fyne units).
func (v *Viewer) areaPos(x, y float64) fyne.Position {
	ox, oy := v.view.ToOutput(x, y)
	return fyne.NewPos(float32(ox/v.scale), float32(oy/v.scale))
}

// Zoom limits: 64 screen pixels per image pixel, and a quarter of the
// fitted size (or of 1:1 for small images).
const maxZoom = 64

func (v *Viewer) minZoom() float64 {
	if v.w <= 0 || v.h <= 0 || v.view.W <= 0 {
		return 1e-3
	}
	fit := math.Min(float64(v.view.W)/float64(v.w), float64(v.view.H)/float64(v.h))
	return math.Min(fit, 1) / 4
}

// zoomAt zooms by factor keeping the image point under pos where it is.
func (v *Viewer) zoomAt(pos fyne.Position, factor float64, delay time.Duration) {
	if v.src == nil || v.view.Zoom <= 0 {
		return
	}
	x, y := v.imageAt(pos)
	z := math.Max(v.minZoom(), math.Min(maxZoom, v.view.Zoom*factor))
	ox, oy := float64(pos.X)*v.scale, float64(pos.Y)*v.scale
	v.view.Zoom = z
	v.view.CX = x - (ox-float64(v.view.W)/2)/z
	v.view.CY = y + (oy-float64(v.view.H)/2)/z
	v.fitted = false
	v.viewChanged(delay)
}

// zoomCentre zooms around the middle of the view.
func (v *Viewer) zoomCentre(factor float64) {
	c := fyne.NewPos(float32(float64(v.view.W)/2/v.scale), float32(float64(v.view.H)/2/v.scale))
	v.zoomAt(c, factor, 0)
}

// panBy moves the image with a drag of (dx, dy) Fyne units.
func (v *Viewer) panBy(dx, dy float32) {
	if v.src == nil || v.view.Zoom <= 0 {
		return
	}
	v.view.CX -= float64(dx) * v.scale / v.view.Zoom
	v.view.CY += float64(dy) * v.scale / v.view.Zoom
	v.fitted = false
	v.viewChanged(0)
}

// panFraction moves the view by fractions of its size (positive: towards
// larger x, higher rows).
func (v *Viewer) panFraction(fx, fy float64) {
	if v.src == nil || v.view.Zoom <= 0 {
		return
	}
	v.view.CX += fx * float64(v.view.W) / v.view.Zoom
	v.view.CY += fy * float64(v.view.H) / v.view.Zoom
	v.fitted = false
	v.viewChanged(0)
}

// centreOn puts the image point under pos in the middle.
func (v *Viewer) centreOn(pos fyne.Position) {
	if v.src == nil || v.view.Zoom <= 0 {
		return
	}
	v.view.CX, v.view.CY = v.imageAt(pos)
	v.fitted = false
	v.viewChanged(0)
}

// Fit shows the whole image.
func (v *Viewer) Fit() {
	v.fit()
	v.viewChanged(0)
}

// OneToOne shows one image pixel per screen pixel, around the same centre.
func (v *Viewer) OneToOne() {
	if v.src == nil {
		return
	}
	v.view.Zoom = 1
	v.fitted = false
	v.viewChanged(0)
}

// ZoomIn and ZoomOut zoom by a factor of two around the middle.
func (v *Viewer) ZoomIn()  { v.zoomCentre(2) }
func (v *Viewer) ZoomOut() { v.zoomCentre(0.5) }

// viewChanged keeps the image centre within the image, renders, and
// refreshes the readout for the pixel now under the pointer.
func (v *Viewer) viewChanged(delay time.Duration) {
	v.view.CX = math.Max(-0.5, math.Min(float64(v.w)-0.5, v.view.CX))
	v.view.CY = math.Max(-0.5, math.Min(float64(v.h)-0.5, v.view.CY))
	v.requestRender(delay)
	if v.area.mouseInside {
		v.hover(v.area.lastMouse)
	}
}

// region hands the box between two area positions to OnRegion, clipped to
// the image (nothing when it misses the image).
func (v *Viewer) region(a, b fyne.Position) {
	if v.OnRegion == nil || v.src == nil {
		return
	}
	ax, ay := v.imageAt(a)
	bx, by := v.imageAt(b)
	x0, x1 := int(math.Round(math.Min(ax, bx))), int(math.Round(math.Max(ax, bx)))
	y0, y1 := int(math.Round(math.Min(ay, by))), int(math.Round(math.Max(ay, by)))
	if x1 < 0 || y1 < 0 || x0 >= v.w || y0 >= v.h {
		return
	}
	x0, y0 = max(x0, 0), max(y0, 0)
	x1, y1 = min(x1, v.w-1), min(y1, v.h-1)
	v.OnRegion(x0, y0, x1, y1)
}

// hover shows the readout for the pointer at pos.
func (v *Viewer) hover(pos fyne.Position) {
	if v.src == nil || v.view.Zoom <= 0 {
		v.setReadout(" ")
		return
	}
	x, y := v.imageAt(pos)
	v.setReadout(v.Readout(x+1, y+1))
}
