package previewpane

import (
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/fixtures"
	"esodesk/internal/uitest"
	"esodesk/preview"
)

const realPNG = "eso_astroquery_examples/ADP.2025-12-18T13_16_13.402.png"

// server serves files by path, counts requests, tracks how many run at
// once, and can hold a path until released (or the request is cancelled).
type server struct {
	*httptest.Server
	mu       sync.Mutex
	files    map[string][]byte
	types    map[string]string
	count    map[string]int
	hold     map[string]chan struct{}
	total    atomic.Int64
	canceled atomic.Int64
	active   atomic.Int64
	peak     atomic.Int64
	arrived  chan string
}

func newServer(t testing.TB) *server {
	s := &server{files: map[string][]byte{}, types: map[string]string{}, count: map[string]int{},
		hold: map[string]chan struct{}{}, arrived: make(chan string, 1000)}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.total.Add(1)
		n := s.active.Add(1)
		defer s.active.Add(-1)
		for {
			p := s.peak.Load()
			if n <= p || s.peak.CompareAndSwap(p, n) {
				break
			}
		}
		s.mu.Lock()
		s.count[r.URL.Path]++
		data, ok := s.files[r.URL.Path]
		ct := s.types[r.URL.Path]
		hold := s.hold[r.URL.Path]
		s.mu.Unlock()
		s.arrived <- r.URL.Path
		if hold != nil {
			select {
			case <-hold:
			case <-r.Context().Done():
				s.canceled.Add(1)
				return
			}
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		if ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.Write(data)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) put(path, contentType string, data []byte) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[path], s.types[path] = data, contentType
	return s.URL + path
}

func (s *server) setHold(path string, release chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hold[path] = release
}

func (s *server) requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count[path]
}

func newCache(t testing.TB) *preview.Cache {
	t.Helper()
	c, err := preview.New(preview.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// realPreview returns the real ESO preview's bytes and its decoding by
// image/png.
func realPreview(t testing.TB) ([]byte, image.Image) {
	t.Helper()
	data, err := os.ReadFile(fixtures.Path(t, realPNG))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(fixtures.Path(t, realPNG))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return data, img
}

func samePixels(t *testing.T, got, want image.Image) {
	t.Helper()
	if got == nil {
		t.Fatal("no image")
	}
	if got.Bounds() != want.Bounds() {
		t.Fatalf("bounds %v, want %v", got.Bounds(), want.Bounds())
	}
	b := want.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if g, w := color.NRGBA64Model.Convert(got.At(x, y)), color.NRGBA64Model.Convert(want.At(x, y)); g != w {
				t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, g, w)
			}
		}
	}
}

// newPane puts a pane in a 450x700 window.
func newPane(t *testing.T, cache *preview.Cache) (*Pane, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	p := New(w, cache)
	w.SetContent(p)
	w.Resize(fyne.NewSize(450, 700))
	return p, w
}

// texts returns the text of every visible label below obj.
func texts(obj fyne.CanvasObject) []string {
	var out []string
	uitest.Walk(obj, func(o fyne.CanvasObject) bool {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *canvas.Text:
			out = append(out, x.Text)
		}
		return true
	})
	return out
}

// shownImages returns the images of the visible canvas.Images below obj.
func shownImages(obj fyne.CanvasObject) []image.Image {
	var out []image.Image
	uitest.Walk(obj, func(o fyne.CanvasObject) bool {
		if x, ok := o.(*canvas.Image); ok && x.Image != nil {
			out = append(out, x.Image)
		}
		return true
	})
	return out
}

// capture saves what w shows to dir/name and returns the path.
func capture(t *testing.T, w fyne.Window, name string) string {
	t.Helper()
	dir := os.Getenv("PREVIEWPANE_SHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	return path
}

func walkTiles(obj fyne.CanvasObject, fn func(*galleryTile)) {
	uitest.Walk(obj, func(o fyne.CanvasObject) bool {
		if t, ok := o.(*galleryTile); ok {
			fn(t)
		}
		return true
	})
}
