package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"image/png"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"esodesk/services/conditions"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
)

// Every usage error says what is wrong (with the choices or an example),
// exits 2 and writes nothing to stdout.
func TestConditionsUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{}, "give --site and --from (a range), or --frame DPID"},
		{[]string{"--from", "2019-03-05"}, "--site is required: paranal, lasilla or apex"},
		{[]string{"--site", "paranal"}, "--from is required (e.g. 2019-03-05T23:00"},
		{[]string{"--site", "armazones", "--from", "2019-03-05"}, `unknown site "armazones": choose one of paranal, lasilla, apex`},
		{[]string{"--site", "paranal", "--from", "2019-03-05", "--quantity", "seeing,cloudiness"}, `unknown quantity "cloudiness": choose from seeing, tau0, theta0, pwv, wind, humidity, temperature, pressure`},
		{[]string{"--site", "paranal", "--from", "5 March 2019"}, `--from "5 March 2019": not a UTC time or a night; write 2019-03-05T23:00`},
		{[]string{"--site", "paranal", "--from", "2019-03-05", "--to", "2019-13-01"}, `--to "2019-13-01": not a UTC time or a night`},
		{[]string{"--site", "paranal", "--from", "2019-03-05T23:00"}, "--to is required with a time --from (or give --from a night: 2019-03-05)"},
		{[]string{"--site", "paranal", "--from", "2019-03-05T23:00", "--to", "2019-03-05T22:00"}, "--to (2019-03-05T22:00) is not after --from (2019-03-05T23:00)"},
		{[]string{"--site", "paranal", "--from", "2019-03-01", "--to", "2019-04-15"}, "covers 46 days, more than 31 at once (too many samples): split it, e.g. --from 2019-03-01T21:00 --to 2019-04-01T21:00, then --from 2019-04-01T21:00"},
		{[]string{"--site", "paranal", "--from", "2019-03-05", "--format", "votable"}, `--format must be text or csv, not "votable"`},
		{[]string{"--site", "paranal", "--from", "2019-03-05", "--out", "x.jpg"}, "--out x.jpg: give a .csv, .png, .svg or .pdf file"},
		{[]string{"--site", "paranal", "--from", "2019-03-05", "--tap", "ftp://x/tap"}, "--tap: "},
		{[]string{"--site", "paranal", "--from", "2019-03-05", "--width", "50"}, "--width must be 200..20000, not 50"},
		{[]string{"--frame", "FORS2.2019-03-06T01:02:03.456", "--site", "paranal"}, "--frame takes the site and times from dbo.raw: leave out --site, --from and --to"},
		{[]string{"--frame", "http://x/y"}, `not a raw frame id: "http://x/y" (e.g. FORS2.2019-03-06T01:02:03.456)`},
		{[]string{"--nosuchflag"}, "flag provided but not defined: -nosuchflag"},
	} {
		code, out, errText := run(t, append([]string{"conditions"}, c.args...)...)
		if code != ExitUsage || out != "" || !strings.Contains(errText, c.want) || !strings.Contains(errText, "usage: esodesk conditions") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %q", c.args, code, out, errText, c.want)
		}
	}
	if code, _, errText := run(t, "conditions", "-h"); code != ExitOK || !strings.Contains(errText, "--quantity LIST") {
		t.Errorf("help: %d %q", code, errText)
	}
	if !IsCommand("conditions") {
		t.Error("conditions is not a command")
	}
}

// --from/--to as the usage states them: a date is that night, 21:00 to
// 12:00 UT next day; times with or without Z are UTC.
func TestConditionsRange(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct{ from, to, start, end string }{
		{"2019-03-05", "", "2019-03-05T21:00:00Z", "2019-03-06T12:00:00Z"},
		{"2019-03-05", "2019-03-07", "2019-03-05T21:00:00Z", "2019-03-08T12:00:00Z"},
		{"2019-03-05T23:00", "2019-03-06T01:30:00Z", "2019-03-05T23:00:00Z", "2019-03-06T01:30:00Z"},
		{"2019-03-05 23:00:10.5", "2019-03-06", "2019-03-05T23:00:10.5Z", "2019-03-07T12:00:00Z"},
		{"2019-03-05T20:00:00-03:00", "2019-03-06T02:00", "2019-03-05T23:00:00Z", "2019-03-06T02:00:00Z"},
		{"2019-03-01", "2019-03-31", "2019-03-01T21:00:00Z", "2019-04-01T12:00:00Z"}, // 31 nights: allowed
	} {
		r, err := conditionsRange(c.from, c.to)
		if err != nil {
			t.Errorf("%s..%s: %v", c.from, c.to, err)
			continue
		}
		if !r.Start.Equal(at(c.start)) || !r.End.Equal(at(c.end)) {
			t.Errorf("%s..%s: got %s..%s, want %s..%s", c.from, c.to, r.Start, r.End, c.start, c.end)
		}
	}
	for t0, night := range map[string]string{
		"2019-03-06T01:00:00Z": "2019-03-05T21:00:00Z", // after midnight: the evening before
		"2019-03-05T23:00:00Z": "2019-03-05T21:00:00Z",
		"2019-03-05T13:00:00Z": "2019-03-05T21:00:00Z", // afternoon calibrations: the coming night
	} {
		if got := nightOf(at(t0)); !got.Start.Equal(at(night)) || got.End.Sub(got.Start) != 15*time.Hour {
			t.Errorf("nightOf(%s) = %v", t0, got)
		}
	}
}

// The gaps listed under a quantity are the stretches without a valid
// sample, including the range's ends; a single missing minute is none.
func TestConditionsGaps(t *testing.T) {
	r := conditions.Interval{Start: time.Date(2019, 3, 5, 21, 0, 0, 0, time.UTC), End: time.Date(2019, 3, 6, 12, 0, 0, 0, time.UTC)}
	var s conditions.Series
	add := func(from, to string, valid bool) {
		a, _ := time.Parse("2006-01-02T15:04", from)
		b, _ := time.Parse("2006-01-02T15:04", to)
		for t := a; t.Before(b); t = t.Add(time.Minute) {
			s.Samples = append(s.Samples, conditions.Sample{Start: t, Integration: time.Minute, Value: 1, Valid: valid})
		}
	}
	add("2019-03-05T23:00", "2019-03-06T02:10", true)
	add("2019-03-06T02:10", "2019-03-06T02:11", false) // one bad minute: no gap
	add("2019-03-06T02:11", "2019-03-06T02:30", true)
	add("2019-03-06T03:05", "2019-03-06T09:00", true)
	got := gapText(gaps(s, r), r)
	if want := "21:00-23:00, 02:30-03:05, 09:00-12:00"; got != want {
		t.Errorf("gaps %q, want %q", got, want)
	}
}

func TestConditionsServiceErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	code, out, errText := run(t, "conditions", "--tap", "http://"+addr+"/tap", "--site", "paranal", "--from", "2019-03-05")
	if code != ExitError || out != "" || !strings.Contains(errText, "esodesk conditions: ") || !strings.Contains(errText, "is the service URL right?") {
		t.Errorf("refused: exit %d, stderr %q", code, errText)
	}
	if !strings.HasPrefix(lastLine(errText), "esodesk conditions: ") || strings.Count(errText, "esodesk conditions:") != 1 {
		t.Errorf("the error is not one line: %q", errText)
	}

	// A web page instead of a VO answer.
	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<html><body>Maintenance</body></html>"))
	}))
	defer page.Close()
	code, _, errText = run(t, "conditions", "--tap", page.URL+"/tap", "--frame", "FORS2.2019-03-06T01:02:03.456")
	if code != ExitError || !strings.Contains(errText, "esodesk conditions: ") {
		t.Errorf("web page: exit %d, stderr %q", code, errText)
	}

	dir := t.TempDir()
	code, _, errText = run(t, "conditions", "--tap", page.URL+"/tap", "--site", "paranal", "--from", "2019-03-05", "--out", filepath.Join(dir, "no", "x.png"))
	if code != ExitError || !strings.Contains(errText, "does not exist: create it or choose another --out") {
		t.Errorf("missing folder: exit %d, stderr %q", code, errText)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// Ctrl+C (the context cancelled) stops a query that hangs and exits 130.
func TestConditionsCancel(t *testing.T) {
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm() // a read body lets the server see the client go away
		select {
		case <-r.Context().Done():
		case <-time.After(20 * time.Second):
		}
	}))
	defer hang.Close()
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	var o, e bytes.Buffer
	code := Run(ctx, []string{"conditions", "--tap", hang.URL + "/tap", "--site", "paranal", "--from", "2019-03-05"}, &o, &e)
	if code != ExitCanceled || !strings.Contains(e.String(), "esodesk conditions: cancelled") {
		t.Errorf("exit %d, stderr %q", code, e.String())
	}
}

// asmEnv reads what the testbed's asm generator wrote (KEY=VALUE lines),
// as setup.sh reads esodesk-expected.env.
func asmEnv(t *testing.T) map[string]string {
	t.Helper()
	const path = "/var/gavo/inputs/esodesk-asm.env"
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("%s: %v (the testbed's asm tables are not imported: run make testbed)", path, err)
	}
	defer f.Close()
	env := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			env[strings.TrimSpace(strings.TrimPrefix(k, "export "))] = strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return env
}

// plainTAPCSV runs ADQL on the testbed with nothing of ours: a POST to
// /tap/sync with FORMAT=csv, read with encoding/csv.
func plainTAPCSV(t *testing.T, adql string) [][]string {
	t.Helper()
	resp, err := http.PostForm(testbedTAP(t)+"/sync", url.Values{"REQUEST": {"doQuery"}, "LANG": {"ADQL"}, "FORMAT": {"csv"}, "QUERY": {adql}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	recs, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil || resp.StatusCode != 200 || len(recs) == 0 {
		t.Fatalf("%s: HTTP %d, %v", adql, resp.StatusCode, err)
	}
	return recs[1:]
}

// parseServedTime reads DaCHS' CSV timestamps (ISO, UTC, maybe without Z).
func parseServedTime(t *testing.T, s string) time.Time {
	t.Helper()
	s = strings.TrimSuffix(strings.Replace(strings.TrimSpace(s), " ", "T", 1), "Z")
	v, err := time.Parse("2006-01-02T15:04:05.999999999", s)
	if err != nil {
		t.Fatalf("served time %q: %v", s, err)
	}
	return v
}

// asmNight is a night at Paranal with DIMM samples: that of the
// generator's edge frame (the table's first rows are the 2016 DIMM switch).
func asmNight(t *testing.T) string {
	t.Helper()
	v := asmEnv(t)["ASM_FRAME_EDGE_START"]
	start, err := time.Parse("2006-01-02T15:04:05.999", v)
	if err != nil {
		t.Fatalf("esodesk-asm.env: ASM_FRAME_EDGE_START=%q: %v", v, err)
	}
	return nightOf(start).Start.Format("2006-01-02")
}

// The CSV of a night's seeing at Paranal is the valid rows of
// asm.dimm_paranal in that night, as a plain TAP query finds them: each
// sample's midpoint (start + integration/2) and its fwhm.
func TestConditionsCSVMatchesTAP(t *testing.T) {
	night := asmNight(t)
	code, out, errText := run(t, "conditions", "--tap", testbedTAP(t), "--site", "paranal", "--from", night, "--quantity", "seeing", "--format", "csv")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	got := readCSV(t, out)
	if strings.Join(got[0], ",") != "time,quantity,value,unit,table" {
		t.Fatalf("header %v", got[0])
	}
	got = got[1:]

	r, _ := conditionsRange(night, "")
	const layout = "2006-01-02T15:04:05"
	// Samples overlapping the night: started before its end, ended after its start.
	ref := plainTAPCSV(t, "SELECT start_date, integration, fwhm FROM asm.dimm_paranal WHERE valid = 1 AND start_date >= '"+
		r.Start.Add(-time.Hour).Format(layout)+"' AND start_date < '"+r.End.Format(layout)+"' ORDER BY start_date")
	var want [][2]string
	for _, rec := range ref {
		start := parseServedTime(t, rec[0])
		integ, err1 := strconv.ParseFloat(rec[1], 64)
		if err1 != nil {
			t.Fatalf("integration %q", rec[1])
		}
		end := start.Add(time.Duration(integ * float64(time.Second)))
		if !end.After(r.Start) {
			continue
		}
		mid := start.Add(time.Duration(integ / 2 * float64(time.Second)))
		want = append(want, [2]string{mid.Format(time.RFC3339Nano), rec[2]})
	}
	if len(want) == 0 {
		t.Fatalf("no DIMM samples in the night of %s", night)
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, the plain TAP query %d", len(got), len(want))
	}
	for i, row := range got {
		gt, err := time.Parse(time.RFC3339Nano, row[0])
		wt, _ := time.Parse(time.RFC3339Nano, want[i][0])
		if err != nil || gt.Sub(wt).Abs() > time.Millisecond {
			t.Fatalf("row %d: time %s, want %s", i, row[0], want[i][0])
		}
		gv, _ := strconv.ParseFloat(row[2], 64)
		wv, _ := strconv.ParseFloat(want[i][1], 64)
		if math.Abs(gv-wv) > 1e-6*math.Max(1, math.Abs(wv)) || row[1] != "seeing" || row[3] != "arcsec" || row[4] != "asm.dimm_paranal" {
			t.Fatalf("row %d: %v, want value %s", i, row, want[i][1])
		}
	}

	// The text summary of the same night counts the same samples.
	code, out, errText = run(t, "conditions", "--tap", testbedTAP(t), "--site", "paranal", "--from", night, "--quantity", "seeing")
	if code != ExitOK || !strings.Contains(out, "Seeing: asm.dimm_paranal, "+strconv.Itoa(len(want))+" valid / ") {
		t.Errorf("text: exit %d\n%s%s", code, out, errText)
	}
}

// The PNG of a night has the size asked for.
func TestConditionsPNG(t *testing.T) {
	night := asmNight(t)
	out := filepath.Join(t.TempDir(), "night.png")
	code, _, errText := run(t, "conditions", "--tap", testbedTAP(t), "--site", "paranal", "--from", night, "--out", out, "--width", "900", "--height", "640")
	if code != ExitOK || !strings.Contains(errText, "Wrote "+out) {
		t.Fatalf("exit %d: %s", code, errText)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || cfg.Width != 900 || cfg.Height != 640 {
		t.Fatalf("PNG %dx%d, %v", cfg.Width, cfg.Height, err)
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".*")); len(m) != 0 {
		t.Errorf("hidden files left: %v", m)
	}
}

// framePair is the generator's science frame at Paranal with DIMM samples
// at its edges (and how many), and its frame without any.
func framePair(t *testing.T) (with, without string, nWith int) {
	t.Helper()
	env := asmEnv(t)
	with, without = env["ASM_FRAME_EDGE"], env["ASM_FRAME_WITHOUT_DIMM"]
	n, err := strconv.Atoi(env["ASM_FRAME_EDGE_N_DIMM"])
	if with == "" || without == "" || err != nil {
		t.Fatalf("esodesk-asm.env lacks ASM_FRAME_EDGE, ASM_FRAME_EDGE_N_DIMM or ASM_FRAME_WITHOUT_DIMM: %v", env)
	}
	return with, without, n
}

// --frame prints, per frame and quantity, what ForExposures found (the
// library is checked against pyvo in services/conditions), and the frame
// without DIMM samples says so.
func TestConditionsFrames(t *testing.T) {
	c := conditions.New(tap.New(testbedTAP(t), vohttp.Default))
	with, without, nWith := framePair(t)
	qs := conditions.DefaultQuantities
	exps, err := c.RawFrames(context.Background(), []string{with, without})
	if err != nil || len(exps) != 2 {
		t.Fatalf("RawFrames: %d, %v", len(exps), err)
	}
	fcs, err := c.ForExposures(context.Background(), exps, qs, nil)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]conditions.FrameConditions{}
	for _, fc := range fcs {
		byID[fc.Exposure.ID] = fc
	}

	code, out, errText := run(t, "conditions", "--tap", testbedTAP(t), "--frame", with, without, "--format", "csv")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	rows := readCSV(t, out)
	if strings.Join(rows[0], ",") != "dp_id,quantity,n,median,min,max,unit,table" || len(rows) != 1+2*len(qs) {
		t.Fatalf("csv:\n%s", out)
	}
	for _, row := range rows[1:] {
		fc, ok := byID[row[0]]
		if !ok {
			t.Fatalf("row for %s", row[0])
		}
		var qd *conditions.QuantityDuring
		for i := range fc.Quantities {
			if string(fc.Quantities[i].Quantity) == row[1] {
				qd = &fc.Quantities[i]
			}
		}
		if qd == nil || row[2] != strconv.Itoa(qd.Stats.N) || row[6] != qd.Quantity.UnitASCII() {
			t.Fatalf("row %v, library %+v", row, qd)
		}
		for i, v := range []float64{qd.Stats.Median, qd.Stats.Min, qd.Stats.Max} {
			if math.IsNaN(v) != (row[3+i] == "") {
				t.Fatalf("row %v: NaN mismatch with %v", row, v)
			}
			if g, _ := strconv.ParseFloat(row[3+i], 64); !math.IsNaN(v) && math.Abs(g-v) > 1e-11*math.Abs(v) {
				t.Fatalf("row %v: %g, library %g", row, g, v)
			}
		}
	}
	if byID[with].Quantities[0].Stats.N != nWith || byID[without].Quantities[0].Stats.N != 0 {
		t.Fatalf("seeing samples: %d with, %d without", byID[with].Quantities[0].Stats.N, byID[without].Quantities[0].Stats.N)
	}

	// Text: the median as the plot's readout writes it; the frame without
	// DIMM says so.
	code, out, errText = run(t, "conditions", "--tap", testbedTAP(t), "--frame", with, "--frame", without)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	blocks := strings.Split(out, "\n\n")
	if len(blocks) != 2 || !strings.HasPrefix(blocks[0], with+"\n") || !strings.HasPrefix(blocks[1], without+"\n") {
		t.Fatalf("text:\n%s", out)
	}
	seeing := byID[with].Quantities[0]
	if !strings.Contains(blocks[0], "Seeing") || !strings.Contains(blocks[0], valueText(conditions.Seeing, seeing.Stats.Median)+" [") || !strings.Contains(blocks[0], "N="+strconv.Itoa(seeing.Stats.N)) {
		t.Errorf("with DIMM:\n%s", blocks[0])
	}
	if !strings.Contains(blocks[1], "no samples") || !strings.Contains(strings.ToLower(blocks[1]), "no dimm samples") {
		t.Errorf("without DIMM does not say so:\n%s", blocks[1])
	}
	// a La Silla frame: PWV is not measured there, which is not a gap
	if !regexp.MustCompile(`PWV +not measured here`).MatchString(blocks[1]) || !strings.Contains(blocks[1], "La Silla has no PWV monitor") {
		t.Errorf("La Silla's PWV reads as missing samples:\n%s", blocks[1])
	}
	if fc := byID[with]; len(fc.Comparisons) > 0 && !strings.Contains(blocks[0], "dbo.raw ") {
		t.Errorf("no dbo.raw comparison:\n%s", blocks[0])
	}

	// The night of the first frame as a PNG.
	png := filepath.Join(t.TempDir(), "frames.png")
	code, _, errText = run(t, "conditions", "--tap", testbedTAP(t), with, "--quantity", "seeing,wind", "--out", png, "--width", "700", "--height", "500")
	if code != ExitOK || !strings.Contains(errText, "Wrote "+png) {
		t.Fatalf("png: exit %d: %s", code, errText)
	}
	if f, err := os.Open(png); err != nil {
		t.Fatal(err)
	} else {
		defer f.Close()
		if cfg, err := pngDecodeConfig(f); err != nil || cfg[0] != 700 || cfg[1] != 500 {
			t.Fatalf("PNG %v, %v", cfg, err)
		}
	}

	// An unknown dp_id: named on one line, exit 1.
	code, out, errText = run(t, "conditions", "--tap", testbedTAP(t), "--frame", with, "--frame", "FORS2.1999-01-01T00:00:00.000")
	if code != ExitError || out != "" || !strings.Contains(lastLine(errText), "esodesk conditions: not in dbo.raw") || !strings.Contains(lastLine(errText), "FORS2.1999-01-01T00:00:00.000") {
		t.Errorf("unknown: exit %d, stdout %q, stderr %q", code, out, errText)
	}
}

func pngDecodeConfig(f *os.File) ([2]int, error) {
	c, err := png.DecodeConfig(f)
	return [2]int{c.Width, c.Height}, err
}
