package plural

import "testing"

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 files", 1: "1 file", 2: "2 files", -1: "-1 files", 1000: "1000 files"} {
		if got := Count(n, "file"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
	if got := Count(1, "night log"); got != "1 night log" {
		t.Errorf("%q", got)
	}
}
