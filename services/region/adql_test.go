package region

import (
	"strings"
	"testing"
)

func TestADQLGeometry(t *testing.T) {
	if got := NewCircle(204.25, -29.87, 1e-9).ADQL(); !strings.HasSuffix(got, ", 0.000000001)") {
		t.Errorf("tiny radius lost: %s", got)
	}
	if got := NewPoint(0.1+0.2, -0.0).ADQL(); got != "POINT('ICRS', 0.3, 0)" {
		t.Errorf("%s", got)
	}
	p := NewPolygon([][2]float64{{10, 20}, {11, 20}, {11, 21}})
	if got := p.ADQL(); !strings.HasPrefix(got, "POLYGON('ICRS', ") || strings.Count(got, ",") != 6 || strings.ContainsAny(got, "eE") {
		t.Errorf("%s", got)
	}
}

func TestQueryConditions(t *testing.T) {
	c := NewCircle(168.78, -61.26, 0.1)
	g := c.ADQL()
	cases := []struct {
		o    QueryOptions
		want []string
	}{
		{QueryOptions{Table: "ivoa.obscore"}, []string{"SELECT * FROM ivoa.obscore WHERE INTERSECTS(s_region, " + g + ")=1"}},
		{QueryOptions{Table: "ivoa.ObsCore", Condition: ContainsTarget, MaxRec: 50, Columns: []string{"obs_publisher_did", "s_region"}},
			[]string{"SELECT TOP 50 obs_publisher_did, s_region FROM", "CONTAINS(POINT('ICRS', 168.78, -61.26), s_region)=1"}},
		{QueryOptions{Condition: Within}, []string{"FROM ivoa.obscore", "CONTAINS(s_region, " + g + ")=1"}},
		{QueryOptions{Condition: OverlapAtLeast, MinOverlap: 0.01, HasArea: true}, []string{"INTERSECTS(s_region, " + g + ")=1 AND AREA(s_region) >= 0.01"}},
		{QueryOptions{Table: "dbo.raw"}, []string{"FROM dbo.raw WHERE CONTAINS(POINT('ICRS', ra, dec), " + g + ")=1"}},
		{QueryOptions{Table: "cat.stars", RAColumn: "raj2000", DecColumn: "dej2000"}, []string{"CONTAINS(POINT('ICRS', raj2000, dej2000), "}},
		{QueryOptions{Table: "my.footprints", RegionColumn: "fov"}, []string{"INTERSECTS(fov, "}},
	}
	for _, k := range cases {
		q, _, err := Query(c, k.o)
		if err != nil {
			t.Errorf("%+v: %v", k.o, err)
			continue
		}
		for _, w := range k.want {
			if !strings.Contains(q, w) {
				t.Errorf("%+v:\n%s\nlacks %s", k.o, q, w)
			}
		}
	}
	q, note, _ := Query(c, QueryOptions{Condition: OverlapAtLeast, MinOverlap: 0.01})
	if strings.Contains(q, "AREA") || !strings.Contains(note, "0.01 deg²") {
		t.Errorf("without AREA support: %s / %s", q, note)
	}
}

func TestQueryErrors(t *testing.T) {
	c := NewCircle(1, 2, 0.1)
	for _, k := range []struct {
		r    Region
		o    QueryOptions
		want string
	}{
		{c, QueryOptions{Table: "dbo.raw", Condition: ContainsTarget}, "holds positions"},
		{c, QueryOptions{Table: "dbo.raw", Condition: OverlapAtLeast}, "holds positions"},
		{NewPoint(1, 2), QueryOptions{Condition: Within}, "point"},
		{NewPoint(1, 2), QueryOptions{Table: "dbo.raw"}, "point"},
		{c, QueryOptions{Table: "x; DROP TABLE y"}, "not an ADQL name"},
		{c, QueryOptions{Columns: []string{"a b"}}, "not an ADQL name"},
		{NewCircle(1, 2, 0), QueryOptions{}, "radius"},
		{c, QueryOptions{Condition: OverlapAtLeast, MinOverlap: -1}, "≥ 0"},
	} {
		if _, _, err := Query(k.r, k.o); err == nil || !strings.Contains(err.Error(), k.want) {
			t.Errorf("%+v: %v, want %q", k.o, err, k.want)
		}
	}
	// A point asks which footprints contain it.
	if q, _, err := Query(NewPoint(1, 2), QueryOptions{}); err != nil || !strings.Contains(q, "CONTAINS(POINT('ICRS', 1, 2), s_region)=1") {
		t.Errorf("%s %v", q, err)
	}
}
