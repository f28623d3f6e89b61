package app

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"esodesk/app/detailsctl"
	"esodesk/preview"
	"esodesk/services/votable"
)

// twoDFITS is a 64x48 float32 image: a sky of 100 with one bright star.
func twoDFITS() []byte {
	const w, h = 64, 48
	card := func(key, value string) string { return fmt.Sprintf("%-8s= %20s%50s", key, value, "") }
	hdr := card("SIMPLE", "T") + card("BITPIX", "-32") + card("NAXIS", "2") +
		card("NAXIS1", strconv.Itoa(w)) + card("NAXIS2", strconv.Itoa(h)) + fmt.Sprintf("%-80s", "END")
	var b bytes.Buffer
	b.WriteString(hdr)
	for b.Len()%2880 != 0 {
		b.WriteByte(' ')
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := 100 + float32((x*7+y*13)%5)
			if dx, dy := x-20, y-30; dx*dx+dy*dy < 9 {
				v = 5000
			}
			_ = binary.Write(&b, binary.BigEndian, math.Float32bits(v))
		}
	}
	for b.Len()%2880 != 0 {
		b.WriteByte(0)
	}
	return b.Bytes()
}

// A row whose dataset is a FITS image without any preview offers a quick
// look: the file is fetched and shown with a zscale stretch, the same image
// the preview package makes of the file.
func TestDetailsPaneQuickLook(t *testing.T) {
	img := twoDFITS()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	mux.HandleFunc("/file/image.fits", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/fits")
		_, _ = w.Write(img)
	})
	mux.HandleFunc("/links", func(w http.ResponseWriter, r *http.Request) {
		str := func(name string) votable.Field { return votable.Field{Name: name, Datatype: "char", Arraysize: "*"} }
		b := votable.NewTable([]votable.Field{str("ID"), str("access_url"), str("service_def"), str("error_message"),
			str("semantics"), str("description"), str("content_type"), {Name: "content_length", Datatype: "long"}})
		_ = b.AppendRow([]string{"ivo://x/img", srv.URL + "/file/image.fits", "", "", "#this", "the image", "application/fits", strconv.Itoa(len(img))})
		w.Header().Set("Content-Type", "application/x-votable+xml;content=datalink")
		_ = votable.WriteVOTable(w, b.Build(), nil, nil, "TABLEDATA")
	})

	u := newTestUI(t)
	d := u.tap.details
	onUI(func() { d.open(srv.URL + "/links") })
	eventually(t, "the quick look button", queryTimeout, func() bool { return d.quick.Visible() })
	onUI(func() {
		if !strings.Contains(d.quick.Text, "FITS") {
			t.Errorf("button %q", d.quick.Text)
		}
		test.Tap(d.quick)
	})
	var shown *image.Gray
	eventually(t, "the quick look on screen", queryTimeout, func() bool {
		_, im := d.previews.Current()
		shown, _ = im.(*image.Gray)
		return shown != nil
	})
	path := filepath.Join(t.TempDir(), "image.fits")
	if err := os.WriteFile(path, img, 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := preview.QuickLookFile(t.Context(), path, detailsctl.QuickLookPixels)
	if err != nil {
		t.Fatal(err)
	}
	if shown.Bounds() != want.Image.Bounds() || !bytes.Equal(shown.Pix, want.Image.Pix) {
		t.Errorf("the quick look on screen (%v) differs from the file's (%v)", shown.Bounds(), want.Image.Bounds())
	}
	// the star is white, the sky dark: the stretch did its job
	if shown.GrayAt(20, 47-30).Y != 255 || shown.GrayAt(5, 5).Y > 200 {
		t.Errorf("star %d, sky %d", shown.GrayAt(20, 47-30).Y, shown.GrayAt(5, 5).Y)
	}
}
