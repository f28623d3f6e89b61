package coords

import (
	"math"
	"strings"
	"testing"
)

// etaCar is 10:45:03.6 -59:41:04 in degrees.
const etaCarRA, etaCarDec = 15 * (10 + 45.0/60 + 3.6/3600), -(59 + 41.0/60 + 4.0/3600)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestParseForms(t *testing.T) {
	cases := []struct {
		in      string
		ra, dec float64
	}{
		{"10:45:03.6 -59:41:04", etaCarRA, etaCarDec},
		{"10 45 03.6 -59 41 04", etaCarRA, etaCarDec},
		{"10h45m03.6s -59d41m04s", etaCarRA, etaCarDec},
		{"10h45m03.6s, -59°41′04″", etaCarRA, etaCarDec},
		{"10h 45m 03.6s -59° 41' 04\"", etaCarRA, etaCarDec},
		{"10:45:03.6, -59:41:04", etaCarRA, etaCarDec},
		{"  10:45:03.6\t-59:41:04  ", etaCarRA, etaCarDec},
		{"10:45:03.6 −59:41:04", etaCarRA, etaCarDec}, // Unicode minus
		{"161.265 -59.685", 161.265, -59.685},
		{"161.265, -59.685", 161.265, -59.685},
		{"161.265,-59.685", 161.265, -59.685},
		{"161.265 +59.685", 161.265, 59.685},
		{"161.265 59.685", 161.265, 59.685},
		{"161.265d -59.685d", 161.265, -59.685},
		{"+161.265 -59.685", 161.265, -59.685},
		{"10:45:03.6 +59:41:04", etaCarRA, -etaCarDec},
		{"10 45 03.6 59 41 04", etaCarRA, -etaCarDec},
		{"12:00:00 -00:30:00", 180, -0.5}, // negative zero degrees
		{"12 00 00 -00 30 00", 180, -0.5},
		{"12h00m00s -0d30m00s", 180, -0.5},
		{"0 0", 0, 0},
		{"00:00:00 +00:00:00", 0, 0},
		{"23:59:59.999 +89:59:59.9", 15 * (23 + 59.0/60 + 59.999/3600), 89 + 59.0/60 + 59.9/3600},
		{"10:45 -59:41", 15 * (10 + 45.0/60), -(59 + 41.0/60)},
		{"10 45 -59 41", 15 * (10 + 45.0/60), -(59 + 41.0/60)},
		{"10h -59d", 150, -59},
		{"17:45:40.04 -29:00:28.2", 15 * (17 + 45.0/60 + 40.04/3600), -(29 + 28.2/3600)},
		{"359.9999 -90", 359.9999, -90},
		{"0.5 90", 0.5, 90},
	}
	for _, c := range cases {
		ra, dec, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if !near(ra, c.ra) || !near(dec, c.dec) {
			t.Errorf("Parse(%q) = %.9f, %.9f; want %.9f, %.9f", c.in, ra, dec, c.ra, c.dec)
		}
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ in, want string }{
		{"25:00:00 -59:41:04", "RA hours must be 0–23, got 25"},
		{"24:00:00 +10:00:00", "RA hours must be 0–23, got 24"},
		{"10:61:00 -59:41:04", "RA minutes must be 0–59, got 61"},
		{"10:45:60 -59:41:04", "RA seconds must be 0–59, got 60"},
		{"10:45:03 -59:60:04", "Dec minutes must be 0–59, got 60"},
		{"10:45:03.6 -91:00:00", "declination must be between -90 and +90"},
		{"161.265 95", "declination must be between -90 and +90, got 95"},
		{"161.265 -90.5", "declination must be between -90 and +90, got -90.5"},
		{"360 0", "RA in degrees must be 0–360, got 360"},
		{"-10 20", "RA cannot be negative"},
		{"", "could not read '' as coordinates: expected RA and Dec, e.g. '10:45:03.6 -59:41:04' or '161.265 -59.685'"},
		{"161.265", "could not read '161.265' as coordinates: expected RA and Dec"},
		{"Eta Car", "could not read 'Eta Car' as coordinates"},
		{"10:45:03.6 -59:41:04 12 13", "could not read"},
		{"10 45 03 59 41", "could not read"},
		{"10.5:30 -20", "only the last part"},
		{"1 2 3 4 5 6 7", "could not read"},
		{"10h45m -", "could not read"},
		{"10m45h -59d", "could not read"},
	}
	for _, c := range cases {
		_, _, err := Parse(c.in)
		if err == nil {
			t.Errorf("Parse(%q): no error, want %q", c.in, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) error %q, want it to contain %q", c.in, err, c.want)
		}
		if e, ok := err.(*Error); !ok || e.Input != c.in {
			t.Errorf("Parse(%q): error %T does not carry the input", c.in, err)
		}
	}
}

func TestLooksLikeCoordinates(t *testing.T) {
	yes := []string{"10:45:03.6 -59:41:04", "161.265 -59.685", "161.265,-59.685", "10h45m03.6s -59d41m04s", "0 0", "25:00:00 +00:00:00"}
	no := []string{"", "HD 100546", "Eta Car", "eta Carinae", "SN 1987A", "Sgr A*", "NGC 1068", "M31", "M 31", "3C 273", "TW Hya", "Vega", "161.265", "2MASS J10450360-5941040", "61 Cyg", "HD100546"}
	for _, s := range yes {
		if !LooksLikeCoordinates(s) {
			t.Errorf("LooksLikeCoordinates(%q) = false", s)
		}
	}
	for _, s := range no {
		if LooksLikeCoordinates(s) {
			t.Errorf("LooksLikeCoordinates(%q) = true", s)
		}
	}
}

func TestFormat(t *testing.T) {
	cases := []struct {
		ra, dec float64
		want    string
	}{
		{etaCarRA, etaCarDec, "10:45:03.60 -59:41:04.0"},
		{180, -0.5, "12:00:00.00 -00:30:00.0"},
		{0, 0, "00:00:00.00 +00:00:00.0"},
		{359.99999999, 89.99999999, "00:00:00.00 +90:00:00.0"}, // rounding carries
		{15 * (1 + 59.0/60 + 59.996/3600), -(1 + 59.0/60 + 59.96/3600), "02:00:00.00 -02:00:00.0"},
		{-15, 10, "23:00:00.00 +10:00:00.0"},
		{266.41683, -29.00781, "17:45:40.04 -29:00:28.1"},
	}
	for _, c := range cases {
		if got := Format(c.ra, c.dec); got != c.want {
			t.Errorf("Format(%v, %v) = %q, want %q", c.ra, c.dec, got, c.want)
		}
	}
	if got := FormatRA(etaCarRA, 0); got != "10:45:04" {
		t.Errorf("FormatRA 0 decimals = %q", got)
	}
	if got := FormatDec(math.Copysign(0, -1), 0); got != "+00:00:00" {
		t.Errorf("FormatDec(-0) = %q", got)
	}
	if got := FormatDec(math.NaN(), 1); got != "?" {
		t.Errorf("FormatDec(NaN) = %q", got)
	}
	if got := FormatDegrees(161.264775, -59.684431); got != "161.264775 -59.684431" {
		t.Errorf("FormatDegrees = %q", got)
	}
}

// Format's output must read back to the same position (within its rounding).
func TestFormatParseRoundTrip(t *testing.T) {
	for ra := 0.0; ra < 360; ra += 7.3 {
		for dec := -90.0; dec <= 90; dec += 4.7 {
			s := Format(ra, dec)
			r2, d2, err := Parse(s)
			if err != nil {
				t.Fatalf("Parse(Format(%v, %v) = %q): %v", ra, dec, s, err)
			}
			if math.Abs(r2-ra) > 0.01*15/3600 || math.Abs(d2-dec) > 0.1/3600 {
				t.Fatalf("%v, %v -> %q -> %v, %v", ra, dec, s, r2, d2)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"10:45:03.6 -59:41:04", "10h45m03.6s, -59°41′04″", "161.265, -59.685", "-00:30:00", "12 00 00 -00 30 00", "HD 100546", "1.2.3 4", "++1 2", "10h -59d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ra, dec, err := Parse(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("empty error for %q", s)
			}
			return
		}
		if math.IsNaN(ra) || math.IsNaN(dec) || ra < 0 || ra >= 360 || dec < -90 || dec > 90 {
			t.Fatalf("Parse(%q) = %v, %v out of range", s, ra, dec)
		}
		if !LooksLikeCoordinates(s) {
			t.Fatalf("Parse accepted %q but LooksLikeCoordinates says no", s)
		}
		r2, d2, err := Parse(Format(ra, dec))
		if err != nil || math.Abs(d2-dec) > 0.06/3600 || math.Abs(math.Mod(r2-ra+540, 360)-180) > 0.006*15/3600 {
			t.Fatalf("round trip of %q: %v, %v -> %q -> %v, %v (%v)", s, ra, dec, Format(ra, dec), r2, d2, err)
		}
	})
}

func TestSeparation(t *testing.T) {
	for _, c := range []struct{ ra1, dec1, ra2, dec2, want float64 }{
		{0, 0, 0, 1, 1},
		{10, 0, 11, 0, 1},
		{0, 89, 180, 89, 2},             // over the pole
		{359.5, 0, 0.5, 0, 1},           // across RA 0
		{83.63, 22.01, 83.63, 22.01, 0}, // the same place
		{0, 0, 180, 0, 180},             // antipodes
		{204.25, -29.87, 204.25, -29.87 + 1.0/3600, 1.0 / 3600},
	} {
		if got := Separation(c.ra1, c.dec1, c.ra2, c.dec2); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("Separation(%v, %v, %v, %v) = %v, want %v", c.ra1, c.dec1, c.ra2, c.dec2, got, c.want)
		}
	}
}
