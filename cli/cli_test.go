package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"esodesk/internal/testbedenv"
	"esodesk/services/tap"
	"esodesk/services/votable"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = Run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"query"},
		{"query", "--adql", "SELECT 1", "--format", "fits"},
		{"query", "--adql", "SELECT 1", "--maxrec", "-3"},
		{"query", "--adql", "SELECT", "*", "FROM", "x"},
		{"query", "--adql", "SELECT 1", "--service", "ftp://nowhere"},
		{"query", "--nosuchflag"},
	} {
		code, out, errText := run(t, args...)
		if code != ExitUsage || out != "" || !strings.Contains(errText, "usage: esodesk") {
			t.Errorf("%q: exit %d, stderr %q", args, code, errText)
		}
	}
	if code, _, errText := run(t, "query", "-h"); code != ExitOK || !strings.Contains(errText, "--maxrec") {
		t.Errorf("help: %d %q", code, errText)
	}
	if !IsCommand("query") || IsCommand("window") {
		t.Error("IsCommand")
	}
}

func TestConnectionRefusedSaysSo(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	code, out, errText := run(t, "query", "--service", "http://"+addr+"/tap", "--adql", "SELECT 1")
	if code != ExitError || out != "" || !strings.Contains(errText, "is the service URL right?") {
		t.Fatalf("exit %d, stderr %q", code, errText)
	}
}

func testbedTAP(t *testing.T) string {
	return testbedenv.URL(t) + "/tap"
}

// reference runs the same query through the tap package.
func reference(t *testing.T, url, adql string) *votable.Table {
	res, err := tap.New(url, nil).Sync(context.Background(), tap.Query{ADQL: adql}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.Table
}

func readCSV(t *testing.T, text string) [][]string {
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatalf("bad CSV: %v\n%s", err, text)
	}
	return recs
}

func checkCSV(t *testing.T, recs [][]string, ref *votable.Table) {
	t.Helper()
	if len(recs) != ref.NumRows()+1 {
		t.Fatalf("%d CSV lines for %d rows", len(recs), ref.NumRows())
	}
	for j, f := range ref.Fields {
		if recs[0][j] != f.Name {
			t.Fatalf("header %v", recs[0])
		}
	}
	for i := 0; i < ref.NumRows(); i++ {
		for j := range ref.Fields {
			if recs[i+1][j] != ref.Columns[j].String(i) {
				t.Fatalf("row %d col %d: %q vs %q", i, j, recs[i+1][j], ref.Columns[j].String(i))
			}
		}
	}
}

const rawADQL = "SELECT dp_id, instrument, ra, dec FROM dbo.raw ORDER BY dp_id"

func TestQuerySyncCSVByServiceName(t *testing.T) {
	url := testbedTAP(t)
	t.Setenv("ESODESK_TAP_OBS_URL", url)
	code, out, errText := run(t, "query", "--service", "eso-obs", "--adql", rawADQL)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	ref := reference(t, url, rawADQL)
	checkCSV(t, readCSV(t, out), ref)
	if !strings.Contains(errText, strconv.Itoa(ref.NumRows())+" rows") {
		t.Fatalf("stderr lacks the row count: %q", errText)
	}
}

func TestQueryAsyncToFile(t *testing.T) {
	url := testbedTAP(t)
	out := filepath.Join(t.TempDir(), "raw.csv")
	code, stdout, errText := run(t, "query", "--service", url, "--async", "--adql", rawADQL, "--out", out)
	if code != ExitOK || stdout != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, stdout, errText)
	}
	if !strings.Contains(errText, "Job phase: COMPLETED") {
		t.Fatalf("no phase report: %q", errText)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	checkCSV(t, readCSV(t, string(b)), reference(t, url, rawADQL))
}

func TestQueryOverflowWarns(t *testing.T) {
	url := testbedTAP(t)
	n := reference(t, url, rawADQL).NumRows()
	max := n / 2
	code, out, errText := run(t, "query", "--service", url, "--maxrec", strconv.Itoa(max), "--adql", rawADQL)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	if recs := readCSV(t, out); len(recs) != max+1 {
		t.Fatalf("%d lines for MAXREC %d", len(recs), max)
	}
	if !strings.Contains(errText, "first "+strconv.Itoa(max)+" rows: the service cut the result at MAXREC="+strconv.Itoa(max)) {
		t.Fatalf("no overflow warning: %q", errText)
	}
}

func TestQueryVOTableOutput(t *testing.T) {
	url := testbedTAP(t)
	code, out, errText := run(t, "query", "--service", url, "--format", "votable", "--adql", rawADQL)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	doc, err := votable.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	got, ref := doc.ResultsTable(), reference(t, url, rawADQL)
	if got.NumRows() != ref.NumRows() || len(got.Fields) != len(ref.Fields) || got.Columns[0].String(1) != ref.Columns[0].String(1) {
		t.Fatalf("%d rows vs %d", got.NumRows(), ref.NumRows())
	}
}

func TestQueryBadADQLShowsServerMessage(t *testing.T) {
	url := testbedTAP(t)
	for _, async := range []bool{false, true} {
		args := []string{"query", "--service", url, "--adql", "SELECT nosuchcolumn FROM dbo.raw"}
		if async {
			args = append(args, "--async")
		}
		code, out, errText := run(t, args...)
		if code != ExitError || out != "" || !strings.Contains(errText, "nosuchcolumn") {
			t.Fatalf("async=%v: exit %d, stderr %q", async, code, errText)
		}
	}
}

// Ctrl+C (a cancelled context) stops an async query and aborts its job.
func TestQueryAsyncCancel(t *testing.T) {
	url := testbedTAP(t)
	slow := "SELECT COUNT(*) FROM dbo.raw AS a, dbo.raw AS b, dbo.raw AS c, dbo.raw AS d, dbo.raw AS e, dbo.raw AS f"
	ctx, cancel := context.WithCancel(context.Background())
	var o bytes.Buffer
	e := &lockedBuffer{}
	done := make(chan int)
	go func() { done <- Run(ctx, []string{"query", "--service", url, "--async", "--adql", slow}, &o, e) }()
	// Cancel once the job exists (its URL is on stderr by then).
	jobURL := ""
	for i := 0; i < 100 && jobURL == ""; i++ {
		time.Sleep(50 * time.Millisecond)
		for _, line := range strings.Split(e.String(), "\n") {
			if _, after, ok := strings.Cut(line, " created: "); ok {
				jobURL = after
			}
		}
	}
	cancel()
	if code := <-done; code != ExitCanceled {
		t.Fatalf("exit %d: %s", code, e.String())
	}
	if jobURL == "" {
		t.Fatalf("no job URL reported: %s", e.String())
	}
	s := tap.New(url, nil)
	defer s.DeleteJob(context.Background(), jobURL)
	job, err := s.Wait(context.Background(), jobURL, tap.WaitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if job.Phase != "ABORTED" {
		t.Fatalf("job phase %s after Ctrl+C", job.Phase)
	}
}

// lockedBuffer is a bytes.Buffer safe to read while Run writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// One row of one column is said in the singular.
func TestQuerySingularCounts(t *testing.T) {
	url := testbedTAP(t)
	code, _, errText := run(t, "query", "--service", url, "--maxrec", "1", "--adql", "SELECT dp_id FROM dbo.raw")
	if code != ExitOK || !strings.Contains(errText, "\n1 row, 1 column in ") || !strings.Contains(errText, "Warning: first 1 row: ") {
		t.Errorf("exit %d, stderr %q", code, errText)
	}
}
