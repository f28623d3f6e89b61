package conditions

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"esodesk/services/tap"
)

// fakeTAP serves TAP_SCHEMA.columns and canned rows per table: enough to
// check the ADQL we send and how answers are read, without a network.
type fakeTAP struct {
	schema   map[string][]string   // table → columns
	rows     map[string][][]string // table → rows, cells in the order of the SELECT
	overflow bool
	mu       sync.Mutex
	queries  []string
}

var selectRE = regexp.MustCompile(`(?s)^SELECT (.*?) FROM (\S+)`)

func (f *fakeTAP) serve(t *testing.T) *Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.FormValue("QUERY")
		f.mu.Lock()
		f.queries = append(f.queries, q)
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-votable+xml")
		if strings.Contains(q, "TAP_SCHEMA.columns") {
			table := q[strings.Index(q, "'")+1 : strings.LastIndex(q, "'")]
			var rows [][]string
			for _, c := range f.schema[table] {
				rows = append(rows, []string{c})
			}
			fmt.Fprint(w, voTable([]string{"column_name"}, rows, false))
			return
		}
		m := selectRE.FindStringSubmatch(q)
		cols := strings.Split(m[1], ", ")
		fmt.Fprint(w, voTable(cols, f.rows[m[2]], f.overflow))
	}))
	t.Cleanup(srv.Close)
	return New(tap.New(srv.URL, nil))
}

func voTable(cols []string, rows [][]string, overflow bool) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/><TABLE>`)
	for _, c := range cols {
		dt := `datatype="double"`
		if c == "start_date" || c == "column_name" || c == "lhatpro_id" {
			dt = `datatype="char" arraysize="*"`
		}
		fmt.Fprintf(&b, `<FIELD name="%s" %s/>`, c, dt)
	}
	b.WriteString(`<DATA><TABLEDATA>`)
	for _, r := range rows {
		b.WriteString("<TR>")
		for _, c := range r {
			b.WriteString("<TD>" + html.EscapeString(c) + "</TD>")
		}
		b.WriteString("</TR>")
	}
	b.WriteString(`</TABLEDATA></DATA></TABLE>`)
	if overflow {
		b.WriteString(`<INFO name="QUERY_STATUS" value="OVERFLOW"/>`)
	}
	b.WriteString(`</RESOURCE></VOTABLE>`)
	return b.String()
}

var night = Interval{ts("2019-03-05T00:00:00Z"), ts("2019-03-05T01:00:00Z")}

func TestFetchQueriesAndNotes(t *testing.T) {
	f := &fakeTAP{
		schema: map[string][]string{
			"asm.dimm_paranal": {"start_date", "midpoint_date", "integration", "fwhm", "valid"},
			"asm.mass_paranal": {"start_date", "integration", "fwhm", "tau_0", "valid"}, // ESO spells it differently
		},
		rows: map[string][][]string{
			"asm.dimm_paranal": {
				{"2019-03-04T23:49:00", "", "5", "1"},      // NULL integration: 1 min cadence, ends before the range
				{"2019-03-04T23:59:30", "60", "0.8", "1"},  // overlaps the start
				{"2019-03-05 00:30:00Z", "60", "0.9", "0"}, // flagged
				{"2019-03-05T00:59:59.5", "60", "1.1", "1"},
			},
		},
	}
	c := f.serve(t)
	res, err := c.Fetch(context.Background(), Paranal, night, []Quantity{Seeing, Tau0})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := res.SeriesOf(Seeing)
	if len(s.Samples) != 3 || s.Samples[0].Value != 0.8 || s.Samples[1].Valid || s.Samples[2].Value != 1.1 {
		t.Errorf("seeing samples %+v", s.Samples)
	}
	want := "SELECT start_date, integration, fwhm, valid FROM asm.dimm_paranal WHERE start_date >= '2019-03-04T23:50:00.000' AND start_date < '2019-03-05T01:00:00.000' ORDER BY start_date"
	if !contains(res.Queries, want) {
		t.Errorf("queries %q, want %q", res.Queries, want)
	}
	tau, _ := res.SeriesOf(Tau0)
	if len(tau.Samples) != 0 || !strings.Contains(tau.Note, "asm.mass_paranal on ") || !strings.Contains(tau.Note, "has no column tau0; its columns are fwhm, integration, start_date, tau_0, valid") {
		t.Errorf("tau0 note %q", tau.Note)
	}
	// The schema is learnt once per Client.
	n := len(f.queries)
	if _, err := c.Fetch(context.Background(), Paranal, night, []Quantity{Seeing}); err != nil {
		t.Fatal(err)
	}
	if len(f.queries) != n+1 {
		t.Errorf("second fetch sent %d queries, want 1 (schema cached)", len(f.queries)-n)
	}
	// A site without the instrument says so, without a query.
	res, err = c.Fetch(context.Background(), LaSilla, night, []Quantity{PWV})
	if err != nil || res.Series[0].Note != "La Silla has no PWV monitor" || len(res.Queries) != 0 {
		t.Errorf("La Silla PWV: %+v %v", res, err)
	}
}

func TestFetchOverflowIsAnError(t *testing.T) {
	f := &fakeTAP{schema: map[string][]string{"asm.meteo_paranal": {"start_date", "integration", "wind_speed_10m", "valid"}},
		rows: map[string][][]string{"asm.meteo_paranal": {{"2019-03-05T00:00:00", "60", "3", "1"}}}, overflow: true}
	_, err := f.serve(t).Fetch(context.Background(), Paranal, night, []Quantity{Wind})
	if err == nil || !strings.Contains(err.Error(), "shorter time range") {
		t.Errorf("overflow: %v", err)
	}
}

func TestFetchPicksTheBusiestLHATPRO(t *testing.T) {
	f := &fakeTAP{schema: map[string][]string{"asm.lhatpros_paranal": {"start_date", "integration", "pwv0", "lwp0", "lhatpro_id", "valid"}},
		rows: map[string][][]string{"asm.lhatpros_paranal": {
			{"2019-03-05T00:00:00", "60", "1.0", "1", "1"},
			{"2019-03-05T00:00:10", "60", "2.0", "1", "2"},
			{"2019-03-05T00:01:00", "60", "1.1", "0", "1"},
			{"2019-03-05T00:01:10", "60", "2.1", "1", "2"},
		}}}
	res, err := f.serve(t).Fetch(context.Background(), Paranal, night, []Quantity{PWV})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Series[0]
	if len(s.Samples) != 2 || s.Samples[0].Value != 2.0 || !strings.Contains(s.Note, "PWV from LHATPRO radiometer 2 (of 1, 2: the one with most valid samples in this range)") {
		t.Errorf("PWV %+v note %q", s.Samples, s.Note)
	}
	if !strings.Contains(res.Queries[len(res.Queries)-1], "SELECT start_date, integration, pwv0, valid, lhatpro_id FROM") {
		t.Errorf("query %q", res.Queries)
	}
}

func TestForExposuresBatches(t *testing.T) {
	f := &fakeTAP{schema: map[string][]string{
		"asm.ambient_lasilla": {"start_date", "integration", "fwhm"},
		"asm.meteo_lasilla":   {"start_date", "integration", "wind_speed_10m", "valid"},
	}, rows: map[string][][]string{}}
	var exps []Exposure
	base := ts("2019-03-05T00:00:00Z")
	for i := 0; i < 120; i++ { // every hour: 120 windows that do not merge
		exps = append(exps, Exposure{ID: fmt.Sprint(i), Telescope: "ESO-NTT", Start: base.Add(time.Duration(i) * time.Hour), Duration: time.Minute, SeeingStart: 1, SeeingEnd: nanf()})
	}
	exps = append(exps, Exposure{ID: "x", Telescope: "XYZ", Start: base})
	var last [2]int
	out, err := f.serve(t).ForExposures(context.Background(), exps, []Quantity{Wind, PWV}, func(d, n int) { last = [2]int{d, n} })
	if err != nil {
		t.Fatal(err)
	}
	// Wind and (for the comparison) seeing: 3 queries each for 120 windows.
	if last != [2]int{6, 6} {
		t.Errorf("progress %v, want 6 of 6", last)
	}
	fc := out[0]
	if fc.Quantities[1].Note != "La Silla has no PWV monitor" || !strings.Contains(fc.Quantities[0].Note, "no meteo mast 10 m samples during this exposure") {
		t.Errorf("notes %q / %q", fc.Quantities[0].Note, fc.Quantities[1].Note)
	}
	if len(fc.Comparisons) != 1 || fc.Comparisons[0].RawColumn != "tel_ambi_fwhm_start" {
		t.Errorf("comparisons %+v", fc.Comparisons)
	}
	if x := out[120]; x.SiteKnown || x.Note != "telescope XYZ: no ESO ambient data for this site" {
		t.Errorf("unknown site: %+v", x)
	}
}

func nanf() float64 { var z float64; return z / z }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// A service without the asm tables says so instead of a bare TAP error.
func TestFetchFromAServiceWithoutASM(t *testing.T) {
	f := &fakeTAP{schema: map[string][]string{}}
	_, err := f.serve(t).Fetch(context.Background(), LaSilla, night, []Quantity{Seeing})
	if err == nil || !strings.Contains(err.Error(), "asm.ambient_lasilla is not on http://") || !strings.Contains(err.Error(), "does not publish ESO's ambient conditions") {
		t.Errorf("no asm: %v", err)
	}
}
