//go:build cgo

package fitsimage

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

type refSpectrum struct {
	Box  [4]int     `json:"box"`
	Sum  []*float64 `json:"sum"`
	Mean []*float64 `json:"mean"`
}

type refImage struct {
	HDU     int           `json:"hdu"`
	Unit    string        `json:"unit"`
	Values  []*float64    `json:"values"`
	Spectra []refSpectrum `json:"spectra"`
}

type refFile struct {
	Name   string     `json:"name"`
	HDUs   []HDU      `json:"hdus"`
	Images []refImage `json:"images"`
}

var (
	refOnce sync.Once
	refDir  string
	refData struct {
		Files []refFile `json:"files"`
	}
	refErr error
)

// reference writes the test images with astropy (testdata/make_images.py)
// once per run and returns what astropy and numpy read back from them.
func reference(t *testing.T) (string, []refFile) {
	t.Helper()
	refOnce.Do(func() {
		py := "/usr/bin/python3"
		if _, err := os.Stat(py); err != nil {
			refErr = err
			return
		}
		refDir, refErr = os.MkdirTemp("", "fitsimage-test")
		if refErr != nil {
			return
		}
		out, err := exec.Command(py, "testdata/make_images.py", refDir).Output()
		if err != nil {
			refErr = err
			return
		}
		refErr = json.Unmarshal(out, &refData)
	})
	if refErr != nil {
		t.Skipf("no astropy reference (/usr/bin/python3 with astropy): %v", refErr)
	}
	return refDir, refData.Files
}

func TestMain(m *testing.M) {
	code := m.Run()
	if refDir != "" {
		os.RemoveAll(refDir)
	}
	os.Exit(code)
}

// closeEnough compares a value with astropy's, null meaning blank (NaN).
func closeEnough(got float64, want *float64, rel float64) bool {
	if want == nil {
		return math.IsNaN(got)
	}
	return math.Abs(got-*want) <= rel*math.Max(1, math.Abs(*want))
}

// TestListMatchesAstropy: the image HDUs (≥2 axes) with their numbers,
// names, axes, BITPIX and compression are those astropy sees; tables and
// 1-D images are left out, compressed images listed as images.
func TestListMatchesAstropy(t *testing.T) {
	dir, files := reference(t)
	for _, rf := range files {
		got, err := List(filepath.Join(dir, rf.Name))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, rf.HDUs) {
			t.Errorf("%s: List = %+v, astropy %+v", rf.Name, got, rf.HDUs)
		}
	}
}

// TestPlanesMatchAstropy: every pixel of every plane equals astropy's
// scaled value (BSCALE/BZERO applied, BLANK and NaN as NaN), for plain,
// scaled, RICE_1 and GZIP_2 compressed images and a cube; BUNIT and the
// header are those of the image.
func TestPlanesMatchAstropy(t *testing.T) {
	dir, files := reference(t)
	ctx := context.Background()
	for _, rf := range files {
		for _, ri := range rf.Images {
			f, err := Open(filepath.Join(dir, rf.Name), ri.HDU)
			if err != nil {
				t.Fatal(err)
			}
			w, h, planes := f.Size()
			if w*h*planes != len(ri.Values) {
				t.Fatalf("%s[%d]: size %dx%dx%d, astropy has %d values", rf.Name, ri.HDU, w, h, planes, len(ri.Values))
			}
			if f.Unit() != ri.Unit {
				t.Errorf("%s[%d]: unit %q, astropy %q", rf.Name, ri.HDU, f.Unit(), ri.Unit)
			}
			hdr := f.Header()
			if len(hdr)%80 != 0 || !strings.Contains(hdr, "NAXIS1  =") || strings.Contains(hdr, "ZIMAGE") {
				t.Errorf("%s[%d]: header is not the image's own cards:\n%s", rf.Name, ri.HDU, hdr)
			}
			for p := 0; p < planes; p++ {
				vals, err := f.Plane(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				for i, v := range vals {
					if want := ri.Values[p*w*h+i]; !closeEnough(float64(v), want, 1e-6) {
						t.Fatalf("%s[%d] plane %d pixel (%d,%d) = %v, astropy %v", rf.Name, ri.HDU, p, i%w, i/w, v, *want)
					}
				}
			}
			f.Close()
		}
	}
}

// TestSpectrumMatchesNumpy: per-plane sums and means over boxes equal
// numpy's nansum/nanmean (NaN for an all-blank box), including a box
// that is all blank in one plane of the cube and a 1x1 box.
func TestSpectrumMatchesNumpy(t *testing.T) {
	dir, files := reference(t)
	for _, rf := range files {
		for _, ri := range rf.Images {
			f, err := Open(filepath.Join(dir, rf.Name), ri.HDU)
			if err != nil {
				t.Fatal(err)
			}
			for _, rs := range ri.Spectra {
				b := rs.Box
				for _, mean := range []bool{false, true} {
					got, err := f.Spectrum(context.Background(), b[0], b[1], b[2], b[3], mean)
					if err != nil {
						t.Fatal(err)
					}
					want := rs.Sum
					if mean {
						want = rs.Mean
					}
					if len(got) != len(want) {
						t.Fatalf("%s box %v: %d planes, numpy %d", rf.Name, b, len(got), len(want))
					}
					for i := range got {
						if !closeEnough(got[i], want[i], 1e-9) {
							t.Errorf("%s[%d] box %v mean=%v plane %d: %v, numpy %v", rf.Name, ri.HDU, b, mean, i, got[i], want[i])
						}
					}
				}
			}
			f.Close()
		}
	}
}

// TestOpenDefaultAndErrors: HDU 0 finds the first 2-D image past an empty
// primary; tables, 1-D images, missing HDUs and files fail with messages
// naming the HDU and the file.
func TestOpenDefaultAndErrors(t *testing.T) {
	dir, _ := reference(t)
	plain := filepath.Join(dir, "plain.fits")
	f, err := Open(plain, 0)
	if err != nil {
		t.Fatal(err)
	}
	if f.HDU().Number != 2 || f.HDU().Name != "SCI" {
		t.Errorf("default HDU = %+v, want 2 (SCI)", f.HDU())
	}
	f.Close()
	if _, err := f.Plane(context.Background(), 0); err == nil {
		t.Error("Plane after Close: no error")
	}
	for _, c := range []struct {
		hdu  int
		want string
	}{
		{3, "HDU 3 (TAB) of plain.fits is a table, not an image"},
		{4, "HDU 4 (ONED) of plain.fits is not a 2-D image"},
		{1, "HDU 1 of plain.fits is not a 2-D image"},
		{9, "plain.fits has 4 HDUs, so there is no HDU 9"},
	} {
		_, err := Open(plain, c.hdu)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open(hdu %d) = %v, want %q", c.hdu, err, c.want)
		}
	}
	if _, err := Open(filepath.Join(dir, "missing.fits"), 0); err == nil || !strings.Contains(err.Error(), "cannot open") {
		t.Errorf("missing file: %v", err)
	}
	cube, err := Open(filepath.Join(dir, "cube.fits"), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer cube.Close()
	if _, err := cube.Plane(context.Background(), 30); err == nil || !strings.Contains(err.Error(), "30 plane(s)") {
		t.Errorf("plane 30 of 30: %v", err)
	}
	if _, err := cube.Spectrum(context.Background(), 0, 0, 20, 3, false); err == nil {
		t.Error("box past the edge: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := cube.Plane(ctx, 0); err != context.Canceled {
		t.Errorf("cancelled Plane: %v", err)
	}
}

// TestConcurrentReads: planes and spectra read from several goroutines
// through one File agree (run with -race).
func TestConcurrentReads(t *testing.T) {
	dir, _ := reference(t)
	f, err := Open(filepath.Join(dir, "cube.fits"), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	first, _ := f.Plane(context.Background(), 3)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := f.Plane(context.Background(), 3)
			if err != nil || !reflect.DeepEqual(p, first) {
				t.Errorf("concurrent Plane differs: %v", err)
			}
			if _, err := f.Spectrum(context.Background(), 0, 0, 5, 5, true); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

// TestGzipAndOddNames: a gzipped file and a name with brackets (which
// cfitsio's extended file-name syntax would misread) open and read the
// same pixels as the plain file.
func TestGzipAndOddNames(t *testing.T) {
	dir, _ := reference(t)
	src := filepath.Join(dir, "cube.fits")
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw)
	zw.Close()
	gzPath := filepath.Join(tmp, "cube.fits.gz")
	odd := filepath.Join(tmp, "cube[1].fits")
	os.WriteFile(gzPath, gz.Bytes(), 0o644)
	os.WriteFile(odd, raw, 0o644)
	want := planeOf(t, src, 5)
	for _, p := range []string{gzPath, odd} {
		if got := planeOf(t, p, 5); !reflect.DeepEqual(fmt.Sprint(got), fmt.Sprint(want)) {
			t.Errorf("%s: plane 5 differs from the plain file's", filepath.Base(p))
		}
	}
}

func planeOf(t *testing.T, path string, p int) []float32 {
	t.Helper()
	f, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := f.Plane(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
