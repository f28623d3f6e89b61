package samp

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A reply that does not reach the hub (here: the first one's connection is
// dropped on the way) is sent again, so the caller gets its answer instead
// of waiting for its whole timeout.
func TestReplyIsSentAgainWhenLost(t *testing.T) {
	ctx := context.Background()
	lock := filepath.Join(t.TempDir(), "lock")
	t.Setenv("SAMP_HUB", "std-lockurl:"+(&url.URL{Scheme: "file", Path: lock}).String())
	hub, err := StartHub(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer hub.Close()
	info, err := Discover(ctx, "")
	if err != nil {
		t.Fatal(err)
	}

	// the receiver talks to the hub through a proxy that drops its first reply
	var replies atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if strings.Contains(string(body), "samp.hub.reply") && replies.Add(1) == 1 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		resp, err := http.Post(info.URL, r.Header.Get("Content-Type"), bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		io.Copy(w, resp.Body)
	}))
	defer proxy.Close()
	viaProxy := *info
	viaProxy.URL = proxy.URL
	echo := func(context.Context, string, Message) (map[string]any, error) {
		return map[string]any{"echo": "yes"}, nil
	}
	receiver, err := ConnectTo(ctx, &viaProxy, Options{Handlers: map[string]MessageHandler{MTypeCoordPointAtSky: echo}})
	if err != nil {
		t.Fatal(err)
	}
	defer receiver.Close()
	caller, err := Connect(ctx, Options{Metadata: Metadata{Name: "caller"}})
	if err != nil {
		t.Fatal(err)
	}
	defer caller.Close()

	start := time.Now()
	r, err := caller.Call(ctx, receiver.SelfID, Message{MType: MTypeCoordPointAtSky, Params: map[string]any{"ra": "1", "dec": "2"}}, 20*time.Second)
	if err != nil || r.Status != "samp.ok" || r.Result["echo"] != "yes" {
		t.Fatalf("reply %+v, %v after %v", r, err, time.Since(start))
	}
	if n := replies.Load(); n != 2 {
		t.Errorf("the receiver replied %d times, want 2 (one lost, one again)", n)
	}
}
