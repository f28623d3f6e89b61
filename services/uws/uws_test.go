package uws

import (
	"os"
	"strings"
	"testing"
	"time"

	"esodesk/internal/fixtures"
)

// fixture opens a file of the real recorded data beside the repository.
func fixture(t *testing.T, rel string) *os.File { return fixtures.Open(t, rel) }

func TestParseCompletedJob(t *testing.T) {
	j, err := ParseJob(fixture(t, "pyvo/uws/job.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if j.JobID != "1337" || j.Phase != Completed || !j.Phase.Final() || j.OwnerID != "" || j.Version != "1.1" {
		t.Fatalf("%+v", j)
	}
	if want := time.Date(2018, 1, 1, 0, 5, 0, 0, time.UTC); !j.StartTime.Equal(want) {
		t.Fatal(j.StartTime)
	}
	if !j.Quote.Equal(time.Date(2018, 1, 1, 2, 0, 0, 0, time.UTC)) || !j.Destruction.Equal(time.Date(2018, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatal(j.Quote, j.Destruction)
	}
	if j.ExecutionDuration != 7200 || len(j.Parameters) != 6 || j.Param("QUERY") != "SELECT 'test'" || j.Param("maxrec") != "" {
		t.Fatalf("%+v", j)
	}
	r := j.Result("result")
	if r == nil || r.Href != "http://example.com/tap/async/1337/results/result" {
		t.Fatalf("%+v", j.Results)
	}
	if j.ErrorSummary != nil {
		t.Fatal("unexpected error summary")
	}
}

func TestParseErrorJob(t *testing.T) {
	j, err := ParseJob(fixture(t, "pyvo/uws/job-error.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if j.Phase != Error || len(j.Results) != 0 || j.ErrorSummary == nil {
		t.Fatalf("%+v", j)
	}
	if es := j.ErrorSummary; es.Type != "fatal" || es.HasDetail || es.Message != "We have problem" {
		t.Fatalf("%+v", es)
	}
}

func TestParseJobList(t *testing.T) {
	doc := `<?xml version="1.0"?><uws:jobs xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1">
<uws:jobref id="a1" xlink:href="http://h/tap/async/a1"><uws:phase>COMPLETED</uws:phase><uws:runId>mine</uws:runId><uws:creationTime>2024-05-01T10:00:00.5Z</uws:creationTime></uws:jobref>
<uws:jobref id="b2" xlink:href="http://h/tap/async/b2"><uws:phase>EXECUTING</uws:phase></uws:jobref></uws:jobs>`
	refs, err := ParseJobList(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 2 || refs[0].ID != "a1" || refs[0].Href != "http://h/tap/async/a1" || refs[0].RunID != "mine" || refs[1].Phase != Executing || !refs[1].Phase.Running() {
		t.Fatalf("%+v", refs)
	}
	if refs[0].CreationTime.Nanosecond() != 5e8 {
		t.Fatal(refs[0].CreationTime)
	}
	if _, err := ParseJobList(strings.NewReader(`<uws:job xmlns:uws="x"/>`)); err == nil {
		t.Fatal("a job is not a list")
	}
	if _, err := ParseJob(strings.NewReader(`<html><body>login</body></html>`)); err == nil {
		t.Fatal("html is not a job")
	}
}
