package detailsctl

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"esodesk/internal/fixtures"
	"esodesk/internal/runtest"
	"esodesk/internal/testbedenv"
	"esodesk/services/datalink"
	"esodesk/services/download"
	"esodesk/services/fetch"
	"esodesk/services/tap"
	"esodesk/services/votable"
	"esodesk/testbed/standin"
)

// The testbed's ESO products with a preview image, the first one ESO's
// real preview (as in the app's GUI tests).
const (
	imagesQuery        = "SELECT dp_id, obs_title, access_url, access_format, dataproduct_type FROM ivoa.obscore WHERE dataproduct_type IN ('image', 'cube') ORDER BY dp_id"
	realPreviewProduct = "ADP.2020-05-04T12:36:12.651"
	datalinkType       = "application/x-votable+xml;content=datalink"
)

// harness is a controller on a test runner, with what it queued to download.
type harness struct {
	*Controller
	q      *runtest.Queue
	queued [][]download.Job
	refuse error // Enqueue's answer
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{q: &runtest.Queue{}}
	h.Controller = New(Deps{
		FITS: fetch.New(t.TempDir(), nil),
		Enqueue: func(jobs []download.Job, folder string) error {
			if folder != productsFolder {
				t.Errorf("downloads go to %q", folder)
			}
			h.queued = append(h.queued, jobs)
			return h.refuse
		},
	}, h.q.Run)
	t.Cleanup(func() {
		h.Close()
		h.settle()
	})
	return h
}

// settle waits for the background work and runs what it posted.
func (h *harness) settle() { h.q.Settle(h.Wait) }

// query runs ADQL on the testbed.
func query(t *testing.T, adql string) *tap.Result {
	t.Helper()
	res, err := tap.New(testbedenv.URL(t)+"/tap", nil).Sync(context.Background(), tap.Query{ADQL: adql, MaxRec: 1000}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// obscoreRows are the testbed's image products, their links read from
// their access_url (ESO's DataLink on the stand-in).
func obscoreRows(t *testing.T) Rows {
	res := query(t, imagesQuery)
	return Rows{Table: res.Table, Links: datalink.NewFinder(res.Document, res.Table, ""), TapURL: testbedenv.URL(t) + "/tap"}
}

// linksServer is an in-process ESO stand-in that counts its DataLink requests.
type linksServer struct {
	*httptest.Server
	links atomic.Int64
}

func newLinksServer(t *testing.T) *linksServer {
	t.Helper()
	s := &linksServer{}
	h := standin.New(standin.Options{ArchiveTAP: testbedenv.URL(t) + "/tap", FixturesDir: fixtures.Dir()})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/datalink/links" {
			s.links.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// esoRows are the testbed's image products by identifier, their links on s.
func (s *linksServer) esoRows(t *testing.T) Rows {
	res := query(t, "SELECT dp_id, obs_title FROM ivoa.obscore WHERE dataproduct_type IN ('image', 'cube') ORDER BY dp_id")
	return Rows{Table: res.Table, Links: datalink.NewFinder(res.Document, res.Table, s.URL+"/datalink/links"), TapURL: testbedenv.URL(t) + "/tap"}
}

// stringTable is a table of char columns.
func stringTable(t *testing.T, names []string, rows ...[]string) *votable.Table {
	t.Helper()
	fields := make([]votable.Field, len(names))
	for i, n := range names {
		fields[i] = votable.Field{Name: n, Datatype: "char", Arraysize: "*"}
	}
	b := votable.NewTable(fields)
	for _, r := range rows {
		if err := b.AppendRow(r); err != nil {
			t.Fatal(err)
		}
	}
	return b.Build()
}

// linkRows are a result whose rows' links are in a datalink_url column.
func linkRows(tab *votable.Table) Rows {
	return Rows{Table: tab, Links: datalink.NewFinder(nil, tab, "")}
}

// fetchLinks reads a links document the way a test checks the pane.
func fetchLinks(t *testing.T, u string) *datalink.Links {
	t.Helper()
	ls, err := datalink.Fetch(context.Background(), nil, u)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// eventually polls cond until it holds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// rowOf is the row of the table holding dp_id.
func rowOf(t *testing.T, tab *votable.Table, dpID string) int {
	t.Helper()
	col := tab.Columns[tab.FieldIndex("dp_id")]
	for r := 0; r < tab.NumRows(); r++ {
		if col.String(r) == dpID {
			return r
		}
	}
	t.Fatalf("%s is not among the rows", dpID)
	return -1
}
