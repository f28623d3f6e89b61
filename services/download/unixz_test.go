package download

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"esodesk/internal/fixtures"
)

// TestUnixCompressMatchesGzip decodes a real .Z file (from astroquery's
// ESO tests) and compares with what gzip -d makes of it.
func TestUnixCompressMatchesGzip(t *testing.T) {
	path := fixtures.Path(t, "astroquery_eso/testfile.fits.Z")
	want, err := exec.Command("gzip", "-dc", path).Output()
	if err != nil {
		t.Fatalf("gzip -dc: %v", err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := zReader(f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("decoded %d bytes, gzip -d gives %d; first difference matters", len(got), len(want))
	}
	if _, err := zReader(bytes.NewReader([]byte("SIMPLE  ="))); err == nil {
		t.Fatal("a FITS file was taken for .Z")
	}
}

func TestDecompressUnixCompressAfterDownload(t *testing.T) {
	path := fixtures.Path(t, "astroquery_eso/testfile.fits.Z")
	packed, _ := os.ReadFile(path)
	want, err := exec.Command("gzip", "-dc", path).Output()
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, &source{body: packed, etag: `"z"`, name: "FORS2.2021-01-02T00:59:12.533.fits.Z"})
	q := testQueue(t, Options{Decompress: true})
	st := runOne(t, q, Job{URL: srv.URL + "/file/x"})
	if st.State != Done || filepath.Base(st.Path) != "FORS2.2021-01-02T00:59:12.533.fits" || st.Error != "" {
		t.Fatalf("%s %s %q", st.State, st.Path, st.Error)
	}
	if got, _ := os.ReadFile(st.Path); !bytes.Equal(got, want) {
		t.Fatal("unpacked file differs from gzip -d's")
	}
	if _, err := os.Stat(st.Path + ".Z"); !os.IsNotExist(err) {
		t.Fatal("the packed file was kept without KeepCompressed")
	}
}
