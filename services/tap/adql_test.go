package tap

import "testing"

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "''",
		"spectra":           "'spectra'",
		"O'Brien":           "'O''Brien'",
		"x') OR 1=1 --":     "'x'') OR 1=1 --'",
		"''":                "''''''",
		`back\slash "dq"`:   `'back\slash "dq"'`,
		"wörd with ümlauts": "'wörd with ümlauts'",
	} {
		got, err := Quote(in)
		if err != nil || got != want {
			t.Errorf("Quote(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := Quote("a\x00b"); err == nil {
		t.Error("Quote accepted a NUL character")
	}
}
