package samp

import (
	"context"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"esodesk/services/samp/samptest"
)

func TestSubscriptionPatterns(t *testing.T) {
	subs := map[string]any{"table.*": map[string]any{}, "coord.pointAt.sky": map[string]any{}}
	for mt, want := range map[string]bool{"table.load.votable": true, "coord.pointAt.sky": true,
		"coord.pointAt.skyx": false, "tablex.load": false, "image.load.fits": false} {
		if subscribed(subs, mt) != want {
			t.Errorf("%s: %v", mt, !want)
		}
	}
	if !subscribed(map[string]any{"*": map[string]any{}}, "x.y") {
		t.Error("* does not match")
	}
}

// TestOwnHub: with no hub running, esodesk starts its own; real astropy
// clients register with it and exchange messages with esodesk.
func TestOwnHub(t *testing.T) {
	samptest.NeedAstropy(t)
	ctx := context.Background()
	dir := t.TempDir()
	lock := filepath.Join(dir, "lock")
	sampHub := "std-lockurl:" + (&url.URL{Scheme: "file", Path: lock}).String()
	t.Setenv("SAMP_HUB", sampHub)
	if _, err := Discover(ctx, ""); !errors.Is(err, ErrNoHub) {
		t.Fatalf("before: %v", err)
	}
	hub, err := StartHub(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer hub.Close()
	st, err := os.Stat(lock)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("lock %v %v", st, err)
	}
	if _, err := StartHub(ctx, ""); err == nil || !strings.Contains(err.Error(), "already runs") {
		t.Fatalf("a second hub: %v", err)
	}

	got := make(chan received, 100)
	c, err := Connect(ctx, Options{Handlers: testHandlers(got)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.HubID != HubID {
		t.Fatalf("hub id %q", c.HubID)
	}
	// Hub events: esodesk hears of a new client.
	c2, err := Connect(ctx, Options{Metadata: Metadata{Name: "second"}})
	if err != nil {
		t.Fatal(err)
	}
	if r := waitReceived(t, got, MTypeHubRegister); r.msg.String("id") != c2.SelfID || r.sender != HubID {
		t.Fatalf("register event %+v", r)
	}
	c2.Close()

	h := &samptest.Hub{Home: dir, SampHub: sampHub, Stop: func() { hub.Close() }}
	exchange(t, h, c)
	astropySends(t, h, got)

	h.Stop()
	waitGone(t, c)
	if _, err := os.Stat(lock); !os.IsNotExist(err) {
		t.Fatalf("the lock is still there: %v", err)
	}
}

// TestOwnHubWithJSAMPHubTester runs JSAMP's hub conformance tester
// against esodesk's hub.
func TestOwnHubWithJSAMPHubTester(t *testing.T) {
	samptest.NeedJSAMP(t)
	t.Setenv("SAMP_HUB", "")
	home := t.TempDir()
	hub, err := StartHub(context.Background(), home)
	if err != nil {
		t.Fatal(err)
	}
	defer hub.Close()
	cmd := exec.Command("java", "-Duser.home="+home, "-Djsamp.localhost=127.0.0.1", "-cp", samptest.JSAMPJar,
		"org.astrogrid.samp.JSamp", "hubtester")
	cmd.Env = samptest.Env(home, "")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("hubtester: %v\n%s", err, out)
	}
}

// TestOwnHubUnregisteredReceiver: a call to a client that leaves without
// replying ends with samp.error, not a hang.
func TestOwnHubUnregisteredReceiver(t *testing.T) {
	t.Setenv("SAMP_HUB", "")
	ctx := context.Background()
	home := t.TempDir()
	hub, err := StartHub(ctx, home)
	if err != nil {
		t.Fatal(err)
	}
	defer hub.Close()
	entered := make(chan struct{})
	release := make(chan struct{})
	recv, err := Connect(ctx, Options{Home: home, Metadata: Metadata{Name: "slow"}, Handlers: map[string]MessageHandler{
		MTypeCoordPointAtSky: func(ctx context.Context, _ string, _ Message) (map[string]any, error) {
			close(entered)
			<-release
			return nil, nil
		}}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Connect(ctx, Options{Home: home})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	go func() {
		<-entered
		// Unregister without replying: the hub answers for it.
		recv.hub(ctx, "samp.hub.unregister")
		close(release)
	}()
	r, err := c.CallAndWait(ctx, recv.SelfID, CoordPointAtSky(1, 2), 20*time.Second)
	if err != nil || r.OK() || !strings.Contains(r.Error, "unregistered") {
		t.Fatalf("%+v %v", r, err)
	}
	recv.Close()
	if err := c.Notify(ctx, "nosuch", CoordPointAtSky(1, 2)); err == nil || !strings.Contains(err.Error(), `no client "nosuch"`) {
		t.Fatalf("notify nosuch: %v", err)
	}
}
