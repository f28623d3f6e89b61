package skytable

import (
	"math"
	"strings"
	"testing"

	"esodesk/services/votable"
)

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

// Footprints of an ObsCore table follow s_region: the polygon's outline
// passes through the vertices written in it, the circle's outline lies at
// its radius from its centre, and the row with neither region nor position
// is skipped and counted.
func TestFootprintsFromObsCoreRegions(t *testing.T) {
	tab := obscore(t)
	fps, skipped := Footprints(tab, nil)
	if skipped != 1 || len(fps) != 3 {
		t.Fatalf("%d footprints, %d skipped; want 3 and 1 (row c has no region and no position)", len(fps), skipped)
	}
	rows := []int{fps[0].Row, fps[1].Row, fps[2].Row}
	if rows[0] != 0 || rows[1] != 1 || rows[2] != 3 {
		t.Fatalf("rows %v, want [0 1 3]", rows)
	}
	for _, v := range [][2]float64{{204.2, -29.9}, {204.3, -29.9}, {204.3, -29.8}, {204.2, -29.8}} {
		if !hasVertex(fps[0].Outline, v) {
			t.Errorf("row 0's outline %v lacks the vertex %v", fps[0].Outline, v)
		}
	}
	if fps[0].Point || fps[1].Point {
		t.Error("regions drawn as points")
	}
	if len(fps[1].Outline) < 8 {
		t.Fatalf("the circle's outline has %d points", len(fps[1].Outline))
	}
	for _, p := range fps[1].Outline {
		if d := sep(p[0], p[1], 204.26, -29.87); math.Abs(d-0.1) > 1e-6 {
			t.Errorf("circle outline point %v lies %.7f° from the centre, want 0.1°", p, d)
		}
	}
	for _, f := range fps {
		if f.Colour != DefaultColour {
			t.Errorf("row %d coloured %v without a colour column", f.Row, f.Colour)
		}
	}
}

// Frames of dbo.raw (ra/dec columns by their UCD) are markers; a frame
// without coordinates is skipped.
func TestFootprintsFromRawPositions(t *testing.T) {
	tab := table(t, []votable.Field{
		{Name: "dp_id", Datatype: "char", Arraysize: "*"},
		{Name: "ra", Datatype: "double", UCD: "pos.eq.ra;meta.main"},
		{Name: "dec", Datatype: "double", UCD: "pos.eq.dec;meta.main"},
	},
		[]string{"SINFO.1", "161.26", "-59.68"},
		[]string{"SINFO.2", "", ""},
		[]string{"SINFO.3", "161.27", "-59.69"},
	)
	fps, skipped := Footprints(tab, nil)
	if skipped != 1 || len(fps) != 2 {
		t.Fatalf("%d markers, %d skipped; want 2 and 1", len(fps), skipped)
	}
	if !fps[1].Point || fps[1].Row != 2 || fps[1].Outline[0] != [2]float64{161.27, -59.69} {
		t.Errorf("second marker %+v, want a point of row 2 at (161.27, -59.69)", fps[1])
	}
}

// Colour by instrument: one palette colour per value, the most frequent
// first, in the legend with its count; numbers run along the gradient.
func TestColourByInstrumentAndByNumber(t *testing.T) {
	tab := obscore(t)
	colours, legend := Colours(tab, "instrument_name")
	if colours[0] != colours[2] || colours[0] != colours[3] || colours[0] == colours[1] {
		t.Errorf("MUSE rows 0, 2, 3 and HAWKI row 1 coloured %v", colours)
	}
	if len(legend) != 2 || legend[0].Label != "MUSE (3)" || legend[1].Label != "HAWKI (1)" || legend[0].Colour != colours[0] {
		t.Errorf("legend %+v", legend)
	}
	fps, _ := Footprints(tab, colours)
	if fps[1].Colour != colours[1] {
		t.Errorf("footprint of row 1 coloured %v, want %v", fps[1].Colour, colours[1])
	}
	colours, legend = Colours(tab, "em_min")
	if colours[0] != ramp(0) || colours[1] != ramp(1) || len(legend) != 3 || !strings.Contains(legend[2].Label, "1.2e-06 m") {
		t.Errorf("by em_min: colours %v, legend %+v", colours, legend)
	}
	if c, l := Colours(tab, "no such column"); c != nil || l != nil {
		t.Error("an unknown column coloured the rows")
	}
	cols := ColourColumns(tab)
	if strings.Join(cols, ",") != "obs_id,instrument_name,s_ra,s_dec,em_min" {
		t.Errorf("colour-by choices %v", cols)
	}
}

func hasVertex(out [][2]float64, v [2]float64) bool {
	for _, p := range out {
		if math.Abs(p[0]-v[0]) < 1e-9 && math.Abs(p[1]-v[1]) < 1e-9 {
			return true
		}
	}
	return false
}

// sep is the angle between two directions, degrees (haversine).
func sep(ra1, dec1, ra2, dec2 float64) float64 {
	r := math.Pi / 180
	h := math.Pow(math.Sin((dec2-dec1)*r/2), 2) + math.Cos(dec1*r)*math.Cos(dec2*r)*math.Pow(math.Sin((ra2-ra1)*r/2), 2)
	return 2 * math.Asin(math.Sqrt(h)) / r
}
