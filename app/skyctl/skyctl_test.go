package skyctl

import (
	"math"
	"strings"
	"testing"

	"esodesk/internal/runtest"
	"esodesk/preview/skytable"
	"esodesk/services/region"
	"esodesk/services/votable"
)

type memStore map[string]string

func (m memStore) String(key string) string    { return m[key] }
func (m memStore) SetString(key, value string) { m[key] = value }

func table(t *testing.T, fields []votable.Field, rows ...[]string) *votable.Table {
	t.Helper()
	b := votable.NewTable(fields)
	for _, r := range rows {
		if err := b.AppendRow(r); err != nil {
			t.Fatal(err)
		}
	}
	return b.Build()
}

// obscore is an ObsCore-like table: STC-S s_region (a polygon, a circle,
// none), s_ra/s_dec and the instrument.
func obscore(t *testing.T) *votable.Table {
	return table(t, []votable.Field{
		{Name: "obs_id", Datatype: "char", Arraysize: "*"},
		{Name: "instrument_name", Datatype: "char", Arraysize: "*"},
		{Name: "s_ra", Datatype: "double", UCD: "pos.eq.ra"},
		{Name: "s_dec", Datatype: "double", UCD: "pos.eq.dec"},
		{Name: "s_region", Datatype: "char", Arraysize: "*", Xtype: "adql:REGION"},
		{Name: "em_min", Datatype: "double", Unit: "m"},
	},
		[]string{"a", "MUSE", "204.25", "-29.86", "POLYGON ICRS 204.2 -29.9 204.3 -29.9 204.3 -29.8 204.2 -29.8", "4.8e-7"},
		[]string{"b", "HAWKI", "204.26", "-29.87", "CIRCLE ICRS 204.26 -29.87 0.1", "1.2e-6"},
		[]string{"c", "MUSE", "", "", "", "9.3e-7"},
		[]string{"d", "MUSE", "204.27", "-29.85", "POLYGON 204.25 -29.88 204.29 -29.88 204.29 -29.82", "6e-7"},
	)
}

// The drawn region's ADQL, for each condition and both tables.
func TestQueryForEachCondition(t *testing.T) {
	circle := region.NewCircle(204.25, -29.87, 0.2)
	geom := circle.ADQL()
	if geom == "" {
		t.Fatal("region.ADQL gives nothing")
	}
	for _, c := range []struct {
		form QueryForm
		want []string
	}{
		{QueryForm{TableObsCore, CondIntersects, ""}, []string{"ivoa.obscore", "INTERSECTS", "s_region", geom}},
		{QueryForm{TableObsCore, CondContains, ""}, []string{"ivoa.obscore", "CONTAINS", "POINT", "s_region"}},
		{QueryForm{TableObsCore, CondWithin, ""}, []string{"ivoa.obscore", "CONTAINS", "s_region", geom}},
		{QueryForm{TableObsCore, CondOverlap, "0.02"}, []string{"ivoa.obscore", "INTERSECTS", "AREA", "0.02"}},
		{QueryForm{TableRaw, CondIntersects, ""}, []string{"dbo.raw", "CONTAINS", "POINT", "ra", "dec", geom}},
	} {
		q := BuildQuery(circle, c.form, 0)
		if q.Err != "" {
			t.Errorf("%+v: %s", c.form, q.Err)
			continue
		}
		up := strings.ToUpper(q.ADQL)
		for _, w := range c.want {
			if !strings.Contains(up, strings.ToUpper(w)) {
				t.Errorf("%+v: ADQL %q lacks %q", c.form, q.ADQL, w)
			}
		}
		if c.form.Condition == CondOverlap && (q.MinOverlap != 0.02 || q.Note == "") {
			t.Errorf("overlap query: min %v, note %q", q.MinOverlap, q.Note)
		}
	}
	if q := BuildQuery(circle, QueryForm{TableObsCore, CondOverlap, "lots"}, 0); q.Err == "" || !strings.Contains(q.Err, "lots") {
		t.Errorf("a bad minimum overlap gives %+v", q)
	}
}

// The exact overlap keeps the rows that cover enough of the region.
func TestOverlapKeep(t *testing.T) {
	tab := table(t, []votable.Field{{Name: "s_region", Datatype: "char", Arraysize: "*"}},
		[]string{"CIRCLE ICRS 10 0 0.5"},   // the region itself: overlap = its area
		[]string{"CIRCLE ICRS 10.9 0 0.5"}, // a sliver
		[]string{"CIRCLE ICRS 50 0 0.5"},   // far away
		[]string{""},
	)
	r := region.NewCircle(10, 0, 0.5)
	area := r.Area()
	if math.Abs(area-math.Pi*0.25) > 0.01 {
		t.Fatalf("the 0.5° circle's area is %v deg²", area)
	}
	keep, n := OverlapKeep(tab, r, area/2)
	if n != 1 || !keep[0] || keep[1] || keep[2] || keep[3] {
		t.Errorf("kept %v (%d)", keep, n)
	}
}

// The controller: footprints of the source's table with the remembered
// colour column, the shared selection, the region's query, the prefs.
func TestControllerShowsSelectsAndQueries(t *testing.T) {
	prefs := memStore{"sky.colour_by": "instrument_name"}
	q := &runtest.Queue{}
	c := New(Deps{Prefs: prefs}, q.Run)
	defer c.Close()
	c.Show(obscore(t))
	q.Settle(c.Wait)
	s := c.Snapshot()
	if len(s.Footprints) != 3 || len(s.Legend) != 2 || !strings.Contains(s.Status, "3 footprints") || !strings.Contains(s.Status, "1 row has no position") {
		t.Fatalf("state: %d footprints, legend %v, status %q", len(s.Footprints), s.Legend, s.Status)
	}
	c.Select([]int{1})
	if got := c.Snapshot().Selected; len(got) != 1 || got[0] != 1 {
		t.Errorf("selected %v", got)
	}
	r := region.NewCircle(204.25, -29.87, 0.2)
	c.SetRegion(&r)
	if s := c.Snapshot(); !strings.Contains(strings.ToUpper(s.Query.ADQL), "INTERSECTS") {
		t.Errorf("query %+v", s.Query)
	}
	c.SetForm(QueryForm{Table: TableRaw, Condition: CondIntersects})
	if s := c.Snapshot(); !strings.Contains(s.Query.ADQL, "dbo.raw") || prefs["sky.table"] != TableRaw {
		t.Errorf("after choosing dbo.raw: %+v, prefs %v", s.Query, prefs)
	}
	c.SaveView(161.2, -59.7, 2)
	c.SetProjection("AIT")
	if p := c.Prefs(); p.RA != 161.2 || p.FOV != 2 || p.Projection != "AIT" || p.Survey == "" {
		t.Errorf("prefs %+v", p)
	}
}

// The status counts the rows that could not be placed.
func TestFootprintStatusCountsRowsWithoutPosition(t *testing.T) {
	tab := table(t, []votable.Field{
		{Name: "dp_id", Datatype: "char", Arraysize: "*"},
		{Name: "ra", Datatype: "double", UCD: "pos.eq.ra;meta.main"},
		{Name: "dec", Datatype: "double", UCD: "pos.eq.dec;meta.main"},
	}, []string{"a", "161.26", "-59.68"}, []string{"b", "", ""})
	fps, skipped := skytable.Footprints(tab, nil)
	if got := footprintStatus(tab, SourceRaw, len(fps), skipped); !strings.Contains(got, "1 row has no position") {
		t.Errorf("status %q does not count the frame without position", got)
	}
}
