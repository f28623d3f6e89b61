package sampctl

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"esodesk/internal/runtest"
	"esodesk/services/fetch"
	"esodesk/services/samp"
	"esodesk/services/samp/samptest"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

// got records what the controller handed the window.
type got struct {
	mu       sync.Mutex
	tables   []*votable.Table
	names    []string
	rows     [][]int
	spectra  []string
	images   []string
	pointAts [][2]float64
}

func (g *got) receiver() Receiver {
	return Receiver{
		Table: func(t *votable.Table, name, from string) {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.tables = append(g.tables, t)
			g.names = append(g.names, name+" from "+from)
		},
		Rows: func(t *votable.Table, rows []int) {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.rows = append(g.rows, rows)
		},
		Spectrum: func(path, name, from string) {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.spectra = append(g.spectra, path)
		},
		Image: func(path, u, name, from string) {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.images = append(g.images, path+"|"+u)
		},
		PointAt: func(ra, dec float64, from string) {
			g.mu.Lock()
			defer g.mu.Unlock()
			g.pointAts = append(g.pointAts, [2]float64{ra, dec})
		},
	}
}

func init() { pollEvery = 200 * time.Millisecond }

// newRig is a controller on the hub whose lock home names, with the test
// UI lock as its UI goroutine.
func newRig(t *testing.T, home string) (*Controller, *got) {
	t.Helper()
	g := &got{}
	c := New(Deps{Home: home, Cache: fetch.New(t.TempDir(), vohttp.Default), TempDir: t.TempDir(), Receive: g.receiver()}, runtest.Serial)
	t.Cleanup(func() { ui(c.Close); c.Wait() })
	return c, g
}

// ui runs f as the UI goroutine would.
func ui(f func()) { runtest.Serial(f) }

// eventually waits up to 30 s for cond (checked on the UI goroutine).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var ok bool
		ui(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func hasPeer(s State, name string) bool {
	return slices.ContainsFunc(s.Clients, func(p Peer) bool { return p.Name == name })
}

func logText(s State) string {
	var b strings.Builder
	for _, e := range s.Log {
		fmt.Fprintf(&b, "%s | %s | %s | failed=%v\n", e.Peer, e.MType, e.Text, e.Failed)
	}
	return b.String()
}

// testTable parses samptest.TestVOTable (3 rows, UCDs TestUCDs).
func testTable(t *testing.T) *votable.Table {
	t.Helper()
	doc, err := votable.Parse(strings.NewReader(samptest.TestVOTable))
	if err != nil {
		t.Fatal(err)
	}
	return doc.ResultsTable()
}

// TestSendAndSelectWithAstropy: esodesk on astropy's hub sends a table to
// astropy's client, which gets every row and the UCDs, then the rows the
// user selects, under the same table-id.
func TestSendAndSelectWithAstropy(t *testing.T) {
	h := samptest.StartAstropyHub(t)
	recv, recvID := samptest.StartReceiver(t, h)
	c, _ := newRig(t, h.Home)
	ui(c.Start)
	eventually(t, "pyreceiver in the client list", func() bool {
		s := c.Snapshot()
		return s.Phase == Connected && hasPeer(s, "pyreceiver") && len(s.Takers(samp.MTypeTableLoadVOTable)) == 1
	})
	if s := c.Snapshot(); !strings.Contains(s.Status, "with pyreceiver") || s.OwnHub {
		t.Errorf("status %q own hub %v", s.Status, s.OwnHub)
	}

	tbl := testTable(t)
	ui(func() { c.SendTable(tbl, "three stars", recvID) })
	t.Cleanup(func() { t.Log(logText(c.Snapshot())) })
	m := recv.NextMType(t, samp.MTypeTableLoadVOTable)
	if m["rows"] != float64(3) || fmt.Sprint(m["ucds"]) != samptest.TestUCDs {
		t.Fatalf("the receiver read %v rows, UCDs %v", m["rows"], m["ucds"])
	}
	params := m["params"].(map[string]any)
	id, u := params["table-id"], params["url"].(string)
	if pu, _ := url.Parse(u); pu.Hostname() != "127.0.0.1" || params["name"] != "three stars" {
		t.Errorf("sent url %q name %v", u, params["name"])
	}

	ui(func() { c.Selected(tbl, []int{2}) })
	m = recv.NextMType(t, samp.MTypeTableHighlightRow)
	if p := m["params"].(map[string]any); p["row"] != "2" || p["table-id"] != id || p["url"] != u {
		t.Errorf("highlight %v", p)
	}
	ui(func() { c.Selected(tbl, []int{0, 2}) })
	m = recv.NextMType(t, samp.MTypeTableSelectRows)
	if p := m["params"].(map[string]any); fmt.Sprint(p["row-list"]) != "[0 2]" || p["table-id"] != id {
		t.Errorf("select %v", p)
	}
	// rows sent to a client that loaded the table go without it
	ui(func() { c.SendRows(tbl, "three stars", []int{1}, recvID) })
	m = recv.NextMType(t, samp.MTypeTableSelectRows)
	if p := m["params"].(map[string]any); fmt.Sprint(p["row-list"]) != "[1]" || p["table-id"] != id {
		t.Errorf("send rows %v", p)
	}
	ui(func() { c.PointAt(10.5, -20.25, "") })
	m = recv.NextMType(t, samp.MTypeCoordPointAtSky)
	if p := m["params"].(map[string]any); p["ra"] != "10.5" || p["dec"] != "-20.25" {
		t.Errorf("pointAt %v", p)
	}
	eventually(t, "the record of what was sent", func() bool {
		return strings.Count(logText(c.Snapshot()), "Sent ") >= 3
	})
	if l := logText(c.Snapshot()); strings.Contains(l, "failed=true") || !strings.Contains(l, "pyreceiver | table.load.votable | Sent table “three stars” (3 rows): done") {
		t.Errorf("record:\n%s", l)
	}
}

// send has astropy's pysender call esodesk and returns the answer.
func send(t *testing.T, h *samptest.Hub, mtype, params string) map[string]any {
	t.Helper()
	return samptest.Send(t, h, "esodesk", mtype, params)
}

func errorText(r map[string]any) string {
	e, _ := r["samp.error"].(map[string]any)
	return fmt.Sprint(e["samp.errortxt"])
}

// TestReceiveFromAstropy: what astropy's client sends reaches the window,
// and a highlight of a table sent before selects its row; what cannot be
// taken is refused with a reason.
func TestReceiveFromAstropy(t *testing.T) {
	h := samptest.StartAstropyHub(t)
	c, g := newRig(t, h.Home)
	ui(c.Start)
	eventually(t, "connected", func() bool { return c.Snapshot().Phase == Connected })

	dir := t.TempDir()
	vot := filepath.Join(dir, "stars.vot")
	if err := os.WriteFile(vot, []byte(samptest.TestVOTable), 0o644); err != nil {
		t.Fatal(err)
	}
	fileURL := (&url.URL{Scheme: "file", Path: vot}).String()
	r := send(t, h, samp.MTypeTableLoadVOTable, fmt.Sprintf(`{"url": %q, "table-id": "py-1", "name": "stars"}`, fileURL))
	if r["samp.status"] != "samp.ok" {
		t.Fatalf("table.load.votable: %v", r)
	}
	eventually(t, "the table handed to the window", func() bool {
		g.mu.Lock()
		defer g.mu.Unlock()
		return len(g.tables) == 1
	})
	if g.tables[0].NumRows() != 3 || g.names[0] != "stars from pysender" {
		t.Errorf("table %d rows, %q", g.tables[0].NumRows(), g.names[0])
	}
	r = send(t, h, samp.MTypeTableHighlightRow, `{"table-id": "py-1", "url": "x", "row": "1"}`)
	if r["samp.status"] != "samp.ok" {
		t.Fatalf("highlight: %v", r)
	}
	// by URL when the table-id is another
	r = send(t, h, samp.MTypeTableSelectRows, fmt.Sprintf(`{"table-id": "other", "url": %q, "row-list": ["2", "0", "2"]}`, fileURL))
	if r["samp.status"] != "samp.ok" {
		t.Fatalf("select: %v", r)
	}
	eventually(t, "the rows selected", func() bool {
		g.mu.Lock()
		defer g.mu.Unlock()
		return len(g.rows) == 2
	})
	if fmt.Sprint(g.rows) != "[[1] [0 2]]" {
		t.Errorf("rows %v", g.rows)
	}
	// the selection those messages made is not sent back
	if c.tables.isEcho(g.tables[0], []int{0, 2}) != true {
		t.Error("the rows a message selected are not recognised as its echo")
	}

	for _, bad := range []struct{ mtype, params, want string }{
		{samp.MTypeTableHighlightRow, `{"table-id": "nope", "url": "nope", "row": "1"}`, "shows no table"},
		{samp.MTypeTableHighlightRow, `{"table-id": "py-1", "row": "9"}`, "outside “stars” (3 rows)"},
		{samp.MTypeTableLoadVOTable, `{"url": "file:///nonexistent/x.vot"}`, "could not be read"},
		{samp.MTypeCoordPointAtSky, `{"ra": "400", "dec": "0"}`, "not a position"},
		{samp.MTypeSpectrumLoadSSA, fmt.Sprintf(`{"url": %q, "meta": {}}`, fileURL), "could not be read"},
	} {
		r := send(t, h, bad.mtype, bad.params)
		if r["samp.status"] != "samp.error" || !strings.Contains(errorText(r), bad.want) {
			t.Errorf("%s %s: %v, want an error with %q", bad.mtype, bad.params, r, bad.want)
		}
	}

	r = send(t, h, samp.MTypeCoordPointAtSky, `{"ra": "83.6331", "dec": "22.0145"}`)
	if r["samp.status"] != "samp.ok" {
		t.Fatalf("pointAt: %v", r)
	}
	r = send(t, h, samp.MTypeImageLoadFITS, fmt.Sprintf(`{"url": %q}`, fileURL))
	if r["samp.status"] != "samp.ok" {
		t.Fatalf("image: %v", r)
	}
	eventually(t, "position and image", func() bool {
		g.mu.Lock()
		defer g.mu.Unlock()
		return len(g.pointAts) == 1 && len(g.images) == 1
	})
	if g.pointAts[0] != [2]float64{83.6331, 22.0145} || g.images[0] != vot+"|"+fileURL {
		t.Errorf("pointAt %v image %q", g.pointAts, g.images)
	}
	eventually(t, "the record", func() bool { return strings.Count(logText(c.Snapshot()), "Refused") == 5 })
}

// TestOwnHub: with no hub, esodesk says so, starts its own on request;
// another client registers with it and is listed; closing removes the lock.
func TestOwnHub(t *testing.T) {
	samptest.NeedAstropy(t)
	home := t.TempDir()
	t.Setenv("SAMP_HUB", "")
	c, _ := newRig(t, home)
	ui(c.Start)
	eventually(t, "no hub", func() bool { return c.Snapshot().Phase == NoHub })
	if s := c.Snapshot(); !strings.Contains(s.Status, "No SAMP hub runs") {
		t.Errorf("status %q", s.Status)
	}
	ui(c.StartHub)
	eventually(t, "connected to esodesk's hub", func() bool {
		s := c.Snapshot()
		return s.Phase == Connected && s.OwnHub
	})
	lock := filepath.Join(home, ".samp")
	if st, err := os.Stat(lock); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("lock %v %v", st, err)
	}
	_, id := samptest.StartReceiver(t, &samptest.Hub{Home: home})
	eventually(t, "pyreceiver registered with esodesk's hub, taking images", func() bool {
		s := c.Snapshot()
		return hasPeer(s, "pyreceiver") && slices.ContainsFunc(s.Takers(samp.MTypeImageLoadFITS), func(p Peer) bool { return p.ID == id })
	})
	ui(c.Close)
	if _, err := os.Stat(lock); !os.IsNotExist(err) {
		t.Errorf("the lock is left: %v", err)
	}
}

// TestHubGoesAndComesBack: when the hub shuts down, esodesk says so and
// registers with the next hub that starts.
func TestHubGoesAndComesBack(t *testing.T) {
	home := t.TempDir()
	t.Setenv("SAMP_HUB", "")
	h, err := samp.StartHub(t.Context(), home)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := newRig(t, home)
	ui(c.Start)
	eventually(t, "connected", func() bool { return c.Snapshot().Phase == Connected })
	h.Close()
	eventually(t, "the hub gone", func() bool {
		s := c.Snapshot()
		return s.Phase == NoHub && strings.Contains(s.Status, "went away") // by its shutdown event, or a ping it no longer answers
	})
	h2, err := samp.StartHub(t.Context(), home)
	if err != nil {
		t.Fatal(err)
	}
	defer h2.Close()
	eventually(t, "connected again", func() bool { return c.Snapshot().Phase == Connected })
	ui(c.Disconnect)
	if s := c.Snapshot(); s.Phase != Off {
		t.Errorf("after Disconnect: %v", s.Phase)
	}
}

// TestSendWithoutHub: sending while not connected is recorded as failed
// with what to do.
func TestSendWithoutHub(t *testing.T) {
	t.Setenv("SAMP_HUB", "")
	c, _ := newRig(t, t.TempDir())
	ui(func() { c.SendTable(testTable(t), "t", "") })
	if l := logText(c.Snapshot()); !strings.Contains(l, "not connected to a SAMP hub") || !strings.Contains(l, "failed=true") {
		t.Errorf("record:\n%s", l)
	}
}
