package conditions

import (
	"bufio"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"esodesk/internal/testbedenv"
	"esodesk/services/tap"
)

// These tests read the testbed's asm tables (testbed/dachs/gen_asm.py) and
// compare with testdata/reference.py, which runs its own ADQL through pyvo
// and computes with numpy.

const asmEnvPath = "/var/gavo/inputs/esodesk-asm.env"

// asmEnv reads the generator's facts (KEY=VALUE), or skips.
func asmEnv(t *testing.T) map[string]string {
	t.Helper()
	testbedenv.URL(t)
	f, err := os.Open(asmEnvPath)
	if err != nil {
		t.Skipf("%v: the testbed has no asm tables yet (make testbed imports them)", err)
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "="); ok {
			env[k] = v
		}
	}
	return env
}

func testbedClient(t *testing.T) (*Client, string) {
	u := testbedenv.URL(t) + "/tap"
	return New(tap.New(u, nil)), u
}

// reference runs testdata/reference.py and decodes its JSON into v.
func reference(t *testing.T, v any, args ...string) {
	t.Helper()
	cmd := exec.Command("/usr/bin/python3", append([]string{"testdata/reference.py"}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("reference.py %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("reference.py output: %v", err)
	}
}

type refSeries map[string]struct {
	Samples [][4]any `json:"samples"` // start, integration s, value (null when invalid), valid
}

// near compares to float32 precision: the tables' measurements are
// float32 ("real"), which we read as their shortest decimal and numpy
// widens as they are.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }

// compareSeries checks our samples against the reference's, one by one.
func compareSeries(t *testing.T, label string, got Series, want [][4]any) {
	t.Helper()
	if len(got.Samples) != len(want) {
		t.Errorf("%s: %d samples, reference %d (note %q)", label, len(got.Samples), len(want), got.Note)
		return
	}
	for i, w := range want {
		g := got.Samples[i]
		start, _ := parseTime(w[0].(string))
		valid := w[3].(bool)
		if !g.Start.Equal(start) || g.Integration != time.Duration(math.Round(w[1].(float64)*1000))*time.Millisecond || g.Valid != valid {
			t.Errorf("%s sample %d: %s %v valid %v, reference %v", label, i, g.Start.Format(csvTime), g.Integration, g.Valid, w)
			return
		}
		if valid && !near(g.Value, w[2].(float64)) {
			t.Errorf("%s sample %d at %s: %v, reference %v", label, i, w[0], g.Value, w[2])
			return
		}
	}
}

// checkSegments: an invalid sample always separates its valid neighbours.
func checkSegments(t *testing.T, label string, s Series) {
	seg := map[time.Time]int{}
	for k, g := range s.Segments() {
		for _, x := range g {
			if !x.Valid {
				t.Fatalf("%s: invalid sample in a segment", label)
			}
			seg[x.Start] = k
		}
	}
	for i := 1; i+1 < len(s.Samples); i++ {
		if a, b := s.Samples[i-1], s.Samples[i+1]; !s.Samples[i].Valid && a.Valid && b.Valid && seg[a.Start] == seg[b.Start] {
			t.Errorf("%s: the invalid sample at %s is bridged", label, s.Samples[i].Start.Format(csvTime))
		}
	}
}

func TestTestbedSeriesMatchReference(t *testing.T) {
	asmEnv(t)
	c, u := testbedClient(t)
	cases := []struct {
		site     Site
		from, to string
	}{
		{Paranal, "2019-03-05T22:00:00", "2019-03-06T12:00:00"},
		{LaSilla, "2019-03-05T22:00:00", "2019-03-06T12:00:00"},
		{APEX, "2019-03-01T20:00:00", "2019-03-02T06:00:00"},
	}
	for _, tc := range cases {
		from, _ := parseTime(tc.from)
		to, _ := parseTime(tc.to)
		res, err := c.Fetch(context.Background(), tc.site, Interval{from, to}, AllQuantities)
		if err != nil {
			t.Fatal(err)
		}
		var ref refSeries
		reference(t, &ref, "series", u, string(tc.site), tc.from, tc.to, joinQ(AllQuantities))
		for _, s := range res.Series {
			label := string(tc.site) + " " + string(s.Quantity)
			if !measures(tc.site, s.Quantity) {
				if len(s.Samples) != 0 || !strings.HasPrefix(s.Note, tc.site.Title()+" has no ") {
					t.Errorf("%s: %d samples, note %q", label, len(s.Samples), s.Note)
				}
				continue
			}
			if len(s.Samples) == 0 {
				t.Errorf("%s: no samples (%s)", label, s.Note)
			}
			compareSeries(t, label, s, ref[string(s.Quantity)].Samples)
			checkSegments(t, label, s)
		}
	}
}

// Seeing over the night of 2016-04-04 comes from both Paranal DIMM tables.
func TestTestbedSeeingAcrossTheDIMMSwitch(t *testing.T) {
	env := asmEnv(t)
	c, u := testbedClient(t)
	sw, err := parseTime(env["ASM_HISTORICAL_SWITCH"])
	if err != nil {
		t.Fatalf("ASM_HISTORICAL_SWITCH: %v", err)
	}
	r := Interval{sw.Add(-time.Hour), sw.Add(time.Hour)}
	res, err := c.Fetch(context.Background(), Paranal, r, []Quantity{Seeing})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Series[0]
	if len(s.Tables) != 2 || s.Tables[0] != "asm.historical_ambient_paranal" || s.Tables[1] != "asm.dimm_paranal" {
		t.Errorf("tables %v", s.Tables)
	}
	n := map[string]int{}
	for _, x := range s.Samples {
		n[x.Table]++
		if x.Table == "asm.dimm_paranal" == x.Start.Before(sw) {
			t.Errorf("%s sample at %s on the wrong side of the switch", x.Table, x.Start.Format(csvTime))
		}
	}
	if n["asm.historical_ambient_paranal"] == 0 || n["asm.dimm_paranal"] == 0 {
		t.Errorf("samples per table %v", n)
	}
	var ref refSeries
	reference(t, &ref, "series", u, "paranal", r.Start.Format(adqlTime), r.End.Format(adqlTime), "seeing")
	compareSeries(t, "seeing across the switch", s, ref["seeing"].Samples)
}

type refFrame struct {
	Site   string
	Values map[string]refStats
}

type refStats struct {
	N, Invalid             int
	Measured               bool
	Median, Min, Max, Mean *float64
}

func (f *refFrame) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	f.Values = map[string]refStats{}
	for k, v := range m {
		switch k {
		case "site":
			json.Unmarshal(v, &f.Site)
		case "exp_start", "exp_end":
		default:
			var s refStats
			if err := json.Unmarshal(v, &s); err != nil {
				return err
			}
			f.Values[k] = s
		}
	}
	return nil
}

// All science frames of two nights at both sites, and the generator's
// special frames: N, invalid count, median, min, max, mean per quantity
// equal the reference's; then the special frames' notes and edges.
func TestTestbedFramesMatchReference(t *testing.T) {
	env := asmEnv(t)
	c, u := testbedClient(t)
	special := []string{env["ASM_FRAME_EDGE"], env["ASM_FRAME_IN_DIMM_GAP"], env["ASM_FRAME_WITHOUT_DIMM"]}
	for i, k := range []string{"ASM_FRAME_EDGE", "ASM_FRAME_IN_DIMM_GAP", "ASM_FRAME_WITHOUT_DIMM"} {
		if special[i] == "" {
			t.Fatalf("%s: no %s", asmEnvPath, k)
		}
	}
	var ref map[string]refFrame
	reference(t, &ref, "frames", u, joinQ(AllQuantities), "2019-03-12", "2019-03-19",
		"--ids", strings.Join(special, ","))
	ids := make([]string, 0, len(ref))
	sites := map[string]int{}
	for id, f := range ref {
		ids = append(ids, id)
		sites[f.Site]++
	}
	sort.Strings(ids)
	if sites["paranal"] == 0 || sites["lasilla"] == 0 {
		t.Fatalf("reference frames per site %v: want both Paranal and La Silla", sites)
	}
	start := time.Now()
	exps, err := c.RawFrames(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.ForExposures(context.Background(), exps, AllQuantities, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d frames (%v) in %v", len(out), sites, time.Since(start))
	if testing.Verbose() {
		for _, fc := range out {
			for _, qd := range fc.Quantities {
				t.Logf("%s %s: %+v %q", fc.Exposure.ID, qd.Quantity, qd.Stats, qd.Note)
			}
			t.Logf("%s comparisons %+v", fc.Exposure.ID, fc.Comparisons)
		}
	}
	byID := map[string]FrameConditions{}
	for _, fc := range out {
		byID[fc.Exposure.ID] = fc
		want := ref[fc.Exposure.ID]
		if !fc.SiteKnown || string(fc.Site) != want.Site {
			t.Errorf("%s: site %q, reference %q", fc.Exposure.ID, fc.Site, want.Site)
			continue
		}
		for _, qd := range fc.Quantities {
			w := want.Values[string(qd.Quantity)]
			label := fc.Exposure.ID + " " + string(qd.Quantity)
			if qd.Stats.N != w.N || qd.Stats.Invalid != w.Invalid {
				t.Errorf("%s: N %d invalid %d, reference %d %d (%s)", label, qd.Stats.N, qd.Stats.Invalid, w.N, w.Invalid, qd.Note)
				continue
			}
			if w.N == 0 {
				if !math.IsNaN(qd.Stats.Median) || qd.Note == "" {
					t.Errorf("%s: no samples but median %v, note %q", label, qd.Stats.Median, qd.Note)
				}
				continue
			}
			if !near(qd.Stats.Median, *w.Median) || !near(qd.Stats.Min, *w.Min) || !near(qd.Stats.Max, *w.Max) || !near(qd.Stats.Mean, *w.Mean) {
				t.Errorf("%s: %+v, reference median %v min %v max %v mean %v", label, qd.Stats, *w.Median, *w.Min, *w.Max, *w.Mean)
			}
		}
		// dbo.raw's seeing at start and end is the DIMM sample's covering
		// the exposure's first and last instant, as the generator made it
		// (two decimals).
		for _, cmp := range fc.Comparisons {
			if !(math.Abs(cmp.Raw-cmp.ASM) < 0.0051) {
				t.Errorf("%s: %s raw %v, ASM %v (%s)", fc.Exposure.ID, cmp.What, cmp.Raw, cmp.ASM, cmp.Table)
			}
		}
	}

	// The edge frame: the DIMM sample ending at exp_start and the one
	// starting at its end are out, those inside in.
	edge := byID[env["ASM_FRAME_EDGE"]]
	seeing := edge.Quantities[0]
	if n := env["ASM_FRAME_EDGE_N_DIMM"]; n == "" || itoa(seeing.Stats.N+seeing.Stats.Invalid) != n {
		t.Errorf("edge frame: %d DIMM samples, generator %s", seeing.Stats.N+seeing.Stats.Invalid, n)
	}
	if len(seeing.Samples) > 0 {
		first, last := seeing.Samples[0], seeing.Samples[len(seeing.Samples)-1]
		if first.Start.Format(csvTime) != strings.TrimSuffix(env["ASM_FRAME_EDGE_START"], "Z")+"Z" {
			t.Errorf("edge frame: first sample %s, want the one starting at exp_start %s", first.Start.Format(csvTime), env["ASM_FRAME_EDGE_START"])
		}
		if end, _ := parseTime(env["ASM_FRAME_EDGE_END"]); !last.Start.Before(end) {
			t.Errorf("edge frame: the sample starting at the end (%s) is in", last.Start.Format(csvTime))
		}
	}
	// The frame in a DIMM gap says so.
	gap := byID[env["ASM_FRAME_IN_DIMM_GAP"]].Quantities[0]
	if gap.Stats.N != 0 || !strings.HasPrefix(gap.Note, "no DIMM samples during this exposure: the DIMM was not measuring from ") {
		t.Errorf("frame in a DIMM gap: N %d, note %q", gap.Stats.N, gap.Note)
	}
	// The La Silla frame of the night without DIMM; and La Silla has no PWV.
	nod := byID[env["ASM_FRAME_WITHOUT_DIMM"]]
	if nod.Site != LaSilla || nod.Quantities[0].Stats.N != 0 || !strings.Contains(nod.Quantities[0].Note, "no DIMM samples during this exposure") {
		t.Errorf("frame without DIMM: %s, seeing note %q", nod.Site, nod.Quantities[0].Note)
	}
	if pwv := nod.Quantities[3]; pwv.Quantity != PWV || pwv.Note != "La Silla has no PWV monitor" {
		t.Errorf("La Silla PWV: %q", pwv.Note)
	}
}

func TestTestbedRawFramesNamesMissingIDs(t *testing.T) {
	asmEnv(t)
	c, _ := testbedClient(t)
	_, err := c.RawFrames(context.Background(), []string{"NOPE.2019-03-05T00:00:00.000", "O'Brien"})
	if err == nil || !strings.Contains(err.Error(), "NOPE.2019-03-05T00:00:00.000, O'Brien") {
		t.Errorf("missing ids: %v", err)
	}
}

func joinQ(qs []Quantity) string {
	s := make([]string, len(qs))
	for i, q := range qs {
		s[i] = string(q)
	}
	return strings.Join(s, ",")
}

func itoa(n int) string { return strconv.Itoa(n) }

// More rows than MAXREC is an error that says to shorten the range, not a
// silently cut series.
func TestTestbedOverflowIsAnError(t *testing.T) {
	asmEnv(t)
	c, _ := testbedClient(t)
	c.MaxRec = 50
	from, _ := parseTime("2019-03-05T22:00:00")
	_, err := c.Fetch(context.Background(), Paranal, Interval{from, from.Add(12 * time.Hour)}, []Quantity{Wind})
	if err == nil || !strings.Contains(err.Error(), "asm.meteo_paranal holds more than 50 samples") || !strings.Contains(err.Error(), "shorter time range") {
		t.Errorf("overflow: %v", err)
	}
}
