package imageview

import (
	"fmt"
	"math"
	"time"

	"fyne.io/fyne/v2"

	"esodesk/internal/latest"
	"esodesk/preview/imgrender"
)

// wheelDelay gathers a burst of wheel notches into one render.
const wheelDelay = 25 * time.Millisecond

// loadPlane reads plane p and its display limits in the background; the
// newest request wins, so a slow plane never replaces a later one.
func (v *Viewer) loadPlane(p int) {
	v.limitsTask.Stop()
	src, scale := v.src, v.params.Scale
	v.planeTask.Start(func(j latest.Job) {
		data, err := src.Plane(j.Context(), p)
		if err == nil && len(data) != v.w*v.h {
			err = fmt.Errorf("it has %d pixels instead of %d x %d", len(data), v.w, v.h)
		}
		var lo, hi float64
		var lerr error
		if err == nil {
			lo, hi, lerr = imgrender.Limits(data, scale)
		}
		j.Finish(func() {
			if err != nil {
				v.data = nil
				v.fail(fmt.Sprintf("Plane %d could not be read: %v.", p+1, err))
				return
			}
			if lerr != nil {
				v.data = nil
				v.fail(fmt.Sprintf("Plane %d cannot be shown: %v.", p+1, lerr))
				return
			}
			v.data, v.dataPlane, v.lo, v.hi = data, p, lo, hi
			if v.coords != nil {
				v.coords.setPlane(float64(p + 1))
			}
			if v.params.Scale != scale { // changed while reading
				v.computeLimits()
				return
			}
			v.requestRender(0)
		})
	})
}

// computeLimits finds the display limits of the plane in hand for the
// current scale in the background, then renders.
func (v *Viewer) computeLimits() {
	if v.data == nil {
		return // the plane being read computes them
	}
	data, scale, p := v.data, v.params.Scale, v.dataPlane
	v.limitsTask.Start(func(j latest.Job) {
		lo, hi, err := imgrender.Limits(data, scale)
		j.Finish(func() {
			if err != nil {
				v.fail(fmt.Sprintf("Plane %d cannot be scaled with %s: %v.", p+1, scale, err))
				return
			}
			v.lo, v.hi = lo, hi
			v.requestRender(0)
		})
	})
}

// fail shows msg in place of the image.
func (v *Viewer) fail(msg string) {
	v.shown = nil
	v.area.setImage(nil)
	v.showMessage(msg)
}

// requestRender renders the current view of the plane in hand after delay
// (a debounce); a newer request cancels it.
func (v *Viewer) requestRender(delay time.Duration) {
	if v.data == nil || v.view.W <= 0 || v.view.H <= 0 || v.view.Zoom <= 0 {
		return
	}
	data, w, h, lo, hi := v.data, v.w, v.h, v.lo, v.hi
	params, view, coords := v.params, v.view, v.coords
	grid := v.grid && coords != nil
	v.renderTask.StartAfter(delay, func(j latest.Job) {
		img, err := imgrender.Render(j.Context(), data, w, h, lo, hi, params, view)
		if err == nil && grid {
			// imgrender works in 0-based image pixels, the WCS in FITS ones
			imgrender.DrawGrid(img, view, w, h,
				func(x, y float64) (float64, float64, bool) { return coords.sky(x+1, y+1) },
				func(ra, dec float64) (float64, float64, bool) {
					x, y, ok := coords.pix(ra, dec)
					return x - 1, y - 1, ok
				})
		}
		if j.Context().Err() != nil {
			return // superseded
		}
		j.Finish(func() {
			if err != nil {
				v.fail("The image cannot be drawn: " + err.Error() + ".")
				return
			}
			v.shown = img
			v.area.setImage(img)
			v.hideMessage()
			if v.area.mouseInside {
				v.hover(v.area.lastMouse)
			}
		})
	})
}

// areaResized is called by the area's layout: the view takes the new size
// (and fits again while the user has not zoomed or panned).
func (v *Viewer) areaResized(s fyne.Size) {
	scale := 1.0
	if c := fyne.CurrentApp().Driver().CanvasForObject(v.area); c != nil && c.Scale() > 0 {
		scale = float64(c.Scale())
	}
	W, H := int(math.Round(float64(s.Width)*scale)), int(math.Round(float64(s.Height)*scale))
	if W == v.view.W && H == v.view.H && scale == v.scale {
		return
	}
	v.scale = scale
	v.view.W, v.view.H = W, H
	if v.fitted {
		v.fit()
	}
	v.requestRender(0)
}

// fit shows the whole image.
func (v *Viewer) fit() {
	v.fitted = true
	if v.w <= 0 || v.h <= 0 || v.view.W <= 0 || v.view.H <= 0 {
		return
	}
	v.view = imgrender.Fit(v.w, v.h, v.view.W, v.view.H)
}
