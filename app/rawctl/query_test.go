package rawctl

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"esodesk/internal/testbedenv"
	"esodesk/services/tap"
)

func TestBuildADQLValidates(t *testing.T) {
	for _, c := range []struct {
		form query
		want string // part of the error
	}{
		{query{}, "at least one condition"},
		{query{progID: "ABC"}, "not an ESO programme ID"},
		{query{nightFrom: "05/03/2019"}, "write it as YYYY-MM-DD"},
		{query{nightFrom: "2019-03-07", nightTo: "2019-03-05"}, "ends (2019-03-05) before it starts"},
		{query{hasPos: true, ra: 10, dec: -20}, "radius"},
	} {
		_, err := buildADQL(c.form)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want it to say %q", c.form, err, c.want)
		}
	}
	q, err := buildADQL(query{object: "O'Brien*", progID: "0102.d-0105"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"object LIKE 'O''Brien%'", "prog_id LIKE '0102.D-0105%'"} {
		if !strings.Contains(q, want) {
			t.Errorf("query lacks %q:\n%s", want, q)
		}
	}
}

// The form's conditions select the same frames as independent queries on
// the testbed's own columns (it has a "night" column, which ESO's dbo.raw
// lacks: the form goes by mjd_obs).
func TestADQLAgainstTestbed(t *testing.T) {
	svc := tap.New(testbedenv.URL(t)+"/tap", nil)
	ctx := context.Background()
	count := func(adql string) int {
		t.Helper()
		res, err := svc.Sync(ctx, tap.Query{ADQL: adql}, nil)
		if err != nil {
			t.Fatalf("%s: %v", adql, err)
		}
		return res.Table.NumRows()
	}
	countWhere := func(where string) int {
		t.Helper()
		res, err := svc.Sync(ctx, tap.Query{ADQL: "SELECT COUNT(*) AS n FROM dbo.raw WHERE " + where}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		fmt.Sscan(res.Table.Columns[0].String(0), &n)
		return n
	}
	for _, c := range []struct {
		form  query
		where string
	}{
		{query{instrument: "FORS2", category: "SCIENCE", nightFrom: "2019-03-05", nightTo: "2019-03-09"},
			"instrument = 'FORS2' AND dp_cat = 'SCIENCE' AND night >= '2019-03-05' AND night <= '2019-03-09'"},
		{query{nightFrom: "2019-03-10"}, "night = '2019-03-10'"},
		{query{instrument: "*SHOOTER", category: "SCIENCE"}, "instrument = 'XSHOOTER' AND dp_cat = 'SCIENCE'"},
		{query{progID: "0102.D-0105"}, "prog_id LIKE '0102.D-0105%'"},
		{query{object: "*100546*", category: "SCIENCE"}, "object LIKE '%100546%' AND dp_cat = 'SCIENCE'"},
		{query{instrument: "UVES", dpType: "flat,lamp"}, "instrument = 'UVES' AND dp_type = 'FLAT,LAMP'"},
		{query{hasPos: true, ra: 173.356, dec: -70.194778, radiusArcmin: 1},
			"CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 173.356, -70.194778, 0.0166667)) = 1"},
	} {
		q, err := buildADQL(c.form)
		if err != nil {
			t.Fatal(err)
		}
		got, want := count(q), countWhere(c.where)
		if want == 0 {
			t.Errorf("%s: the testbed has no such frames: the case tests nothing", c.where)
		}
		if got != want {
			t.Errorf("%+v: the form's query gives %d frames, %q gives %d\n%s", c.form, got, c.where, want, q)
		}
	}
}
