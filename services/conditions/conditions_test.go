package conditions

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseSite(t *testing.T) {
	for in, want := range map[string]Site{"La Silla": LaSilla, " PARANAL ": Paranal, "apex": APEX, "la-silla": LaSilla, "lasilla": LaSilla} {
		if got, err := ParseSite(in); err != nil || got != want {
			t.Errorf("ParseSite(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := ParseSite("Chajnantor")
	if err == nil || !strings.Contains(err.Error(), `"Chajnantor"`) || !strings.Contains(err.Error(), "paranal, lasilla, apex") {
		t.Errorf("bad site: %v, want the name and the choices", err)
	}
	if _, err := ParseSite(" "); err == nil || !strings.Contains(err.Error(), "paranal") {
		t.Errorf("empty site: %v", err)
	}
	if LaSilla.Title() != "La Silla" || APEX.Title() != "APEX" || Paranal.Title() != "Paranal" {
		t.Error("titles")
	}
}

func TestParseQuantities(t *testing.T) {
	got, err := ParseQuantities("seeing, tau0,seeing")
	if err != nil || len(got) != 2 || got[0] != Seeing || got[1] != Tau0 {
		t.Errorf("got %v, %v", got, err)
	}
	got, err = ParseQuantities("all")
	if err != nil || len(got) != len(AllQuantities) || got[7] != Pressure {
		t.Errorf("all: %v, %v", got, err)
	}
	_, err = ParseQuantities("seeing,cloudiness")
	if err == nil || !strings.Contains(err.Error(), `"cloudiness"`) || !strings.Contains(err.Error(), "seeing, tau0, theta0, pwv, wind, humidity, temperature, pressure") {
		t.Errorf("bad quantity: %v, want the name and the choices", err)
	}
	if _, err := ParseQuantities(" , "); err == nil {
		t.Error("empty list accepted")
	}
}

func TestQuantityUnits(t *testing.T) {
	want := map[Quantity][2]string{Seeing: {"″", "arcsec"}, Tau0: {"ms", "ms"}, Theta0: {"″", "arcsec"}, PWV: {"mm", "mm"},
		Wind: {"m/s", "m/s"}, Humidity: {"%", "%"}, Temperature: {"°C", "Celsius"}, Pressure: {"hPa", "hPa"}}
	for q, u := range want {
		if q.Unit() != u[0] || q.UnitASCII() != u[1] || q.Title() == string(q) && q != PWV {
			t.Errorf("%s: %q %q %q", q, q.Unit(), q.UnitASCII(), q.Title())
		}
	}
}

func TestSiteOfTelescope(t *testing.T) {
	cases := map[string]Site{"ESO-VLT-U1": Paranal, "ESO-VLT-U4": Paranal, "ESO-VLTI-U1234": Paranal, "ESO-VLTI-A1234": Paranal,
		"ESO-VST": Paranal, "ESO-VISTA": Paranal, "ESO-3P6": LaSilla, "ESO-NTT": LaSilla, "MPI-2.2": LaSilla, "APEX-12M": APEX, " eso-ntt ": LaSilla}
	for tel, want := range cases {
		if got, ok := SiteOfTelescope(tel); !ok || got != want {
			t.Errorf("%s: %q %v, want %q", tel, got, ok, want)
		}
	}
	for _, tel := range []string{"", "ESO-VLT-U5", "XYZ", "ESO-1M"} {
		if got, ok := SiteOfTelescope(tel); ok {
			t.Errorf("%q: site %q", tel, got)
		}
	}
}

func TestSourcesCoverage(t *testing.T) {
	day := func(s string) time.Time { return ts(s + "T00:00:00Z") }
	if s := Sources(Paranal, Seeing, day("2016-04-03"), day("2016-04-05")); len(s) != 2 ||
		s[0].Table != "asm.historical_ambient_paranal" || s[1].Table != "asm.dimm_paranal" {
		t.Errorf("across 2016-04-04: %+v", s)
	}
	if s := Sources(Paranal, Seeing, day("2016-04-04"), day("2016-04-05")); len(s) != 1 || s[0].Table != "asm.dimm_paranal" {
		t.Errorf("after: %+v", s)
	}
	if s := Sources(Paranal, Seeing, day("2010-01-01"), day("2016-04-04")); len(s) != 1 || s[0].Table != "asm.historical_ambient_paranal" {
		t.Errorf("before (end exclusive): %+v", s)
	}
	if s := Sources(LaSilla, PWV, day("2019-01-01"), day("2019-01-02")); len(s) != 0 {
		t.Errorf("La Silla PWV: %+v", s)
	}
	if s := Sources(Paranal, Tau0, day("2019-01-01"), day("2019-01-02")); len(s) != 1 || s[0].Scale != 1000 || !s[0].HasValid {
		t.Errorf("tau0: %+v", s)
	}
	for _, site := range Sites {
		for _, q := range AllQuantities {
			for _, s := range Sources(site, q, time.Time{}, time.Time{}) {
				if _, ok := tables[s.Table]; !ok {
					t.Errorf("%s: no table facts", s.Table)
				}
			}
		}
	}
}

// samples builds a series from (start offset min, integration s, value,
// valid) rows on 2019-03-05 from 01:00.
func series(rows ...[4]float64) Series {
	base := ts("2019-03-05T01:00:00Z")
	s := Series{Quantity: Seeing, Unit: "″", Tables: []string{"asm.dimm_paranal"}}
	for _, r := range rows {
		s.Samples = append(s.Samples, Sample{Start: base.Add(time.Duration(r[0] * float64(time.Minute))),
			Integration: time.Duration(r[1] * float64(time.Second)), Value: r[2], Valid: r[3] == 1, Table: "asm.dimm_paranal"})
	}
	return s
}

func TestAt(t *testing.T) {
	s := series([4]float64{0, 60, 1.0, 1}, [4]float64{1, 60, 2.0, 0}, [4]float64{2, 60, 3.0, 1})
	at := func(c string) (float64, bool) {
		x, ok := s.At(ts("2019-03-05T" + c + "Z"))
		return x.Value, ok
	}
	if v, ok := at("01:00:00"); !ok || v != 1 {
		t.Errorf("at start: %v %v", v, ok)
	}
	if v, ok := at("01:00:59.999"); !ok || v != 1 {
		t.Errorf("before end: %v %v", v, ok)
	}
	if _, ok := at("01:01:00"); ok {
		t.Error("the invalid sample covering 01:01 was returned")
	}
	if v, ok := at("01:02:00"); !ok || v != 3 {
		t.Errorf("third: %v %v", v, ok)
	}
	if _, ok := at("01:03:00"); ok {
		t.Error("end is exclusive")
	}
	if _, ok := at("00:59:59"); ok {
		t.Error("before the first sample")
	}
}

func TestSegments(t *testing.T) {
	// 1-min samples: the gap limit is max(2 min, 3 min) = 3 min after the
	// previous end.
	s := series(
		[4]float64{0, 60, 1, 1}, [4]float64{1, 60, 1, 1}, // run 1
		[4]float64{2, 60, 1, 0},    // invalid: splits
		[4]float64{3, 60, 1, 1},    // run 2
		[4]float64{7, 60, 1, 1},    // starts exactly 3 min after the end at 4: no split
		[4]float64{11.5, 60, 1, 1}, // 3.5 min after 8: split, run 3
	)
	segs := s.Segments()
	var lens []int
	for _, g := range segs {
		lens = append(lens, len(g))
	}
	if len(lens) != 3 || lens[0] != 2 || lens[1] != 2 || lens[2] != 1 {
		t.Errorf("segments %v, want [2 2 1]", lens)
	}
	// Long integrations: 10 min samples tolerate a 20 min pause.
	long := series([4]float64{0, 600, 1, 1}, [4]float64{30, 600, 1, 1}, [4]float64{70, 600, 1, 1})
	if n := len(long.Segments()); n != 2 {
		t.Errorf("long integrations: %d segments, want 2", n)
	}
	if n := len((Series{}).Segments()); n != 0 {
		t.Errorf("empty: %d", n)
	}
}

func TestMerge(t *testing.T) {
	a := series([4]float64{0, 60, 1, 1}, [4]float64{1, 60, 2, 1}, [4]float64{2, 60, 9, 0})
	b := series([4]float64{1, 60, 5, 1}, [4]float64{3, 120, 6, 1})
	times, vals := Merge([]Series{a, b})
	want := []string{"01:00:30", "01:01:30", "01:04:00"}
	if len(times) != 3 {
		t.Fatalf("times %v", times)
	}
	for i, w := range want {
		if times[i].Format("15:04:05") != w {
			t.Errorf("time %d = %s, want %s", i, times[i].Format("15:04:05"), w)
		}
	}
	eq := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
	nan := math.NaN()
	wa, wb := []float64{1, 2, nan}, []float64{nan, 5, 6}
	for k := range want {
		if !eq(vals[0][k], wa[k]) || !eq(vals[1][k], wb[k]) {
			t.Errorf("values at %d: %v %v", k, vals[0][k], vals[1][k])
		}
	}
}

func TestDuringEdges(t *testing.T) {
	// Exposure 01:02:00–01:05:00.
	w := Interval{ts("2019-03-05T01:02:00Z"), ts("2019-03-05T01:05:00Z")}
	s := series(
		[4]float64{1, 60, 100, 1}, // ends exactly at the start: out
		[4]float64{1.5, 60, 1, 1}, // overlaps the start: in
		[4]float64{3, 60, 4, 0},   // inside but invalid: counted, not in stats
		[4]float64{3.5, 60, 3, 1}, // inside
		[4]float64{4.9, 60, 2, 1}, // overlaps the end: in
		[4]float64{5, 60, 200, 1}, // starts at the end: out
	)
	d := During(s, w)
	if d.Stats.N != 3 || d.Stats.Invalid != 1 || len(d.Samples) != 4 {
		t.Fatalf("N %d invalid %d samples %d, want 3 1 4", d.Stats.N, d.Stats.Invalid, len(d.Samples))
	}
	if d.Stats.Median != 2 || d.Stats.Min != 1 || d.Stats.Max != 3 || d.Stats.Mean != 2 {
		t.Errorf("stats %+v", d.Stats)
	}
	if !strings.Contains(d.Note, "1 of 4") {
		t.Errorf("note %q", d.Note)
	}
	// Zero-length exposure: the sample covering its instant.
	d = During(s, Interval{w.Start, w.Start})
	if d.Stats.N != 1 || d.Stats.Median != 1 {
		t.Errorf("instant: %+v", d.Stats)
	}
	// Nothing during it: say when the DIMM stopped and resumed.
	gap := Interval{ts("2019-03-05T01:20:00Z"), ts("2019-03-05T01:30:00Z")}
	d = During(s, gap)
	if d.Stats.N != 0 || !math.IsNaN(d.Stats.Median) ||
		d.Note != "no DIMM samples during this exposure: the DIMM was not measuring from 01:06 to 01:30 UTC" {
		t.Errorf("gap: %+v %q", d.Stats, d.Note)
	}
	d = During(s, Interval{ts("2019-03-05T01:03:10Z"), ts("2019-03-05T01:03:20Z")})
	if d.Stats.N != 0 || d.Stats.Invalid != 1 || !strings.Contains(d.Note, "flagged invalid") {
		t.Errorf("all invalid: %+v %q", d.Stats, d.Note)
	}
	// A site without the instrument: the series' note.
	d = During(Series{Quantity: PWV, Note: "La Silla has no PWV monitor"}, w)
	if d.Note != "La Silla has no PWV monitor" {
		t.Errorf("no monitor: %q", d.Note)
	}
}

func TestMergeWindows(t *testing.T) {
	b := ts("2019-03-05T01:00:00Z")
	iv := func(a, z float64) Interval {
		return Interval{b.Add(time.Duration(a * float64(time.Minute))), b.Add(time.Duration(z * float64(time.Minute)))}
	}
	got := mergeWindows([]Interval{iv(100, 110), iv(0, 10), iv(39.9, 50), iv(5, 8), iv(80, 80)})
	// 10→39.9 is < 30 min: merged; 50→80 is exactly 30: not merged;
	// 80→100 merged.
	if len(got) != 2 || !got[0].Start.Equal(iv(0, 0).Start) || !got[0].End.Equal(iv(50, 50).Start) ||
		!got[1].Start.Equal(iv(80, 0).Start) || !got[1].End.Equal(iv(110, 110).Start) {
		t.Errorf("merged %v", got)
	}
}

func TestWriteCSV(t *testing.T) {
	seeing := series([4]float64{0, 60, 0.75, 1}, [4]float64{1, 60, 9, 0})
	wind := Series{Quantity: Wind, Samples: []Sample{
		{Start: ts("2019-03-05T01:00:00Z"), Integration: time.Minute, Value: 4.5, Valid: true, Table: "asm.meteo_paranal"},
		{Start: ts("2019-03-05T00:59:00Z"), Integration: time.Minute, Value: 3, Valid: true, Table: "asm.meteo_paranal"},
	}}
	temp := Series{Quantity: Temperature, Samples: []Sample{
		{Start: ts("2019-03-05T01:00:00.001Z"), Integration: 999 * time.Millisecond, Value: -1.25, Valid: true, Table: "asm.meteo_paranal"},
	}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, []Series{wind, temp, seeing}); err != nil {
		t.Fatal(err)
	}
	want := "time,quantity,value,unit,table\n" +
		"2019-03-05T00:59:30.000Z,wind,3,m/s,asm.meteo_paranal\n" +
		"2019-03-05T01:00:00.500Z,temperature,-1.25,Celsius,asm.meteo_paranal\n" +
		"2019-03-05T01:00:30.000Z,seeing,0.75,arcsec,asm.dimm_paranal\n" +
		"2019-03-05T01:00:30.000Z,wind,4.5,m/s,asm.meteo_paranal\n"
	if buf.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestParseTime(t *testing.T) {
	want := ts("2019-03-05T01:02:03.5Z")
	for _, s := range []string{"2019-03-05T01:02:03.5Z", "2019-03-05T01:02:03.500", "2019-03-05 01:02:03.5", "2019-03-05T01:02:03.500+00:00", " 2019-03-05T01:02:03.5z"} {
		if got, err := parseTime(s); err != nil || !got.Equal(want) {
			t.Errorf("%q: %v %v", s, got, err)
		}
	}
	if got, err := parseTime("2019-03-05T01:02:03"); err != nil || !got.Equal(ts("2019-03-05T01:02:03Z")) {
		t.Errorf("no fraction: %v %v", got, err)
	}
	if _, err := parseTime("yesterday"); err == nil {
		t.Error("accepted yesterday")
	}
}

func TestExposureFromColumns(t *testing.T) {
	row := map[string]string{"dp_id": "UVES.2019-03-05T01:02:03.456", "exp_start": "2019-03-05T01:02:03.456Z", "exposure": "1800.5",
		"telescope": "ESO-VLT-U2", "tel_airm_start": "1.2", "tel_ambi_fwhm_start": "0.8", "tel_ambi_fwhm_end": "-1"}
	get := func(c string) (string, bool) { v, ok := row[c]; return v, ok }
	e, err := ExposureFromColumns(get)
	if err != nil {
		t.Fatal(err)
	}
	if e.Duration != 1800500*time.Millisecond || !e.Window().End.Equal(ts("2019-03-05T01:32:03.956Z")) || e.AirmassStart != 1.2 ||
		!math.IsNaN(e.AirmassEnd) || e.SeeingStart != 0.8 || !math.IsNaN(e.SeeingEnd) {
		t.Errorf("%+v", e)
	}
	if s, ok := e.Site(); !ok || s != Paranal {
		t.Errorf("site %q", s)
	}
	delete(row, "exp_start")
	if _, err := ExposureFromColumns(get); err == nil || !strings.Contains(err.Error(), "UVES.2019-03-05T01:02:03.456 has no exp_start") {
		t.Errorf("no exp_start: %v", err)
	}
	row["exp_start"] = "2019-03-05T01:02:03Z"
	row["exposure"] = "-3"
	if _, err := ExposureFromColumns(get); err == nil || !strings.Contains(err.Error(), "exposure") {
		t.Errorf("bad exposure: %v", err)
	}
}
