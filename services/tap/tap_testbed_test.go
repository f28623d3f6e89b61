package tap

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"esodesk/services/uws"
	"esodesk/services/vohttp"
)

// slowADQL runs for minutes on the testbed (a six-way cross join), long
// enough to abort it.
const slowADQL = "SELECT COUNT(*) FROM dbo.raw AS a, dbo.raw AS b, dbo.raw AS c, dbo.raw AS d, dbo.raw AS e, dbo.raw AS f"

// rawCount asks the testbed how many rows dbo.raw has.
func rawCount(t *testing.T, s *Service) int {
	t.Helper()
	res, err := s.Sync(context.Background(), Query{ADQL: "SELECT COUNT(*) AS n FROM dbo.raw"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(res.Table.Columns[0].String(0))
	if err != nil || n < 6 {
		t.Fatalf("dbo.raw count %q: %v (need at least 6 rows)", res.Table.Columns[0].String(0), err)
	}
	return n
}

func TestTestbedSyncRows(t *testing.T) {
	s := New(testbed(t), nil)
	n := rawCount(t, s)
	var seen int
	res, err := s.Sync(context.Background(), Query{ADQL: "SELECT dp_id, instrument FROM dbo.raw ORDER BY dp_id"}, func(rows int) { seen = rows })
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != StatusOK || res.Rows() != n || len(res.Table.Fields) != 2 || res.Elapsed <= 0 {
		t.Fatalf("status %s, %d rows (want %d), %d fields", res.Status, res.Rows(), n, len(res.Table.Fields))
	}
	if seen > n {
		t.Fatalf("progress said %d rows of %d", seen, n)
	}
	// Cross-check one cell with a second, independent query.
	id := res.Table.Columns[0].String(3)
	one, err := s.Sync(context.Background(), Query{ADQL: fmt.Sprintf("SELECT instrument FROM dbo.raw WHERE dp_id = '%s'", id)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if one.Rows() != 1 || one.Table.Columns[0].String(0) != res.Table.Columns[1].String(3) {
		t.Fatalf("row 4 (%s): %q vs %q", id, res.Table.Columns[1].String(3), one.Table.Columns[0].String(0))
	}
}

func TestTestbedOverflow(t *testing.T) {
	s := New(testbed(t), nil)
	n := rawCount(t, s)
	max := n - 5
	res, err := s.Sync(context.Background(), Query{ADQL: "SELECT * FROM dbo.raw", MaxRec: max}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Overflow() || res.Rows() != max {
		t.Fatalf("status %s with %d rows, want OVERFLOW with %d", res.Status, res.Rows(), max)
	}
	// Exactly n rows with MAXREC=n is not an overflow.
	res, err = s.Sync(context.Background(), Query{ADQL: "SELECT * FROM dbo.raw", MaxRec: n + 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Overflow() || res.Rows() != n {
		t.Fatalf("status %s with %d rows", res.Status, res.Rows())
	}
}

func TestTestbedBadADQL(t *testing.T) {
	s := New(testbed(t), nil)
	_, err := s.Sync(context.Background(), Query{ADQL: "SELEC dp_id FROM dbo.raw"}, nil)
	e, ok := vohttp.AsError(err)
	if !ok || (e.Kind != vohttp.KindService && e.Kind != vohttp.KindHTTP) {
		t.Fatalf("want the service's error, got %#v", err)
	}
	if !strings.Contains(e.Message, "Could not parse") || !strings.Contains(err.Error(), e.Message) || !strings.HasPrefix(err.Error(), "TAP query failed: ") {
		t.Fatalf("message: %s", err)
	}
}

func TestTestbedSyncCancel(t *testing.T) {
	s := New(testbed(t), nil)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	_, err := s.Sync(ctx, Query{ADQL: slowADQL}, nil)
	if !vohttp.IsTimeout(err) && !vohttp.IsCanceled(err) {
		t.Fatalf("want timeout/cancel, got %v", err)
	}
}

func TestTestbedAsyncRunWaitResult(t *testing.T) {
	s := New(testbed(t), nil)
	n := rawCount(t, s)
	var phases []uws.Phase
	var created *Job
	res, err := s.RunAsync(context.Background(), Query{ADQL: "SELECT dp_id FROM dbo.raw"}, AsyncOptions{
		OnCreated: func(j *Job) { created = j },
		Wait:      WaitOptions{OnPhase: func(j *Job) { phases = append(phases, j.Phase) }},
	})
	if err != nil {
		t.Fatal(err)
	}
	if created == nil || res.JobURL != created.URL || !strings.Contains(created.URL, "/async/"+created.JobID) {
		t.Fatalf("job %+v, result job URL %q", created, res.JobURL)
	}
	if res.Rows() != n || res.Status != StatusOK || res.Query.ADQL != "SELECT dp_id FROM dbo.raw" {
		t.Fatalf("%d rows (want %d), %s", res.Rows(), n, res.Status)
	}
	if len(phases) == 0 || phases[len(phases)-1] != uws.Completed {
		t.Fatalf("phases %v", phases)
	}
	defer s.DeleteJob(context.Background(), created.URL)

	// Resume the finished job from its URL alone, as after a restart.
	again, err := New(s.BaseURL, nil).Resume(context.Background(), created.URL, AsyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if again.Rows() != n || again.Query.ADQL != "SELECT dp_id FROM dbo.raw" {
		t.Fatalf("resumed: %d rows, query %q", again.Rows(), again.Query.ADQL)
	}
}

func TestTestbedAsyncResumeRunning(t *testing.T) {
	s := New(testbed(t), nil)
	n := rawCount(t, s)
	job, err := s.SubmitJob(context.Background(), Query{ADQL: "SELECT dp_id FROM dbo.raw", MaxRec: n + 10})
	if err != nil {
		t.Fatal(err)
	}
	defer s.DeleteJob(context.Background(), job.URL)
	res, err := s.Resume(context.Background(), job.URL, AsyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows() != n || res.Query.MaxRec != n+10 {
		t.Fatalf("%d rows, maxrec %d", res.Rows(), res.Query.MaxRec)
	}
}

func TestTestbedAsyncError(t *testing.T) {
	s := New(testbed(t), nil)
	_, err := s.RunAsync(context.Background(), Query{ADQL: "SELECT nosuchcolumn FROM dbo.raw"}, AsyncOptions{})
	e, ok := vohttp.AsError(err)
	if !ok || e.Kind != vohttp.KindService || e.Phase != "ERROR" || e.JobID == "" {
		t.Fatalf("got %#v", err)
	}
	if !strings.Contains(e.Message, "nosuchcolumn") {
		t.Fatalf("message lacks the server's words: %s", err)
	}
	s.DeleteJob(context.Background(), e.URL)
}

func TestTestbedAsyncAbort(t *testing.T) {
	s := New(testbed(t), nil)
	job, err := s.SubmitJob(context.Background(), Query{ADQL: slowADQL})
	if err != nil {
		t.Fatal(err)
	}
	defer s.DeleteJob(context.Background(), job.URL)
	if job.Phase.Final() {
		t.Fatalf("slow query already %s", job.Phase)
	}
	if err := s.AbortJob(context.Background(), job.URL); err != nil {
		t.Fatal(err)
	}
	final, err := s.Wait(context.Background(), job.URL, WaitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if final.Phase != uws.Aborted {
		t.Fatalf("phase %s after abort", final.Phase)
	}
	_, err = s.FetchResult(context.Background(), final, nil)
	if e, ok := vohttp.AsError(err); !ok || e.Phase != "ABORTED" {
		t.Fatalf("result of aborted job: %v", err)
	}
}

// Cancelling the context while waiting aborts the job on the server.
func TestTestbedAsyncCancelAborts(t *testing.T) {
	s := New(testbed(t), nil)
	ctx, cancel := context.WithCancel(context.Background())
	var jobURL string
	go func() { time.Sleep(time.Second); cancel() }()
	_, err := s.RunAsync(ctx, Query{ADQL: slowADQL}, AsyncOptions{OnCreated: func(j *Job) { jobURL = j.URL }})
	if !vohttp.IsCanceled(err) {
		t.Fatalf("want cancelled, got %v", err)
	}
	defer s.DeleteJob(context.Background(), jobURL)
	final, err := s.Wait(context.Background(), jobURL, WaitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if final.Phase != uws.Aborted {
		t.Fatalf("phase %s after cancel", final.Phase)
	}
}

func TestTestbedListAndDelete(t *testing.T) {
	s := New(testbed(t), nil)
	job, err := s.CreateJob(context.Background(), Query{ADQL: "SELECT TOP 1 dp_id FROM dbo.raw"})
	if err != nil {
		t.Fatal(err)
	}
	if job.Phase != uws.Pending || job.JobID == "" || job.Param("QUERY") != "SELECT TOP 1 dp_id FROM dbo.raw" {
		t.Fatalf("%+v", job)
	}
	listed := func() bool {
		refs, err := s.ListJobs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range refs {
			if r.ID == job.JobID {
				if r.Href != job.URL {
					t.Fatalf("listed href %q, job URL %q", r.Href, job.URL)
				}
				return true
			}
		}
		return false
	}
	if !listed() {
		t.Fatal("new job not listed")
	}
	if err := s.DeleteJob(context.Background(), job.URL); err != nil {
		t.Fatal(err)
	}
	_, err = s.JobStatus(context.Background(), job.URL)
	if code := vohttp.StatusCode(err); code != 404 && code != 410 {
		t.Fatalf("deleted job still answers: %v", err)
	}
	if listed() {
		t.Fatal("deleted job still listed")
	}
}
