package calselector

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"esodesk/services/vohttp"
)

func TestFetchTree(t *testing.T) {
	recorded, err := io.ReadAll(openFixture(t, treeFixture))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/tree":
			w.Header().Set("Content-Type", "application/xml")
			w.Write(recorded)
		case "/cut":
			w.Write(recorded[:len(recorded)/2])
		default:
			http.Error(w, "no such association", http.StatusNotFound)
		}
	}))
	defer srv.Close()
	ctx := context.Background()

	a, err := FetchTree(ctx, vohttp.New(vohttp.Options{}), srv.URL+"/tree")
	if err != nil {
		t.Fatal(err)
	}
	// The figures TestParseTreeRealFORS2 checks on the same recording.
	if a.Count() != 22 || len(a.Files()) != 51 || a.ExecutedMode() != "Raw2Raw" {
		t.Errorf("tree: %d associations, %d files, mode %q", a.Count(), len(a.Files()), a.ExecutedMode())
	}

	_, err = FetchTree(ctx, nil, srv.URL+"/cut")
	if err == nil || !strings.HasPrefix(err.Error(), "the calibration cascade could not be read: ") {
		t.Errorf("truncated tree: %v", err)
	}
	_, err = FetchTree(ctx, nil, srv.URL+"/gone")
	if vohttp.StatusCode(err) != 404 || !strings.Contains(err.Error(), "no such association") {
		t.Errorf("404: %v", err)
	}
}
