package spectractl

import (
	"math"
	"testing"

	"esodesk/services/coords"
	"esodesk/services/ssap"
)

// The status line says "Cannot search: " + these + ".": the user's words.
func TestFormParseSaysWhatIsWrong(t *testing.T) {
	ok := Form{Target: "HD 100546", Radius: "30", RadiusUnit: ssap.Arcsec, MaxRec: "500"}
	with := func(change func(*Form)) Form { f := ok; change(&f); return f }
	for _, c := range []struct {
		name string
		form Form
		want string
	}{
		{"no target", with(func(f *Form) { f.Target = "  " }),
			"type a target name (e.g. HD 100546) or coordinates (e.g. " + coords.Example + ")"},
		{"negative radius", with(func(f *Form) { f.Radius = "-3" }), `the radius "-3" is not a number above 0`},
		{"zero radius", with(func(f *Form) { f.Radius = "0" }), `the radius "0" is not a number above 0`},
		{"radius not a number", with(func(f *Form) { f.Radius = " ten " }), `the radius " ten " is not a number above 0`},
		{"unknown unit", with(func(f *Form) { f.RadiusUnit = "furlong" }), `unknown angle unit "furlong" (use arcsec, arcmin or deg)`},
		{"band not a number", with(func(f *Form) { f.BandMin = " blue " }), `the wavelength "blue" is not a number of nanometres above 0`},
		{"negative band", with(func(f *Form) { f.BandMax = "-500" }), `the wavelength "-500" is not a number of nanometres above 0`},
		{"empty band", with(func(f *Form) { f.BandMin, f.BandMax = "700", "400" }), "the wavelength range is empty: 'from' must be below 'to'"},
		{"equal band", with(func(f *Form) { f.BandMin, f.BandMax = "500", "500" }), "the wavelength range is empty: 'from' must be below 'to'"},
		{"maxrec not whole", with(func(f *Form) { f.MaxRec = "1.5" }), "MAXREC must be a whole number of rows (or empty for the service's default)"},
		{"maxrec negative", with(func(f *Form) { f.MaxRec = "-1" }), "MAXREC must be a whole number of rows (or empty for the service's default)"},
	} {
		_, err := c.form.Parse()
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: error %v, want %q", c.name, err, c.want)
		}
	}
}

func TestFormParseBuildsTheQuery(t *testing.T) {
	r, err := Form{Target: " HD 100546 ", Radius: " 2 ", RadiusUnit: ssap.Arcmin,
		BandMin: "400", BandMax: " 700 ", Collection: " UVES ", MaxRec: " 20 "}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	q := r.Query
	if r.Target != "HD 100546" || q.Pos != nil || q.MaxRec != 20 {
		t.Errorf("target %q pos %v maxrec %d", r.Target, q.Pos, q.MaxRec)
	}
	if math.Abs(q.Size-4.0/60) > 1e-12 { // SSA's SIZE is the diameter
		t.Errorf("size %v deg, want the diameter of a 2 arcmin cone", q.Size)
	}
	if math.Abs(q.Band.Min-400e-9) > 1e-18 || math.Abs(q.Band.Max-700e-9) > 1e-18 {
		t.Errorf("band %v m", q.Band)
	}
	if got := q.Extra.Get("COLLECTION"); got != "UVES" {
		t.Errorf("collection %q", got)
	}

	// optional fields left empty ask for nothing
	r, err = Form{Target: "161.265 -59.685", Radius: "1", RadiusUnit: ssap.Degree}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if r.Query.MaxRec != 0 || r.Query.Band != (ssap.Band{}) || r.Query.Extra != nil || r.Query.Size != 2 {
		t.Errorf("query %+v", r.Query)
	}
}
