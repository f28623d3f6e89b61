package conditionsctl

import (
	"context"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"esodesk/internal/runtest"
	"esodesk/internal/testbedenv"
	"esodesk/services/conditions"
	"esodesk/services/config"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
)

func TestNightRange(t *testing.T) {
	r, err := NightRange(" 2019-03-05 ")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2019, 3, 5, 21, 0, 0, 0, time.UTC); !r.Start.Equal(want) {
		t.Errorf("start %v, want %v", r.Start, want)
	}
	if want := time.Date(2019, 3, 6, 12, 0, 0, 0, time.UTC); !r.End.Equal(want) {
		t.Errorf("end %v, want %v", r.End, want)
	}
	for _, bad := range []string{"", "05/03/2019", "2019-02-30"} {
		if _, err := NightRange(bad); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
			t.Errorf("%q: error %v, want it to say how to write a night", bad, err)
		}
	}
	// ESO's nights change at noon UT
	if n := NightOf(time.Date(2019, 3, 6, 8, 0, 0, 0, time.UTC)); n != "2019-03-05" {
		t.Errorf("08:00 UT on 03-06 is in night %s", n)
	}
	if n := NightOf(time.Date(2019, 3, 5, 23, 0, 0, 0, time.UTC)); n != "2019-03-05" {
		t.Errorf("23:00 UT on 03-05 is in night %s", n)
	}
}

func exposure(id, tel string, start string, secs float64) conditions.Exposure {
	t, err := time.Parse(time.RFC3339, start)
	if err != nil {
		panic(err)
	}
	return conditions.Exposure{ID: id, Telescope: tel, Start: t, Duration: time.Duration(secs * float64(time.Second)),
		AirmassStart: math.NaN(), AirmassEnd: math.NaN(), SeeingStart: math.NaN(), SeeingEnd: math.NaN()}
}

// Mixed sites and nights: the most frequent site, the first frame's night;
// the others are named.
func TestPlanFramesMixed(t *testing.T) {
	sel := []conditions.Exposure{
		exposure("B", "ESO-VLT-U4", "2019-03-06T02:00:00Z", 600),
		exposure("A", "ESO-VLT-U1", "2019-03-06T01:00:00Z", 600),
		exposure("N", "ESO-NTT", "2019-03-06T01:30:00Z", 600),
		exposure("L", "ESO-VLT-U4", "2019-03-07T03:00:00Z", 600),
		exposure("X", "NOWHERE", "2019-03-06T01:30:00Z", 600),
	}
	all := append(sel, exposure("O", "ESO-VLT-U2", "2019-03-06T04:00:00Z", 60),
		exposure("P", "ESO-VLT-U2", "2019-03-07T04:00:00Z", 60), exposure("Q", "ESO-3P6", "2019-03-06T04:00:00Z", 60))
	p := planFrames(sel, all)
	if p.err != "" {
		t.Fatal(p.err)
	}
	if p.site != conditions.Paranal || p.night != "2019-03-05" {
		t.Fatalf("site %s night %s", p.site, p.night)
	}
	if len(p.shown) != 2 || p.shown[0].ID != "A" || p.shown[1].ID != "B" {
		t.Fatalf("shown %v", p.shown)
	}
	if len(p.others) != 1 || p.others[0].ID != "O" {
		t.Fatalf("others %v", p.others)
	}
	for _, want := range []string{"3 selected frames not marked", "1 at La Silla (N)", "1 on the night of 2019-03-06 (L)", "NOWHERE"} {
		if !strings.Contains(p.notes, want) {
			t.Errorf("notes lack %q: %s", want, p.notes)
		}
	}
	if p := planFrames(sel[4:], all); !strings.Contains(p.err, "NOWHERE") {
		t.Errorf("no site: %q", p.err)
	}
}

func TestSeeingFilter(t *testing.T) {
	fc := func(id string, n int, med float64) conditions.FrameConditions {
		return conditions.FrameConditions{Exposure: conditions.Exposure{ID: id},
			Quantities: []conditions.QuantityDuring{{Quantity: conditions.Seeing, Stats: conditions.Stats{N: n, Median: med}}}}
	}
	cs := Columns{ByID: map[string]conditions.FrameConditions{"a": fc("a", 3, 0.5), "b": fc("b", 2, 0.8), "c": fc("c", 0, math.NaN())}}
	keep, f := NewSeeingFilter(cs, []string{"a", "b", "c", "d"}, 0.8)
	if !keep[0] || keep[1] || keep[2] || keep[3] || f.Above != 1 || f.NoData != 2 {
		t.Fatalf("keep %v, filter %+v", keep, f)
	}
	if s := f.Summary(); !strings.Contains(s, "3 frames hidden") || !strings.Contains(s, "1 with median seeing ≥ 0.8″") || !strings.Contains(s, "2 without seeing data") {
		t.Errorf("summary %q", s)
	}
	for _, c := range []struct {
		text string
		on   bool
		ok   bool
	}{{"", false, true}, {" 0,8″", true, true}, {"x", false, false}, {"-1", false, false}} {
		v, on, err := ParseSeeingLimit(c.text)
		if on != c.on || (err == nil) != c.ok || (on && v != 0.8) {
			t.Errorf("%q: %v %v %v", c.text, v, on, err)
		}
	}
}

// harness is a controller on a test queue whose TAP service the test sets.
type harness struct {
	t        *testing.T
	q        *runtest.Queue
	c        *Controller
	settings config.Settings
}

func newHarness(t *testing.T, tapURL string) *harness {
	h := &harness{t: t, q: &runtest.Queue{}, settings: config.Defaults()}
	h.settings.TapObs = tapURL
	h.c = New(Deps{HTTP: vohttp.New(vohttp.Options{}), Settings: func() config.Settings { return h.settings }}, h.q.Run)
	t.Cleanup(func() { h.c.Close(); h.settle() })
	return h
}

func (h *harness) settle() { h.q.Settle(h.c.Wait) }

// A night at Paranal: the seeing series holds the DIMM's samples of the
// night, the flagged ones kept as invalid and never returned by At.
func TestShowNightAgainstTestbed(t *testing.T) {
	tb := testbedenv.URL(t)
	h := newHarness(t, tb+"/tap")
	if err := h.c.SetSite("La Silla"); err != nil {
		t.Fatal(err)
	}
	if err := h.c.SetSite("Mars"); err == nil || !strings.Contains(strings.ToLower(h.c.Snapshot().Status), "paranal") {
		t.Fatalf("bad site: %v, status %q", err, h.c.Snapshot().Status)
	}
	h.c.SetSite("Paranal")
	if err := h.c.SetNight("5 March"); err == nil || !strings.Contains(h.c.Snapshot().Status, "YYYY-MM-DD") {
		t.Fatalf("bad night: %v, status %q", err, h.c.Snapshot().Status)
	}
	h.c.Show()
	if h.c.Snapshot().Loading {
		t.Fatal("a bad night started a fetch")
	}
	h.c.SetNight("2019-03-05")
	h.c.SetQuantities([]conditions.Quantity{conditions.PWV, conditions.Seeing})
	h.c.Show()
	if !h.c.Snapshot().Loading {
		t.Fatal("not loading")
	}
	h.settle()
	st := h.c.Snapshot()
	if st.Loading || st.Result == nil {
		t.Fatalf("no result: %q", st.Status)
	}
	s, ok := st.Result.SeriesOf(conditions.Seeing)
	if !ok || len(s.Samples) == 0 {
		t.Fatalf("no seeing samples: %+v (status %q)", s, st.Status)
	}
	if _, ok := st.Result.SeriesOf(conditions.PWV); !ok {
		t.Fatal("no PWV series")
	}
	// the DIMM's samples of the night, read independently
	res, err := tap.New(tb+"/tap", nil).Sync(context.Background(), tap.Query{ADQL: "SELECT start_date, valid, fwhm FROM asm.dimm_paranal WHERE start_date >= '2019-03-05T20:50:00' AND start_date < '2019-03-06T12:00:00'"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	valid, invalid := map[int64]bool{}, 0
	for i := 0; i < res.Table.NumRows(); i++ {
		ts, err := time.Parse("2006-01-02T15:04:05", strings.TrimSuffix(strings.TrimSpace(res.Table.Columns[0].String(i)), "Z")[:19])
		if err != nil {
			t.Fatal(err)
		}
		// a NULL seeing is no measurement, whatever its flag says
		if v, _ := res.Table.Columns[1].Float(i); v == 1 && !res.Table.Columns[2].IsNull(i) {
			valid[ts.Unix()] = true
		} else {
			invalid++
		}
	}
	got, gotInvalid := 0, 0
	for _, smp := range s.Samples {
		if smp.Start.Before(st.Range.Start) {
			continue // the one sample covering 21:00 started before it
		}
		if smp.Valid {
			got++
			if !valid[smp.Start.Unix()] {
				t.Errorf("sample at %v is valid in the series, not in asm.dimm_paranal", smp.Start)
			}
		} else {
			gotInvalid++
			if at, ok := s.At(smp.Mid()); ok && at.Start.Equal(smp.Start) {
				t.Errorf("At returned the invalid sample at %v", smp.Start)
			}
		}
	}
	if got != len(valid) || gotInvalid != invalid {
		t.Errorf("series: %d valid, %d invalid; asm.dimm_paranal: %d valid, %d invalid", got, gotInvalid, len(valid), invalid)
	}
}

// holder is a TAP service that never answers: it holds each request until
// the client gives up, and says so.
func holder(t *testing.T) (url string, arrived, gaveUp chan struct{}) {
	arrived, gaveUp = make(chan struct{}, 16), make(chan struct{}, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body) // only then does the server notice a client that gives up
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
			gaveUp <- struct{}{}
		case <-time.After(40 * time.Second): // a client that never gives up fails the test, not hangs it
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/tap", arrived, gaveUp
}

func await(t *testing.T, ch chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(30 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

// A newer request replaces a running one: the first fetch is given up and
// its answer never shows.
func TestLatestWins(t *testing.T) {
	tb := testbedenv.URL(t)
	slow, arrived, gaveUp := holder(t)
	h := newHarness(t, slow)
	h.c.SetQuantities([]conditions.Quantity{conditions.Seeing})
	h.c.ShowFrames([]conditions.Exposure{exposure("A", "ESO-VLT-U1", "2019-03-08T03:00:00Z", 600)}, nil)
	await(t, arrived, "the first fetch")
	h.settings.TapObs = tb + "/tap"
	h.c.SetNight("2019-03-05")
	h.c.Show()
	await(t, gaveUp, "the first fetch to be given up")
	h.settle()
	st := h.c.Snapshot()
	if st.Result == nil || st.Err != "" {
		t.Fatalf("no result: %q", st.Status)
	}
	if want, _ := NightRange("2019-03-05"); !st.Result.Range.Start.Equal(want.Start) {
		t.Errorf("result of %v, want the later night %v", st.Result.Range, want)
	}
	if len(st.Exposures) != 0 {
		t.Errorf("the first request's bands remained: %v", st.Exposures)
	}
}

// Cancel gives up the fetch and says so; nothing arrives later.
func TestCancel(t *testing.T) {
	slow, arrived, gaveUp := holder(t)
	h := newHarness(t, slow)
	h.c.SetNight("2019-03-05")
	h.c.Show()
	await(t, arrived, "the fetch")
	h.c.LoadColumns([]conditions.Exposure{exposure("A", "ESO-VLT-U1", "2019-03-06T03:00:00Z", 600)})
	h.c.Cancel()
	await(t, gaveUp, "the fetch to be given up")
	h.settle()
	st := h.c.Snapshot()
	if st.Loading || st.Columns.Loading || st.Result != nil || st.Status != "Cancelled." || st.Columns.Err != "cancelled" {
		t.Fatalf("after Cancel: loading %v/%v, result %v, status %q, columns %+v", st.Loading, st.Columns.Loading, st.Result, st.Status, st.Columns)
	}
}

// A site without the quantity says so, and a failing service says what
// failed.
func TestMessages(t *testing.T) {
	tb := testbedenv.URL(t)
	h := newHarness(t, tb+"/tap")
	h.c.SetSite("La Silla")
	h.c.SetNight("2019-03-05")
	h.c.SetQuantities([]conditions.Quantity{conditions.PWV})
	h.c.Show()
	h.settle()
	st := h.c.Snapshot()
	if !strings.Contains(st.Status, "PWV") || !strings.Contains(st.Status, "La Silla") {
		t.Errorf("status for La Silla's PWV: %q", st.Status)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "database down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	h.settings.TapObs = srv.URL + "/tap"
	h.c.SetQuantities([]conditions.Quantity{conditions.Seeing})
	h.c.Show()
	h.settle()
	st = h.c.Snapshot()
	if st.Err == "" || !strings.HasPrefix(st.Status, "Could not fetch Seeing at La Silla") {
		t.Errorf("status for a failing service: %q (err %q)", st.Status, st.Err)
	}
}
