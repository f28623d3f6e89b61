package download

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHostileNamesAreNeutralised(t *testing.T) {
	long := strings.Repeat("é", 400) + ".fits.Z"
	cases := []struct{ cd, want string }{
		{`attachment; filename="../../etc/passwd"`, "passwd"},
		{`attachment; filename="..\\..\\windows\\evil.dll"`, "evil.dll"},
		{`attachment; filename="/etc/shadow"`, "shadow"},
		{`attachment; filename=".."`, "fallback.fits"},
		{`attachment; filename="..."`, "fallback.fits"},
		{"attachment; filename=\"a\x01b\x7fc.fits\"", "a_b_c.fits"},
		{`attachment; filename*=UTF-8''%2E%2E%2Fsecret%0Aname.fits`, "secret_name.fits"},
		{`attachment; filename*=UTF-8''spectrum%E2%80%AEstif.fits`, "spectrum_stif.fits"}, // right-to-left override
		{`attachment; filename="plain.fits"; filename*=UTF-8''na%C3%AFve.fits`, "naïve.fits"},
		{`attachment; filename=".hidden"`, "hidden"},
	}
	fb, _ := url.Parse("http://x/file/fallback.fits")
	for _, c := range cases {
		got := nameFromResponse(c.cd, fb, "")
		if got != c.want {
			t.Errorf("%q: got %q, want %q", c.cd, got, c.want)
		}
	}
	if got := SanitizeName("a\x00b\nc\td.fits"); got != "a_b_c_d.fits" {
		t.Errorf("control characters: got %q", got)
	}
	got := nameFromResponse(`attachment; filename="`+long+`"`, fb, "")
	if len(got) > maxNameBytes || !strings.HasSuffix(got, ".fits.Z") || !utf8.ValidString(got) {
		t.Errorf("long name: %d bytes %q", len(got), got)
	}
}

func TestSplitExt(t *testing.T) {
	for _, c := range [][3]string{
		{"ADP.2020-01-01T00:00:00.123.fits", "ADP.2020-01-01T00:00:00.123", ".fits"},
		{"FORS2.2019-01-01T01:02:03.456.fits.Z", "FORS2.2019-01-01T01:02:03.456", ".fits.Z"},
		{"night.NL", "night", ".NL"},
		{"README", "README", ""},
	} {
		stem, ext := splitExt(c[0])
		if stem != c[1] || ext != c[2] {
			t.Errorf("splitExt(%q) = %q, %q", c[0], stem, ext)
		}
	}
}

func TestContentRange(t *testing.T) {
	if s, e, n, ok := parseContentRange("bytes 100-199/200"); !ok || s != 100 || e != 199 || n != 200 {
		t.Fatal("valid range misread")
	}
	if _, _, n, ok := parseContentRange("bytes 5-9/*"); !ok || n != -1 {
		t.Fatal("unknown size misread")
	}
	for _, bad := range []string{"", "bytes */200", "bytes 9-5/10", "items 0-1/2", "bytes a-b/c"} {
		if _, _, _, ok := parseContentRange(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}
