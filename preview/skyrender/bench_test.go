package skyrender

import (
	"image"
	"image/color"
	"math/rand"
	"sync"
	"syscall"
	"testing"
	"time"

	"esodesk/services/hips"
)

// jpegTiles are loaded tiles as a JPEG survey decodes them (YCbCr 4:2:0,
// 512 pixels), made once per tile.
type jpegTiles struct {
	mu   sync.Mutex
	made map[[2]int64]image.Image
}

func (j *jpegTiles) Tile(order int, npix int64) (image.Image, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	k := [2]int64{int64(order), npix}
	if img, ok := j.made[k]; ok {
		return img, true
	}
	img := image.NewYCbCr(image.Rect(0, 0, 512, 512), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = uint8(i*7 + int(npix))
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = uint8(i), uint8(npix)
	}
	if j.made == nil {
		j.made = map[[2]int64]image.Image{}
	}
	j.made[k] = img
	return img, true
}

// benchLayer is 10,000 footprints over the view around (150, 2.2): 9,000
// polygons of 4 to 8 vertices 0.005 to 0.05 degrees across, 1,000 markers,
// 50 of them selected.
func benchLayer() *Layer {
	rng := rand.New(rand.NewSource(16))
	l := &Layer{Selected: map[int]bool{}}
	for i := range 10000 {
		ra, dec := 150+(rng.Float64()-0.5)*1.4, 2.2+(rng.Float64()-0.5)*0.85
		f := Footprint{Row: i, Colour: color.NRGBA{uint8(i), 200, uint8(255 - i), 220}}
		if i%10 == 0 {
			f.Point = true
			f.Outline = [][2]float64{{ra, dec}}
		} else {
			n := 4 + i%5
			r := 0.002 + rng.Float64()*0.018
			for k := range n {
				s, c := sincosDeg(360 * float64(k) / float64(n))
				f.Outline = append(f.Outline, [2]float64{ra + r*c, dec + r*s})
			}
		}
		if i%200 == 0 {
			l.Selected[i] = true
		}
		l.Footprints = append(l.Footprints, f)
	}
	return l
}

func sincosDeg(d float64) (float64, float64) {
	v := toVec(d, 0)
	return v[1], v[0]
}

func benchFrames(b *testing.B, views []View, fast bool) {
	bg := &Background{Props: hips.Properties{Order: 11, TileWidth: 512, Frame: "equatorial"}, Tiles: &jpegTiles{}}
	layer := benchLayer()
	dst := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	opt := Options{Grid: true, Fast: fast}
	for _, v := range views { // tiles made, meshes cached: as once loaded
		Render(dst, v, bg, layer, opt)
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := range b.N {
		Render(dst, views[i%len(views)], bg, layer, opt)
	}
	reportFrames(b, cpu0)
}

// reportFrames reports wall and CPU milliseconds per frame: the machine
// may be shared, and CPU time (all cores) says what a frame costs.
func reportFrames(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/frame")
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/frame")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func panViews() []View {
	var views []View
	for i := range 100 {
		views = append(views, View{Center: [2]float64{150 + 0.0035*float64(i%20-10), 2.2 + 0.0035*float64(i/20-2)}, FOV: 1.5, Projection: TAN, Width: 1280, Height: 800})
	}
	return views
}

// BenchmarkPan: 1280x800 TAN frames as the widget draws them while
// dragging (Options.Fast), each panned 3 pixels from the last, with a
// DSS-like background (512-pixel JPEG tiles), 10,000 footprints and the
// grid.
func BenchmarkPan(b *testing.B) { benchFrames(b, panViews(), true) }

// BenchmarkPanFull: the same at full quality (the frame once the drag stops).
func BenchmarkPanFull(b *testing.B) { benchFrames(b, panViews(), false) }

// BenchmarkZoom: as BenchmarkPan, zooming from 1 to 2 degrees and back in 2% steps
// (crossing a tile order).
func BenchmarkZoom(b *testing.B) {
	var views []View
	fov := 1.0
	for range 35 {
		views = append(views, View{Center: [2]float64{150, 2.2}, FOV: fov, Projection: TAN, Width: 1280, Height: 800})
		fov *= 1.02
	}
	for i := len(views) - 1; i >= 0; i-- {
		views = append(views, views[i])
	}
	benchFrames(b, views, true)
}

// BenchmarkAllSky: an AIT frame of the whole sky from the Allsky image.
func BenchmarkAllSky(b *testing.B) {
	allsky := image.NewRGBA(image.Rect(0, 0, 27*64, 29*64))
	bg := &Background{Props: hips.Properties{Order: 11, TileWidth: 512}, Allsky: allsky}
	dst := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	v := View{Center: [2]float64{0, 0}, FOV: 360, Projection: AIT, Width: 1280, Height: 800}
	cpu0 := cpuTime()
	for i := range b.N {
		v.Center[0] = float64(i % 360)
		Render(dst, v, bg, nil, Options{Grid: true})
	}
	reportFrames(b, cpu0)
}

// BenchmarkHit: a click on a view with 10,000 footprints, the index built.
func BenchmarkHit(b *testing.B) {
	l := benchLayer()
	v := View{Center: [2]float64{150, 2.2}, FOV: 1.5, Projection: TAN, Width: 1280, Height: 800}
	l.Hit(v, 0, 0)
	b.ResetTimer()
	for i := range b.N {
		l.Hit(v, float64(i%1280), float64(i*7%800))
	}
}
