package healpix

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

const aladinJar = "/usr/share/java/aladin.jar"

// TestTilePixelHipsGen builds a real HiPS with Aladin's HipsGen from a healpy
// map whose value is its own nested pixel index (nside 64, tiles 8×8, so tile
// order 3), and checks for every pixel of several tiles that the value shown
// at image (x, y) (PNG orientation, top row first) is
// TilePixelNest(3, 8, tile, x, y), and that TilePixel maps it back.
func TestTilePixelHipsGen(t *testing.T) {
	java, err := exec.LookPath("java")
	if err != nil {
		t.Skip("java not on PATH: cannot run HipsGen (install default-jre and aladin)")
	}
	if _, err := os.Stat(aladinJar); err != nil {
		t.Skipf("%s missing: cannot run HipsGen (install Debian's aladin)", aladinJar)
	}
	dir := t.TempDir()
	mapFile := filepath.Join(dir, "map.fits")
	healpyRef(t, nil, "map", "64", mapFile) // skips without healpy
	out := filepath.Join(dir, "hips")
	cmd := exec.Command(java, "-Xmx1g", "-cp", aladinJar, "cds.allsky.HipsGen",
		"in="+mapFile, "out="+out, "creator_did=ivo://test/P/idx", "hips_tile_width=8", "MAPTILES")
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("HipsGen failed: %v\n%s", err, b)
	}
	const order, width = 3, 8
	tiles := []int64{0, 7, 100, 347, 383, 511, 600, 767} // polar, equatorial and southern faces
	args := []string{"tiles", out, strconv.Itoa(order)}
	for _, tl := range tiles {
		args = append(args, strconv.FormatInt(tl, 10))
	}
	var got map[string][][]float64
	healpyRef(t, &got, args...)
	for _, tl := range tiles {
		rows := got[strconv.FormatInt(tl, 10)]
		if len(rows) != width {
			t.Fatalf("tile %d: %d rows, want %d", tl, len(rows), width)
		}
		for y, row := range rows {
			for x, v := range row {
				want := TilePixelNest(order, width, tl, x, y)
				if int64(v) != want || float64(int64(v)) != v {
					t.Errorf("tile %d (%d,%d): HipsGen pixel %v, TilePixelNest %d", tl, x, y, v, want)
					continue
				}
				gt, gx, gy := TilePixel(order, width, int64(v))
				if gt != tl || gx != x || gy != y {
					t.Errorf("TilePixel(%v) = tile %d (%d,%d), want tile %d (%d,%d)", v, gt, gx, gy, tl, x, y)
				}
			}
		}
	}
}

// TestTilePixelRoundTrip: TilePixel and TilePixelNest are inverse for all
// pixels of a tile at several widths, and each tile holds exactly its
// children.
func TestTilePixelRoundTrip(t *testing.T) {
	for _, w := range []int{1, 2, 8, 64, 512} {
		tile := int64(1234)
		seen := map[int64]bool{}
		for y := 0; y < w; y++ {
			for x := 0; x < w; x++ {
				p := TilePixelNest(5, w, tile, x, y)
				if seen[p] {
					t.Fatalf("width %d: pixel %d twice", w, p)
				}
				seen[p] = true
				gt, gx, gy := TilePixel(5, w, p)
				if gt != tile || gx != x || gy != y {
					t.Fatalf("width %d: TilePixel(%d) = %d (%d,%d), want %d (%d,%d)", w, p, gt, gx, gy, tile, x, y)
				}
			}
		}
		lo := tile * int64(w) * int64(w)
		for p := range seen {
			if p < lo || p >= lo+int64(w)*int64(w) {
				t.Fatalf("width %d: pixel %d is not a child of tile %d", w, p, tile)
			}
		}
	}
}

func BenchmarkTilePixel(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		tl, x, y := TilePixel(3, 512, int64(i))
		sink += tl + int64(x+y)
	}
}
