package standin

import (
	"bytes"
	"image/png"
	"io"
	"net/http"
	"os"
	"testing"

	"esodesk/internal/fixtures"
)

func TestPreviewRealPNG(t *testing.T) {
	want, err := os.ReadFile(fixtures.Path(t, realPreviewFile))
	if err != nil {
		t.Fatal(err)
	}
	srv := newDLServer(t)
	resp, b := fetchURL(t, srv.URL+DataPortalPath+RealPreviewID)
	if !bytes.Equal(b, want) || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("real preview: %d bytes %q, want the fixture's %d bytes", len(b), resp.Header.Get("Content-Type"), len(want))
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="GRAVITY_preview.png"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	// Range requests work on previews as on any file.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+DataPortalPath+RealPreviewID, nil)
	req.Header.Set("Range", "bytes=100-199")
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Body.Close()
	part, err := io.ReadAll(r2.Body)
	if err != nil || r2.StatusCode != http.StatusPartialContent || !bytes.Equal(part, want[100:200]) {
		t.Errorf("range 100-199: HTTP %d, %d bytes, %v", r2.StatusCode, len(part), err)
	}
}

func TestPreviewGeneratedPNG(t *testing.T) {
	srv := newDLServer(t)
	seen := map[string]string{}
	for _, id := range []string{testPreview, testPreview2, "ADP.2020-05-04T19:05:58.420", "ADP.2020-05-05T02:59:45.830"} {
		b := PreviewPNG(id, 0)
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if r := img.Bounds(); r.Dx() != previewWidth || r.Dy() != previewHeight {
			t.Errorf("%s: %v", id, r)
		}
		if len(b) < 2000 || len(b) > 150000 {
			t.Errorf("%s: %d bytes, want a few KB to ~100 KB", id, len(b))
		}
		if other, dup := seen[string(b)]; dup {
			t.Errorf("%s and %s have the same preview", id, other)
		}
		seen[string(b)] = id
		if !bytes.Equal(b, PreviewPNG(id, 0)) || bytes.Equal(b, PreviewPNG(id, 1)) {
			t.Errorf("%s: not deterministic, or version 1 is the same", id)
		}
	}
	// served only for the archive's ANCILLARY.PREVIEW ids, named after origfile
	resp, b := fetchURL(t, srv.URL+DataPortalPath+testPreview)
	if !bytes.Equal(b, PreviewPNG(testPreview, 0)) || resp.Header.Get("Content-Disposition") != `attachment; filename="`+testPrevOrig+`"` {
		t.Errorf("%s served %d bytes, %q", testPreview, len(b), resp.Header.Get("Content-Disposition"))
	}
	resp, _ = fetchURL(t, srv.URL+DataPortalPath+testWeight)
	if resp.Header.Get("Content-Type") != "application/x-fits" {
		t.Errorf("a weight map is served as %q", resp.Header.Get("Content-Type"))
	}
	// without an archive the id is an ordinary generated product
	plain := httptestServer(t, Options{})
	resp, _ = fetchURL(t, plain+DataPortalPath+testPreview)
	if resp.Header.Get("Content-Type") != "application/x-fits" {
		t.Errorf("no archive: %s served as %q", testPreview, resp.Header.Get("Content-Type"))
	}
}
