package hips_test

import (
	"math"
	"strings"
	"testing"

	"esodesk/services/hips"
)

// A HiPS 1.0 properties file in the layout HipsGen writes.
const props10 = `# A HiPS 1.0 properties file
creator_did          = ivo://CDS/P/DSS2/color
obs_title            = DSS colored
dataproduct_type     = image
hips_version         = 1.4
hips_frame           = equatorial
hips_order           = 9
hips_order_min       = 0
hips_tile_width      = 512
hips_tile_format     = jpeg png
hips_initial_ra      = 085.30251
hips_initial_dec     = -02.25468
hips_initial_fov     = 2
hips_service_url     = https://alasky.cds.unistra.fr/DSS/DSSColor
hips_service_url_1   = http://alaskybis.u-strasbg.fr/DSS/DSSColor
hips_service_url     = http://second.example/repeated
obs_description      = a value with = inside it
`

func TestParsePropertiesHiPS10(t *testing.T) {
	p, err := hips.ParseProperties(strings.NewReader(props10))
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "DSS colored" || p.CreatorDID != "ivo://CDS/P/DSS2/color" || p.Frame != "equatorial" ||
		p.Order != 9 || p.OrderMin != 0 || p.TileWidth != 512 ||
		strings.Join(p.Formats, ",") != "jpeg,png" || p.ImageFormat() != "png" ||
		p.InitialRA != 85.30251 || p.InitialDec != -2.25468 || p.InitialFOV != 2 {
		t.Errorf("parsed %+v", p)
	}
	if p.Raw["hips_service_url"] != "https://alasky.cds.unistra.fr/DSS/DSSColor" {
		t.Errorf("a repeated key must keep its first value: %q", p.Raw["hips_service_url"])
	}
	if p.Raw["obs_description"] != "a value with = inside it" {
		t.Errorf("value cut at its own '=': %q", p.Raw["obs_description"])
	}
}

// Surveys made before HiPS 1.0 (Aladin's early HiPS) use maxOrder, format
// and coordsys; nothing given means 512-pixel JPEG tiles in ICRS.
func TestParsePropertiesOldKeys(t *testing.T) {
	p, err := hips.ParseProperties(strings.NewReader("maxOrder=4\nformat=jpeg fits\ncoordsys=G\nlabel=Mellinger\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Order != 4 || p.Frame != "galactic" || strings.Join(p.Formats, ",") != "jpeg,fits" || p.ImageFormat() != "jpeg" ||
		p.TileWidth != 512 || p.Title != "Mellinger" {
		t.Errorf("parsed %+v", p)
	}
	if !math.IsNaN(p.InitialRA) || !math.IsNaN(p.InitialDec) || !math.IsNaN(p.InitialFOV) {
		t.Errorf("initial view not given must be NaN: %v %v %v", p.InitialRA, p.InitialDec, p.InitialFOV)
	}
	p, err = hips.ParseProperties(strings.NewReader("hips_order = 3\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Frame != "equatorial" || p.TileWidth != 512 || p.ImageFormat() != "jpeg" {
		t.Errorf("defaults: %+v", p)
	}
	for in, want := range map[string]string{"coordsys = C": "equatorial", "coordsys = E": "ecliptic", "hips_frame = galactic": "galactic", "hips_frame = mars": "mars"} {
		p, err := hips.ParseProperties(strings.NewReader("hips_order = 3\n" + in + "\n"))
		if err != nil || p.Frame != want {
			t.Errorf("%s: frame %q (%v), want %s", in, p.Frame, err, want)
		}
	}
}

func TestParsePropertiesFITSOnly(t *testing.T) {
	p, err := hips.ParseProperties(strings.NewReader("hips_order = 7\nhips_tile_format = fits\nhips_tile_width=256\n"))
	if err != nil {
		t.Fatal(err)
	}
	if p.ImageFormat() != "" || p.TileWidth != 256 {
		t.Errorf("FITS-only survey: image format %q, tile width %d", p.ImageFormat(), p.TileWidth)
	}
}

// Errors say what is wrong with the file.
func TestParsePropertiesErrors(t *testing.T) {
	for in, want := range map[string]string{
		"":                                      "not a HiPS properties file",
		"<html><body>Not found</body></html>":   "not a HiPS properties file",
		"obs_title = x\n":                       "not a HiPS properties file: no hips_order",
		"hips_order = nine\n":                   `hips_order = "nine" is not a HEALPix order`,
		"hips_order = 3\nhips_order_min = 5":    "hips_order_min = 5 is deeper than hips_order = 3",
		"hips_order = 3\nhips_tile_width = 500": `hips_tile_width = "500" is not a power of two`,
	} {
		_, err := hips.ParseProperties(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one saying %q", in, err, want)
		}
	}
}

// The HiPS 1.0 path rule: Dir is the pixel number rounded down to a
// multiple of 10000; JPEG tiles end in .jpg.
func TestTileURL(t *testing.T) {
	for _, c := range []struct {
		base  string
		order int
		npix  int64
		ext   string
		want  string
	}{
		{"http://h/s", 3, 5, "png", "http://h/s/Norder3/Dir0/Npix5.png"},
		{"http://h/s/", 9, 9999, "jpeg", "http://h/s/Norder9/Dir0/Npix9999.jpg"},
		{"http://h/s", 9, 10000, "jpg", "http://h/s/Norder9/Dir10000/Npix10000.jpg"},
		{"http://h/s", 11, 12345678, "fits", "http://h/s/Norder11/Dir12340000/Npix12345678.fits"},
	} {
		if got := hips.TileURL(c.base, c.order, c.npix, c.ext); got != c.want {
			t.Errorf("TileURL(%q, %d, %d, %q) = %s, want %s", c.base, c.order, c.npix, c.ext, got, c.want)
		}
	}
	if got := hips.AllskyURL("http://h/s/", 3, "jpeg"); got != "http://h/s/Norder3/Allsky.jpg" {
		t.Errorf("AllskyURL: %s", got)
	}
}

func TestKnownSurveys(t *testing.T) {
	if len(hips.Known) < 6 || hips.Known[0].URL != hips.DefaultURL {
		t.Fatalf("Known must start with DefaultURL: %+v", hips.Known)
	}
	seen := map[string]bool{}
	for _, s := range hips.Known {
		if s.Title == "" || s.Description == "" || !strings.HasPrefix(s.URL, "https://") || strings.HasSuffix(s.URL, "/") || seen[s.URL] {
			t.Errorf("survey %+v: needs a title, a description and a unique https base URL without a trailing slash", s)
		}
		seen[s.URL] = true
	}
}
