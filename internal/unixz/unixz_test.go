package unixz

import (
	"bytes"
	"errors"
	"math/rand"
	"os"
	"os/exec"
	"testing"

	"esodesk/internal/fixtures"
)

func testData(n int, seed int64) []byte {
	rng := rand.New(rand.NewSource(seed))
	words := [][]byte{[]byte("SIMPLE  =   T"), []byte("  "), []byte("NAXIS"), []byte("\x00\x00\x00"), []byte("END")}
	var b []byte
	for len(b) < n {
		if rng.Intn(4) == 0 {
			b = append(b, byte(rng.Intn(256)))
		} else {
			b = append(b, words[rng.Intn(len(words))]...)
		}
	}
	return b[:n]
}

func TestRoundTrip(t *testing.T) {
	for _, maxBits := range []uint{9, 10, 12, 16} {
		for _, block := range []bool{true, false} {
			for _, n := range []int{0, 1, 2, 100, 5000, 300000} {
				data := testData(n, int64(n)+int64(maxBits))
				z := Compress(data, maxBits, block, block)
				got, err := Decompress(bytes.NewReader(z), 0)
				if err != nil {
					t.Fatalf("bits=%d block=%v n=%d: %v", maxBits, block, n, err)
				}
				if !bytes.Equal(got, data) {
					t.Fatalf("bits=%d block=%v n=%d: output differs (len %d, want %d)", maxBits, block, n, len(got), len(data))
				}
			}
		}
	}
}

// TestAgainstGzip checks the test encoder (and so the layout both sides
// assume) against gzip, which also decodes .Z.
func TestAgainstGzip(t *testing.T) {
	gz, err := exec.LookPath("gzip")
	if err != nil {
		t.Skip("gzip not installed")
	}
	for _, maxBits := range []uint{9, 12, 16} {
		data := testData(200000, int64(maxBits))
		z := Compress(data, maxBits, true, true)
		cmd := exec.Command(gz, "-dc")
		cmd.Stdin = bytes.NewReader(z)
		want, err := cmd.Output()
		if err != nil {
			t.Fatalf("gzip -dc (bits=%d): %v", maxBits, err)
		}
		if !bytes.Equal(want, data) {
			t.Fatalf("gzip disagrees with the test encoder (bits=%d)", maxBits)
		}
		got, err := Decompress(bytes.NewReader(z), 0)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("bits=%d: decoder differs from gzip (err %v)", maxBits, err)
		}
	}
}

func TestRealFixture(t *testing.T) {
	path := fixtures.Path(t, "astroquery_eso/testfile.fits.Z")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decompress(bytes.NewReader(raw), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got)%2880 != 0 || !bytes.HasPrefix(got, []byte("SIMPLE  =")) {
		t.Fatalf("decoded %d bytes that do not look like FITS: %q", len(got), got[:min(len(got), 40)])
	}
	if gz, err := exec.LookPath("gzip"); err == nil {
		want, err := exec.Command(gz, "-dc", path).Output()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("differs from gzip -dc (%d vs %d bytes)", len(got), len(want))
		}
	}
}

func TestErrors(t *testing.T) {
	good := Compress(testData(10000, 1), 16, true, true)
	cases := map[string][]byte{
		"empty":      nil,
		"short":      {0x1f},
		"bad magic":  {0x1f, 0x8b, 0x90, 1, 2},
		"bits 8":     {0x1f, 0x9d, 0x88, 1, 2},
		"bits 17":    {0x1f, 0x9d, 0x91, 1, 2},
		"first code": {0x1f, 0x9d, 0x90, 0xff, 0xff},
	}
	for name, in := range cases {
		if _, err := Decompress(bytes.NewReader(in), 0); !errors.Is(err, ErrFormat) {
			t.Errorf("%s: got %v, want ErrFormat", name, err)
		}
	}
	// Garbage after a good start: a code beyond the table is an error.
	bad := append([]byte{}, good[:20]...)
	bad = append(bad, bytes.Repeat([]byte{0xff}, 50)...)
	if _, err := Decompress(bytes.NewReader(bad), 0); !errors.Is(err, ErrFormat) {
		t.Errorf("garbage: got %v", err)
	}
	// Truncation is not an error (compress(1) stops at the last whole code)
	// but must not panic and must give a prefix of the data.
	data := testData(10000, 1)
	for _, cut := range []int{3, 4, 10, len(good) / 2, len(good) - 1} {
		got, err := Decompress(bytes.NewReader(good[:cut]), 0)
		if err != nil {
			t.Fatalf("cut %d: %v", cut, err)
		}
		if !bytes.HasPrefix(data, got) {
			t.Fatalf("cut %d: output is not a prefix of the data", cut)
		}
	}
	if _, err := Decompress(bytes.NewReader(good), 100); !errors.Is(err, ErrTooLarge) {
		t.Errorf("limit: got %v", err)
	}
}

func FuzzDecompress(f *testing.F) {
	f.Add(Compress([]byte("hello hello hello hello"), 16, true, true))
	f.Add(Compress(testData(3000, 2), 9, true, true))
	f.Add(Compress(testData(3000, 3), 12, false, false))
	f.Add([]byte{0x1f, 0x9d, 0x90})
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := Decompress(bytes.NewReader(in), 1<<20)
		if err == nil && len(out) > 1<<20 {
			t.Fatalf("output %d bytes beyond the limit", len(out))
		}
	})
}
