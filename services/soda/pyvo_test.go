package soda

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const python = "/usr/bin/python3" // Debian's, with pyvo 1.2.1

// pyvoSODA has pyvo build the SODA request for the #cutout row of the
// DataLink document doc: SodaQuery.from_resource(row, descriptor, kwargs).
func pyvoSODA(t *testing.T, doc, kwargs string) map[string][]string {
	t.Helper()
	if _, err := os.Stat(python); err != nil {
		t.Skip("no " + python + " with pyvo")
	}
	path := filepath.Join(t.TempDir(), "links.xml")
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `
import json, sys, math
from astropy.io.votable import parse
from pyvo.dal.adhoc import DatalinkResults, SodaQuery
res = DatalinkResults(parse(sys.argv[1]))
row = [r for r in res if r["semantics"] == "#cutout"][0]
sd = res.get_adhocservice_by_id(row["service_def"])
q = SodaQuery.from_resource(row, sd, ` + kwargs + `)
out = {k: [str(x) for x in (v if isinstance(v, list) else [v])] for k, v in dict(q).items()}
out["_url"] = [q.queryurl]
print(json.dumps(out))
`
	out, err := exec.Command(python, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("pyvo: %v\n%s", err, out)
	}
	var m map[string][]string
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("pyvo output %q: %v", out, err)
	}
	return m
}

// canon spells numbers one way (pyvo: 10.0, 5e-07; we: 10, 5e-07).
func canon(vals []string) string {
	var out []string
	for _, v := range vals {
		f := strings.Fields(v)
		for i, w := range f {
			if x, err := strconv.ParseFloat(w, 64); err == nil && !math.IsInf(x, 0) {
				f[i] = strconv.FormatFloat(x, 'g', -1, 64)
			}
		}
		out = append(out, strings.Join(f, " "))
	}
	sort.Strings(out)
	return strings.Join(out, "|")
}

// For ESO's descriptor shape and for a ref'd ID, our request has the
// parameters and the endpoint pyvo's SodaQuery builds for the same row.
func TestBuildMatchesPyvo(t *testing.T) {
	for _, c := range []struct {
		name, inputs, kwargs string
		cut                  Cutout
	}{
		{"ESO: fixed ID, CIRCLE, BAND", idFixed + circleIn + bandIn, `circle=(53.1, -27.8, 0.01), band=(6.55e-7, 6.58e-7)`,
			Cutout{Circle: &Circle{53.1, -27.8, 0.01}, Band: &Interval{6.55e-7, 6.58e-7}}},
		{"ref ID, CIRCLE only", idRef + circleIn + bandIn, `circle=(10, 20, 0.5)`,
			Cutout{Circle: &Circle{10, 20, 0.5}}},
		{"polygon", idFixed + polyIn, `polygon=(1, 2, 3, 4, 5, 2)`,
			Cutout{Polygon: []Point{{1, 2}, {3, 4}, {5, 2}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := linksDoc(c.inputs)
			want := pyvoSODA(t, doc, c.kwargs)
			sd, row, err := FromLinks(links(t, c.inputs))
			if err != nil {
				t.Fatal(err)
			}
			req, err := Build(sd, c.cut, row)
			if err != nil {
				t.Fatal(err)
			}
			got := query(t, req.URL)
			if base := strings.SplitN(req.URL, "?", 2)[0]; base != want["_url"][0] {
				t.Errorf("endpoint %s, pyvo %s", base, want["_url"][0])
			}
			delete(want, "_url")
			if len(got) != len(want) {
				t.Errorf("parameters: ours %v, pyvo %v", got, want)
			}
			for k, w := range want {
				if canon(w) != canon(got[k]) {
					t.Errorf("%s: ours %q, pyvo %q", k, got[k], w)
				}
			}
		})
	}
}
