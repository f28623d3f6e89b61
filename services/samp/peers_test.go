package samp

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"esodesk/services/samp/samptest"
)

// received is what esodesk's test handlers saw.
type received struct {
	sender string
	msg    Message
}

// testHandlers handle every MType esodesk receives; the load MTypes fetch
// their URL and fail when it does not load.
func testHandlers(got chan<- received) map[string]MessageHandler {
	h := func(ctx context.Context, sender string, msg Message) (map[string]any, error) {
		if u := msg.String("url"); u != "" {
			if err := fetchCheck(ctx, u); err != nil {
				got <- received{sender, msg}
				return nil, err
			}
		}
		got <- received{sender, msg}
		return map[string]any{"seen": msg.MType}, nil
	}
	m := map[string]MessageHandler{}
	for _, mt := range []string{MTypeTableLoadVOTable, MTypeTableHighlightRow, MTypeTableSelectRows,
		MTypeSpectrumLoadSSA, MTypeImageLoadFITS, MTypeCoordPointAtSky, MTypeHubRegister} {
		m[mt] = h
	}
	return m
}

func fetchCheck(ctx context.Context, u string) error {
	pu, err := url.Parse(u)
	if err != nil {
		return err
	}
	if pu.Scheme == "file" {
		_, err := os.Stat(pu.Path)
		if err != nil {
			return fmt.Errorf("cannot load %s: %w", u, err)
		}
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("cannot load %s: %w", u, err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("cannot load %s: HTTP %s", u, resp.Status)
	}
	return nil
}

func waitReceived(t *testing.T, got <-chan received, mtype string) received {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case r := <-got:
			if r.msg.MType == mtype {
				return r
			}
		case <-timeout:
			t.Fatalf("esodesk did not receive %s", mtype)
		}
	}
}

// exchange runs the checks common to both hubs: esodesk registered with
// the hub h, an astropy client receiving what esodesk sends.
func exchange(t *testing.T, h *samptest.Hub, c *Client) {
	ctx := context.Background()
	recv, recvID := samptest.StartReceiver(t, h)

	clients, err := c.Clients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, ci := range clients {
		names[ci.ID] = ci.Name
	}
	if names[c.SelfID] != "esodesk" || names[recvID] != "pyreceiver" {
		t.Fatalf("clients %v (self %s, receiver %s)", names, c.SelfID, recvID)
	}
	subs, err := c.Subscribed(ctx, MTypeTableLoadVOTable)
	if err != nil || !slices.Contains(subs, recvID) {
		t.Fatalf("subscribed to table.load.votable: %v %v", subs, err)
	}

	// table.load.votable through the loopback file server, with CallAll.
	fs, err := NewFileServer()
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	path := filepath.Join(t.TempDir(), "cat.xml")
	writeFile(t, path, samptest.TestVOTable)
	u, err := fs.Offer(path)
	if err != nil {
		t.Fatal(err)
	}
	replies, err := c.CallAll(ctx, TableLoadVOTable(u, "t1", "catalogue"), 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if rr, ok := replies[recvID]; !ok || !rr.OK() {
		t.Fatalf("replies %+v", replies)
	}
	line := recv.NextMType(t, MTypeTableLoadVOTable)
	if line["rows"] != float64(3) || fmt.Sprint(line["ucds"]) != samptest.TestUCDs {
		t.Fatalf("the receiver read %v", line)
	}

	// coord.pointAt.sky, notified.
	if err := c.Notify(ctx, recvID, CoordPointAtSky(83.8221, -5.3911)); err != nil {
		t.Fatal(err)
	}
	line = recv.NextMType(t, MTypeCoordPointAtSky)
	p, _ := line["params"].(map[string]any)
	if p["ra"] != "83.8221" || p["dec"] != "-5.3911" {
		t.Fatalf("pointAt %v", line)
	}

	// table.highlight.row, called through the hub's callAndWait.
	resp, err := c.CallAndWait(ctx, recvID, TableHighlightRow("t1", u, 2), 20*time.Second)
	if err != nil || !resp.OK() {
		t.Fatalf("highlight %+v %v", resp, err)
	}
	line = recv.NextMType(t, MTypeTableHighlightRow)
	if p, _ := line["params"].(map[string]any); p["row"] != "2" || p["table-id"] != "t1" {
		t.Fatalf("highlight %v", line)
	}

	// table.select.rowList with Call and an asynchronous reply.
	resp, err = c.Call(ctx, recvID, TableSelectRowList("t1", u, []int{0, 2}), 20*time.Second)
	if err != nil || !resp.OK() {
		t.Fatalf("select %+v %v", resp, err)
	}
	line = recv.NextMType(t, MTypeTableSelectRows)
	if p, _ := line["params"].(map[string]any); fmt.Sprint(p["row-list"]) != "[0 2]" {
		t.Fatalf("select %v", line)
	}

	// spectrum and image: the receiver gets the URL and the meta.
	if _, err := c.NotifyAll(ctx, SpectrumLoadSSA(u, map[string]string{"Access.Format": "application/fits"}, "s1", "spec")); err != nil {
		t.Fatal(err)
	}
	line = recv.NextMType(t, MTypeSpectrumLoadSSA)
	if p, _ := line["params"].(map[string]any); p["url"] != u || fmt.Sprint(p["meta"]) != "map[Access.Format:application/fits]" {
		t.Fatalf("spectrum %v", line)
	}
	if err := c.Notify(ctx, recvID, ImageLoadFITS(u, "i1", "img")); err != nil {
		t.Fatal(err)
	}
	line = recv.NextMType(t, MTypeImageLoadFITS)
	if p, _ := line["params"].(map[string]any); p["image-id"] != "i1" {
		t.Fatalf("image %v", line)
	}

	// A failing receiver: samp.error with its message comes back.
	fs.Withdraw(u)
	replies, err = c.CallAll(ctx, TableLoadVOTable(u, "t2", "gone"), 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if rr := replies[recvID]; rr.OK() || !strings.Contains(rr.Error, "404") {
		t.Fatalf("a URL that does not load: %+v", rr)
	}
}

// astropySends has an astropy client call esodesk with each MType.
func astropySends(t *testing.T, h *samptest.Hub, got <-chan received) {
	dir := t.TempDir()
	good := filepath.Join(dir, "t.xml")
	writeFile(t, good, samptest.TestVOTable)
	goodURL := (&url.URL{Scheme: "file", Path: good}).String()
	cases := []struct {
		mtype, params string
		check         func(Message) error
	}{
		{MTypeTableLoadVOTable, `{"url": "` + goodURL + `", "table-id": "x", "name": "t"}`, func(m Message) error {
			if m.String("url") != goodURL {
				return fmt.Errorf("url %q", m.String("url"))
			}
			return nil
		}},
		{MTypeTableHighlightRow, `{"url": "` + goodURL + `", "table-id": "x", "row": "4"}`, func(m Message) error {
			if n, err := m.Int("row"); err != nil || n != 4 {
				return fmt.Errorf("row %v %v", n, err)
			}
			return nil
		}},
		{MTypeCoordPointAtSky, `{"ra": "10.25", "dec": "-3.5"}`, func(m Message) error {
			ra, _ := m.Float("ra")
			dec, _ := m.Float("dec")
			if ra != 10.25 || dec != -3.5 {
				return fmt.Errorf("ra, dec %v %v", ra, dec)
			}
			return nil
		}},
		{MTypeSpectrumLoadSSA, `{"url": "` + goodURL + `", "meta": {"Access.Format": "application/fits"}, "spectrum-id": "s"}`, func(m Message) error {
			if meta, _ := m.Params["meta"].(map[string]any); meta["Access.Format"] != "application/fits" {
				return fmt.Errorf("meta %v", m.Params["meta"])
			}
			return nil
		}},
		{MTypeImageLoadFITS, `{"url": "` + goodURL + `", "image-id": "i"}`, func(m Message) error {
			if m.String("image-id") != "i" {
				return fmt.Errorf("image-id %q", m.String("image-id"))
			}
			return nil
		}},
	}
	for _, tc := range cases {
		s := samptest.StartPeer(t, h.Env(), "send", "esodesk", tc.mtype, tc.params)
		resp, err := s.Next(60 * time.Second)
		if err != nil {
			t.Fatalf("%s: %v", tc.mtype, err)
		}
		if resp["samp.status"] != "samp.ok" {
			t.Fatalf("%s: esodesk answered %v", tc.mtype, resp)
		}
		if err := tc.check(waitReceived(t, got, tc.mtype).msg); err != nil {
			t.Fatalf("%s: %v", tc.mtype, err)
		}
		s.Stop()
	}
	// A URL that does not load: samp.error with a message.
	s := samptest.StartPeer(t, h.Env(), "send", "esodesk", MTypeTableLoadVOTable, `{"url": "file:///nonexistent/esodesk-test.xml"}`)
	resp, err := s.Next(60 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := resp["samp.error"].(map[string]any)
	if resp["samp.status"] != "samp.error" || !strings.Contains(fmt.Sprint(e["samp.errortxt"]), "cannot load") {
		t.Fatalf("a bad URL: esodesk answered %v", resp)
	}
}

func waitGone(t *testing.T, c *Client) {
	t.Helper()
	select {
	case <-c.HubGone():
	case <-time.After(30 * time.Second):
		t.Fatal("esodesk did not notice the hub's shutdown")
	}
}

func TestJSAMPHub(t *testing.T) {
	h := samptest.StartJSAMPHub(t)
	samptest.NeedAstropy(t)
	got := make(chan received, 100)
	c, err := Connect(context.Background(), Options{Home: h.Home, Handlers: testHandlers(got)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	exchange(t, h, c)

	// JSAMP's messagesender calls esodesk.
	send := func(args ...string) string {
		cmd := exec.Command("java", append([]string{"-Duser.home=" + h.Home, "-Djsamp.localhost=127.0.0.1", "-cp", samptest.JSAMPJar,
			"org.astrogrid.samp.JSamp", "messagesender", "-mode", "sync", "-targetname", "esodesk"}, args...)...)
		cmd.Env = h.Env()
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	out := send("-mtype", MTypeTableHighlightRow, "-param", "table-id", "x", "-param", "row", "7")
	if r := waitReceived(t, got, MTypeTableHighlightRow); r.msg.String("row") != "7" || !strings.Contains(out, "samp.ok") {
		t.Fatalf("messagesender highlight: %v\n%s", r.msg, out)
	}
	out = send("-mtype", MTypeImageLoadFITS, "-param", "url", "file:///nonexistent/x.fits")
	waitReceived(t, got, MTypeImageLoadFITS)
	if !strings.Contains(out, "samp.error") || !strings.Contains(out, "cannot load") {
		t.Fatalf("messagesender bad image: %s", out)
	}

	h.Stop()
	waitGone(t, c)
}

func TestAstropyHub(t *testing.T) {
	h := samptest.StartAstropyHub(t)
	got := make(chan received, 100)
	c, err := Connect(context.Background(), Options{Handlers: testHandlers(got)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	exchange(t, h, c)
	astropySends(t, h, got)
	h.Stop()
	waitGone(t, c)
}
