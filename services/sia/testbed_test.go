package sia

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"esodesk/internal/testbedenv"
	"esodesk/services/tap"
)

// pyvoResult is what pyvo's SIAQuery(...).execute() found.
type pyvoResult struct {
	Names  []string `json:"names"`
	DIDs   []string `json:"dids"`
	Status string   `json:"status"`
	Error  string   `json:"error"`
}

func pyvoSearch(t *testing.T, serviceURL, kwargs string) pyvoResult {
	t.Helper()
	script := `
import json, sys
from pyvo.dal.sia2 import SIAQuery
try:
    r = SIAQuery(sys.argv[1], ` + kwargs + `).execute()
    t = r.votable.get_first_table()
    print(json.dumps({"names": [f.name for f in t.fields],
                      "dids": [str(x) for x in t.array["obs_publisher_did"]],
                      "status": r.status[0] or ""}))
except Exception as e:
    print(json.dumps({"error": str(e)}))
`
	out, err := exec.Command(python, "-c", script, serviceURL).CombinedOutput()
	if err != nil {
		t.Fatalf("pyvo: %v\n%s", err, out)
	}
	var r pyvoResult
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("pyvo output %q: %v", out, err)
	}
	return r
}

// The DaCHS testbed's sitewide SIA 2.0 service gives us what it gives
// pyvo: the same columns, the same datasets, the same overflow, an error
// where pyvo gets one.
func TestTestbedMatchesPyvo(t *testing.T) {
	base := testbedenv.URL(t) + "/__system__/siap2/sitewide/siap2.xml"
	needPyvo(t)
	p := samplePositions(t, New(base, nil))
	cases := []struct {
		name, kwargs string
		q            Query
		overflow     bool
	}{
		{"a position", fmt.Sprintf(`pos=(%v, %v, 0.5)`, p[0].RA, p[0].Dec), Query{Pos: []Shape{Circle{p[0].RA, p[0].Dec, 0.5}}}, false},
		{"position and type", fmt.Sprintf(`pos=(%v, %v, 2), data_type="image"`, p[1].RA, p[1].Dec),
			Query{Pos: []Shape{Circle{p[1].RA, p[1].Dec, 2}}, DPType: []string{"image"}}, false},
		{"nothing there", `pos=(300, 80, 0.01)`, Query{Pos: []Shape{Circle{300, 80, 0.01}}}, false},
		{"MAXREC overflow", `maxrec=1`, Query{MaxRec: 1}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := pyvoSearch(t, base, c.kwargs)
			if want.Error != "" {
				t.Fatalf("pyvo failed: %s", want.Error)
			}
			res, err := New(base, nil).Search(context.Background(), c.q)
			if err != nil {
				t.Fatal(err)
			}
			var names, dids []string
			for _, f := range res.Table.Fields {
				names = append(names, f.Name)
			}
			for _, r := range res.Records {
				dids = append(dids, r.PublisherDID)
			}
			if strings.Join(names, ",") != strings.Join(want.Names, ",") {
				t.Errorf("columns: ours %v, pyvo %v", names, want.Names)
			}
			if strings.Join(dids, ",") != strings.Join(want.DIDs, ",") {
				t.Errorf("datasets: ours %v, pyvo %v", dids, want.DIDs)
			}
			if c.name == "a position" && len(dids) == 0 {
				t.Error("no dataset around a dataset's own centre")
			}
			if c.name == "nothing there" && len(dids) != 0 {
				t.Errorf("%d datasets where the testbed has none", len(dids))
			}
			if res.Overflow != (want.Status == "OVERFLOW") || res.Overflow != c.overflow {
				t.Errorf("overflow: ours %v, pyvo status %q, want %v", res.Overflow, want.Status, c.overflow)
			}
		})
	}
	t.Run("an error", func(t *testing.T) {
		bad := base + "?POS=CIRCLE+abc"
		want := pyvoSearch(t, bad, "")
		_, err := New(bad, nil).Search(context.Background(), Query{})
		if want.Error == "" || err == nil || !strings.Contains(err.Error(), "Invalid SIAPv2 coordinates") {
			t.Errorf("ours %v; pyvo %q", err, want.Error)
		}
	})
}

// The ESO path, ADQL on ivoa.ObsCore, finds what DaCHS's own SIA 2.0
// service finds over the same ObsCore table: the ADQL means what SIA means.
func TestTestbedObsCoreADQLMatchesSIA(t *testing.T) {
	root := testbedenv.URL(t)
	sia2 := New(root+"/__system__/siap2/sitewide/siap2.xml", nil)
	obs := tap.New(root+"/tap", nil)
	p := samplePositions(t, sia2)
	for _, q := range []Query{
		{Pos: []Shape{Circle{p[0].RA, p[0].Dec, 2}}},
		{Pos: []Shape{Circle{p[1].RA, p[1].Dec, 0.5}}, DPType: []string{"image"}},
		{Pos: []Shape{Circle{p[1].RA, p[1].Dec, 1}}, Band: []Interval{{5e-7, 6e-7}}},
		{Pos: []Shape{Circle{300, 80, 0.01}}},
	} {
		a, err := sia2.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		b, err := SearchTAP(context.Background(), obs, q)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := dids(b), dids(a); got != want {
			t.Errorf("%s\n ObsCore via TAP: %s\n SIA 2.0 service: %s", b.ADQL, got, want)
		}
	}
}

func dids(r *Result) string {
	var s []string
	for _, rec := range r.Records {
		s = append(s, rec.PublisherDID)
	}
	sort.Strings(s)
	return strings.Join(s, ",")
}

// samplePositions are the centres of two datasets of the testbed (whose
// ObsCore content its maintainers may change), or a skip when it has none.
func samplePositions(t *testing.T, s *Service) []Point {
	t.Helper()
	res, err := s.Search(context.Background(), Query{MaxRec: 50})
	if err != nil {
		t.Fatal(err)
	}
	var p []Point
	for _, r := range res.Records {
		if !math.IsNaN(r.RA) && !math.IsNaN(r.Dec) {
			p = append(p, Point{r.RA, r.Dec})
		}
	}
	if len(p) < 2 {
		t.Skipf("the testbed's ObsCore has %d positioned datasets (testbed/dachs being rebuilt?); need 2", len(p))
	}
	return []Point{p[0], p[len(p)-1]}
}
