package standin

import (
	"bytes"
	"context"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"esodesk/internal/fixtures"
	"esodesk/services/calselector"
)

// testFrames is a small archive with one frame per CalSelector case.
func testFrames() []ArchiveFrame {
	nan := math.NaN()
	f := func(id, inst, cat, typ, night string, ob int64) ArchiveFrame {
		return ArchiveFrame{DPID: id, Instrument: inst, Telescope: "ESO-VLT-U1", Category: cat, Type: typ, Tech: "IMAGE", Night: night,
			OBID: ob, Object: "NGC 300", RA: 13.72, Dec: -37.68, Exposure: 60, DateObs: id[strings.Index(id, ".")+1:],
			MJDObs: 58545.1, ProgID: "0102.D-0105(A)", Filter: "R_SPECIAL", Airmass: nan}
	}
	return []ArchiveFrame{
		f("FORS2.2019-03-03T01:00:00.000", "FORS2", "SCIENCE", "OBJECT", "2019-03-02", 100), // A
		f("FORS2.2019-03-03T01:20:00.000", "FORS2", "SCIENCE", "OBJECT", "2019-03-02", 100), // A's sibling
		f("FORS2.2019-03-02T19:00:00.000", "FORS2", "CALIB", "BIAS", "2019-03-02", 0),
		f("FORS2.2019-03-02T19:01:00.000", "FORS2", "CALIB", "BIAS", "2019-03-02", 0),
		f("FORS2.2019-03-05T18:00:00.000", "FORS2", "CALIB", "FLAT,SKY", "2019-03-05", 0),
		f("FORS2.2019-03-20T18:00:00.000", "FORS2", "CALIB", "STD", "2019-03-20", 0),
		f("FORS2.2019-03-19T01:00:00.000", "FORS2", "SCIENCE", "OBJECT", "2019-03-18", 200),   // C: uncertified
		f("SINFO.2019-03-03T02:00:00.000", "SINFONI", "SCIENCE", "OBJECT", "2019-03-02", 300), // D: no masters
		f("SINFO.2019-03-02T20:00:00.000", "SINFONI", "CALIB", "DARK", "2019-03-02", 0),
	}
}

const (
	idA       = "FORS2.2019-03-03T01:00:00.000"
	idSibling = "FORS2.2019-03-03T01:20:00.000"
	idC       = "FORS2.2019-03-19T01:00:00.000"
	idD       = "SINFO.2019-03-03T02:00:00.000"
	idBias    = "FORS2.2019-03-02T19:00:00.000"
)

func newCSServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(New(Options{Frames: testFrames(), FixturesDir: fixtures.Dir()}))
	t.Cleanup(srv.Close)
	return srv
}

func csGet(t *testing.T, base string, q url.Values) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(base + CalSelectorPath + "?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func tree(t *testing.T, base, id, mode string) *calselector.Association {
	t.Helper()
	resp, body := csGet(t, base, url.Values{"dp_id": {id}, "mode": {mode}})
	if resp.StatusCode != 200 {
		t.Fatalf("%s %s: %s: %s", id, mode, resp.Status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/xml;content=calselector" {
		t.Errorf("Content-Type %q", ct)
	}
	want := `attachment; filename="` + id + "_" + strings.ToLower(mode) + `.xml"`
	if cd := resp.Header.Get("Content-Disposition"); cd != want {
		t.Errorf("Content-Disposition %q, want %q", cd, want)
	}
	a, err := calselector.ParseTree(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v\n%s", id, err, body)
	}
	return a
}

func TestCalSelectorRealTreeByteForByte(t *testing.T) {
	want, err := os.ReadFile(fixtures.Path(t, realTreeFile))
	if err != nil {
		t.Fatal(err)
	}
	srv := newCSServer(t)
	resp, body := csGet(t, srv.URL, url.Values{"dp_id": {RealTreeID}, "mode": {"Raw2Raw"}})
	if resp.StatusCode != 200 || !bytes.Equal(body, want) {
		t.Fatalf("status %s; body differs from the recorded file (%d vs %d bytes)", resp.Status, len(body), len(want))
	}
	if _, err := calselector.ParseTree(bytes.NewReader(body)); err != nil {
		t.Fatal(err)
	}
	// Raw2Master for a recorded id: a clear 404.
	resp, body = csGet(t, srv.URL, url.Values{"dp_id": {RealTreeID}, "mode": {"Raw2Master"}})
	if resp.StatusCode != 404 || !strings.Contains(string(body), "recorded Raw2Raw") {
		t.Errorf("Raw2Master of the recorded id: %s %s", resp.Status, body)
	}
}

func TestCalSelectorRealMultipart(t *testing.T) {
	want, err := os.ReadFile(fixtures.Path(t, realMultipartFile))
	if err != nil {
		t.Fatal(err)
	}
	srv := newCSServer(t)
	resp, err := http.PostForm(srv.URL+CalSelectorPath, url.Values{"dp_id": {RealMultipartID, RealTreeID}, "mode": {"Raw2Raw"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Equal(body, want) {
		t.Fatalf("multipart body differs from the recording")
	}
	trees, err := calselector.ParseMultipart(resp.Header.Get("Content-Type"), bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if trees[RealTreeID] == nil || trees[RealMultipartID] == nil {
		t.Fatalf("parts: %v", trees)
	}
	// The .534 part alone is served as a single tree.
	a := tree(t, srv.URL, RealMultipartID, "Raw2Raw")
	if a.MainFiles[0].Name != RealMultipartID {
		t.Errorf("main file %v", a.MainFiles)
	}
}

func TestCalSelectorRealMUSEVOTable(t *testing.T) {
	fixtures.Path(t, realVOTableFile)
	srv := newCSServer(t)
	resp, body := csGet(t, srv.URL, url.Values{"dp_id": {RealVOTableID}, "mode": {"Raw2Master"}, "responseformat": {"votable"}})
	if resp.StatusCode != 200 {
		t.Fatalf("%s %s", resp.Status, body)
	}
	links, err := calselector.ParseVOTable(bytes.NewReader(body))
	if err != nil || len(links) != 1 {
		t.Fatalf("%v %d", err, len(links))
	}
	l := links[0]
	srvWithRows := New(Options{FixturesDir: fixtures.Dir()})
	rows, err := srvWithRows.realVOTableRows()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, r := range rows {
		if r.Semantics == "#calibration" {
			want = append(want, r.Category)
		}
	}
	var got []string
	for _, c := range l.Calibrations {
		got = append(got, c.Category)
		if !strings.HasPrefix(c.AccessURL, srv.URL+DataPortalPath) {
			t.Errorf("access_url %s not on the stand-in", c.AccessURL)
		}
		id := strings.TrimPrefix(c.AccessURL, srv.URL+DataPortalPath)
		if size, _ := FileBytes(id); size != c.ContentLength {
			t.Errorf("%s: content_length %d, dataPortal serves %d", id, c.ContentLength, size)
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("categories %v, recorded %v", got, want)
	}
	if l.Flags.Mode != "Raw2Master" || l.Tree == nil || !strings.HasPrefix(l.Tree.AccessURL, srv.URL+CalSelectorPath) {
		t.Errorf("flags %+v tree %+v", l.Flags, l.Tree)
	}
}

func TestCalSelectorGeneratedCases(t *testing.T) {
	srv := newCSServer(t)
	a := tree(t, srv.URL, idA, "Raw2Raw")
	if a.ExecutedMode() != "Raw2Raw" || !a.Incomplete() || !a.Extended() || a.Uncertified() {
		t.Errorf("A: mode %s incomplete %v extended %v uncertified %v", a.Mode, a.Incomplete(), a.Extended(), a.Uncertified())
	}
	if !strings.Contains(strings.Join(a.AllMessages(), "|"), "Missing STD (no STD frame within 7 nights)") {
		t.Errorf("A messages %q", a.AllMessages())
	}
	if len(a.MainFiles) != 2 || a.MainFiles[0].Name != idA || a.MainFiles[1].Name != idSibling {
		t.Errorf("A main files %v", a.MainFiles)
	}
	// The flat nests the bias, as ESO's cascades do.
	var flatNestsBias bool
	a.Walk(func(n *calselector.Association, _ int) {
		if n.Category == "SKY_FLAT_IMG" && len(n.Associated) == 1 && n.Associated[0].Category == "BIAS" {
			flatNestsBias = true
		}
	})
	if !flatNestsBias {
		t.Error("SKY_FLAT_IMG does not nest BIAS")
	}
	if c := tree(t, srv.URL, idC, "Raw2Raw"); !c.Uncertified() {
		t.Error("C (night 2019-03-18) is not uncertified")
	}
	d := tree(t, srv.URL, idD, "Raw2Master")
	if d.ExecutedMode() != "Raw2Raw" || !strings.Contains(strings.Join(d.AllMessages(), " "), "not available for SINFONI") {
		t.Errorf("D: mode %s messages %q", d.Mode, d.AllMessages())
	}
	m := tree(t, srv.URL, idA, "Raw2Master")
	files := m.Files()
	var masters int
	for name, cat := range files {
		if strings.HasPrefix(name, "M.FORS2.") && strings.HasPrefix(cat, "MASTER_") {
			masters++
		}
	}
	if m.ExecutedMode() != "Raw2Master" || masters < 2 {
		t.Errorf("A Raw2Master: mode %s files %v", m.Mode, files)
	}
	b := tree(t, srv.URL, idBias, "Raw2Raw")
	if b.Category != "CALIB" || b.Incomplete() || len(b.MainFiles) != 1 {
		t.Errorf("calibration frame: %+v", b)
	}
	// Unknown (but plausible) id alone: 404 with the reason.
	resp, body := csGet(t, srv.URL, url.Values{"dp_id": {"FORS2.2001-01-01T00:00:00.000"}, "mode": {"Raw2Raw"}})
	if resp.StatusCode != 404 || !strings.Contains(string(body), "not a raw frame of the archive") {
		t.Errorf("unknown id: %s %s", resp.Status, body)
	}
}

func TestCalSelectorGeneratedVOTableAndMultipart(t *testing.T) {
	srv := newCSServer(t)
	unknown := "UVES.2001-01-01T00:00:00.000"
	resp, err := http.PostForm(srv.URL+CalSelectorPath, url.Values{"dp_id": {idA, unknown}, "mode": {"Raw2Raw"}, "responseformat": {"votable"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	links, err := calselector.ParseVOTable(bytes.NewReader(body))
	if err != nil || len(links) != 2 {
		t.Fatalf("%v, %d groups\n%s", err, len(links), body)
	}
	l := links[0]
	if l.DPID != idA || l.This == nil || l.Flags.Complete == nil || *l.Flags.Complete || !strings.Contains(l.Flags.Messages, "Missing STD") {
		t.Errorf("A #this: %+v %+v", l.This, l.Flags)
	}
	if len(l.Siblings) != 1 || !strings.HasSuffix(l.Siblings[0].AccessURL, idSibling) {
		t.Errorf("siblings %+v", l.Siblings)
	}
	if l.Tree == nil || l.Tree.Semantics != semTreePrefix+"raw2raw" {
		t.Errorf("tree row %+v", l.Tree)
	}
	for _, c := range append(l.Calibrations, *l.This) {
		id := strings.TrimPrefix(c.AccessURL, srv.URL+DataPortalPath)
		r, err := http.Get(c.AccessURL)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, r.Body)
		r.Body.Close()
		if n != c.ContentLength {
			t.Errorf("%s: content_length %d, dataPortal sent %d bytes", id, c.ContentLength, n)
		}
	}
	if len(links[1].Errors) != 1 || !strings.Contains(links[1].Errors[0].ErrorMessage, unknown) {
		t.Errorf("unknown id rows: %+v", links[1])
	}

	// Without responseformat: one part each, the unknown one incomplete.
	resp, err = http.PostForm(srv.URL+CalSelectorPath, url.Values{"dp_id": {idA + "," + unknown}, "mode": {"Raw2Raw"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	trees, err := calselector.ParseMultipart(resp.Header.Get("Content-Type"), resp.Body)
	if err != nil || len(trees) != 2 {
		t.Fatalf("%v %v", err, trees)
	}
	if !trees[unknown].Incomplete() || trees[idA].MainFiles[0].Name != idA {
		t.Errorf("parts %+v", trees)
	}
}

func TestCalSelectorBadRequests(t *testing.T) {
	srv := newCSServer(t)
	for _, c := range []struct {
		q    url.Values
		want string
	}{
		{url.Values{"dp_id": {idA}}, "parameter mode is missing"},
		{url.Values{"dp_id": {idA}, "mode": {"Raw2Calib"}}, "invalid mode"},
		{url.Values{"mode": {"Raw2Raw"}}, "parameter dp_id is missing"},
		{url.Values{"dp_id": {"not-an-id"}, "mode": {"Raw2Raw"}}, `invalid dp_id "not-an-id"`},
		{url.Values{"dp_id": {idA}, "mode": {"Raw2Raw"}, "responseformat": {"json"}}, "invalid responseformat"},
	} {
		resp, body := csGet(t, srv.URL, c.q)
		if resp.StatusCode != 400 || !strings.Contains(string(body), c.want) || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
			t.Errorf("%v: %s %q", c.q, resp.Status, body)
		}
	}
}

func TestFaultMalformedAndSlow(t *testing.T) {
	srv := newCSServer(t)
	q := "?" + url.Values{"dp_id": {idA}, "mode": {"Raw2Raw"}}.Encode()
	resp, err := http.Get(srv.URL + "/fault/malformed" + CalSelectorPath + q)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("malformed: %s", resp.Status)
	}
	if _, err := calselector.ParseTree(bytes.NewReader(body)); err == nil {
		t.Error("the malformed answer parses")
	}
	req, _ := http.NewRequest("GET", srv.URL+CalSelectorPath+q, nil)
	req.Header.Set(FaultHeader, "malformed")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if _, err := calselector.ParseTree(bytes.NewReader(body)); err == nil {
		t.Error("the malformed answer (header form) parses")
	}

	resp, err = http.Get(srv.URL + "/fault/slow:20" + CalSelectorPath + q)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if _, err := calselector.ParseTree(bytes.NewReader(body)); err != nil || resp.StatusCode != 200 {
		t.Errorf("slow answer: %s %v", resp.Status, err)
	}
	// A client that gives up is let go (the delay is an hour).
	ctx, cancel := context.WithCancel(context.Background())
	req, _ = http.NewRequestWithContext(ctx, "GET", srv.URL+CalSelectorPath+q, nil)
	req.Header.Set(FaultHeader, "slow:3600000")
	done := make(chan error, 1)
	go func() {
		_, err := http.DefaultClient.Do(req)
		done <- err
	}()
	cancel()
	if err := <-done; err == nil {
		t.Error("cancelled slow request succeeded")
	}
	resp, _ = http.Get(srv.URL + "/fault/slow:x" + CalSelectorPath + q)
	if resp.StatusCode != 400 {
		t.Errorf("slow:x: %s", resp.Status)
	}
	resp.Body.Close()
}

func TestFixturePathsExist(t *testing.T) {
	for _, rel := range []string{realTreeFile, realMultipartFile, realVOTableFile} {
		fixtures.Path(t, filepath.ToSlash(rel))
	}
}
