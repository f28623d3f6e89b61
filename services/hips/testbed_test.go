package hips_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"math/bits"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"esodesk/internal/testbedenv"
	"esodesk/services/hips"
)

// envFile is what the testbed's gen_hips.py writes about the HiPS it made;
// the HiPS folders lie beside it under hips/static.
const envFile = "/var/gavo/inputs/esodesk-hips.env"

type testbedHiPS struct {
	url, disk string // base URL, folder on disk
	order     int    // what gen_hips.py asked HipsGen for
	width     int
}

// testbedSurveys returns the testbed's two HiPS (allsky, images), skipping
// the test when the testbed or its HiPS are missing.
func testbedSurveys(t *testing.T) (allsky, images testbedHiPS, env map[string]string) {
	t.Helper()
	base := testbedenv.URL(t)
	f, err := os.Open(envFile)
	if err != nil {
		t.Skipf("%s: %v (the testbed has no HiPS: run make testbed)", envFile, err)
	}
	defer f.Close()
	env = map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "="); ok {
			env[k] = strings.Trim(v, `"`)
		}
	}
	static := filepath.Join(filepath.Dir(envFile), "hips", "static")
	survey := func(prefix string) testbedHiPS {
		order, err1 := strconv.Atoi(env[prefix+"_ORDER"])
		width, err2 := strconv.Atoi(env[prefix+"_TILE_WIDTH"])
		path := env[prefix+"_PATH"]
		if err1 != nil || err2 != nil || path == "" {
			t.Fatalf("%s lacks %s_PATH, _ORDER or _TILE_WIDTH: %v", envFile, prefix, env)
		}
		return testbedHiPS{url: base + path, disk: filepath.Join(static, filepath.Base(path)), order: order, width: width}
	}
	return survey("HIPS_ALLSKY"), survey("HIPS_IMAGES"), env
}

// The properties as the testbed serves them say what gen_hips.py asked
// HipsGen for; the all-sky HiPS's order is the one healpy's nside of its
// map implies (map order minus log2 of the tile width).
func TestTestbedProperties(t *testing.T) {
	allsky, images, env := testbedSurveys(t)
	c := hips.New(nil, t.TempDir(), 0)
	for _, s := range []testbedHiPS{allsky, images} {
		p, err := c.Properties(context.Background(), s.url+"/")
		if err != nil {
			t.Fatal(err)
		}
		if p.Base != s.url || p.Order != s.order || p.OrderMin != 0 || p.TileWidth != s.width || p.Frame != "equatorial" ||
			p.ImageFormat() != "png" || strings.Join(p.Formats, " ") != "png fits" ||
			p.CreatorDID != "ivo://testbed.example/P/esodesk/"+filepath.Base(s.disk) || !strings.HasPrefix(p.Title, "esodesk testbed") {
			t.Errorf("%s: %+v", s.url, p)
		}
	}
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("Debian's /usr/bin/python3 is missing: install python3-healpy")
	}
	out, err := exec.Command(py, "-c", "import sys, healpy; print(healpy.get_nside(healpy.read_map(sys.argv[1], nest=True, dtype=None)))", env["HIPS_ALLSKY_MAP"]).Output()
	if err != nil {
		t.Fatalf("healpy on %s: %v", env["HIPS_ALLSKY_MAP"], err)
	}
	nside, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("healpy said %q", out)
	}
	p, _ := c.Properties(context.Background(), allsky.url)
	if want := bits.TrailingZeros(uint(nside)) - bits.TrailingZeros(uint(p.TileWidth)); p.Order != want {
		t.Errorf("allsky hips_order %d; healpy's nside %d with %d-pixel tiles makes %d", p.Order, nside, p.TileWidth, want)
	}
}

// Every tile file of the testbed's HiPS (PNG and FITS), and the Allsky
// image, arrives byte for byte as gen_hips.py wrote it; a pixel without a
// file is ErrNoTile.
func TestTestbedTiles(t *testing.T) {
	allsky, images, _ := testbedSurveys(t)
	c := hips.New(nil, t.TempDir(), 0)
	ctx := context.Background()
	for _, s := range []testbedHiPS{allsky, images} {
		want, err := os.ReadFile(filepath.Join(s.disk, "Norder3", "Allsky.png"))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := c.Allsky(ctx, s.url, "png"); err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s Allsky: %d bytes (%v), want the %d of the file", s.url, len(got), err, len(want))
		}
		files, _ := filepath.Glob(filepath.Join(s.disk, "Norder*", "Dir*", "Npix*.*"))
		if len(files) == 0 {
			t.Fatalf("no tiles in %s", s.disk)
		}
		have := map[string]bool{}
		for _, f := range files {
			rel, _ := filepath.Rel(s.disk, f)
			order, npix, ext, err := parseTilePath(rel)
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			have[rel] = true
			if hips.TileURL(s.url, order, npix, ext) != s.url+"/"+filepath.ToSlash(rel) {
				t.Errorf("TileURL(%d, %d, %s) = %s, but the file is %s", order, npix, ext, hips.TileURL(s.url, order, npix, ext), rel)
			}
			want, _ := os.ReadFile(f)
			got, err := c.Tile(ctx, s.url, order, npix, ext)
			if err != nil || !bytes.Equal(got, want) {
				t.Errorf("%s: %d bytes (%v), want the %d of the file", rel, len(got), err, len(want))
			}
		}
		// a pixel at the deepest order that has no tile
		for npix := int64(0); npix < 12<<(2*uint(s.order)); npix++ {
			rel := filepath.Join("Norder"+strconv.Itoa(s.order), "Dir"+strconv.FormatInt(npix/10000*10000, 10), "Npix"+strconv.FormatInt(npix, 10)+".png")
			if have[rel] {
				continue
			}
			if _, err := c.Tile(ctx, s.url, s.order, npix, "png"); !errors.Is(err, hips.ErrNoTile) {
				t.Errorf("%s/%s has no file: got %v, want ErrNoTile", s.url, rel, err)
			}
			break
		}
	}
}

// parseTilePath reads NorderK/DirD/NpixN.ext (D is checked through
// TileURL by the caller).
func parseTilePath(rel string) (order int, npix int64, ext string, err error) {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if len(parts) != 3 || !strings.HasPrefix(parts[0], "Norder") || !strings.HasPrefix(parts[1], "Dir") || !strings.HasPrefix(parts[2], "Npix") {
		return 0, 0, "", errors.New("not a tile path")
	}
	if order, err = strconv.Atoi(strings.TrimPrefix(parts[0], "Norder")); err != nil {
		return 0, 0, "", err
	}
	name, ext, _ := strings.Cut(strings.TrimPrefix(parts[2], "Npix"), ".")
	if npix, err = strconv.ParseInt(name, 10, 64); err != nil {
		return 0, 0, "", err
	}
	return order, npix, ext, nil
}
