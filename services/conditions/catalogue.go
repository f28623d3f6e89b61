package conditions

import (
	"time"
)

// Source is one column of one asm table that measures a quantity.
type Source struct {
	Table, Column, Unit string // as served
	// Scale converts served values to the quantity's display unit.
	Scale float64
	// HasValid: the table has a valid column (1 good, 0 flagged bad).
	HasValid bool
	// From, To bound the table's coverage; zero means open.
	From, To   time.Time
	Instrument string // "DIMM", "MASS", "LHATPRO", "meteo mast 10 m"
}

// covers reports whether s's coverage meets [from, to).
func (s Source) covers(from, to time.Time) bool {
	if !s.From.IsZero() && !to.IsZero() && !to.After(s.From) {
		return false
	}
	if !s.To.IsZero() && !from.IsZero() && !from.Before(s.To) {
		return false
	}
	return true
}

// dimmStart is when Paranal's new DIMM (asm.dimm_paranal) took over from the
// historical one (asm.historical_ambient_paranal).
var dimmStart = time.Date(2016, 4, 4, 0, 0, 0, 0, time.UTC)

// historicalStart is the first sample of asm.historical_ambient_paranal.
var historicalStart = time.Date(1998, 8, 19, 0, 0, 0, 0, time.UTC)

// entry is one row of the catalogue: site and quantity to source.
type entry struct {
	site Site
	q    Quantity
	src  Source
}

// catalogue is what ESO's asm tables hold, as the common design states it.
// Column names marked (u) come from ESO's web forms and are unverified
// against ESO's TAP service; a missing column is reported by name (see
// Client.columns), so a different spelling at ESO shows up plainly.
var catalogue = []entry{
	// Seeing: DIMM, at zenith and 500 nm.
	{Paranal, Seeing, Source{Table: "asm.historical_ambient_paranal", Column: "fwhm", Unit: "arcsec", Scale: 1, From: historicalStart, To: dimmStart, Instrument: "DIMM"}},
	{Paranal, Seeing, Source{Table: "asm.dimm_paranal", Column: "fwhm", Unit: "arcsec", Scale: 1, HasValid: true, From: dimmStart, Instrument: "DIMM"}},
	{LaSilla, Seeing, Source{Table: "asm.ambient_lasilla", Column: "fwhm", Unit: "arcsec", Scale: 1, Instrument: "DIMM"}},
	// MASS: (u) for all three columns' names.
	{Paranal, Tau0, Source{Table: "asm.mass_paranal", Column: "tau0", Unit: "s", Scale: 1000, HasValid: true, Instrument: "MASS"}},     // (u)
	{Paranal, Theta0, Source{Table: "asm.mass_paranal", Column: "tet0", Unit: "arcsec", Scale: 1, HasValid: true, Instrument: "MASS"}}, // (u)
	// PWV: LHATPRO radiometers at Paranal (u), APEX's radiometer (u).
	{Paranal, PWV, Source{Table: "asm.lhatpros_paranal", Column: "pwv0", Unit: "mm", Scale: 1, HasValid: true, Instrument: "LHATPRO"}}, // (u)
	{APEX, PWV, Source{Table: "asm.meteo_apex", Column: "pwv", Unit: "mm", Scale: 1, HasValid: true, Instrument: "APEX radiometer"}},   // (u)
	// Meteo masts.
	{Paranal, Wind, Source{Table: "asm.meteo_paranal", Column: "wind_speed_10m", Unit: "m.s**(-1)", Scale: 1, HasValid: true, Instrument: "meteo mast 10 m"}},
	{LaSilla, Wind, Source{Table: "asm.meteo_lasilla", Column: "wind_speed_10m", Unit: "m.s**(-1)", Scale: 1, HasValid: true, Instrument: "meteo mast 10 m"}},
	{APEX, Wind, Source{Table: "asm.meteo_apex", Column: "wind_speed", Unit: "m.s**(-1)", Scale: 1, HasValid: true, Instrument: "APEX weather station"}}, // (u)
	{Paranal, Humidity, Source{Table: "asm.meteo_paranal", Column: "rhum_2m", Unit: "%", Scale: 1, HasValid: true, Instrument: "meteo mast 2 m"}},
	{LaSilla, Humidity, Source{Table: "asm.meteo_lasilla", Column: "rhum_2m", Unit: "%", Scale: 1, HasValid: true, Instrument: "meteo mast 2 m"}},
	{APEX, Humidity, Source{Table: "asm.meteo_apex", Column: "humidity", Unit: "%", Scale: 1, HasValid: true, Instrument: "APEX weather station"}}, // (u)
	{Paranal, Temperature, Source{Table: "asm.meteo_paranal", Column: "temp_2m", Unit: "Celsius", Scale: 1, HasValid: true, Instrument: "meteo mast 2 m"}},
	{LaSilla, Temperature, Source{Table: "asm.meteo_lasilla", Column: "temp_2m", Unit: "Celsius", Scale: 1, HasValid: true, Instrument: "meteo mast 2 m"}},
	{APEX, Temperature, Source{Table: "asm.meteo_apex", Column: "temperature", Unit: "Celsius", Scale: 1, HasValid: true, Instrument: "APEX weather station"}}, // (u)
	{Paranal, Pressure, Source{Table: "asm.meteo_paranal", Column: "press_0m", Unit: "hPa", Scale: 1, HasValid: true, Instrument: "meteo mast"}},
	{LaSilla, Pressure, Source{Table: "asm.meteo_lasilla", Column: "press_2m", Unit: "hPa", Scale: 1, HasValid: true, Instrument: "meteo mast 2 m"}},
	{APEX, Pressure, Source{Table: "asm.meteo_apex", Column: "pressure", Unit: "hPa", Scale: 1, HasValid: true, Instrument: "APEX weather station"}}, // (u)
}

// tableInfo are facts about a table rather than a column.
type tableInfo struct {
	// cadence is the nominal integration, used when a row's integration
	// is missing or NULL.
	cadence time.Duration
	// instrumentColumn names the column telling several instruments apart
	// (LHATPRO has up to three radiometers), "" when there is one.
	instrumentColumn string
}

var tables = map[string]tableInfo{
	"asm.dimm_paranal":               {cadence: time.Minute},
	"asm.historical_ambient_paranal": {cadence: time.Minute},
	"asm.ambient_lasilla":            {cadence: time.Minute},
	"asm.mass_paranal":               {cadence: time.Minute},
	"asm.lhatpros_paranal":           {cadence: time.Minute, instrumentColumn: "lhatpro_id"},
	"asm.meteo_paranal":              {cadence: time.Minute},
	"asm.meteo_lasilla":              {cadence: time.Minute},
	"asm.meteo_apex":                 {cadence: time.Minute},
}

func cadenceOf(table string) time.Duration {
	if t, ok := tables[table]; ok && t.cadence > 0 {
		return t.cadence
	}
	return time.Minute
}

// Sources returns the sources of q at site whose coverage meets [from, to),
// oldest first; none means the site does not measure q then. Zero from or
// to leave that side open.
func Sources(site Site, q Quantity, from, to time.Time) []Source {
	var out []Source
	for _, e := range catalogue {
		if e.site == site && e.q == q && e.src.covers(from, to) {
			out = append(out, e.src)
		}
	}
	return out
}

// measures reports whether site measures q at all.
func measures(site Site, q Quantity) bool {
	for _, e := range catalogue {
		if e.site == site && e.q == q {
			return true
		}
	}
	return false
}
