package ssap

import (
	"context"
	"errors"
	"math"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"esodesk/internal/testbedenv"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

// testbedURL is the DaCHS testbed's base URL, or skips.
func testbedURL(t *testing.T) string {
	t.Helper()
	return testbedenv.URL(t)
}

func testbedSSAP(t *testing.T) *Service {
	return New(testbedURL(t)+"/specs/q/ssa/ssap.xml", nil)
}

// spectrum is one row of specs.data as TAP reports it: the independent
// truth the SSA answers are checked against.
type spectrum struct {
	pubDID, dpID, accref, target string
	ra, dec, specStart, specEnd  float64
}

func allSpectra(t *testing.T) []spectrum {
	t.Helper()
	svc := tap.New(testbedURL(t)+"/tap", nil)
	res, err := svc.Sync(context.Background(), tap.Query{ADQL: "SELECT ssa_pubDID, dp_id, accref, ssa_targname, COORD1(ssa_location) AS ra, COORD2(ssa_location) AS dec, ssa_specstart, ssa_specend FROM specs.data"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tb := res.Table
	var out []spectrum
	for i := 0; i < tb.NumRows(); i++ {
		f := func(c int) float64 { v, _ := tb.Columns[c].Float(i); return v }
		out = append(out, spectrum{tb.Columns[0].String(i), tb.Columns[1].String(i), tb.Columns[2].String(i), tb.Columns[3].String(i), f(4), f(5), f(6), f(7)})
	}
	if len(out) < 3 {
		t.Fatalf("specs.data has %d spectra; the testbed needs several", len(out))
	}
	return out
}

// within lists the spectra within radius degrees of (ra, dec), by pubDID.
func within(all []spectrum, ra, dec, radius float64) map[string]spectrum {
	m := map[string]spectrum{}
	for _, s := range all {
		if separation(ra, dec, s.ra, s.dec) <= radius {
			m[s.pubDID] = s
		}
	}
	return m
}

func TestTestbedConeMatchesTAP(t *testing.T) {
	s := testbedSSAP(t)
	all := allSpectra(t)
	diameter, _ := Diameter(1, Arcmin)
	centres := []struct {
		name    string
		ra, dec float64
	}{
		{"HD 100546 (testbed position)", 173.356000, -70.194778},
		{"Eta Car", 161.264775, -59.684431},
		{"Sgr A*", 266.41683, -29.00781},
		{"empty sky", 30, 30},
	}
	seenAny := false
	for _, c := range centres {
		want := within(all, c.ra, c.dec, diameter/2)
		res, err := s.Search(context.Background(), Query{Pos: &Pos{c.ra, c.dec}, Size: diameter})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if res.Overflow || res.Status.Value != "OK" || len(res.Records) != res.Table.NumRows() {
			t.Fatalf("%s: status %+v, %d records for %d rows", c.name, res.Status, len(res.Records), res.Table.NumRows())
		}
		var got []string
		for _, r := range res.Records {
			got = append(got, r.PublisherDID)
			w, ok := want[r.PublisherDID]
			if !ok {
				t.Errorf("%s: SSA returned %s, which TAP puts %.4f deg away", c.name, r.PublisherDID, separation(c.ra, c.dec, r.RA, r.Dec))
				continue
			}
			if r.AccessURL != w.accref || r.ID != w.dpID || r.Target != w.target {
				t.Errorf("%s: record %+v\n does not match TAP row %+v", c.name, r, w)
			}
			if separation(r.RA, r.Dec, w.ra, w.dec) > 1e-4 || math.Abs(r.SpecMin-w.specStart) > 1e-12 || math.Abs(r.SpecMax-w.specEnd) > 1e-12 {
				t.Errorf("%s: numbers %v %v %v %v vs TAP %+v", c.name, r.RA, r.Dec, r.SpecMin, r.SpecMax, w)
			}
			if r.DataLinkURL == "" || r.Format == "" || r.Size <= 0 || math.IsNaN(r.MJD) {
				t.Errorf("%s: incomplete record %+v", c.name, r)
			}
		}
		if len(got) != len(want) {
			var ws []string
			for k := range want {
				ws = append(ws, k)
			}
			sort.Strings(ws)
			sort.Strings(got)
			t.Errorf("%s: SSA gave %v, TAP says %v", c.name, got, ws)
		}
		seenAny = seenAny || len(got) > 0
	}
	if !seenAny {
		t.Fatal("no cone found any spectrum: the test proves nothing")
	}
}

// The DataLink URL of a record answers with a links document for that very
// dataset; the URL built from the service descriptor is the same request.
func TestTestbedDataLink(t *testing.T) {
	s := testbedSSAP(t)
	all := allSpectra(t)
	res, err := s.Search(context.Background(), Query{Pos: &Pos{all[0].ra, all[0].dec}, Size: 0.01})
	if err != nil || len(res.Records) == 0 {
		t.Fatalf("%v, %d records", err, len(res.Records))
	}
	r := res.Records[0]
	resp, err := vohttp.Default.Get(context.Background(), r.DataLinkURL)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := votable.Parse(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	links := doc.ResultsTable()
	idCol := links.FieldIndex("ID")
	if links.NumRows() == 0 || idCol < 0 || links.Columns[idCol].String(0) != r.PublisherDID {
		t.Fatalf("links for %s: %d rows", r.PublisherDID, links.NumRows())
	}
	// Without the DataLink column, the descriptor gives an equivalent URL.
	cols := res.Columns
	cols.DataLink = -1
	viaDescriptor := records(res.Document, res.Table, cols)[0].DataLinkURL
	u1, err1 := url.Parse(viaDescriptor)
	u2, err2 := url.Parse(r.DataLinkURL)
	if err1 != nil || err2 != nil || viaDescriptor == "" || u1.Path != u2.Path || u1.Query().Get("ID") != u2.Query().Get("ID") || u1.Query().Get("ID") != r.PublisherDID {
		t.Fatalf("descriptor URL %q vs column %q", viaDescriptor, r.DataLinkURL)
	}
}

func TestTestbedOverflow(t *testing.T) {
	s := testbedSSAP(t)
	all := allSpectra(t)
	// the position with the most spectra within 1 arcmin
	best, n := all[0], 0
	for _, c := range all {
		if k := len(within(all, c.ra, c.dec, 1.0/60)); k > n {
			best, n = c, k
		}
	}
	if n < 2 {
		t.Fatalf("no position has two spectra within 1 arcmin; cannot test MAXREC")
	}
	q := Query{Pos: &Pos{best.ra, best.dec}, Size: 2.0 / 60, MaxRec: n - 1}
	res, err := s.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Overflow || res.Status.Value != "OVERFLOW" || len(res.Records) != n-1 {
		t.Fatalf("MAXREC=%d: overflow %v status %+v, %d records", n-1, res.Overflow, res.Status, len(res.Records))
	}
	q.MaxRec = n
	res, err = s.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if res.Overflow || len(res.Records) != n {
		t.Fatalf("MAXREC=%d: overflow %v, %d records", n, res.Overflow, len(res.Records))
	}
}

func TestTestbedBand(t *testing.T) {
	s := testbedSSAP(t)
	all := allSpectra(t)
	c := all[0]
	// a band inside the first spectrum's range must find it; one beyond the
	// range must not.
	inside := Band{Min: c.specStart + (c.specEnd-c.specStart)/4, Max: c.specEnd - (c.specEnd-c.specStart)/4}
	outside := Band{Min: c.specEnd * 1.5}
	for _, b := range []struct {
		band Band
		want bool
	}{{inside, true}, {outside, false}} {
		res, err := s.Search(context.Background(), Query{Pos: &Pos{c.ra, c.dec}, Size: 0.01, Band: b.band})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, r := range res.Records {
			found = found || r.PublisherDID == c.pubDID
		}
		if found != b.want {
			t.Errorf("BAND=%s: found %v, want %v", b.band, found, b.want)
		}
	}
}

func TestTestbedErrorStatus(t *testing.T) {
	s := testbedSSAP(t)
	_, err := s.Search(context.Background(), Query{Extra: url.Values{"POS": {"abc"}, "SIZE": {"1"}}})
	var ve *vohttp.Error
	if !errors.As(err, &ve) || ve.Kind != vohttp.KindService || !strings.Contains(strings.ToUpper(ve.Message), "POS") || ve.URL == "" {
		t.Fatalf("err = %v", err)
	}
}

func TestTestbedCancel(t *testing.T) {
	s := testbedSSAP(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Search(ctx, Query{Pos: &Pos{10, 10}, Size: 1})
	var ve *vohttp.Error
	if !errors.As(err, &ve) || ve.Kind != vohttp.KindCanceled {
		t.Fatalf("err = %v", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	time.Sleep(time.Millisecond)
	if _, err := s.Search(ctx, Query{Pos: &Pos{10, 10}, Size: 1}); err == nil {
		t.Fatal("expired context: no error")
	}
}
