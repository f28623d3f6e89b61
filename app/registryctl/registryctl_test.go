package registryctl

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"esodesk/internal/runtest"
	"esodesk/internal/testbedenv"
	"esodesk/services/regtap"
	"esodesk/services/vohttp"
)

func newRig(t *testing.T, url string) (*Controller, *runtest.Queue) {
	t.Helper()
	q := &runtest.Queue{}
	c := New(func() string { return url }, vohttp.Default, q.Run)
	t.Cleanup(func() { c.Close(); q.Settle(c.Wait) })
	return c, q
}

func ivoids(ss []regtap.Service) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.IVOID
	}
	return out
}

// The dialog lists what the RegTAP client finds, for words and for a type.
func TestSearchGivesTheRegistrysServices(t *testing.T) {
	reg := testbedenv.URL(t) + "/tap"
	c, q := newRig(t, reg)
	for _, s := range []regtap.Search{{Keywords: Keywords(" spectra ")}, {Type: regtap.TypeTAP}, {Type: regtap.TypeSSA}} {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		want, err := regtap.New(reg, vohttp.Default).Search(ctx, s)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		c.Search(s)
		if !c.Snapshot().Searching {
			t.Error("not searching after Search")
		}
		q.Settle(c.Wait)
		st := c.Snapshot()
		if st.Searching || st.Failed || len(st.Services) == 0 {
			t.Fatalf("%v: state %+v", s, st)
		}
		if got, exp := ivoids(st.Services), ivoids(want.Services); !slices.Equal(got, exp) {
			t.Errorf("%v: got %v, want %v", s, got, exp)
		}
		if s.Type != "" && AccessURL(st.Services[0], s.Type) == "" {
			t.Errorf("%v: no %s access URL in %+v", s, s.Type, st.Services[0])
		}
	}
}

// A newer search drops an older one's result.
func TestNewerSearchWins(t *testing.T) {
	c, q := newRig(t, testbedenv.URL(t)+"/tap")
	c.Search(regtap.Search{Type: regtap.TypeTAP})
	c.Search(regtap.Search{Type: regtap.TypeSSA})
	q.Settle(c.Wait)
	st := c.Snapshot()
	if st.Seq != 1 || len(st.Services) == 0 {
		t.Fatalf("state %+v", st)
	}
	for _, s := range st.Services {
		if AccessURL(s, regtap.TypeSSA) == "" {
			t.Errorf("the older (TAP) search's %s is shown", s.IVOID)
		}
	}
}

// A failed search says what the registry said.
func TestErrorCarriesTheRegistrysWords(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-votable+xml")
		w.Write([]byte(`<?xml version="1.0"?>
<VOTABLE xmlns="http://www.ivoa.net/xml/VOTable/v1.3" version="1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="ERROR">Table rr.capability does not exist</INFO>
</RESOURCE></VOTABLE>`))
	}))
	t.Cleanup(srv.Close)
	c, q := newRig(t, srv.URL)
	c.Search(regtap.Search{Type: regtap.TypeTAP})
	q.Settle(c.Wait)
	st := c.Snapshot()
	if !st.Failed || !strings.Contains(st.Status, "rr.capability does not exist") || !strings.Contains(st.Status, srv.URL) {
		t.Fatalf("state %+v", st)
	}
}

func TestCancelKeepsNothingOfTheSearch(t *testing.T) {
	c, q := newRig(t, testbedenv.URL(t)+"/tap")
	c.Search(regtap.Search{Type: regtap.TypeTAP})
	c.Cancel()
	q.Settle(c.Wait)
	if st := c.Snapshot(); st.Searching || st.Seq != 0 || st.Status != "Search cancelled" {
		t.Fatalf("state %+v", st)
	}
}
