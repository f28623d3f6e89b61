package region_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"esodesk/internal/testbedenv"
	"esodesk/services/region"
	"esodesk/services/sia"
	"esodesk/services/tap"
	"esodesk/services/votable"
)

// The must-show: the ADQL for a drawn region, run on the testbed's
// TAP service, returns exactly the products an independent computation
// finds (pyvo fetches every footprint and position without spatial ADQL;
// astropy + shapely decide), and OverlapAtLeast's client-side overlaps agree
// with shapely's within 1 %.
func TestDrawnRegionQueriesOnTestbed(t *testing.T) {
	base := testbedenv.URL(t)
	if err := exec.Command("/usr/bin/python3", "-c", "import pyvo, astropy, shapely").Run(); err != nil {
		t.Skip("/usr/bin/python3 with pyvo, astropy and shapely is needed for the independent side")
	}
	regions := map[string]region.Region{
		// NGC 3603: the testbed's three images and more.
		"ngc3603-circle": region.NewCircle(168.78, -61.26, 0.08),
		// M83: contains the MUSE cube, cuts the others.
		"m83-polygon": region.NewPolygon([][2]float64{{204.1, -29.95}, {204.4, -29.95}, {204.4, -29.8}, {204.1, -29.8}}),
		// Sgr A*: dbo.raw frames and ObsCore products; a non-convex polygon.
		"sgra-polygon": region.NewPolygon([][2]float64{{266.30, -29.10}, {266.55, -29.10}, {266.55, -28.90}, {266.417, -29.005}, {266.30, -28.90}}),
		"sgra-circle":  region.NewCircle(266.4168, -29.0078, 0.01),
		// Eta Car: a small circle cutting the big etacar_car image.
		"etacar-circle": region.NewCircle(161.2648, -59.6844, 0.05),
	}
	const minOverlap = 0.0005 // deg²
	req := map[string]any{"tap": base + "/tap", "min_overlap": minOverlap}
	jr := map[string]any{}
	for name, r := range regions {
		m := map[string]any{"center": r.Center}
		if r.Kind == region.Circle {
			m["kind"], m["radius"] = "circle", r.Radius
		} else {
			m["kind"], m["points"] = "polygon", r.Points
		}
		jr[name] = m
	}
	req["regions"] = jr
	in, _ := json.Marshal(req)
	cmd := exec.Command("/usr/bin/python3", "-B", "testdata/independent.py") // -B: no __pycache__ in testdata
	cmd.Dir, cmd.Stdin = ".", bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("independent.py: %v\n%s", err, stderr.String())
	}
	var want map[string]struct {
		Intersects     []string           `json:"intersects"`
		ContainsTarget []string           `json:"contains_target"`
		Within         []string           `json:"within"`
		Raw            []string           `json:"raw"`
		Overlap        map[string]float64 `json:"overlap"`
	}
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	svc := tap.New(base+"/tap", nil)
	run := func(adql, col string) ([]string, []string) {
		res, err := svc.Sync(context.Background(), tap.Query{ADQL: adql}, nil)
		if err != nil {
			t.Fatalf("%s: %v", adql, err)
		}
		tb := res.Table
		ci, si := tb.FieldIndex(col), tb.FieldIndex("s_region")
		var ids, regs []string
		for i := 0; i < tb.NumRows(); i++ {
			ids = append(ids, tb.Columns[ci].String(i))
			if si >= 0 {
				regs = append(regs, tb.Columns[si].String(i))
			}
		}
		return ids, regs
	}
	total := 0
	for name, r := range regions {
		w := want[name]
		for _, c := range []struct {
			cond  region.Condition
			table string
			want  []string
		}{
			{region.Intersects, "ivoa.obscore", w.Intersects},
			{region.ContainsTarget, "ivoa.obscore", w.ContainsTarget},
			{region.Within, "ivoa.obscore", w.Within},
			{region.Intersects, "dbo.raw", w.Raw},
		} {
			cols := []string{"obs_publisher_did"}
			if c.table == "dbo.raw" {
				cols = []string{"dp_id"}
			}
			adql, _, err := region.Query(r, region.QueryOptions{Table: c.table, Condition: c.cond, Columns: cols})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := run(adql, cols[0])
			if !sameSet(got, c.want) {
				t.Errorf("%s, %v on %s:\n%s\nTAP: %v\nindependent: %v", name, c.cond, c.table, adql, sorted(got), sorted(c.want))
			}
			total += len(got)
		}
		// OverlapAtLeast: the server narrows, esodesk decides with Overlap.
		adql, note, err := region.Query(r, region.QueryOptions{Table: "ivoa.obscore", Condition: region.OverlapAtLeast,
			MinOverlap: minOverlap, HasArea: true, Columns: []string{"obs_publisher_did", "s_region"}})
		if err != nil || !strings.Contains(note, "esodesk") {
			t.Fatalf("%v %q", err, note)
		}
		ids, srs := run(adql, "obs_publisher_did")
		var kept []string
		for i, s := range srs {
			fp, err := region.Parse(s, "adql:REGION")
			if err != nil {
				t.Fatal(err)
			}
			ov := region.Overlap(fp, r)
			if wa, ok := w.Overlap[ids[i]]; !ok || math.Abs(ov-wa) > 0.01*wa {
				t.Errorf("%s: overlap with %s %g deg², shapely %g (present: %v)", name, ids[i], ov, wa, ok)
			}
			if ov >= minOverlap {
				kept = append(kept, ids[i])
			}
		}
		var wantKept []string
		for id, a := range w.Overlap {
			if a >= minOverlap {
				wantKept = append(wantKept, id)
			}
		}
		if !sameSet(kept, wantKept) {
			t.Errorf("%s, overlap ≥ %g deg²: esodesk %v, independent %v", name, minOverlap, sorted(kept), sorted(wantKept))
		}
		t.Logf("%s: intersects %d, contains target %d, within %d, raw %d, overlap ≥ %g: %d (of %d the server returned)",
			name, len(w.Intersects), len(w.ContainsTarget), len(w.Within), len(w.Raw), minOverlap, len(kept), len(ids))
	}
	if total < 20 {
		t.Errorf("only %d rows selected over all regions: the regions miss the testbed's targets", total)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = sorted(a), sorted(b)
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sorted(a []string) []string {
	b := append([]string(nil), a...)
	sort.Strings(b)
	return b
}

// Every s_region the testbed's SIA 2 service (DaCHS, xtype adql:REGION) and
// its TAP ivoa.obscore return parses, as the column's xtype says, into a
// polygon whose centre is the row's s_ra/s_dec to within the footprint.
func TestParseTestbedSRegions(t *testing.T) {
	base := testbedenv.URL(t)
	res, err := sia.New(base+"/__system__/siap2/sitewide/siap2.xml", nil).Search(context.Background(), sia.Query{MaxRec: 1000})
	if err != nil && res == nil {
		t.Fatal(err)
	}
	q, err := tap.New(base+"/tap", nil).Sync(context.Background(), tap.Query{ADQL: "SELECT s_region, s_ra, s_dec FROM ivoa.obscore"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tb := range []*votable.Table{res.Table, q.Table} {
		si, rai, deci := tb.FieldIndex("s_region"), tb.FieldIndex("s_ra"), tb.FieldIndex("s_dec")
		if si < 0 {
			t.Fatal("no s_region column")
		}
		for i := 0; i < tb.NumRows(); i++ {
			s := tb.Columns[si].String(i)
			r, err := region.Parse(s, tb.Fields[si].Xtype)
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			var ra, dec float64
			fmt.Sscan(tb.Columns[rai].String(i), &ra)
			fmt.Sscan(tb.Columns[deci].String(i), &dec)
			if r.Kind != region.Polygon || !r.Contains(ra, dec) {
				t.Errorf("%q (xtype %q): %v does not contain s_ra, s_dec %v %v", s, tb.Fields[si].Xtype, r.Kind, ra, dec)
			}
			n++
		}
	}
	if n < 50 {
		t.Fatalf("only %d s_region values", n)
	}
}
