// Package lines holds the built-in spectral line lists (galaxy emission and
// absorption, nebular, stellar, telluric bands, sky lines), reads users' own
// lists from CSV, and converts between rest and observed wavelengths.
//
// Wavelengths are in metres. Each line has its vacuum and its air
// wavelength: the list stores the one its source quotes and computes the
// other with the IAU standard conversion (see VacuumToAir).
package lines

import (
	_ "embed"
	"fmt"
	"math"
	"strings"
)

// Line is one spectral line, or one band when Start < End.
type Line struct {
	Name   string  // "Hα", "[O III] 5007"
	Vacuum float64 // metres
	Air    float64 // metres
	Kind   string  // emission, absorption, sky, telluric
	// Start and End bound a band (telluric absorption), in vacuum metres;
	// both are 0 for a single line.
	Start, End float64
}

// IsBand reports whether l is a band rather than a single line.
func (l Line) IsBand() bool { return l.End > l.Start }

// List is a named line list.
type List struct {
	Name  string
	Lines []Line
}

//go:embed builtin.csv
var builtinCSV string

var builtin = mustParseBuiltin(builtinCSV)

// Builtin returns the built-in lists (a fresh copy the caller may change):
// galaxy emission, galaxy absorption, nebular, stellar, telluric, sky.
func Builtin() []List {
	out := make([]List, len(builtin))
	for i, l := range builtin {
		out[i] = List{Name: l.Name, Lines: append([]Line(nil), l.Lines...)}
	}
	return out
}

// VacuumToAir converts a vacuum wavelength (metres) to air with the IAU
// standard (Morton 1991, ApJS 77, 119, eq. 3, from Edlén 1953, as adopted
// by the IAU and used by SDSS and NIST):
//
//	air = vac / (1 + 2.735182e-4 + 131.4182/σ² + 2.76249e8/σ⁴),  σ = vac in Å
//
// By the same convention wavelengths below 2000 Å are quoted in vacuum, so
// they are returned unchanged.
func VacuumToAir(vac float64) float64 {
	a := vac * 1e10
	if a < 2000 {
		return vac
	}
	return vac / airIndex(a)
}

func airIndex(vacA float64) float64 {
	s2 := vacA * vacA
	return 1 + 2.735182e-4 + 131.4182/s2 + 2.76249e8/(s2*s2)
}

// AirToVacuum inverts VacuumToAir (to well below 1e-8 Å by fixed-point
// iteration: the refractive index changes slowly with wavelength).
func AirToVacuum(air float64) float64 {
	if air*1e10 < 2000 {
		return air
	}
	vac := air
	for i := 0; i < 10; i++ {
		vac = air * airIndex(vac*1e10)
	}
	return vac
}

// Observed is the wavelength at which a line of rest wavelength rest is
// seen at redshift z.
func Observed(rest, z float64) float64 { return rest * (1 + z) }

// Redshift is the z that moves rest to observed.
func Redshift(observed, rest float64) float64 { return observed/rest - 1 }

// speedOfLight in km/s (exact, SI).
const speedOfLight = 299792.458

// VelocityToZ converts a line-of-sight velocity (km/s) to a redshift with
// the relativistic Doppler formula 1+z = sqrt((1+β)/(1-β)), β = v/c.
// It returns NaN for |v| >= c.
func VelocityToZ(v float64) float64 {
	b := v / speedOfLight
	if math.Abs(b) >= 1 {
		return math.NaN()
	}
	return math.Sqrt((1+b)/(1-b)) - 1
}

// ZToVelocity inverts VelocityToZ (relativistic): v = c((1+z)²-1)/((1+z)²+1).
// It returns NaN for z <= -1.
func ZToVelocity(z float64) float64 {
	if z <= -1 {
		return math.NaN()
	}
	q := (1 + z) * (1 + z)
	return speedOfLight * (q - 1) / (q + 1)
}

// mustParseBuiltin reads the embedded table; a broken table is a
// programming error caught by every test.
func mustParseBuiltin(text string) []List {
	rows, err := readRows(strings.NewReader(text))
	if err != nil {
		panic("lines: builtin.csv: " + err.Error())
	}
	col := map[string]int{}
	for i, h := range rows[0].fields {
		col[h] = i
	}
	var lists []List
	index := map[string]int{}
	for _, r := range rows[1:] {
		f := func(name string) string { return r.fields[col[name]] }
		num := func(name string) float64 {
			if f(name) == "" {
				return 0
			}
			v, err := parseNumber(f(name))
			if err != nil {
				panic(fmt.Sprintf("lines: builtin.csv line %d: %s: %v", r.line, name, err))
			}
			return v * 1e-10
		}
		vac, air, start, end := num("vacuum_A"), num("air_A"), num("start_A"), num("end_A")
		if (vac == 0) == (air == 0) {
			panic(fmt.Sprintf("lines: builtin.csv line %d: give exactly one of vacuum_A and air_A", r.line))
		}
		l := Line{Name: f("name"), Kind: f("kind"), Vacuum: vac, Air: air}
		if vac != 0 {
			l.Air = VacuumToAir(vac)
		} else {
			l.Vacuum = AirToVacuum(air)
			if start != 0 {
				start, end = AirToVacuum(start), AirToVacuum(end)
			}
		}
		l.Start, l.End = start, end
		i, ok := index[f("list")]
		if !ok {
			i = len(lists)
			index[f("list")] = i
			lists = append(lists, List{Name: f("list")})
		}
		lists[i].Lines = append(lists[i].Lines, l)
	}
	return lists
}
