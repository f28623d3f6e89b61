package fits

import (
	"strings"
	"testing"
)

func TestParseHeaderText(t *testing.T) {
	text := strings.Join([]string{
		"SIMPLE  =                    T / conforms to FITS standard",
		"BITPIX  =                   16",
		"OBJECT  = 'HD 100546'          / original target",
		"HIERARCH ESO DPR CATG = 'SCIENCE' / observation category",
		"LONGSTR = 'abc&'",
		"CONTINUE  'def'",
		"END",
		"",
		"XTENSION= 'BINTABLE'",
		"EXTNAME = 'SPECTRUM'",
		"END",
	}, "\r\n")
	hs, err := ParseHeaderText(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || hs[0].Name != "PRIMARY" || hs[1].Name != "SPECTRUM" || hs[1].Index != 1 {
		t.Fatalf("HDUs: %+v", hs)
	}
	want := map[string]string{"SIMPLE": "T", "OBJECT": "HD 100546", "ESO DPR CATG": "SCIENCE", "LONGSTR": "abcdef"}
	for _, c := range hs[0].Cards {
		if v, ok := want[c.Key]; ok {
			if c.Value != v {
				t.Errorf("%s = %q, want %q", c.Key, c.Value, v)
			}
			delete(want, c.Key)
		}
	}
	if len(want) != 0 {
		t.Errorf("cards not found: %v", want)
	}
	if _, err := ParseHeaderText("\n  \n"); err == nil {
		t.Error("empty text gave no error")
	}
}
