package dataset

import (
	"context"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"esodesk/internal/fixtures"
	"esodesk/services/calselector"
	"esodesk/testbed/standin"
)

// The stand-in's archive for the downgrade: FORS2 has masters, SINFONI
// has none, so a Raw2Master request runs Raw2Raw for the SINFONI frame.
const (
	forsID = "FORS2.2019-03-03T01:00:00.000"
	sinfID = "SINFO.2019-03-03T02:00:00.000"
)

func downgradeArchive() []standin.ArchiveFrame {
	f := func(id, inst, cat, typ string, ob int64) standin.ArchiveFrame {
		return standin.ArchiveFrame{DPID: id, Instrument: inst, Telescope: "ESO-VLT-U1", Category: cat, Type: typ, Tech: "IMAGE",
			Night: "2019-03-02", OBID: ob, Object: "NGC 300", RA: 13.72, Dec: -37.68, Exposure: 60,
			DateObs: id[strings.Index(id, ".")+1:], MJDObs: 58545.1, ProgID: "0102.D-0105(A)", Airmass: math.NaN()}
	}
	return []standin.ArchiveFrame{
		f(forsID, "FORS2", "SCIENCE", "OBJECT", 100),
		f("FORS2.2019-03-02T19:00:00.000", "FORS2", "CALIB", "BIAS", 0),
		f("FORS2.2019-03-02T19:01:00.000", "FORS2", "CALIB", "BIAS", 0),
		f(sinfID, "SINFONI", "SCIENCE", "OBJECT", 300),
		f("SINFO.2019-03-02T20:00:00.000", "SINFONI", "CALIB", "DARK", 0),
	}
}

// Asked for processed calibrations, the downgraded dataset goes where its
// files belong, data_with_raw_calibs/, its tree named as the service names
// a Raw2Raw tree; the plan says so.
func TestPlanFollowsTheExecutedMode(t *testing.T) {
	srv := httptest.NewServer(standin.New(standin.Options{Frames: downgradeArchive(), FixturesDir: fixtures.Dir()}))
	defer srv.Close()
	cs := calselector.New(srv.URL+standin.CalSelectorPath, nil)
	ids := []string{forsID, sinfID}
	res, err := cs.Associate(context.Background(), ids, calselector.Raw2Master, calselector.VOTable)
	if err != nil {
		t.Fatal(err)
	}
	var ds []*Dataset
	for _, id := range ids {
		ds = append(ds, FromLinks(res.Links[id], calselector.Raw2Master))
	}
	if ds[0].Downgraded() || ds[0].Mode() != calselector.Raw2Master || !ds[1].Downgraded() || ds[1].Mode() != calselector.Raw2Raw {
		t.Fatalf("FORS2 executed %q, SINFONI %q: the stand-in's downgrade case is gone", ds[0].ExecutedMode, ds[1].ExecutedMode)
	}

	dir := t.TempDir()
	p := MakePlan(ds, PlanOptions{Dir: dir, Mode: calselector.Raw2Master, Trees: true, NightLogs: true,
		DataPortalURL: srv.URL + standin.DataPortalPath})
	processed, raw := filepath.Join(dir, ProcessedFolder), filepath.Join(dir, RawFolder)
	if !slices.Equal(p.Folders, []string{processed, raw}) || p.Where() != processed+" and "+raw || p.Downgraded != 1 {
		t.Errorf("folders %q (%s), %d downgraded", p.Folders, p.Where(), p.Downgraded)
	}
	dirOf := map[string]string{}
	nameOf := map[string]string{}
	for _, j := range p.Jobs {
		dirOf[j.URL], nameOf[j.URL] = j.Dir, j.Name
	}
	for i, want := range []string{processed, raw} {
		d := ds[i]
		for _, f := range d.Files() {
			if dirOf[f.URL] != want {
				t.Errorf("%s of %s goes to %q, want %q", f.DPID, d.Science.DPID, dirOf[f.URL], want)
			}
		}
		nl := srv.URL + standin.DataPortalPath + url.PathEscape(d.Science.DPID) + ".NL"
		if dirOf[d.TreeURL] != want || dirOf[nl] != want {
			t.Errorf("%s: tree to %q, night log to %q, want %q", d.Science.DPID, dirOf[d.TreeURL], dirOf[nl], want)
		}
		// the name the service gives the tree of the mode it executed
		if name, served := nameOf[d.TreeURL], servedTreeName(t, srv.URL, d.Science.DPID, d.Mode()); name != served {
			t.Errorf("%s: tree saved as %q, the service names the %s tree %q", d.Science.DPID, name, d.Mode(), served)
		}
	}
	if got := nameOf[ds[1].TreeURL]; got != sinfID+"_raw2raw.xml" {
		t.Errorf("downgraded tree saved as %q", got)
	}
	if s := p.Summary(); !strings.HasPrefix(s, "2 datasets (1 downgraded to raw calibrations) · ") {
		t.Errorf("summary %q", s)
	}
	if n := p.DowngradeNote(); n != "1 dataset was downgraded to raw calibrations: it goes to data_with_raw_calibs/" {
		t.Errorf("note %q", n)
	}

	// Both downgraded (the second asked twice): one folder, the raw one.
	again := FromLinks(res.Links[sinfID], calselector.Raw2Master)
	again.Science.DPID = "SINFO.2019-03-03T02:30:00.000"
	p = MakePlan(ds[1:], PlanOptions{Dir: dir, Mode: calselector.Raw2Master})
	p2 := MakePlan([]*Dataset{ds[1], again}, PlanOptions{Dir: dir, Mode: calselector.Raw2Master})
	if !slices.Equal(p.Folders, []string{raw}) || !slices.Equal(p2.Folders, []string{raw}) ||
		p2.DowngradeNote() != "2 datasets were downgraded to raw calibrations: they go to data_with_raw_calibs/" {
		t.Errorf("folders %q and %q; note %q", p.Folders, p2.Folders, p2.DowngradeNote())
	}
}

// servedTreeName is the file name the stand-in's Content-Disposition gives
// the tree of id in mode.
func servedTreeName(t *testing.T, base, id string, mode calselector.Mode) string {
	t.Helper()
	resp, err := http.Get(base + standin.CalSelectorPath + "?" + url.Values{"dp_id": {id}, "mode": {string(mode)}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	_, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
	if err != nil {
		t.Fatalf("%s %s: Content-Disposition %q: %v", id, mode, resp.Header.Get("Content-Disposition"), err)
	}
	return params["filename"]
}

// TreeName is what ESO's real answer calls each tree: the recorded
// multipart names every part after its tree's main file and executed mode
// (even where ESO spells the id differently, .534 for .533).
func TestTreeNameAsESONamesIt(t *testing.T) {
	_, params, err := mime.ParseMediaType(multipartCT)
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(fixtures.Open(t, multipartFixture), params["boundary"])
	parts := 0
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		_, cd, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		tree, err := calselector.ParseTree(part)
		if err != nil {
			t.Fatal(err)
		}
		parts++
		if got := TreeName(tree.MainFiles[0].Name, calselector.Mode(tree.ExecutedMode())); got != cd["filename"] {
			t.Errorf("TreeName %q, ESO's name %q", got, cd["filename"])
		}
	}
	if parts != 2 {
		t.Errorf("%d parts in the recorded answer", parts)
	}
}
