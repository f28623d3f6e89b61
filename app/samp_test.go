package app

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"esodesk/app/imagesctl"
	"esodesk/app/sampctl"
	"esodesk/internal/testbedenv"
	"esodesk/internal/uitest"
	"esodesk/services/samp"
	"esodesk/services/samp/samptest"
	"esodesk/services/votable"
)

// sampConnected waits until the window is on the hub with a client named
// name that takes mtype.
func sampConnected(t *testing.T, u *UI, name, mtype string) {
	t.Helper()
	eventually(t, name+" in the SAMP client list", 30*time.Second, func() bool {
		s := u.samp.shown
		return s.Phase == sampctl.Connected && slices.ContainsFunc(s.Takers(mtype), func(p sampctl.Peer) bool { return p.Name == name })
	})
}

// menuItem finds the item whose label starts with label.
func menuItem(t *testing.T, items []*fyne.MenuItem, label string) *fyne.MenuItem {
	t.Helper()
	var labels []string
	for _, it := range items {
		if it != nil && strings.HasPrefix(it.Label, label) {
			return it
		}
		if it != nil {
			labels = append(labels, it.Label)
		}
	}
	t.Fatalf("no menu item %q among %q", label, labels)
	return nil
}

// sendTo runs the child item to of the Send item label.
func sendTo(t *testing.T, items []*fyne.MenuItem, label, to string) {
	t.Helper()
	it := menuItem(t, items, label)
	if it.Disabled || it.ChildMenu == nil {
		t.Fatalf("%q is disabled (%q)", label, it.Label)
	}
	child := menuItem(t, it.ChildMenu.Items, to)
	onUI(child.Action)
}

// sampSend has astropy's client call esodesk and returns its answer.
func sampSend(t *testing.T, h *samptest.Hub, mtype, params string) map[string]any {
	t.Helper()
	r := samptest.Send(t, h, "esodesk", mtype, params)
	if r["samp.status"] != "samp.ok" {
		t.Fatalf("%s %s: %v", mtype, params, r)
	}
	return r
}

// TestSAMPSendsResultsAndFollowsHighlights: a TAP result goes to a real
// client (astropy's) from the row menu with its rows and UCDs; a row the
// client highlights is selected here, a row selected here is highlighted
// there; the row's position goes as coord.pointAt.sky.
func TestSAMPSendsResultsAndFollowsHighlights(t *testing.T) {
	h := samptest.StartAstropyHub(t)
	recv, _ := samptest.StartReceiver(t, h)
	u := newTestUI(t)
	sampConnected(t, u, "pyreceiver", samp.MTypeTableLoadVOTable)

	runInGUI(t, u, "SELECT TOP 6 obs_id, s_ra, s_dec, t_exptime FROM ivoa.obscore ORDER BY obs_id", "1000", modeSync)
	var rows int
	var ucds []string
	var items []*fyne.MenuItem
	onUI(func() {
		tbl := u.tap.results.Table()
		rows = tbl.NumRows()
		for _, f := range tbl.Fields {
			ucds = append(ucds, f.UCD)
		}
		items = u.tap.results.MenuItems([]int{0})
	})
	if rows < 3 {
		t.Fatalf("the testbed's ObsCore gave %d rows", rows)
	}
	sendTo(t, items, "Send table to", "pyreceiver")
	m := recv.NextMType(t, samp.MTypeTableLoadVOTable)
	if m["rows"] != float64(rows) || fmt.Sprint(m["ucds"]) != fmt.Sprint(ucds) {
		t.Fatalf("pyreceiver read %v rows with UCDs %v; esodesk shows %d with %v", m["rows"], m["ucds"], rows, ucds)
	}
	params := m["params"].(map[string]any)
	if !strings.HasPrefix(fmt.Sprint(params["name"]), "esodesk TAP result") {
		t.Errorf("table name %v", params["name"])
	}

	// a highlight coming back selects that row, and is not sent back
	sampSend(t, h, samp.MTypeTableHighlightRow, fmt.Sprintf(`{"table-id": %q, "url": %q, "row": "2"}`, params["table-id"], params["url"]))
	eventually(t, "row 2 selected", 10*time.Second, func() bool { return slices.Equal(u.tap.results.SelectedRows(), []int{2}) })

	// a row selected here is highlighted there
	onUI(func() { u.tap.results.SelectModelRows([]int{1}) })
	m = recv.NextMType(t, samp.MTypeTableHighlightRow)
	if p := m["params"].(map[string]any); p["row"] != "1" || p["table-id"] != params["table-id"] {
		t.Errorf("highlight sent %v", p)
	}

	var ra, dec float64
	onUI(func() {
		tbl := u.tap.results.Table()
		ra, _ = tbl.Columns[tbl.FieldIndex("s_ra")].Float(0)
		dec, _ = tbl.Columns[tbl.FieldIndex("s_dec")].Float(0)
		items = u.tap.results.MenuItems([]int{0})
	})
	sendTo(t, items, "Point at this row's position", "pyreceiver")
	m = recv.NextMType(t, samp.MTypeCoordPointAtSky)
	p := m["params"].(map[string]any)
	gotRA, _ := strconv.ParseFloat(fmt.Sprint(p["ra"]), 64)
	gotDec, _ := strconv.ParseFloat(fmt.Sprint(p["dec"]), 64)
	if gotRA != ra || gotDec != dec {
		t.Errorf("pointAt %v %v, row 0 is at %v %v", p["ra"], p["dec"], ra, dec)
	}
	eventually(t, "the record of the sends", 10*time.Second, func() bool {
		return strings.Contains(fmt.Sprint(u.samp.shown.Log), "done")
	})
}

// TestSAMPReceives: a table another client sends opens in the SAMP tab and
// its highlights select rows there; a spectrum is plotted; a position
// fills the target fields.
func TestSAMPReceives(t *testing.T) {
	h := samptest.StartAstropyHub(t)
	u := newTestUI(t)
	eventually(t, "connected", 30*time.Second, func() bool { return u.samp.shown.Phase == sampctl.Connected })

	dir := t.TempDir()
	vot := filepath.Join(dir, "stars.vot")
	if err := os.WriteFile(vot, []byte(samptest.TestVOTable), 0o644); err != nil {
		t.Fatal(err)
	}
	fileURL := (&url.URL{Scheme: "file", Path: vot}).String()
	sampSend(t, h, samp.MTypeTableLoadVOTable, fmt.Sprintf(`{"url": %q, "table-id": "py-1", "name": "three stars"}`, fileURL))
	eventually(t, "the table in the SAMP tab", 10*time.Second, func() bool {
		return len(u.samp.tables.Items) == 1 && u.currentTab() == "SAMP"
	})
	onUI(func() {
		ti := u.samp.tables.Items[0]
		rt := u.samp.received[ti]
		if ti.Text != "three stars" || rt.Table().NumRows() != 3 || !strings.Contains(rt.Info().Service, "pysender") {
			t.Errorf("tab %q with %d rows from %q", ti.Text, rt.Table().NumRows(), rt.Info().Service)
		}
	})
	sampSend(t, h, samp.MTypeTableHighlightRow, `{"table-id": "py-1", "row": "1"}`)
	eventually(t, "row 1 of the received table selected", 10*time.Second, func() bool {
		return slices.Equal(u.samp.received[u.samp.tables.Items[0]].SelectedRows(), []int{1})
	})

	sampSend(t, h, samp.MTypeCoordPointAtSky, `{"ra": "83.6331", "dec": "22.0145"}`)
	eventually(t, "the target fields filled", 10*time.Second, func() bool {
		return u.spectra.target.Text == "83.633100 +22.014500" && u.raw.position.Text == "83.633100 +22.014500"
	})

	spec := filepath.Join(dir, "spectrum.fits")
	writeSpectrumTable(t, spec, "Angstrom", "erg/s/cm2/Angstrom")
	sampSend(t, h, samp.MTypeSpectrumLoadSSA, fmt.Sprintf(`{"url": %q, "meta": {}, "name": "a spectrum"}`, (&url.URL{Scheme: "file", Path: spec}).String()))
	eventually(t, "the spectrum plotted", queryTimeout, func() bool {
		return u.currentTab() == "Spectra" && len(u.spectra.plot.Spectra()) == 1
	})

	// an image opens in the Images tab's viewer
	img := filepath.Join(dir, "ngc3603.fits")
	fetchFile(t, testbedenv.URL(t)+"/getproduct/images/data/ngc3603_tan_cd.fits", img)
	sampSend(t, h, samp.MTypeImageLoadFITS, fmt.Sprintf(`{"url": %q, "name": "NGC 3603"}`, (&url.URL{Scheme: "file", Path: img}).String()))
	eventually(t, "the image in the viewer", queryTimeout, func() bool {
		im := u.images.ctl.Snapshot().Image
		return u.currentTab() == "Images" && im != nil && im.Phase == imagesctl.ImageShown && im.WCS != nil
	})

	// closing the table's tab forgets it: a highlight of it is refused
	onUI(func() {
		ti := u.samp.tables.Items[0]
		u.samp.tables.Remove(ti)
		u.samp.tableClosed(ti) // what closing the tab calls
	})
	if r := samptest.Send(t, h, "esodesk", samp.MTypeTableHighlightRow, `{"table-id": "py-1", "row": "1"}`); r["samp.status"] != "samp.error" {
		t.Errorf("a highlight of a closed table: %v", r)
	}
}

// fetchFile downloads u to path.
func fetchFile(t *testing.T, u, path string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s", u, resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.Copy(f, resp.Body); err != nil {
		t.Fatal(err)
	}
}

// TestSAMPFailedSendIsShown: a send the user asked for that fails says so
// in a dialog (the record is in another tab); none for what others send.
func TestSAMPFailedSendIsShown(t *testing.T) {
	u := newTestUI(t) // no hub: SAMP_HUB points nowhere
	onUI(func() {
		tbl := votableOf(t, samptest.TestVOTable)
		u.samp.ctl.SendTable(tbl, "three stars", "")
	})
	eventually(t, "the dialog", 10*time.Second, func() bool {
		return u.win.Canvas().Overlays().Top() != nil
	})
	onUI(func() {
		uitest.Shows(t, u.win.Canvas().Overlays().Top(), "not connected to a SAMP hub")
	})
}

func votableOf(t *testing.T, text string) *votable.Table {
	t.Helper()
	doc, err := votable.Parse(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return doc.ResultsTable()
}
