package calselector

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"esodesk/internal/fixtures"
	"esodesk/services/vohttp"
)

// fakeCalSelector serves the real fixtures the way archive.eso.org does and
// records what it was asked.
type fakeCalSelector struct {
	t        *testing.T
	mu       sync.Mutex
	requests []*http.Request
	batches  [][]string
	status   int    // when set, answer with this status and body
	body     string // body for status, or a replacement 200 body
	votable  []byte
}

func (f *fakeCalSelector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		f.t.Errorf("bad form: %v", err)
	}
	f.mu.Lock()
	f.requests = append(f.requests, r)
	f.batches = append(f.batches, r.Form["dp_id"])
	f.mu.Unlock()
	if f.status != 0 {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(f.status)
		fmt.Fprint(w, f.body)
		return
	}
	if f.body != "" {
		w.Header().Set("Content-Type", "application/xml;content=calselector")
		fmt.Fprint(w, f.body)
		return
	}
	if r.Form.Get("responseformat") == "votable" {
		w.Header().Set("Content-Type", "application/x-votable+xml;content=datalink")
		w.Write(f.votable)
		return
	}
	if r.Method == http.MethodGet {
		data, err := os.ReadFile(fixtures.Path(f.t, treeFixture))
		if err != nil {
			f.t.Error(err)
		}
		w.Header().Set("Content-Type", "application/xml;content=calselector")
		w.Header().Set("Content-Disposition", `attachment; filename="FORS2.2021-01-02T00:59:12.533_raw2raw.xml"`)
		w.Write(data)
		return
	}
	data, err := os.ReadFile(fixtures.Path(f.t, multipartFixture))
	if err != nil {
		f.t.Error(err)
	}
	w.Header().Set("Content-Type", multipartCT)
	w.Write(data)
}

func newFake(t *testing.T) (*fakeCalSelector, *Client) {
	f := &fakeCalSelector{t: t}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, New(srv.URL+"/calselector/v1/associations", vohttp.New(vohttp.Options{}))
}

func TestAssociateOneIDUsesGET(t *testing.T) {
	f, c := newFake(t)
	res, err := c.Associate(context.Background(), []string{"FORS2.2021-01-02T00:59:12.533"}, Raw2Raw, Tree)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.requests) != 1 || f.requests[0].Method != http.MethodGet {
		t.Fatalf("requests: %d, method %s", len(f.requests), f.requests[0].Method)
	}
	q := f.requests[0].URL.Query()
	if q.Get("dp_id") != "FORS2.2021-01-02T00:59:12.533" || q.Get("mode") != "Raw2Raw" || q.Has("responseformat") {
		t.Errorf("query %v", q)
	}
	if f.requests[0].URL.Path != "/calselector/v1/associations" {
		t.Errorf("path %s", f.requests[0].URL.Path)
	}
	tree := res.Trees["FORS2.2021-01-02T00:59:12.533"]
	if tree == nil || tree.Count() != 22 || len(tree.Files()) != 51 {
		t.Fatalf("trees %v", keys(res.Trees))
	}
}

func TestAssociateManyIDsPOSTsMultipart(t *testing.T) {
	f, c := newFake(t)
	ids := []string{"FORS2.2021-01-02T00:59:12.533", "FORS2.2021-01-02T00:59:12.534"}
	res, err := c.Associate(context.Background(), ids, Raw2Raw, Tree)
	if err != nil {
		t.Fatal(err)
	}
	r := f.requests[0]
	if len(f.requests) != 1 || r.Method != http.MethodPost || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		t.Fatalf("want one form POST, got %d %s %s", len(f.requests), r.Method, r.Header.Get("Content-Type"))
	}
	if strings.Join(r.PostForm["dp_id"], ",") != strings.Join(ids, ",") || r.PostForm.Get("mode") != "Raw2Raw" {
		t.Errorf("form %v", r.PostForm)
	}
	if len(res.Trees) != 2 || res.Trees[ids[0]] == nil || res.Trees[ids[1]] == nil {
		t.Errorf("trees %v", keys(res.Trees))
	}
}

func TestAssociateBatchesOf100WithProgress(t *testing.T) {
	f, c := newFake(t)
	ids := make([]string, 230)
	for i := range ids {
		ids[i] = fmt.Sprintf("FORS2.2021-01-02T00:%02d:%02d.000", i/60, i%60)
	}
	var progress []string
	_, err := c.Do(context.Background(), Request{DPIDs: ids, Mode: Raw2Master, Format: Tree,
		Progress: func(done, total int) { progress = append(progress, fmt.Sprintf("%d/%d", done, total)) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.batches) != 3 || len(f.batches[0]) != 100 || len(f.batches[1]) != 100 || len(f.batches[2]) != 30 {
		t.Fatalf("batches %d: sizes %d %d %d", len(f.batches), len(f.batches[0]), len(f.batches[1]), len(f.batches[len(f.batches)-1]))
	}
	var sent []string
	for i, b := range f.batches {
		sent = append(sent, b...)
		if f.requests[i].Method != http.MethodPost || f.requests[i].PostForm.Get("mode") != "Raw2Master" {
			t.Errorf("batch %d: %s mode %q", i, f.requests[i].Method, f.requests[i].PostForm.Get("mode"))
		}
	}
	if strings.Join(sent, ",") != strings.Join(ids, ",") {
		t.Errorf("ids not sent once each in order")
	}
	if strings.Join(progress, " ") != "100/230 200/230 230/230" {
		t.Errorf("progress %v", progress)
	}
}

func TestAssociateCancelStopsBatches(t *testing.T) {
	f, c := newFake(t)
	ids := make([]string, 250)
	for i := range ids {
		ids[i] = fmt.Sprint("X.", i)
	}
	ctx, cancel := context.WithCancel(context.Background())
	_, err := c.Do(ctx, Request{DPIDs: ids, Progress: func(done, total int) { cancel() }})
	if !vohttp.IsCanceled(err) {
		t.Fatalf("err = %v, want cancelled", err)
	}
	if len(f.batches) != 1 {
		t.Errorf("%d batches sent after cancel in the first", len(f.batches))
	}
}

func TestAssociateVOTable(t *testing.T) {
	f, c := newFake(t)
	_, _, f.votable = museVOTable(t)
	res, err := c.Associate(context.Background(), []string{"MUSE.2018-06-05T01:06:59.418"}, Raw2Master, VOTable)
	if err != nil {
		t.Fatal(err)
	}
	if q := f.requests[0].URL.Query(); q.Get("responseformat") != "votable" || q.Get("mode") != "Raw2Master" {
		t.Errorf("query %v", q)
	}
	l := res.Links["MUSE.2018-06-05T01:06:59.418"]
	if l == nil || len(l.Calibrations) != 17 || l.Flags.Mode != "Raw2Master" || l.Tree == nil {
		t.Fatalf("links %+v", l)
	}
}

func TestAssociateHTTPErrors(t *testing.T) {
	f, c := newFake(t)
	f.status, f.body = http.StatusInternalServerError, "java.lang.NullPointerException"
	_, err := c.Associate(context.Background(), []string{"A.1"}, Raw2Raw, Tree)
	e, ok := vohttp.AsError(err)
	if !ok || e.Kind != vohttp.KindHTTP || e.StatusCode != 500 || e.Op != "CalSelector" {
		t.Fatalf("500: %#v", err)
	}
	if !strings.Contains(err.Error(), "server-side trouble, try again later") || !strings.Contains(err.Error(), "NullPointerException") {
		t.Errorf("500 text: %v", err)
	}
	if !IsRetryable(err) {
		t.Errorf("500 should be retryable")
	}

	f.status, f.body = http.StatusBadRequest, "Invalid mode: Raw2Nothing"
	_, err = c.Associate(context.Background(), []string{"A.1", "A.2"}, Mode("Raw2Nothing"), Tree)
	if e, ok := vohttp.AsError(err); !ok || e.StatusCode != 400 || e.Message != "Invalid mode: Raw2Nothing" {
		t.Fatalf("400: %v", err)
	}
	if IsRetryable(err) {
		t.Errorf("400 should not be retryable")
	}
}

func TestAssociateMalformedXML(t *testing.T) {
	f, c := newFake(t)
	f.body = "<?xml version=\"1.0\"?>\n<association category=\"SCI\">\n  <mainFiles>\n    <file name=\"A.1\">\n</association>"
	_, err := c.Associate(context.Background(), []string{"A.1"}, Raw2Raw, Tree)
	e, ok := vohttp.AsError(err)
	if !ok || e.Kind != vohttp.KindProtocol {
		t.Fatalf("err %#v", err)
	}
	for _, want := range []string{"A.1", "line 5", "malformed"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if IsRetryable(err) || errors.Unwrap(err) == nil {
		t.Errorf("malformed: retryable=%v, cause kept=%v", IsRetryable(err), errors.Unwrap(err) != nil)
	}
}

func TestAssociateNoIDs(t *testing.T) {
	_, c := newFake(t)
	if _, err := c.Associate(context.Background(), nil, Raw2Raw, Tree); err == nil {
		t.Error("no error for an empty id list")
	}
}
