package scs

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"esodesk/internal/testbedenv"
)

const python = "/usr/bin/python3" // Debian's, with pyvo 1.2.1

type pyvoCone struct {
	Names []string   `json:"names"`
	Rows  [][]string `json:"rows"`
	Error string     `json:"error"`
}

// pyvoSearch runs pyvo.dal.SCSService(url).search(pos, radius) and gives
// the column names and every cell as text.
func pyvoSearch(t *testing.T, url, pos, radius string) pyvoCone {
	return pyvoRun(t, url, "pyvo.dal.SCSService(url).search(pos="+pos+", radius="+radius+")")
}

// pyvoRun evaluates the pyvo expression expr (url is the service URL).
func pyvoRun(t *testing.T, url, expr string) pyvoCone {
	t.Helper()
	if _, err := os.Stat(python); err != nil {
		t.Skip("no " + python + " with pyvo")
	}
	script := `
import json, sys, math
import numpy as np
import pyvo
try:
    url = sys.argv[1]
    r = ` + expr + `
    t = r.votable.get_first_table()
    def cell(v):
        if v is np.ma.masked: return ""
        if isinstance(v, bytes): return v.decode()
        if isinstance(v, (float, np.floating)): return "" if math.isnan(v) else repr(float(v))
        return str(v)
    rows = [[cell(t.array[f.ID or f.name][i]) for f in t.fields] for i in range(len(t.array))]
    print(json.dumps({"names": [f.name for f in t.fields], "rows": rows}))
except Exception as e:
    print(json.dumps({"error": str(e)}))
`
	out, err := exec.Command(python, "-c", script, url).CombinedOutput()
	if err != nil {
		t.Fatalf("pyvo: %v\n%s", err, out)
	}
	var r pyvoCone
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("pyvo output %q: %v", out, err)
	}
	return r
}

// The testbed's cone search over dbo.raw gives us what it gives pyvo's
// SCSService: the same columns and, row by row, the same values.
func TestTestbedMatchesPyvo(t *testing.T) {
	url := testbedenv.URL(t) + "/dbo/q/cone/scs.xml"
	for _, c := range []struct {
		pos, radius string
		q           Query
	}{
		{"(10, -30)", "20", Query{RA: 10, Dec: -30, SR: 20}},
		{"(150, 2)", "5", Query{RA: 150, Dec: 2, SR: 5}},
		{"(0, 89)", "0.01", Query{RA: 0, Dec: 89, SR: 0.01}},
	} {
		want := pyvoSearch(t, url, c.pos, c.radius)
		if want.Error != "" {
			t.Fatalf("pyvo: %s", want.Error)
		}
		res, err := New(url, nil).Search(context.Background(), c.q)
		if err != nil {
			t.Fatal(err)
		}
		tb := res.Table
		var names []string
		for _, f := range tb.Fields {
			names = append(names, f.Name)
		}
		if strings.Join(names, ",") != strings.Join(want.Names, ",") {
			t.Fatalf("%s: columns ours %v, pyvo %v", c.pos, names, want.Names)
		}
		if tb.NumRows() != len(want.Rows) {
			t.Fatalf("%s: %d rows, pyvo %d", c.pos, tb.NumRows(), len(want.Rows))
		}
		for r := range want.Rows {
			for i := range tb.Fields {
				if !sameCell(tb.Columns[i].String(r), want.Rows[r][i]) {
					t.Errorf("%s row %d %s: ours %q, pyvo %q", c.pos, r, names[i], tb.Columns[i].String(r), want.Rows[r][i])
				}
			}
		}
		if c.radius == "20" && (res.ID < 0 || res.RA < 0 || res.Dec < 0 || tb.NumRows() == 0) {
			t.Errorf("main columns %d %d %d, %d rows", res.ID, res.RA, res.Dec, tb.NumRows())
		}
	}
}

// An error the service reports reaches both clients.
func TestTestbedError(t *testing.T) {
	base := testbedenv.URL(t) + "/dbo/q/cone/scs.xml"
	// pyvo's query object takes any value, as ours does below the Query type
	want := pyvoRun(t, base, `pyvo.dal.scs.SCSQuery(url, maxrec=None)
    r["RA"] = "abc"; r["DEC"] = 2; r["SR"] = 0.1
    r = r.execute()`)
	_, err := New(base, nil).fetch(context.Background(), base+"?RA=abc&DEC=2&SR=0.1", nil)
	if err == nil || !strings.Contains(err.Error(), "not a valid literal for RA") || want.Error == "" {
		t.Errorf("ours %v; pyvo %q", err, want.Error)
	}
}

// sameCell compares a cell as text, numbers by value (Python and Go spell
// floats differently: 1e-05 vs 1e-5, 12.0 vs 12).
func sameCell(ours, pyvo string) bool {
	if ours == pyvo {
		return true
	}
	a, err1 := strconv.ParseFloat(ours, 64)
	b, err2 := strconv.ParseFloat(pyvo, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	return a == b || math.Abs(a-b) <= 1e-6*math.Max(math.Abs(a), math.Abs(b)) // float32 columns
}
