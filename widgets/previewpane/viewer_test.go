package previewpane

import (
	"image"
	"image/color"
	"math"
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"esodesk/internal/imagetest"
	"esodesk/internal/testserver"
	"esodesk/preview"
)

// coded is a w x h image whose pixel (x, y) encodes x and y.
func coded(w, h int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), uint8(x>>8<<4 | y>>8), 255})
		}
	}
	return m
}

// checkCrop asserts that the viewer's raster shows, under every screen
// pixel, the pixel of src (or of the reduced level the scale calls for)
// that its scale and offset put there.
func checkCrop(t *testing.T, v *Viewer, src image.Image, w, h int) {
	t.Helper()
	got := v.Render(w, h)
	lvl, f := v.levels.pick(src, v.Scale())
	s := v.Scale() / f
	ox, oy := v.Offset()
	ox, oy = ox*f, oy*f
	bg := color.NRGBA64Model.Convert(v.bg)
	for y := 0; y < h; y += 7 {
		for x := 0; x < w; x += 5 {
			ix := int(math.Floor(ox + (float64(x)+0.5)/s))
			iy := int(math.Floor(oy + (float64(y)+0.5)/s))
			want := bg
			if image.Pt(ix, iy).In(lvl.Bounds()) {
				want = color.NRGBA64Model.Convert(lvl.At(ix, iy))
			}
			if g := color.NRGBA64Model.Convert(got.At(x, y)); g != want {
				t.Fatalf("screen (%d,%d) = %v, want image pixel (%d,%d) %v (scale %g, offset %g,%g)", x, y, g, ix, iy, want, s, ox, oy)
			}
		}
	}
}

func TestViewerZoomAndPan(t *testing.T) {
	test.NewTempApp(t)
	src := coded(600, 400)
	v := NewViewer(src, uiQueue.Run)
	w := test.NewTempWindow(t, v)
	w.Resize(fyne.NewSize(300, 200))
	settle(v)
	vs := v.Size()
	vw, vh := int(vs.Width), int(vs.Height)

	// Opens at 1:1 around the image's centre.
	if v.Scale() != 1 {
		t.Fatalf("initial scale %g, want 1", v.Scale())
	}
	ox, oy := v.Offset()
	if math.Abs(ox-(300-float64(vw)/2)) > 0.5 || math.Abs(oy-(200-float64(vh)/2)) > 0.5 {
		t.Errorf("initial offset %g,%g: not centred", ox, oy)
	}
	checkCrop(t, v, src, vw, vh)

	// The wheel zooms in around the cursor: the image point under it stays.
	at := fyne.NewPos(40, 30)
	ix, iy := ox+40, oy+30
	v.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: at}, Scrolled: fyne.Delta{DY: 10}})
	if v.Scale() <= 1.1 {
		t.Fatalf("scale %g after a wheel notch up", v.Scale())
	}
	ox, oy = v.Offset()
	if math.Abs(ox+40/v.Scale()-ix) > 1e-6 || math.Abs(oy+30/v.Scale()-iy) > 1e-6 {
		t.Errorf("the point under the cursor moved: %g,%g -> %g,%g", ix, iy, ox+40/v.Scale(), oy+30/v.Scale())
	}
	checkCrop(t, v, src, vw, vh)

	// A drag pans by the dragged distance in image pixels.
	s := v.Scale()
	v.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: -20, DY: -10}})
	nx, ny := v.Offset()
	if math.Abs(nx-(ox+20/s)) > 1e-6 || math.Abs(ny-(oy+10/s)) > 1e-6 {
		t.Errorf("drag: offset %g,%g, want %g,%g", nx, ny, ox+20/s, oy+10/s)
	}
	checkCrop(t, v, src, vw, vh)

	// Keys: + zooms in, 0 fits, 1 goes back to 1:1.
	v.TypedRune('+')
	if math.Abs(v.Scale()-s*keyZoom) > 1e-9 {
		t.Errorf("+: scale %g, want %g", v.Scale(), s*keyZoom)
	}
	v.TypedRune('0')
	fit := math.Min(float64(vw)/600, float64(vh)/400)
	if math.Abs(v.Scale()-fit) > 1e-9 {
		t.Errorf("0 (fit): scale %g, want %g", v.Scale(), fit)
	}
	checkCrop(t, v, src, vw, vh)
	// Zoomed out to half size, the view shows the area-averaged half-size
	// level, not every other source pixel.
	v.scale, v.ox, v.oy = 0.5, 0, 0
	half := preview.Thumbnail(src, 300)
	r := v.Render(300, 200)
	imagetest.SamePixels(t, r, half)
	v.TypedRune('1')
	if v.Scale() != 1 {
		t.Errorf("1: scale %g", v.Scale())
	}
	// Panning stops at the image's edge.
	v.Pan(1e6, 1e6)
	if x, y := v.Offset(); x != 0 || y != 0 {
		t.Errorf("pan past the top-left: offset %g,%g", x, y)
	}
	checkCrop(t, v, src, vw, vh)

	// A synthetic check of the sampling: at 2x from (10, 20), screen
	// pixel (2k, 2j) shows image pixel (10+k, 20+j).
	v.scale, v.ox, v.oy = 2, 10, 20
	r2 := v.Render(40, 40).(*image.NRGBA)
	for j := range 20 {
		for k := range 20 {
			for _, d := range [][2]int{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
				if g, want := r2.NRGBAAt(2*k+d[0], 2*j+d[1]), src.NRGBAAt(10+k, 20+j); g != want {
					t.Fatalf("2x: screen (%d,%d) = %v, want %v", 2*k+d[0], 2*j+d[1], g, want)
				}
			}
		}
	}
}

func TestViewerOpensOnTap(t *testing.T) {
	data, want := realPreview(t)
	s := testserver.New(t)
	url := s.Put("/p.png", "image/png", data)
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	p := New(w, newCache(t), uiQueue.Run)
	w.SetContent(p)
	w.Resize(fyne.NewSize(1200, 800))
	p.Debounce = 0
	p.ShowItems([]Item{{URL: url, Title: "ADP.2025-12-18T13_16_13.402.png"}})
	settle(p)
	if p.Viewer() != nil {
		t.Fatal("viewer open before the tap")
	}
	test.Tap(p.v.main)
	v := p.Viewer()
	if v == nil {
		t.Fatal("tapping the preview opened no viewer")
	}
	if iw, ih := v.ImageSize(); iw != 1771 || ih != 1240 {
		t.Errorf("viewer image %dx%d", iw, ih)
	}
	if v.Scale() != 1 {
		t.Errorf("viewer opened at scale %g, want 1", v.Scale())
	}
	vs := v.Size()
	if vs.Width < 900 || vs.Height < 500 {
		t.Errorf("viewer only %v in a 1200x800 window", vs)
	}
	// At 1:1 the raster is the image's pixels, from the offset on.
	ox, oy := v.Offset()
	got := v.Render(int(vs.Width), int(vs.Height))
	for y := 0; y < int(vs.Height); y += 13 {
		for x := 0; x < int(vs.Width); x += 11 {
			ix, iy := int(math.Floor(ox+float64(x)+0.5)), int(math.Floor(oy+float64(y)+0.5))
			g := color.NRGBA64Model.Convert(got.At(x, y))
			wnt := color.NRGBA64Model.Convert(want.At(ix, iy))
			if g != wnt {
				t.Fatalf("screen (%d,%d) = %v, want image (%d,%d) %v", x, y, g, ix, iy, wnt)
			}
		}
	}
	capture(t, w, "viewer-1to1.png")
	if os.Getenv("PREVIEWPANE_SHOTS") != "" {
		// Slow under -race (the software painter scales the pane's image
		// behind the dialog): only when screenshots are asked for.
		v.ZoomAt(fyne.NewPos(vs.Width/2, vs.Height/2), 3)
		capture(t, w, "viewer-zoom3.png")
		settle(v)
		v.Fit()
		capture(t, w, "viewer-fit.png")
	}
}
