package rawctl

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"esodesk/internal/fixtures"
	"esodesk/internal/testbedenv"
	"esodesk/services/tap"
	"esodesk/services/votable"
)

// ESO lists its instruments as ist.<name> tables: the list is taken from
// TAP_SCHEMA (the real recorded answer, served over loopback), upper-cased
// and without the schema.
func TestInstrumentsFromESOTables(t *testing.T) {
	f := fixtures.Open(t, "astroquery_eso/query_list_instruments.csv")
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	b := votable.NewTable([]votable.Field{{Name: "table_name", Datatype: "char", Arraysize: "*"}})
	var want []string
	for _, r := range recs[1:] {
		_ = b.AppendRow([]string{r[1]})
		want = append(want, strings.ToUpper(strings.TrimPrefix(r[1], "ist.")))
	}
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		asked = append(asked, r.Form.Get("QUERY"))
		_ = votable.WriteVOTable(w, b.Build(), nil, nil, "TABLEDATA")
	}))
	defer srv.Close()
	got, err := listInstruments(context.Background(), tap.New(srv.URL, nil))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(want)
	if !slices.Equal(got, want) || len(asked) != 1 || !strings.Contains(asked[0], "schema_name = 'ist'") {
		t.Errorf("instruments %v (asked %q), want %v", got, asked, want)
	}
}

// The testbed has no ist tables: the suggestions are dbo.raw's instruments.
func TestInstrumentsFromTestbed(t *testing.T) {
	h := newHarness(t)
	h.c.LoadInstruments()
	h.settle()
	res, err := tap.New(testbedenv.URL(t)+"/tap", nil).Sync(context.Background(),
		tap.Query{ADQL: "SELECT DISTINCT instrument FROM dbo.raw ORDER BY instrument"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for i := 0; i < res.Table.NumRows(); i++ {
		want = append(want, res.Table.Columns[0].String(i))
	}
	if got := h.c.Snapshot().Instruments; !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("instruments %v, the testbed has %v", got, want)
	}
}

// A search lists exactly the frames an independent count finds, and the
// status says how many; the ADQL shown is the query run.
func TestSearchEqualsIndependentCount(t *testing.T) {
	h := newHarness(t)
	n := h.search(sinfoni)
	want := testbedenv.Count(t, "SELECT COUNT(*) FROM dbo.raw WHERE instrument = 'SINFONI' AND dp_cat = 'SCIENCE' AND night >= '2019-03-01' AND night <= '2019-03-20'")
	s := h.c.Snapshot()
	if n != want || n == 0 {
		t.Fatalf("the search lists %d frames, the testbed has %d", n, want)
	}
	if s.Frames.Query != s.Query || s.ADQL != oneLine(s.Query) || !strings.Contains(s.Query, "instrument = 'SINFONI'") {
		t.Errorf("query run %q, shown %q, kept %q", s.Frames.Query, s.ADQL, s.Query)
	}
	if !strings.HasPrefix(s.Status, fmt.Sprintf("%d frames in ", n)) || strings.Contains(s.Status, "⚠") {
		t.Errorf("status %q", s.Status)
	}
}

// Calibration frames are found, with the advice to associate science
// frames only.
func TestSearchWarnsOfNonScienceFrames(t *testing.T) {
	h := newHarness(t)
	f := sinfoni
	f.Category = "CALIB"
	n := h.search(f)
	if want := testbedenv.Count(t, "SELECT COUNT(*) FROM dbo.raw WHERE instrument = 'SINFONI' AND dp_cat = 'CALIB' AND night >= '2019-03-01' AND night <= '2019-03-20'"); n != want || n == 0 {
		t.Fatalf("%d CALIB frames, the testbed has %d", n, want)
	}
	if st := h.c.Snapshot().Status; !strings.Contains(st, fmt.Sprintf("⚠ %d of %d frames are not science frames (%d CALIB)", n, n, n)) {
		t.Errorf("status %q", st)
	}
}

// A name in Position goes through Sesame (the stand-in) and becomes a cone.
func TestSearchConeByName(t *testing.T) {
	h := newHarness(t)
	n := h.search(Form{Category: "SCIENCE", Position: "HD 100546", Radius: "2"})
	want := testbedenv.Count(t, "SELECT COUNT(*) FROM dbo.raw WHERE dp_cat = 'SCIENCE' AND CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 173.356, -70.194778, 2.0/60)) = 1")
	s := h.c.Snapshot()
	if n != want || n == 0 || !strings.HasPrefix(s.Status, "HD 100546 resolved to 11:33:25") {
		t.Errorf("cone around HD 100546: %d frames (testbed: %d); status %q", n, want, s.Status)
	}
	if !strings.Contains(s.Query, "CIRCLE('ICRS', 173.3") {
		t.Errorf("the query kept is not the resolved cone: %s", s.Query)
	}

	// an unknown name: the form's fault, the frames stay
	h.c.SetForm(Form{Category: "SCIENCE", Position: "No Such Star 42", Radius: "2"})
	h.c.Search()
	h.settle()
	after := h.c.Snapshot()
	if after.Frames.Seq != s.Frames.Seq || !strings.HasPrefix(after.Status, "Cannot search: ") || after.Searching {
		t.Errorf("unknown name: frames %d → %d, status %q", s.Frames.Seq, after.Frames.Seq, after.Status)
	}
}

// The form says what is wrong, live and when searching, without asking the
// service.
func TestFormErrors(t *testing.T) {
	h := newHarness(t)
	for _, c := range []struct {
		form Form
		want string
	}{
		{Form{Category: AnyCategory}, "give at least one condition"},
		{Form{Category: "SCIENCE", Position: "10 -20", Radius: "0"}, "cone radius"},
		{Form{Category: "SCIENCE", MaxRows: "-1"}, "MAXREC"},
		{Form{Category: "SCIENCE", ProgID: "ABC"}, "not an ESO programme ID"},
		{Form{Category: "SCIENCE", Position: "Vega", Radius: "1", NightFrom: "yesterday"}, "YYYY-MM-DD"},
	} {
		h.c.SetForm(c.form)
		h.c.Search()
		s := h.c.Snapshot()
		if !strings.HasPrefix(s.ADQL, "— ") || !strings.Contains(s.ADQL, c.want) ||
			!strings.HasPrefix(s.Status, "Cannot search: ") || !strings.Contains(s.Status, c.want) || s.Searching {
			t.Errorf("%+v: ADQL %q, status %q, want them to say %q", c.form, s.ADQL, s.Status, c.want)
		}
	}
	h.settle()
	if s := h.c.Snapshot(); s.Frames.Seq != 0 {
		t.Errorf("a search ran: %+v", s.Frames)
	}
}

// Cancel stops the query on the service and keeps what was shown.
func TestCancelSearch(t *testing.T) {
	h := newHarness(t)
	h.search(sinfoni)
	before := h.c.Snapshot().Frames
	h.settings.TapObs = h.standin + "/gate/nowhere" // held until the client gives up
	h.c.Search()
	h.await(h.gate.arrived, "the query")
	h.c.CancelSearch()
	h.await(h.gate.cancelled, "the query to be dropped on the service")
	h.settle()
	s := h.c.Snapshot()
	if s.Searching || s.Status != "Search cancelled." || s.Frames.Seq != before.Seq {
		t.Errorf("after cancel: searching %v, status %q, frames %d → %d", s.Searching, s.Status, before.Seq, s.Frames.Seq)
	}
}

// One selected frame: its FITS header, its dataset page; and the form's
// query goes to the TAP tab.
func TestHeaderPageAndEditInTAP(t *testing.T) {
	h := newHarness(t)
	h.search(Form{Instrument: "UVES", Category: "SCIENCE", NightFrom: "2019-03-01", NightTo: "2019-03-21"})
	h.c.EditInTAP()
	if s := h.c.Snapshot(); len(h.edited) != 1 || h.edited[0] != s.Query || s.Query == "" {
		t.Errorf("Edit in TAP handed over %q, the query is %q", h.edited, s.Query)
	}
	h.c.ShowHeader() // nothing selected: nothing asked
	h.c.Select([]int{0})
	id := h.c.SelectedIDs()[0]
	h.c.ShowHeader()
	h.settle()
	hd := h.c.Snapshot().Header
	var text strings.Builder
	for _, hdu := range hd.HDUs {
		for _, c := range hdu.Cards {
			text.WriteString(c.Key + "=" + c.Value + "\n")
		}
	}
	if hd.Seq != 1 || hd.ID != id || !strings.Contains(text.String(), "UVES") || !strings.Contains(text.String(), id) {
		t.Errorf("header %d of %s (want %s):\n%s", hd.Seq, hd.ID, id, text.String())
	}
	h.c.OpenDatasetPage()
	if want := h.standin + "/dataset/" + id; len(h.opened) != 1 || h.opened[0] != want {
		t.Errorf("opened %q, want %s", h.opened, want)
	}
}
