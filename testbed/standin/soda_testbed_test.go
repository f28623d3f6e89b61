package standin

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"bytes"
	"codeberg.org/astrogo/fitsio"

	"esodesk/internal/testbedenv"
)

// TestSkyProductsTestbed: every testbed image and cube product (ObsCore
// over TAP) downloads as a FITS image or cube whose WCS centre is its
// s_ra/s_dec, and a SODA cutout of each with a small circle round its
// centre (cubes: and an H-alpha or K band) answers a smaller FITS file.
func TestSkyProductsTestbed(t *testing.T) {
	tap := strings.TrimRight(testbedenv.URL(t), "/") + "/tap"
	products, err := loadProducts(context.Background(), tap)
	if err != nil {
		t.Fatal(err)
	}
	base := httptestServer(t, Options{ArchiveTAP: tap})
	kinds := map[string]int{}
	for _, p := range products {
		if p.Type != "image" && p.Type != "cube" {
			continue
		}
		kinds[p.Type]++
		id := scienceFileID(&p)
		resp, full := fetchURL(t, base+DataPortalPath+id)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: HTTP %d", id, resp.StatusCode)
		}
		f, err := fitsio.Open(bytes.NewReader(full))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		h := f.HDU(len(f.HDUs()) - 1).Header()
		if p.Type == "cube" {
			h = f.Get("DATA").Header()
		}
		ra, _ := h.Get("CRVAL1").Value.(float64)
		dec, _ := h.Get("CRVAL2").Value.(float64)
		if ra != p.RA || dec != p.Dec || len(h.Axes()) != map[string]int{"image": 2, "cube": 3}[p.Type] {
			t.Errorf("%s (%s): CRVAL %g %g axes %v, want s_ra/s_dec %g %g", id, p.Type, ra, dec, h.Axes(), p.RA, p.Dec)
		}
		f.Close()
		q := url.Values{"ID": {ivoPrefix + p.DPID}, "CIRCLE": {strconv.FormatFloat(p.RA, 'f', -1, 64) + " " + strconv.FormatFloat(p.Dec, 'f', -1, 64) + " " + strconv.FormatFloat(p.FoV/8, 'g', -1, 64)}}
		if p.Type == "cube" {
			q.Set("BAND", "6.50e-7 6.62e-7")
			if p.EmMin > 1e-6 {
				q.Set("BAND", "2.15e-6 2.18e-6")
			}
		}
		resp, cut := fetchURL(t, base+SODAPath+"?"+q.Encode())
		if resp.StatusCode != 200 || len(cut) >= len(full) || !bytes.HasPrefix(cut, []byte("SIMPLE  =")) {
			t.Errorf("%s: cutout HTTP %d, %d bytes of %d: %.200s", p.DPID, resp.StatusCode, len(cut), len(full), cut)
		}
	}
	if kinds["image"] == 0 || kinds["cube"] == 0 {
		t.Errorf("testbed products by kind: %v, want images and cubes", kinds)
	}
	t.Logf("image and cube products checked: %v", kinds)
}
