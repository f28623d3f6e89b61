package skyview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"esodesk/internal/uitest"
	"esodesk/preview/skyrender"
	"esodesk/services/region"
)

// TestScreenshot saves the view over the generated survey with the grid,
// footprints (one selected), a drawn circle and a readout (in
// $SKYVIEW_SHOTS to keep it) for a look by eye.
func TestScreenshot(t *testing.T) {
	srv := newHiPSServer(t)
	f := newFixture(t)
	f.s.SetSurvey(srv.base())
	f.settle()
	f.s.SetGrid(true)
	var fps []skyrender.Footprint
	for i := range 20 {
		fps = append(fps, square(i, 140+float64(i%5)*4, 12+float64(i/5)*4, 1))
	}
	f.s.SetFootprints(fps)
	f.s.SetSelected([]int{7})
	c := region.NewCircle(156, 26, 3)
	f.s.SetDrawn(&c)
	f.settle()
	f.s.area.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(300, 200)}})
	uitest.SaveShot(t, f.w, "SKYVIEW_SHOTS", "skyview.png", 700)
}
