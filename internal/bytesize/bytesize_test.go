package bytesize

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	for n, want := range map[int64]string{
		-5:            "-5 B", // negative counts (unknown sizes) are not scaled
		0:             "0 B",
		999:           "999 B",
		1000:          "1.0 kB",
		1500:          "1.5 kB",
		999_949:       "999.9 kB",
		999_999:       "1000.0 kB", // rounding, not a unit change: as before
		1_000_000:     "1.0 MB",
		12_345_678:    "12.3 MB",
		3_141_592_653: "3.1 GB",
		40763712960:   "40.8 GB",
		1e12:          "1.0 TB",
		2.5e15:        "2.5 PB",
		math.MaxInt64: "9.2 EB",
	} {
		if got := Format(n); got != want {
			t.Errorf("Format(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestText(t *testing.T) {
	for _, c := range []struct {
		n        int64
		estimate bool
		want     string
	}{{-1, false, "size unknown"}, {-1, true, "size unknown"}, {1_700_000, false, "1.7 MB"}, {8_300_000, true, "≈8.3 MB"}} {
		if got := Text(c.n, c.estimate); got != c.want {
			t.Errorf("Text(%d, %v) = %q, want %q", c.n, c.estimate, got, c.want)
		}
	}
}
