package standin

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"testing"

	"esodesk/internal/unixz"
)

func TestRawFramesAreRealCompressedFITS(t *testing.T) {
	for _, id := range []string{"FORS2.2021-01-02T00:59:12.533", "HARPS.2019-03-04T01:02:03.456", "UVES.2019-03-02T00:00:00.001"} {
		packed := expected(t, id)
		fits, err := unixz.Decompress(bytes.NewReader(packed), 8<<20)
		if err != nil {
			t.Fatalf("%s does not decompress: %v", id, err)
		}
		if len(fits)%2880 != 0 || len(fits) < 4*2880 || !bytes.HasPrefix(fits, []byte("SIMPLE  =                    T")) ||
			!bytes.Contains(fits[:2880], []byte(fmt.Sprintf("ARCFILE = '%s.fits'", id))) ||
			!bytes.Contains(fits[:2880], []byte("BITPIX  =                   16")) {
			t.Fatalf("%s: not the FITS file expected: %d bytes, %q", id, len(fits), fits[:240])
		}
		if len(packed) >= len(fits) || len(packed) < 2880 {
			t.Fatalf("%s: %d packed bytes for %d unpacked", id, len(packed), len(fits))
		}
		// Same id, same bytes, also after the cache started over.
		rawFrames.Lock()
		rawFrames.byKey = nil
		rawFrames.Unlock()
		if again := expected(t, id); !bytes.Equal(again, packed) {
			t.Fatalf("%s: bytes change between builds", id)
		}
	}
	// A changed version is another valid stream.
	_, open := FileVersionBytes("FORS2.2021-01-02T00:59:12.533", 1)
	v1 := new(bytes.Buffer)
	v1.ReadFrom(open())
	if bytes.Equal(v1.Bytes(), expected(t, "FORS2.2021-01-02T00:59:12.533")) {
		t.Fatal("version 1 has the same bytes")
	}
	if _, err := unixz.Decompress(bytes.NewReader(v1.Bytes()), 8<<20); err != nil {
		t.Fatalf("version 1 does not decompress: %v", err)
	}
}

func TestRawFrameRangeResume(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	id := "FORS2.2021-01-02T00:59:12.533"
	want := expected(t, id)
	resp, body := fetch(t, "GET", srv.URL+DataPortalPath+id, map[string]string{"Range": "bytes=1000-"})
	if resp.StatusCode != 206 || !bytes.Equal(body, want[1000:]) ||
		resp.Header.Get("Content-Range") != fmt.Sprintf("bytes 1000-%d/%d", len(want)-1, len(want)) {
		t.Fatalf("range: %d %q %d bytes", resp.StatusCode, resp.Header.Get("Content-Range"), len(body))
	}
}
