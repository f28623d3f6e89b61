package spectractl

import (
	"math"
	"testing"

	"esodesk/services/ssap"
)

func TestSummaryShowsEveryServiceInTheSameUnits(t *testing.T) {
	tab := summary([]ssap.Record{
		{Title: "HD 100546 UVES", Collection: "UVES", SpecMin: 472.5e-9, SpecMax: 683.55e-9, ResPower: 40000.4, SNR: math.NaN(),
			Size: 973440, Format: "application/fits", ID: "ADP.1", AccessURL: "http://x/a.fits"},
		{Title: "no size", Instrument: "HARPS", Collection: "HARPS-coll", Size: -1},
	})
	cell := func(row int, name string) string { return tab.Columns[tab.FieldIndex(name)].String(row) }
	for _, c := range []struct {
		row        int
		name, want string
	}{
		{0, "instrument", "UVES"}, // the collection when no instrument is given
		{1, "instrument", "HARPS"},
		{0, "wl_min", "472.5"},
		{0, "wl_max", "683.55"},
		{0, "R", "40000"},
		{0, "size", "0.97"},
		{0, "access_url", "http://x/a.fits"},
	} {
		if got := cell(c.row, c.name); got != c.want {
			t.Errorf("row %d %s = %q, want %q", c.row, c.name, got, c.want)
		}
	}
	for _, name := range []string{"snr", "size"} {
		row := map[string]int{"snr": 0, "size": 1}[name]
		if !tab.Columns[tab.FieldIndex(name)].IsNull(row) {
			t.Errorf("row %d %s: unknown should be null, is %q", row, name, cell(row, name))
		}
	}
}
