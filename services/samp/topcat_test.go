package samp

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"esodesk/services/samp/samptest"
)

// clientNames lists c's hub's clients as id → samp.name, for
// samptest.StartTOPCAT.
func clientNames(c *Client) func(context.Context) (map[string]string, error) {
	return func(ctx context.Context) (map[string]string, error) {
		cs, err := c.Clients(ctx)
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		for _, ci := range cs {
			m[ci.ID] = ci.Name
		}
		return m, nil
	}
}

// TestTOPCAT sends tables to a real TOPCAT (under Xvfb) through JSAMP's
// hub, the SAMP library TOPCAT is built on.
func TestTOPCAT(t *testing.T) {
	samptest.NeedTOPCAT(t)
	h := samptest.StartJSAMPHub(t)
	ctx := context.Background()
	info, err := Discover(ctx, h.Home)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ConnectTo(ctx, info, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	tc := samptest.StartTOPCAT(t, h, clientNames(c))
	t.Logf("TOPCAT is %s on DISPLAY=%s", tc.ID, tc.Display)
	// A client declares its subscriptions just after it registers: on a
	// loaded machine TOPCAT is listed a moment before it is subscribed.
	var subs []string
	deadline := time.Now().Add(30 * time.Second)
	for {
		subs, err = c.Subscribed(ctx, MTypeTableLoadVOTable)
		if err == nil && slices.Contains(subs, tc.ID) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("TOPCAT is not subscribed to %s: %v %v", MTypeTableLoadVOTable, subs, err)
		}
		time.Sleep(100 * time.Millisecond)
	}

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
	resp, err := c.CallAndWait(ctx, tc.ID, TableLoadVOTable(u, "esodesk-test", "test table"), 60*time.Second)
	if err != nil || !resp.OK() {
		t.Fatalf("table.load.votable: %+v %v\n%s", resp, err, tc.Logs())
	}
	// TOPCAT answers table.highlight.row with samp.ok only for a table it
	// has loaded (it answers the load before it files the table under
	// its table-id: allow it a moment).
	for i := 0; ; i++ {
		resp, err = c.CallAndWait(ctx, tc.ID, TableHighlightRow("esodesk-test", u, 1), 20*time.Second)
		if err != nil || resp.OK() || i == 50 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil || !resp.OK() {
		t.Fatalf("table.highlight.row of the loaded table: %+v %v\n%s", resp, err, tc.Logs())
	}
	resp, err = c.CallAndWait(ctx, tc.ID, TableHighlightRow("esodesk-unknown", u+"-unknown", 1), 20*time.Second)
	if err != nil || resp.OK() {
		t.Fatalf("table.highlight.row of a table TOPCAT lacks should fail: %+v %v", resp, err)
	}

	// A URL that 404s: samp.error. (Not u: TOPCAT answers samp.ok to a
	// URL it has loaded before, withdrawn or not.)
	gone := filepath.Join(t.TempDir(), "gone.xml")
	writeFile(t, gone, samptest.TestVOTable)
	gu, err := fs.Offer(gone)
	if err != nil {
		t.Fatal(err)
	}
	fs.Withdraw(gu)
	resp, err = c.CallAndWait(ctx, tc.ID, TableLoadVOTable(gu, "esodesk-gone", "gone"), 60*time.Second)
	if err != nil || resp.OK() || resp.Status != "samp.error" {
		t.Fatalf("table.load.votable of a URL that 404s: %+v %v", resp, err)
	}
	t.Logf("TOPCAT on a 404: %s", resp.Error)
}
