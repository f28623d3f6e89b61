package standin

import (
	"html"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestHeaderAndDatasetPage(t *testing.T) {
	srv := newCSServer(t)
	resp, err := http.Get(srv.URL + HeaderPath + "?DpId=" + idA)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	_, pre, _ := strings.Cut(html.UnescapeString(string(body)), "<pre>\n")
	pre, _, _ = strings.Cut(pre, "\n</pre>")
	lines := strings.Split(pre, "\n")
	for _, l := range lines {
		if len(l) != 80 {
			t.Errorf("card %q is %d characters", l, len(l))
		}
	}
	for _, want := range []string{"ARCFILE = '" + idA + ".fits'", "HIERARCH ESO DPR CATG = 'SCIENCE '", "HIERARCH ESO OBS ID = 100", "INSTRUME= 'FORS2   '"} {
		if !strings.Contains(pre, want) {
			t.Errorf("header lacks %q", want)
		}
	}
	if strings.TrimSpace(lines[len(lines)-1]) != "END" {
		t.Errorf("last card %q", lines[len(lines)-1])
	}
	resp, _ = http.Get(srv.URL + HeaderPath + "?DpId=FORS2.2001-01-01T00:00:00.000")
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 404 || !strings.Contains(string(body), "FORS2.2001-01-01T00:00:00.000") {
		t.Errorf("unknown id: %s %s", resp.Status, body)
	}
	resp, _ = http.Get(srv.URL + DatasetPagePath + idA)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), idA) {
		t.Errorf("dataset page: %s %s", resp.Status, body)
	}
}
