package headerpage

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestFetchParsesThePreBlock(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("DpId") != "FORS2.2019-03-05T01:02:03.456" {
			http.Error(w, "<html><body>No such file</body></html>", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body><h1>Header</h1><pre>\n" +
			"SIMPLE  =                    T\n" +
			"OBJECT  = 'A &amp; B'           / target\n" +
			"HIERARCH ESO DPR CATG = 'SCIENCE'\n" +
			"END\n</pre></body></html>"))
	}))
	defer srv.Close()

	hs, err := Fetch(context.Background(), nil, srv.URL, "FORS2.2019-03-05T01:02:03.456")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range hs[0].Cards {
		got[c.Key] = c.Value
	}
	if got["OBJECT"] != "A & B" || got["ESO DPR CATG"] != "SCIENCE" {
		t.Errorf("cards: %v", got)
	}

	_, err = Fetch(context.Background(), nil, srv.URL, "UNKNOWN.1")
	if err == nil || !strings.Contains(err.Error(), "No such file") {
		t.Errorf("unknown id: %v", err)
	}
}

func TestParseLoginPage(t *testing.T) {
	_, err := Parse("<html><body><form>Please log in</form></body></html>", "X.1")
	if err == nil || !strings.Contains(err.Error(), "Please log in") || !strings.Contains(err.Error(), "X.1") {
		t.Errorf("login page: %v", err)
	}
}
