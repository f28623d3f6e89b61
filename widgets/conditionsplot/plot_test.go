package conditionsplot

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"esodesk/internal/runtest"
	"esodesk/internal/uitest"
	"esodesk/services/conditions"
	"esodesk/widgets/conditionsplot/render"
)

var night0 = time.Date(2019, 3, 5, 23, 0, 0, 0, time.UTC)

func minutes(q conditions.Quantity, n int, f func(k int) float64) conditions.Series {
	s := conditions.Series{Quantity: q, Site: conditions.Paranal, Unit: q.Unit()}
	for k := range n {
		s.Samples = append(s.Samples, conditions.Sample{Start: night0.Add(time.Duration(k) * time.Minute),
			Integration: time.Minute, Value: f(k), Valid: true, Table: "asm.test"})
	}
	return s
}

func TestHoverReadsEverySeriesAtTheMouse(t *testing.T) {
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	var ui runtest.Queue
	p := New(w, ui.Run)
	w.SetContent(p)
	w.Resize(fyne.NewSize(900, 600))
	series := []conditions.Series{
		minutes(conditions.Seeing, 600, func(k int) float64 { return 0.7 + 0.3*math.Sin(float64(k)/50) }),
		minutes(conditions.Tau0, 600, func(k int) float64 { return 3 + float64(k%40)/10 }),
		{Quantity: conditions.PWV, Site: conditions.Paranal, Unit: "mm", Note: "asm.lhatpros_paranal has no samples in this range"},
	}
	p.SetSeries(series, render.Options{Title: "Paranal — 2019-03-05 night"})
	ui.Settle(p.WaitIdle)
	img, l := p.Image(), p.Layout()
	if img == nil {
		t.Fatal("nothing rendered")
	}
	size, scale := p.area.Size(), w.Canvas().Scale()
	if img.Bounds().Dx() != int(math.Round(float64(size.Width*scale))) || img.Bounds().Dy() != int(math.Round(float64(size.Height*scale))) {
		t.Errorf("image %v for an area of %v at scale %v", img.Bounds(), size, scale)
	}
	// the mouse over 03:12:40 (image pixels to area units)
	at := night0.Add(4*time.Hour + 12*time.Minute + 40*time.Second)
	k := float64(size.Width) / float64(img.Bounds().Dx())
	p.HoverAt(float32(l.X(at)*k), size.Height/2)
	got := p.Readout()
	want := map[string]string{"seeing": "", "tau0": ""}
	for _, s := range series[:2] {
		x, ok := s.At(at)
		if !ok {
			t.Fatalf("%s has no sample at %v", s.Quantity, at)
		}
		f := "%.2f"
		if s.Quantity == conditions.Tau0 {
			f = "%.1f"
		}
		want[string(s.Quantity)] = fmt.Sprintf(f, x.Value)
	}
	for _, part := range []string{"UTC", "Seeing " + want["seeing"] + "″", "τ₀ " + want["tau0"] + " ms", "PWV —"} {
		if !strings.Contains(got, part) {
			t.Errorf("readout %q lacks %q", got, part)
		}
	}
	if !strings.HasPrefix(got, "03:12:") {
		t.Errorf("readout %q: not the mouse's time", got)
	}
	if !p.area.cursor.Visible() {
		t.Error("no cursor line")
	}
	// outside the data area: no readout
	p.HoverAt(1, 1)
	if strings.TrimSpace(p.Readout()) != "" || p.area.cursor.Visible() {
		t.Errorf("outside: readout %q", p.Readout())
	}
	// a resize renders again at the new size
	w.Resize(fyne.NewSize(700, 500))
	ui.Settle(p.WaitIdle)
	if got := p.Image().Bounds().Dx(); got != int(math.Round(float64(p.area.Size().Width*scale))) {
		t.Errorf("after resize: image width %d for area %v", got, p.area.Size())
	}
	// a message replaces the plot
	p.SetMessage("No frames selected")
	uitest.Shows(t, p, "No frames selected")
	if p.area.Visible() {
		t.Error("plot still shown under the message")
	}
}
