package skyview

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"esodesk/internal/runtest"
	"esodesk/services/config"
	"esodesk/services/healpix"
	"esodesk/services/hips"
)

// The generated HiPS: orders 0..genOrder, genWidth-pixel PNG tiles, an
// Allsky of order 3 with tiles a quarter as wide. The colour of a tile pixel is a function of the HEALPix cell
// two orders above the pixel's (4 x 4 pixel blocks of one colour), so a
// frame pixel in the middle of a block has that block's colour exactly
// whatever the resampling.
const (
	genOrder = 3
	genWidth = 64 // 2^6: pixels at order+6
)

func genColour(order int, cell int64) color.NRGBA {
	h := uint64(cell)*0x9E3779B97F4A7C15 + uint64(order)*0xBF58476D1CE4E5B9
	h ^= h >> 29
	return color.NRGBA{byte(h), byte(h >> 8), byte(h >> 16), 255}
}

// genPixel is the colour of pixel (x, y) of tile at order.
func genPixel(order int, tile int64, x, y int) color.NRGBA {
	return genPixelW(order, genWidth, tile, x, y)
}

// genPixelW is genPixel for tiles width pixels wide.
func genPixelW(order, width int, tile int64, x, y int) color.NRGBA {
	cell := healpix.TilePixelNest(order, width, tile, x, y)
	return genColour(order, cell>>4)
}

func genTile(order, width int, tile int64) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, width, width))
	for y := range width {
		for x := range width {
			img.SetNRGBA(x, y, genPixelW(order, width, tile, x, y))
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// genAllsky is the order-3 Allsky: 768 tiles 27 to a row, each pixel the
// colour of the 4 x 4 block it stands for.
func genAllsky(width int) []byte {
	const cols = 27
	sub := width / 4
	img := image.NewNRGBA(image.Rect(0, 0, cols*sub, 29*sub))
	for tile := range int64(768) {
		ox, oy := int(tile%cols)*sub, int(tile/cols)*sub
		for y := range sub {
			for x := range sub {
				img.SetNRGBA(ox+x, oy+y, genPixelW(3, width, tile, 4*x+1, 4*y+1))
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// hipsServer serves the generated HiPS and counts tile requests; with
// hold set, tile requests wait until released or cancelled.
type hipsServer struct {
	*httptest.Server
	tiles     atomic.Int64 // tile requests received
	cancelled atomic.Int64 // held tile requests the client gave up on
	active    atomic.Int64
	peak      atomic.Int64

	width, order int // the tiles' size and the deepest order

	mu      sync.Mutex
	hold    chan struct{}
	paths   map[string]int
	broken  bool // properties answer 500
	release sync.Once
}

func newHiPSServer(t testing.TB) *hipsServer { return newHiPSServerOf(t, genWidth, genOrder) }

// newHiPSServerOf serves a generated HiPS of other tile width and depth.
func newHiPSServerOf(t testing.TB, width, order int) *hipsServer {
	s := &hipsServer{paths: map[string]int{}, width: width, order: order}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	t.Cleanup(s.unhold)
	return s
}

func (s *hipsServer) base() string { return s.URL + "/hips/gen" }

func (s *hipsServer) holdTiles() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hold = make(chan struct{})
	s.release = sync.Once{}
}

func (s *hipsServer) unhold() {
	s.mu.Lock()
	h := s.hold
	s.mu.Unlock()
	if h != nil {
		s.release.Do(func() { close(h) })
	}
}

func (s *hipsServer) serve(w http.ResponseWriter, r *http.Request) {
	p := strings.TrimPrefix(r.URL.Path, "/hips/gen/")
	if p == "properties" {
		s.mu.Lock()
		broken := s.broken
		s.mu.Unlock()
		if broken {
			http.Error(w, "the disk is on fire", http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "creator_did = ivo://esodesk.test/gen\nobs_title = Generated test HiPS\n"+
			"hips_version = 1.4\nhips_frame = equatorial\nhips_order = %d\nhips_order_min = 0\n"+
			"hips_tile_width = %d\nhips_tile_format = png\nhips_initial_ra = 150\n"+
			"hips_initial_dec = 20\nhips_initial_fov = 30\ndataproduct_type = image\n", s.order, s.width)
		return
	}
	if p == "Norder3/Allsky.png" {
		w.Header().Set("Content-Type", "image/png")
		w.Write(genAllsky(s.width))
		return
	}
	var order, dir int
	var npix int64
	if _, err := fmt.Sscanf(p, "Norder%d/Dir%d/Npix%d.png", &order, &dir, &npix); err != nil ||
		order < 0 || order > s.order || npix < 0 || npix >= healpix.NPix(order) {
		http.NotFound(w, r)
		return
	}
	s.tiles.Add(1)
	n := s.active.Add(1)
	defer s.active.Add(-1)
	for {
		pk := s.peak.Load()
		if n <= pk || s.peak.CompareAndSwap(pk, n) {
			break
		}
	}
	s.mu.Lock()
	s.paths[p]++
	hold := s.hold
	s.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-r.Context().Done():
			s.cancelled.Add(1)
			return
		}
	}
	w.Header().Set("Content-Type", "image/png")
	w.Write(genTile(order, s.width, npix))
}

type fixture struct {
	t  testing.TB
	s  *SkyView
	w  fyne.Window
	ui runtest.Queue
}

func (f *fixture) settle() { f.ui.Settle(f.s.WaitIdle) }

// newFixture makes a sky view in an 800 x 600 window, with a HiPS client
// whose disk cache is the test's own.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	test.NewTempApp(t)
	f := &fixture{t: t}
	f.w = test.NewTempWindow(t, nil)
	f.s = New(f.w, hips.New(nil, t.TempDir(), 0), f.ui.Run)
	f.w.SetContent(f.s)
	f.w.Resize(fyne.NewSize(800, 600))
	f.settle()
	t.Cleanup(func() { f.s.Close(); f.s.WaitIdle() })
	return f
}

// testbedHiPS is the testbed's whole-sky HiPS, or "" (with the reason)
// when there is none.
func testbedHiPS() (string, string) {
	tb := strings.TrimRight(os.Getenv(config.TestbedEnv), "/")
	if tb == "" {
		return "", config.TestbedEnv + " not set"
	}
	base := tb + "/hips/q/s/static/allsky"
	ctx := context.Background()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/properties", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err.Error()
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", "the testbed has no " + base + " yet (" + resp.Status + ")"
	}
	return base, ""
}

func (f *fixture) press(pos fyne.Position, mod fyne.KeyModifier) {
	f.s.area.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos}, Button: desktop.MouseButtonPrimary, Modifier: mod})
}

// drag drags from a to b in steps.
func (f *fixture) drag(a, b fyne.Position, steps int) {
	f.press(a, 0)
	prev := a
	for i := 1; i <= steps; i++ {
		t := float32(i) / float32(steps)
		p := fyne.NewPos(a.X+(b.X-a.X)*t, a.Y+(b.Y-a.Y)*t)
		f.s.area.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p}, Dragged: fyne.Delta{DX: p.X - prev.X, DY: p.Y - prev.Y}})
		prev = p
	}
	f.s.area.DragEnd()
	f.s.area.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: b}})
}

func (f *fixture) click(pos fyne.Position, mod fyne.KeyModifier) {
	f.press(pos, mod)
	f.s.area.MouseUp(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: pos}})
	f.s.area.Tapped(&fyne.PointEvent{Position: pos})
}

// pixelAt is the frame's colour at an area position.
func (f *fixture) pixelAt(pos fyne.Position) color.NRGBA {
	img := f.s.Image()
	if img == nil {
		f.t.Fatal("no frame")
	}
	x, y := int(float64(pos.X)*f.s.scale), int(float64(pos.Y)*f.s.scale)
	return color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
}
