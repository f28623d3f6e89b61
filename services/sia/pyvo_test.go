package sia

import (
	"encoding/json"
	"math"
	"net/url"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// python is Debian's interpreter, which has pyvo 1.2.1 (the brief's reference).
const python = "/usr/bin/python3"

func needPyvo(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(python); err != nil {
		t.Skip("no " + python + ": the pyvo comparison needs Debian's python3-pyvo")
	}
	if err := exec.Command(python, "-c", "import pyvo.dal.sia2").Run(); err != nil {
		t.Skip("pyvo is not importable by " + python + ": apt install python3-pyvo")
	}
}

// pyvoParams runs pyvo's SIAQuery with the keyword arguments kwargs
// (Python source) and returns the parameters it would send.
func pyvoParams(t *testing.T, kwargs string) url.Values {
	t.Helper()
	script := `
import json, math
from astropy.time import Time
from pyvo.dal.sia2 import SIAQuery
q = SIAQuery("http://127.0.0.1/sia", ` + kwargs + `)
print(json.dumps({k: (v if isinstance(v, list) else [v]) for k, v in dict(q).items()}))
`
	out, err := exec.Command(python, "-c", script).CombinedOutput()
	if err != nil {
		t.Fatalf("pyvo: %v\n%s", err, out)
	}
	var m map[string][]string
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("pyvo output %q: %v", out, err)
	}
	return url.Values(m)
}

// canonical makes values comparable across number spellings: pyvo writes
// Python floats ("10.0", "inf"), we write Go's shortest form ("10",
// "+Inf"); words that are not numbers stay as they are. Repeated values
// are sorted: their order carries no meaning in SIA.
func canonical(v url.Values) map[string][]string {
	out := map[string][]string{}
	for k, vals := range v {
		var c []string
		for _, s := range vals {
			f := strings.Fields(s)
			for i, w := range f {
				if x, err := strconv.ParseFloat(w, 64); err == nil {
					if math.IsInf(x, 0) {
						f[i] = strconv.FormatFloat(x, 'g', -1, 64)
					} else {
						f[i] = strconv.FormatFloat(x, 'g', 12, 64) // pyvo's MJD went through astropy Time
					}
				}
			}
			c = append(c, strings.Join(f, " "))
		}
		sort.Strings(c)
		out[strings.ToUpper(k)] = c
	}
	return out
}

// Our request parameters equal pyvo 1.2.1's SIAQuery for the same inputs.
func TestValuesMatchPyvo(t *testing.T) {
	needPyvo(t)
	inf := math.Inf(1)
	cases := []struct {
		name, kwargs string
		q            Query
	}{
		{"circle and strings",
			`pos=(10, 20, 0.5), band=(1e-7, 2e-7), collection=["a", "b"], instrument="MUSE", data_type="cube", calib_level=[2, 3], maxrec=5, field_of_view=(0.1, 1), exptime=(10, math.inf), target_name="M 31"`,
			Query{Pos: []Shape{Circle{10, 20, 0.5}}, Band: []Interval{{1e-7, 2e-7}}, Collection: []string{"a", "b"},
				Instrument: []string{"MUSE"}, DPType: []string{"cube"}, Calib: []int{2, 3}, MaxRec: 5,
				FOV: []Interval{{0.1, 1}}, ExpTime: []Interval{{10, inf}}, Target: []string{"M 31"}}},
		{"range, polygon, open band",
			`pos=[(10, 20, 11, 21), (1, 2, 3, 4, 5, 6)], band=(1e-7, math.inf)`,
			Query{Pos: []Shape{Range{10, 20, 11, 21}, Polygon{{1, 2}, {3, 4}, {5, 6}}}, Band: []Interval{{1e-7, inf}}}},
		{"time, pol, id, facility, spatres",
			`time=(Time(55000, format="mjd"), Time(56000.5, format="mjd")), pol=["I", "Q"], publisher_did=["ivo://org.example/x?a&b=c"], facility="ESO-VLT-U4", spatial_resolution=(0.001, 0.01)`,
			Query{Time: []Interval{{55000, 56000.5}}, Pol: []string{"I", "Q"}, ID: []string{"ivo://org.example/x?a&b=c"},
				Facility: []string{"ESO-VLT-U4"}, SpatRes: []Interval{{0.001, 0.01}}}},
		{"two bands, two circles",
			`pos=[(0, -90, 1), (359.5, 89.5, 0.25)], band=[(3e-7, 4e-7), (1e-6, 2e-6)]`,
			Query{Pos: []Shape{Circle{0, -90, 1}, Circle{359.5, 89.5, 0.25}}, Band: []Interval{{3e-7, 4e-7}, {1e-6, 2e-6}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.q.Validate(); err != nil {
				t.Fatal(err)
			}
			want, got := canonical(pyvoParams(t, c.kwargs)), canonical(c.q.Values())
			if len(want) != len(got) {
				t.Errorf("parameters: pyvo %v, ours %v", want, got)
			}
			for k, w := range want {
				if strings.Join(w, "|") != strings.Join(got[k], "|") {
					t.Errorf("%s: pyvo %q, ours %q", k, w, got[k])
				}
			}
		})
	}
}
