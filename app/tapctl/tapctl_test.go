package tapctl

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"esodesk/internal/runtest"
	"esodesk/services/config"
	"esodesk/services/tap"
	"esodesk/services/uws"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

const timeout = 90 * time.Second

// slowQuery is a six-way self join of dbo.raw: far longer than a test waits.
const slowQuery = "SELECT COUNT(*) AS n FROM dbo.raw AS a, dbo.raw AS b, dbo.raw AS c, dbo.raw AS d, dbo.raw AS e, dbo.raw AS f"

// memStore stands in for the app's preferences.
type memStore map[string]string

func (m memStore) String(key string) string    { return m[key] }
func (m memStore) SetString(key, value string) { m[key] = value }

// testbedTAP is the DaCHS testbed's TAP URL, or the test is skipped.
func testbedTAP(t *testing.T) string {
	t.Helper()
	u := os.Getenv(config.TestbedEnv)
	if u == "" {
		t.Skip(config.TestbedEnv + " not set: run via make test, which starts the DaCHS testbed")
	}
	return strings.TrimRight(u, "/") + "/tap"
}

// newController is a controller over the testbed (the defaults point every
// TAP service there) with fresh preferences, its service restored and loaded.
func newController(t *testing.T, prefs memStore) (*Controller, *runtest.Queue) {
	t.Helper()
	testbedTAP(t)
	q := &runtest.Queue{}
	c := New(Deps{HTTP: vohttp.Default, Settings: config.Defaults, Prefs: prefs}, q.Run)
	t.Cleanup(func() {
		c.Close()
		q.Settle(c.Wait)
	})
	c.Restore()
	return c, q
}

// until drains the queue until cond holds for the state.
func until(t *testing.T, c *Controller, q *runtest.Queue, what string, cond func(State) bool) State {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		q.Drain()
		if s := c.Snapshot(); cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; state %+v", what, c.Snapshot().Run)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// reference asks the testbed directly for what the controller should show.
func reference(t *testing.T, adql string, maxrec int) (*tap.Result, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return tap.New(testbedTAP(t), vohttp.Default).Sync(ctx, tap.Query{ADQL: adql, MaxRec: maxrec}, nil)
}

func dpIDs(tab *votable.Table) []string {
	col := tab.Columns[tab.FieldIndex("dp_id")]
	out := make([]string, col.Len())
	for i := range out {
		out[i] = col.String(i)
	}
	return out
}

// sameRows fails unless the outcome holds the reference's rows, in order.
func sameRows(t *testing.T, o Outcome, want *tap.Result) {
	t.Helper()
	if o.Result == nil {
		t.Fatalf("no rows; error %q", o.Error)
	}
	if got, exp := dpIDs(o.Result.Table), dpIDs(want.Table); !slices.Equal(got, exp) {
		t.Fatalf("rows differ from the service's:\n got %v\nwant %v", got, exp)
	}
}

// abortedOnServer waits until the job is ABORTED on the testbed.
func abortedOnServer(t *testing.T, jobURL string) {
	t.Helper()
	svc := tap.New(testbedTAP(t), vohttp.Default)
	defer svc.DeleteJob(context.Background(), jobURL)
	deadline := time.Now().Add(30 * time.Second)
	for {
		job, err := svc.JobStatus(context.Background(), jobURL)
		if err != nil {
			t.Fatal(err)
		}
		if job.Phase == uws.Aborted {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s still %s on the server", jobURL, job.Phase)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// startSlowJob runs slowQuery async and waits until its job executes.
func startSlowJob(t *testing.T, c *Controller, q *runtest.Queue) string {
	t.Helper()
	c.Run(Request{ADQL: slowQuery, Async: true})
	s := until(t, c, q, "the job to execute", func(s State) bool {
		return !s.Run.Running || s.Run.JobURL != "" && s.Run.Phase == "Job EXECUTING"
	})
	if !s.Run.Running {
		t.Fatalf("the slow job ended early: %q %q", s.Run.Phase, s.Result.Error)
	}
	return s.Run.JobURL
}

func TestSyncQueryShowsTheServersRows(t *testing.T) {
	prefs := memStore{}
	c, q := newController(t, prefs)
	const adql = "SELECT TOP 12 dp_id, instrument, exposure FROM dbo.raw ORDER BY dp_id"
	want, err := reference(t, adql, 0)
	if err != nil {
		t.Fatal(err)
	}
	c.Run(Request{ADQL: "  " + adql + "\n", MaxRec: ""})
	if s := c.Snapshot(); !s.Run.Running || s.Run.Phase != "Running (sync)…" || s.Run.Async {
		t.Fatalf("run did not start: %+v", s.Run)
	}
	q.Settle(c.Wait)

	s := c.Snapshot()
	sameRows(t, s.Result, want)
	if s.Run.Running || s.Run.Phase != "Completed" || s.Run.Rows != "12 rows" || s.Run.JobURL != "" {
		t.Errorf("job panel: %+v", s.Run)
	}
	if o := s.Result; o.Overflow || o.Query != adql || o.ServiceURL != testbedTAP(t) || o.Elapsed <= 0 {
		t.Errorf("outcome: overflow %v, query %q, service %q, elapsed %v", o.Overflow, o.Query, o.ServiceURL, o.Elapsed)
	}
	if len(s.Recent) == 0 || s.Recent[0] != adql {
		t.Errorf("recent queries %q", s.Recent)
	}
	// the recent queries outlive the controller
	again := New(Deps{HTTP: vohttp.Default, Settings: config.Defaults, Prefs: prefs}, q.Run)
	if r := again.Snapshot().Recent; len(r) == 0 || r[0] != adql {
		t.Errorf("recent queries not remembered: %q", r)
	}
}

func TestAsyncQueryShowsTheJobsRows(t *testing.T) {
	c, q := newController(t, memStore{})
	const adql = "SELECT TOP 25 dp_id, instrument FROM dbo.raw ORDER BY dp_id DESC"
	want, err := reference(t, adql, 0)
	if err != nil {
		t.Fatal(err)
	}
	c.Run(Request{ADQL: adql, Async: true})
	if s := c.Snapshot(); !s.Run.Running || s.Run.Phase != "Submitting job…" || !s.Run.Async {
		t.Fatalf("run did not start: %+v", s.Run)
	}
	q.Settle(c.Wait)

	s := c.Snapshot()
	sameRows(t, s.Result, want)
	if s.Run.Phase != "Job COMPLETED" || s.Run.Rows != "25 rows" || !strings.Contains(s.Run.JobURL, "/async/") {
		t.Errorf("job panel: %+v", s.Run)
	}
	tap.New(testbedTAP(t), vohttp.Default).DeleteJob(context.Background(), s.Run.JobURL)
}

func TestQueryErrorCarriesTheServicesMessage(t *testing.T) {
	c, q := newController(t, memStore{})
	const bad = "SELECT no_such_column FROM dbo.raw"
	_, err := reference(t, bad, 0)
	var verr *vohttp.Error
	if !errors.As(err, &verr) || verr.Message == "" {
		t.Fatalf("testbed should reject %q with a message, got %v", bad, err)
	}
	c.Run(Request{ADQL: bad})
	q.Settle(c.Wait)

	s := c.Snapshot()
	if s.Run.Phase != "Failed" || s.Result.Result != nil || s.Result.Query != bad {
		t.Errorf("phase %q, rows %v, query %q", s.Run.Phase, s.Result.Result != nil, s.Result.Query)
	}
	if !strings.Contains(s.Result.Error, verr.Message) {
		t.Errorf("error %q does not carry the service's message %q", s.Result.Error, verr.Message)
	}
}

func TestOverflowAtMaxRec(t *testing.T) {
	c, q := newController(t, memStore{})
	const adql = "SELECT dp_id FROM dbo.raw"
	want, err := reference(t, adql, 7)
	if err != nil {
		t.Fatal(err)
	}
	if !want.Overflow() {
		t.Fatal("testbed: MAXREC=7 on dbo.raw should overflow")
	}
	c.Run(Request{ADQL: adql, MaxRec: " 7 "})
	q.Settle(c.Wait)

	o := c.Snapshot().Result
	sameRows(t, o, want)
	if !o.Overflow || o.MaxRec != 7 || o.Result.Rows() != 7 {
		t.Errorf("overflow %v, MAXREC %d, rows %d", o.Overflow, o.MaxRec, o.Result.Rows())
	}
}

func TestQueriesThatCannotRunSayWhy(t *testing.T) {
	q := &runtest.Queue{}
	c := New(Deps{HTTP: vohttp.Default, Settings: config.Defaults, Prefs: memStore{}}, q.Run)
	for _, tc := range []struct {
		req       Request
		restore   bool
		wantError string
		wantQuery string
	}{
		{Request{ADQL: " \n "}, false, "The query is empty", ""},
		{Request{ADQL: "SELECT 1"}, false, "No TAP service is selected", "SELECT 1"},
		{Request{ADQL: "SELECT 1", MaxRec: "ten"}, true, "MAXREC must be a whole number", "SELECT 1"},
		{Request{ADQL: "SELECT 1", MaxRec: "-1"}, true, "MAXREC must be a whole number", "SELECT 1"},
	} {
		if tc.restore {
			c.Restore()
		}
		before := c.Snapshot().Result.Seq
		c.Run(tc.req)
		s := c.Snapshot()
		if s.Run.Running || s.Result.Seq == before || !strings.HasPrefix(s.Result.Error, tc.wantError) || s.Result.Query != tc.wantQuery {
			t.Errorf("%+v: running %v, error %q, query %q", tc.req, s.Run.Running, s.Result.Error, s.Result.Query)
		}
	}
	if r := c.Snapshot().Recent; len(r) != 0 {
		t.Errorf("queries that did not run were remembered: %q", r)
	}
	c.Close()
	q.Settle(c.Wait)
}

func TestParseMaxRec(t *testing.T) {
	for in, want := range map[string]int{"": 0, "  ": 0, "0": 0, " 10000 ": 10000} {
		if n, err := ParseMaxRec(in); err != nil || n != want {
			t.Errorf("ParseMaxRec(%q) = %d, %v", in, n, err)
		}
	}
	for _, in := range []string{"-3", "1e3", "many"} {
		if _, err := ParseMaxRec(in); err == nil {
			t.Errorf("ParseMaxRec(%q) accepted", in)
		}
	}
}

func TestAbortStopsTheJobOnTheServer(t *testing.T) {
	c, q := newController(t, memStore{})
	jobURL := startSlowJob(t, c, q)

	c.Abort()
	s := c.Snapshot()
	if s.Run.Running || s.Run.Phase != PhaseAborted || !strings.Contains(s.Result.Error, "aborted") || s.Result.Query != slowQuery {
		t.Errorf("after Abort: %+v, error %q", s.Run, s.Result.Error)
	}
	q.Settle(c.Wait) // the job's goroutine aborts it on the server, then ends
	if after := c.Snapshot(); after.Run.Phase != PhaseAborted || after.Result.Seq != s.Result.Seq {
		t.Errorf("the aborted query still reported: %+v", after.Run)
	}
	abortedOnServer(t, jobURL)
}

// Aborting a query must not cost the rows of the previous one (issue 11).
func TestAbortKeepsThePreviousResult(t *testing.T) {
	c, q := newController(t, memStore{})
	const adql = "SELECT TOP 6 dp_id FROM dbo.raw ORDER BY dp_id"
	want, err := reference(t, adql, 0)
	if err != nil {
		t.Fatal(err)
	}
	c.Run(Request{ADQL: adql})
	q.Settle(c.Wait)
	before := c.Snapshot().Result
	sameRows(t, before, want)

	jobURL := startSlowJob(t, c, q)
	c.Abort()
	q.Settle(c.Wait)
	s := c.Snapshot()
	if s.Run.Running || s.Run.Phase != PhaseAbortedKept || s.Run.Rows != "" {
		t.Errorf("job panel after Abort: %+v", s.Run)
	}
	if s.Result.Seq != before.Seq || s.Result.Query != adql {
		t.Errorf("the previous result was replaced: seq %d→%d, query %q, error %q", before.Seq, s.Result.Seq, s.Result.Query, s.Result.Error)
	}
	sameRows(t, s.Result, want)
	abortedOnServer(t, jobURL)
}

// A new user's editor starts with a query that runs as it is.
func TestStarterQueryRuns(t *testing.T) {
	testbedTAP(t)
	for _, svc := range []string{ESOObs, ASTRON, "https://example.org/tap"} {
		adql := StarterQuery(svc)
		res, err := reference(t, adql, 20)
		if err != nil || res.Rows() == 0 {
			t.Errorf("starter query for %s (%q): %v, rows %v", svc, adql, err, res != nil && res.Rows() > 0)
		}
	}
	if StarterQuery(ESOObs) != OurExamples(ESOObs)[0].Query {
		t.Error("ESO observations should start with our first example")
	}
}

func TestSecondRunSupersedesTheFirst(t *testing.T) {
	c, q := newController(t, memStore{})
	first := startSlowJob(t, c, q)

	const adql = "SELECT TOP 5 dp_id FROM dbo.raw ORDER BY dp_id"
	want, err := reference(t, adql, 0)
	if err != nil {
		t.Fatal(err)
	}
	c.Run(Request{ADQL: adql})
	q.Settle(c.Wait)

	s := c.Snapshot()
	sameRows(t, s.Result, want)
	if s.Run.Phase != "Completed" || s.Result.Query != adql || s.Run.JobURL != "" {
		t.Errorf("job panel %+v, query %q", s.Run, s.Result.Query)
	}
	if !slices.Equal(s.Recent[:2], []string{adql, slowQuery}) {
		t.Errorf("recent queries %q", s.Recent)
	}
	abortedOnServer(t, first)
}

func TestResumeShowsTheJobsResult(t *testing.T) {
	c, q := newController(t, memStore{})
	const adql = "SELECT TOP 9 dp_id FROM dbo.raw WHERE dp_cat = 'CALIB' ORDER BY dp_id"
	want, err := reference(t, adql, 0)
	if err != nil {
		t.Fatal(err)
	}
	svc := tap.New(testbedTAP(t), vohttp.Default)
	job, err := svc.SubmitJob(context.Background(), tap.Query{ADQL: adql})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.DeleteJob(context.Background(), job.URL)

	var listed JobList
	c.ListJobs(func(l JobList) { listed = l })
	c.Resume(job.URL)
	if s := c.Snapshot(); s.Run.Phase != "Resuming job…" || s.Run.JobURL != job.URL {
		t.Errorf("job panel: %+v", s.Run)
	}
	q.Settle(c.Wait)

	s := c.Snapshot()
	sameRows(t, s.Result, want)
	if s.Result.Query != adql || s.Run.Phase != "Job COMPLETED" {
		t.Errorf("query %q (the job's own), phase %q", s.Result.Query, s.Run.Phase)
	}
	found := false
	for _, j := range listed.Jobs {
		found = found || j.URL == job.URL && strings.HasPrefix(j.Label, job.JobID+" · ")
	}
	if !found {
		t.Errorf("the job list (%q) does not offer %s: %+v", listed.Note, job.URL, listed.Jobs)
	}
}

func TestSchemaHeaderAndExamplesOfTheService(t *testing.T) {
	c, q := newController(t, memStore{})
	url := testbedTAP(t)
	s := c.Snapshot()
	if s.Service != (Service{ESOObs, url}) || !s.Schema.Loading || !strings.Contains(s.Schema.Message, url) || s.Header != url {
		t.Fatalf("while loading: service %+v, schema %+v, header %q", s.Service, s.Schema, s.Header)
	}
	if !slices.Equal(names(s.Examples), names(esoObsExamples)) {
		t.Errorf("our examples are not offered at once: %q", names(s.Examples))
	}
	q.Settle(c.Wait)

	s = c.Snapshot()
	if s.Schema.Loading || s.Schema.Tables == nil || s.Schema.Tables.Find("dbo.raw") == nil {
		t.Fatalf("schema: %+v", s.Schema)
	}
	if !strings.HasPrefix(s.Header, url+" · row limit: default ") {
		t.Errorf("header %q", s.Header)
	}
	theirs, err := tap.New(url, vohttp.Default).Examples(context.Background())
	if err != nil || len(theirs) == 0 {
		t.Fatalf("the testbed should publish examples: %v", err)
	}
	if want := append(names(fromTap(theirs)), names(esoObsExamples)...); !slices.Equal(names(s.Examples), want) {
		t.Errorf("examples\n got %q\nwant %q", names(s.Examples), want)
	}
}

func names(ex []Example) []string {
	out := make([]string, len(ex))
	for i, e := range ex {
		out[i] = e.Name
	}
	return out
}

func TestSchemaErrorSaysWhichService(t *testing.T) {
	down := httptest.NewServer(http.NotFoundHandler())
	defer down.Close()
	c, q := newController(t, memStore{})
	if err := c.AddService(down.URL + "/tap/"); err != nil {
		t.Fatal(err)
	}
	q.Settle(c.Wait)
	s := c.Snapshot()
	if s.Schema.Tables != nil || !strings.HasPrefix(s.Schema.Message, "Could not read the tables of "+down.URL+"/tap: ") {
		t.Errorf("schema %+v", s.Schema)
	}
	if len(s.Examples) != 0 || s.Header != down.URL+"/tap" {
		t.Errorf("examples %q, header %q", names(s.Examples), s.Header)
	}
}

// A service whose tables arrive after the user switched to another must not
// replace the other's.
func TestSwitchingServiceMidLoadDropsTheOldSchema(t *testing.T) {
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "text/xml")
		_, _ = w.Write([]byte(`<vosi:tableset xmlns:vosi="http://www.ivoa.net/xml/VOSITables/v1.0"><schema><name>stale</name><table><name>stale.t</name></table></schema></vosi:tableset>`))
	}))
	defer slow.Close()
	var once sync.Once
	answer := func() { once.Do(func() { close(release) }) }
	defer answer()

	c, q := newController(t, memStore{})
	q.Settle(c.Wait)
	if err := c.AddService(slow.URL); err != nil {
		t.Fatal(err)
	}
	if s := c.Snapshot(); s.Service.URL != slow.URL || !s.Schema.Loading {
		t.Fatalf("the slow service is not loading: %+v %+v", s.Service, s.Schema)
	}
	if !c.Select(ASTRON) {
		t.Fatal("ASTRON is a service")
	}
	until(t, c, q, "ASTRON's tables", func(s State) bool { return s.Schema.Tables != nil })
	answer() // the stale tables would come last now
	q.Settle(c.Wait)

	s := c.Snapshot()
	if s.Service != (Service{ASTRON, testbedTAP(t)}) || s.Schema.Tables == nil || s.Schema.Tables.Find("dbo.raw") == nil || s.Schema.Tables.Find("stale.t") != nil {
		t.Fatalf("service %+v, schema %+v", s.Service, s.Schema)
	}
}

func TestCustomServicesAreRemembered(t *testing.T) {
	prefs := memStore{}
	c, q := newController(t, prefs)
	if err := c.AddService("not a url"); err == nil {
		t.Error("an invalid URL was added")
	}
	url := testbedTAP(t) // the testbed again, under its own URL
	if err := c.AddService(" " + url + "/ "); err != nil {
		t.Fatal(err)
	}
	q.Settle(c.Wait)
	s := c.Snapshot()
	if want := []string{ESOObs, ESOCat, ASTRON, url}; !slices.Equal(s.Choices, want) || s.Service != (Service{url, url}) {
		t.Fatalf("choices %q, service %+v", s.Choices, s.Service)
	}
	if s.Schema.Tables == nil || len(s.Examples) == 0 || len(OurExamples(url)) != 0 {
		t.Errorf("the custom service's own tables and examples: %+v, %d", s.Schema, len(s.Examples))
	}
	if c.Select("no service") || c.Snapshot().Service.URL != url {
		t.Error("selecting a name that is no service changed the service")
	}

	// a new session offers the custom service and starts on it
	again, q2 := newController(t, prefs)
	if s := again.Snapshot(); !slices.Equal(s.Choices, c.Snapshot().Choices) || s.Service.URL != url {
		t.Errorf("new session: choices %q, service %+v", s.Choices, s.Service)
	}
	q2.Settle(again.Wait)
}
