package vohttp

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"esodesk/internal/xmlguard"
)

func TestLimitBody(t *testing.T) {
	body := strings.Repeat("x", 1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(body))
	}))
	defer srv.Close()
	read := func(max int64) ([]byte, error) {
		resp, err := New(Options{}).Get(context.Background(), srv.URL+"/doc")
		if err != nil {
			t.Fatal(err)
		}
		LimitBody(resp, max, "job document")
		return ReadAll("read job", resp)
	}
	if b, err := read(1000); err != nil || string(b) != body {
		t.Fatalf("a body of exactly the limit: %d bytes, %v", len(b), err)
	}
	_, err := read(999)
	e, ok := AsError(err)
	if !ok || e.Kind != KindProtocol || e.Op != "read job" || !strings.HasPrefix(e.URL, srv.URL) || !errors.Is(err, xmlguard.ErrLimit) {
		t.Fatalf("error %#v", err)
	}
	if !strings.Contains(err.Error(), "the job document is larger than 999 B; esodesk reads at most that") {
		t.Fatalf("message %q", err)
	}
}
