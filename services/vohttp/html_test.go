package vohttp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestLooksLikeHTML(t *testing.T) {
	cases := []struct {
		ct   string
		head string
		want bool
	}{
		{"text/html; charset=utf-8", "anything", true},
		{"application/octet-stream", "\n  <!DOCTYPE html><html>", true},
		{"", "\xef\xbb\xbf<HTML><body>login</body>", true},
		{"application/fits", "SIMPLE  =                    T", false},
		{"application/x-votable+xml", "<?xml version='1.0'?><VOTABLE>", false},
	}
	for _, c := range cases {
		if got := LooksLikeHTML(c.ct, []byte(c.head)); got != c.want {
			t.Errorf("LooksLikeHTML(%q, %q) = %v, want %v", c.ct, c.head, got, c.want)
		}
	}
}

func TestRetryAfterIsCarriedOn429(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	}))
	defer srv.Close()
	_, err := New(Options{}).Get(context.Background(), srv.URL)
	e, ok := AsError(err)
	if !ok || e.StatusCode != 429 || e.RetryAfter != 7*time.Second {
		t.Fatalf("got %#v, want a 429 *Error with RetryAfter 7s", err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := http.Header{"Retry-After": {now.Add(90 * time.Second).Format(http.TimeFormat)}}
	if d := parseRetryAfter(h, now); d != 90*time.Second {
		t.Fatalf("HTTP-date Retry-After: got %v, want 90s", d)
	}
}
