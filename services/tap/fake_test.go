package tap

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"esodesk/services/uws"
	"esodesk/services/vohttp"
)

const okVOTable = `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="OK"/><TABLE><FIELD name="x" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR><TR><TD>2</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`

const errVOTable = `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="ERROR">Table 'ivoa.obscor' does not exist</INFO></RESOURCE></VOTABLE>`

func serve(t *testing.T, status int, ct, body string) *Service {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return New(srv.URL+"/tap/", nil)
}

func TestSyncErrors(t *testing.T) {
	cases := []struct {
		status   int
		ct, body string
		kind     vohttp.Kind
		msg      string
	}{
		{200, "application/x-votable+xml", errVOTable, vohttp.KindService, "Table 'ivoa.obscor' does not exist"},
		{400, "application/x-votable+xml", errVOTable, vohttp.KindHTTP, "Table 'ivoa.obscor' does not exist"},
		{500, "text/plain", "Internal error:\n  database is down\n", vohttp.KindHTTP, "Internal error: database is down"},
		{200, "text/html", "<html><body><h1>Please log in</h1></body></html>", vohttp.KindProtocol, "Please log in"},
	}
	for _, c := range cases {
		_, err := serve(t, c.status, c.ct, c.body).Sync(context.Background(), Query{ADQL: "SELECT * FROM ivoa.obscor"}, nil)
		e, ok := vohttp.AsError(err)
		if !ok || e.Kind != c.kind || !strings.Contains(e.Error(), c.msg) || e.Op != "TAP query" {
			t.Errorf("HTTP %d %s: got %#v", c.status, c.ct, err)
		}
	}
}

func TestSyncSendsTAPParameters(t *testing.T) {
	var got map[string][]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		got = r.PostForm
		if r.URL.Path != "/tap/sync" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, okVOTable)
	}))
	defer srv.Close()
	res, err := New(srv.URL+"/tap", nil).Sync(context.Background(), Query{ADQL: "SELECT x FROM t"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows() != 2 || res.Status != StatusOK {
		t.Fatalf("%d rows %s", res.Rows(), res.Status)
	}
	want := map[string]string{"REQUEST": "doQuery", "LANG": "ADQL", "QUERY": "SELECT x FROM t"}
	for k, v := range want {
		if len(got[k]) != 1 || got[k][0] != v {
			t.Fatalf("%s = %v", k, got[k])
		}
	}
	if _, ok := got["MAXREC"]; ok {
		t.Fatal("MAXREC sent although 0")
	}
	New(srv.URL+"/tap", nil).Sync(context.Background(), Query{ADQL: "x", MaxRec: 7, Format: "votable"}, nil)
	if got["MAXREC"][0] != "7" || got["FORMAT"][0] != "votable" {
		t.Fatalf("%v", got)
	}
}

// A result that stalls mid-stream is cut off by cancelling the context.
func TestSyncCancelMidStream(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<?xml version="1.0"?><VOTABLE><RESOURCE type="results"><TABLE><FIELD name="x" datatype="int"/><DATA><TABLEDATA><TR><TD>1</TD></TR>`)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	_, err := New(srv.URL, nil).Sync(ctx, Query{ADQL: "x"}, nil)
	if !vohttp.IsCanceled(err) {
		t.Fatalf("want cancelled, got %v", err)
	}
}

// fakeUWS is a UWS service that never blocks on WAIT: the client must fall
// back to polling. The job runs for `polls` status requests, then ends in
// the given phase.
type fakeUWS struct {
	mu       sync.Mutex
	polls    int
	final    uws.Phase
	requests int
	aborted  bool
	// hiccups are status requests answered with this code, as a restarting
	// server or proxy would, once the job is created and Wait has begun.
	hiccups, code int
}

func (f *fakeUWS) handler(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case r.Method == "POST" && r.URL.Path == "/tap/async":
		r.ParseForm()
		if r.PostForm.Get("PHASE") != "RUN" {
			http.Error(w, "want PHASE=RUN", 400)
			return
		}
		http.Redirect(w, r, "/tap/async/j1", http.StatusSeeOther)
	case r.Method == "POST" && r.URL.Path == "/tap/async/j1/phase":
		f.aborted = true
		http.Redirect(w, r, "/tap/async/j1", http.StatusSeeOther)
	case r.URL.Path == "/tap/async/j1":
		f.requests++
		if f.requests > 2 && f.requests <= 2+f.hiccups {
			http.Error(w, "backend restarting", f.code)
			return
		}
		phase := uws.Executing
		if f.aborted {
			phase = uws.Aborted
		} else if f.requests > f.polls {
			phase = f.final
		}
		extra := ""
		switch phase {
		case uws.Completed:
			extra = `<uws:results><uws:result id="result" xlink:href="/tap/async/j1/results/result"/></uws:results>`
		case uws.Error:
			extra = `<uws:errorSummary type="fatal" hasDetail="true"><uws:message></uws:message></uws:errorSummary>`
		}
		fmt.Fprintf(w, `<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0" xmlns:xlink="http://www.w3.org/1999/xlink"><uws:jobId>j1</uws:jobId><uws:phase>%s</uws:phase>%s</uws:job>`, phase, extra)
	case r.URL.Path == "/tap/async/j1/results/result":
		io.WriteString(w, okVOTable)
	case r.URL.Path == "/tap/async/j1/error":
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "Query timed out after 3600 s")
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeUWS) statusRequests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

func fakeService(t *testing.T, f *fakeUWS) *Service {
	srv := httptest.NewServer(http.HandlerFunc(f.handler))
	t.Cleanup(srv.Close)
	return New(srv.URL+"/tap", nil)
}

var fastPolls = WaitOptions{Block: time.Second, MinInterval: 10 * time.Millisecond, MaxInterval: 20 * time.Millisecond}

func TestAsyncPollingFallbackAndPathOnlyResultHref(t *testing.T) {
	f := &fakeUWS{polls: 4, final: uws.Completed}
	var phases []uws.Phase
	o := AsyncOptions{Wait: fastPolls}
	o.Wait.OnPhase = func(j *Job) { phases = append(phases, j.Phase) }
	res, err := fakeService(t, f).RunAsync(context.Background(), Query{ADQL: "x"}, o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Rows() != 2 || !strings.HasSuffix(res.JobURL, "/tap/async/j1") || !strings.HasSuffix(res.URL, "/tap/async/j1/results/result") {
		t.Fatalf("%+v", res)
	}
	if len(phases) != 2 || phases[0] != uws.Executing || phases[1] != uws.Completed {
		t.Fatalf("phases %v", phases)
	}
}

func TestAsyncErrorDetail(t *testing.T) {
	f := &fakeUWS{polls: 1, final: uws.Error}
	_, err := fakeService(t, f).RunAsync(context.Background(), Query{ADQL: "x"}, AsyncOptions{Wait: fastPolls})
	e, ok := vohttp.AsError(err)
	if !ok || e.Kind != vohttp.KindService || e.Phase != "ERROR" || e.JobID != "j1" || e.Message != "Query timed out after 3600 s" {
		t.Fatalf("%#v", err)
	}
	if !strings.Contains(err.Error(), "job j1 ended in phase ERROR: Query timed out after 3600 s") {
		t.Fatal(err)
	}
}

func TestAsyncCancelAbortsJob(t *testing.T) {
	f := &fakeUWS{polls: 1 << 30, final: uws.Completed}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := fakeService(t, f).RunAsync(ctx, Query{ADQL: "x"}, AsyncOptions{Wait: fastPolls})
	if !vohttp.IsTimeout(err) && !vohttp.IsCanceled(err) {
		t.Fatalf("got %v", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.aborted {
		t.Fatal("job not aborted after cancellation")
	}
}

// A status request that fails with server trouble is retried (the shared
// vohttp policy); a 404 is not.
func TestAsyncWaitRetriesServerTrouble(t *testing.T) {
	saved := pollRetry
	pollRetry.Base, pollRetry.Max = time.Millisecond, 2*time.Millisecond
	defer func() { pollRetry = saved }()

	f := &fakeUWS{polls: 3, final: uws.Completed, hiccups: 3, code: http.StatusBadGateway}
	res, err := fakeService(t, f).RunAsync(context.Background(), Query{ADQL: "x"}, AsyncOptions{Wait: fastPolls})
	if err != nil || res.Rows() != 2 {
		t.Fatalf("after 3 bad gateways: %v", err)
	}

	f = &fakeUWS{polls: 3, final: uws.Completed, hiccups: 4, code: http.StatusServiceUnavailable}
	_, err = fakeService(t, f).RunAsync(context.Background(), Query{ADQL: "x"}, AsyncOptions{Wait: fastPolls})
	if n := f.statusRequests(); vohttp.StatusCode(err) != 503 || n != 6 {
		t.Fatalf("4 failures in a row: %v after %d status requests, want 503 after 6", err, n)
	}

	f = &fakeUWS{polls: 3, final: uws.Completed, hiccups: 1, code: http.StatusNotFound}
	_, err = fakeService(t, f).RunAsync(context.Background(), Query{ADQL: "x"}, AsyncOptions{Wait: fastPolls})
	if n := f.statusRequests(); vohttp.StatusCode(err) != 404 || n != 3 {
		t.Fatalf("404: %v after %d status requests, want it at once", err, n)
	}
}
