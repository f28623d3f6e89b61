package standin

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fetch does one request and returns the response with its whole body.
func fetch(t *testing.T, method, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, url, err)
	}
	return resp, b
}

func expected(t *testing.T, id string) []byte {
	t.Helper()
	size, open := FileBytes(id)
	b, err := io.ReadAll(open())
	if err != nil || int64(len(b)) != size {
		t.Fatalf("FileBytes(%s): %d bytes of %d, %v", id, len(b), size, err)
	}
	return b
}

func TestDataPortalFilesByKind(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	cases := []struct{ id, name, ctype string }{
		{"FORS2.2021-01-02T00:59:12.533", "FORS2.2021-01-02T00:59:12.533.fits.Z", "application/octet-stream"},
		{"ADP.2020-05-04T12:34:56.789", "ADP.2020-05-04T12:34:56.789.fits", "application/x-fits"},
		{"UVES.2019-03-02.NL", "UVES.2019-03-02.NL", "text/plain; charset=us-ascii"},
	}
	for _, c := range cases {
		resp, body := fetch(t, "GET", srv.URL+DataPortalPath+c.id, nil)
		want := expected(t, c.id)
		if resp.StatusCode != 200 || !bytes.Equal(body, want) {
			t.Fatalf("%s: HTTP %d, %d bytes, want %d", c.id, resp.StatusCode, len(body), len(want))
		}
		if got := resp.Header.Get("Content-Disposition"); got != `attachment; filename="`+c.name+`"` || FileName(c.id) != c.name {
			t.Fatalf("%s: Content-Disposition %q", c.id, got)
		}
		if resp.Header.Get("Content-Type") != c.ctype || resp.ContentLength != int64(len(want)) {
			t.Fatalf("%s: %q, length %d", c.id, resp.Header.Get("Content-Type"), resp.ContentLength)
		}
		if resp.Header.Get("ETag") == "" || resp.Header.Get("Last-Modified") == "" || resp.Header.Get("Accept-Ranges") != "bytes" {
			t.Fatalf("%s: validators missing: %v", c.id, resp.Header)
		}
		if len(want) < 2880 || len(want) > maxDefaultSize {
			t.Fatalf("%s: default size %d out of bounds", c.id, len(want))
		}
		sum := sha256.Sum256(body)
		if FileSHA256(c.id) != hex.EncodeToString(sum[:]) {
			t.Fatalf("%s: FileSHA256 differs from served bytes", c.id)
		}
	}
	// Kinds look like what they claim to be.
	raw := expected(t, cases[0].id)
	if !bytes.HasPrefix(raw, []byte{0x1f, 0x9d}) {
		t.Fatalf("raw frame lacks the .Z magic: % x", raw[:4])
	}
	prod := expected(t, cases[1].id)
	if !bytes.HasPrefix(prod, []byte("SIMPLE  =                    T")) || len(prod)%2880 != 0 ||
		!bytes.Contains(prod[:2880], []byte(fmt.Sprintf("NAXIS1  = %20d", len(prod)-2880))) {
		t.Fatalf("product is not a plausible FITS file: %q", prod[:160])
	}
	nl := expected(t, cases[2].id)
	if !bytes.HasPrefix(nl, []byte("UVES.2019-03-02.NL 000000 OBS")) || nl[nightLogLine-1] != '\n' || len(nl)%nightLogLine != 0 {
		t.Fatalf("night log: %q", nl[:2*nightLogLine])
	}
	// Different ids, different bytes; same id, same bytes.
	a, b := FileSHA256("X.1"), FileSHA256("X.2")
	if a == b || a != FileSHA256("X.1") {
		t.Fatal("FileSHA256 not a function of the id")
	}
}

func TestBenchSizes(t *testing.T) {
	for id, want := range map[string]int64{
		BenchTiny: 379, Bench200KB: 200000, "BENCH.200KB.1": 200000, "BENCH.200KB.2": 200000, Bench5MB: 5000000,
		Bench100MB: 100000000, Bench1GiB: 1 << 30, "BENCH.3MiB.x": 3 << 20,
	} {
		if size, _ := FileBytes(id); size != want {
			t.Errorf("%s: size %d, want %d", id, size, want)
		}
	}
	if FileSHA256("BENCH.200KB.1") == FileSHA256("BENCH.200KB.2") {
		t.Fatal("BENCH ids of the same size share bytes")
	}
	// The 1 GiB file is served without building it: read a range at its end.
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	resp, body := fetch(t, "GET", srv.URL+DataPortalPath+"BENCH.1GiB", map[string]string{"Range": "bytes=-100"})
	_, open := FileBytes("BENCH.1GiB")
	rs := open().(io.ReadSeeker)
	if _, err := rs.Seek(-100, io.SeekEnd); err != nil {
		t.Fatal(err)
	}
	want, _ := io.ReadAll(rs)
	if resp.StatusCode != 206 || resp.Header.Get("Content-Range") != fmt.Sprintf("bytes %d-%d/%d", (1<<30)-100, (1<<30)-1, 1<<30) || !bytes.Equal(body, want) {
		t.Fatalf("1GiB tail: %d %q %d bytes", resp.StatusCode, resp.Header.Get("Content-Range"), len(body))
	}
	resp, body = fetch(t, "HEAD", srv.URL+DataPortalPath+"BENCH.1GiB", nil)
	if resp.StatusCode != 200 || resp.ContentLength != 1<<30 || len(body) != 0 {
		t.Fatalf("HEAD 1GiB: %d %d %d", resp.StatusCode, resp.ContentLength, len(body))
	}
}

func TestGeneratedReadAtAnyOffset(t *testing.T) {
	for _, id := range []string{"BENCH.379B", "ADP.2020-01-01T00:00:00.000", "UVES.2019-03-02.NL", "HARPS.2019-03-04T01:02:03.456"} {
		all := expected(t, id)
		g := newGenFile(id, 0)
		for _, off := range []int64{0, 1, 7, 8, 9, 63, 64, 2879, 2880, 2881, int64(len(all)) - 9} {
			for _, n := range []int{1, 3, 8, 17, 200} {
				if off < 0 || off >= int64(len(all)) {
					continue
				}
				p := make([]byte, n)
				got, err := g.ReadAt(p, off)
				end := min(off+int64(n), int64(len(all)))
				if got != int(end-off) || !bytes.Equal(p[:got], all[off:end]) || (end == int64(len(all)) && err != io.EOF) {
					t.Fatalf("%s ReadAt(%d, %d): %d %v", id, n, off, got, err)
				}
			}
		}
	}
}

func TestRangeAndIfRange(t *testing.T) {
	srv := httptest.NewServer(New(Options{}))
	defer srv.Close()
	id := "BENCH.200KB.range"
	url := srv.URL + DataPortalPath + id
	all := expected(t, id)
	head, _ := fetch(t, "HEAD", url, nil)
	etag, lastMod := head.Header.Get("ETag"), head.Header.Get("Last-Modified")
	if head.ContentLength != 200000 || etag == "" || lastMod == "" {
		t.Fatalf("HEAD: %v", head.Header)
	}

	resp, body := fetch(t, "GET", url, map[string]string{"Range": "bytes=1000-1999"})
	if resp.StatusCode != 206 || resp.Header.Get("Content-Range") != "bytes 1000-1999/200000" || !bytes.Equal(body, all[1000:2000]) {
		t.Fatalf("range: %d %q", resp.StatusCode, resp.Header.Get("Content-Range"))
	}
	resp, body = fetch(t, "GET", url, map[string]string{"Range": "bytes=150000-"})
	if resp.StatusCode != 206 || resp.ContentLength != 50000 || !bytes.Equal(body, all[150000:]) {
		t.Fatalf("open range: %d %d", resp.StatusCode, resp.ContentLength)
	}
	resp, _ = fetch(t, "GET", url, map[string]string{"Range": "bytes=200000-"})
	if resp.StatusCode != 416 || resp.Header.Get("Content-Range") != "bytes */200000" {
		t.Fatalf("unsatisfiable: %d %q", resp.StatusCode, resp.Header.Get("Content-Range"))
	}
	// If-Range with the current ETag or date: the range; with another: 200 + everything.
	for _, v := range []string{etag, lastMod} {
		resp, body = fetch(t, "GET", url, map[string]string{"Range": "bytes=5-9", "If-Range": v})
		if resp.StatusCode != 206 || !bytes.Equal(body, all[5:10]) {
			t.Fatalf("If-Range %s: %d", v, resp.StatusCode)
		}
	}
	for _, v := range []string{`"other-etag"`, "Mon, 02 Jan 2006 15:04:05 GMT"} {
		resp, body = fetch(t, "GET", url, map[string]string{"Range": "bytes=5-9", "If-Range": v})
		if resp.StatusCode != 200 || !bytes.Equal(body, all) {
			t.Fatalf("If-Range mismatch %s: %d, %d bytes", v, resp.StatusCode, len(body))
		}
	}
	// A changed file (version fault) has other validators, so a resume with the old ETag restarts.
	resp, body = fetch(t, "GET", url+"?fault=version:1", map[string]string{"Range": "bytes=5-9", "If-Range": etag})
	_, openV := FileVersionBytes(id, 1)
	v1, _ := io.ReadAll(openV())
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == etag || !bytes.Equal(body, v1) || bytes.Equal(v1, all) {
		t.Fatalf("changed file: %d %q", resp.StatusCode, resp.Header.Get("ETag"))
	}
}

func TestProprietaryNeedsToken(t *testing.T) {
	s := New(Options{})
	srv := httptest.NewServer(s)
	defer srv.Close()
	id := "PROPRIETARY.UVES.2021-01-01T01:02:03.456"
	url := srv.URL + DataPortalPath + id
	want := expected(t, id)
	tok := login(t, srv.URL, TestUser, TestPassword).IDToken
	for name, hdr := range map[string]map[string]string{
		"no token":      nil,
		"garbage token": {"Authorization": "Bearer abc.def.ghi"},
		"access token":  {"Authorization": "Bearer standin-access-testuser-1"},
		"expired token": {"Authorization": "Bearer " + s.IDToken(TestUser, s.now().Add(-1))},
		"foreign token": {"Authorization": "Bearer " + New(Options{TokenSecret: "other"}).IDToken(TestUser, s.now().Add(3600e9))},
	} {
		resp, body := fetch(t, "GET", url, hdr)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "<form") || bytes.Equal(body, want) {
			t.Fatalf("%s: HTTP %d %q", name, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	resp, body := fetch(t, "GET", url, map[string]string{"Authorization": "Bearer " + tok})
	if resp.StatusCode != 200 || !bytes.Equal(body, want) {
		t.Fatalf("with token: %d, %d bytes", resp.StatusCode, len(body))
	}
	// Public files need no token; the Proprietary option replaces the rule.
	if resp, _ := fetch(t, "GET", srv.URL+DataPortalPath+"UVES.PUBLIC", nil); resp.Header.Get("Content-Type") != "application/octet-stream" {
		t.Fatalf("public file: %q", resp.Header.Get("Content-Type"))
	}
	srv2 := httptest.NewServer(New(Options{Proprietary: func(id string) bool { return id == "SECRET" }}))
	defer srv2.Close()
	if resp, _ := fetch(t, "GET", srv2.URL+DataPortalPath+"SECRET", nil); !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatal("Options.Proprietary ignored")
	}
	if resp, _ := fetch(t, "GET", srv2.URL+DataPortalPath+id, nil); resp.Header.Get("Content-Type") != "application/octet-stream" {
		t.Fatal("Options.Proprietary did not replace the default rule")
	}
}
