package conditions

import (
	"fmt"
	"strings"
)

// Quantity is one measured ambient condition.
type Quantity string

const (
	Seeing      Quantity = "seeing"
	Tau0        Quantity = "tau0"
	Theta0      Quantity = "theta0"
	PWV         Quantity = "pwv"
	Wind        Quantity = "wind"
	Humidity    Quantity = "humidity"
	Temperature Quantity = "temperature"
	Pressure    Quantity = "pressure"
)

// AllQuantities in display order.
var AllQuantities = []Quantity{Seeing, Tau0, Theta0, PWV, Wind, Humidity, Temperature, Pressure}

// DefaultQuantities are shown when the user asks for none.
var DefaultQuantities = []Quantity{Seeing, Tau0, PWV, Wind, Humidity}

// ParseQuantities reads a comma- or space-separated list ("seeing,tau0", or
// "all"); duplicates are dropped, the order given is kept.
func ParseQuantities(list string) ([]Quantity, error) {
	fields := strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == ';' || r == '\t' })
	if len(fields) == 0 {
		return nil, fmt.Errorf("no quantity given: choose from %s (or all)", quantityChoices())
	}
	var out []Quantity
	seen := map[Quantity]bool{}
	for _, f := range fields {
		k := strings.ToLower(f)
		if k == "all" {
			for _, q := range AllQuantities {
				if !seen[q] {
					seen[q] = true
					out = append(out, q)
				}
			}
			continue
		}
		q, ok := quantityAliases[k]
		if !ok {
			return nil, fmt.Errorf("unknown quantity %q: choose from %s (or all)", f, quantityChoices())
		}
		if !seen[q] {
			seen[q] = true
			out = append(out, q)
		}
	}
	return out, nil
}

// quantityAliases also takes the names ESO's own forms use.
var quantityAliases = map[string]Quantity{
	"seeing": Seeing, "fwhm": Seeing,
	"tau0": Tau0, "τ0": Tau0, "τ₀": Tau0,
	"theta0": Theta0, "tet0": Theta0, "θ0": Theta0, "θ₀": Theta0,
	"pwv":  PWV,
	"wind": Wind, "windspeed": Wind, "wind_speed": Wind,
	"humidity": Humidity, "rh": Humidity,
	"temperature": Temperature, "temp": Temperature,
	"pressure": Pressure, "press": Pressure,
}

func quantityChoices() string {
	n := make([]string, len(AllQuantities))
	for i, q := range AllQuantities {
		n[i] = string(q)
	}
	return strings.Join(n, ", ")
}

// Title is the quantity's display name.
func (q Quantity) Title() string {
	switch q {
	case Seeing:
		return "Seeing"
	case Tau0:
		return "Coherence time τ₀"
	case Theta0:
		return "Isoplanatic angle θ₀"
	case PWV:
		return "PWV"
	case Wind:
		return "Wind speed"
	case Humidity:
		return "Humidity"
	case Temperature:
		return "Temperature"
	case Pressure:
		return "Pressure"
	}
	return string(q)
}

// Unit is the display unit.
func (q Quantity) Unit() string {
	switch q {
	case Seeing, Theta0:
		return "″"
	case Tau0:
		return "ms"
	case PWV:
		return "mm"
	case Wind:
		return "m/s"
	case Humidity:
		return "%"
	case Temperature:
		return "°C"
	case Pressure:
		return "hPa"
	}
	return ""
}

// UnitASCII is the display unit spelled for CSV files.
func (q Quantity) UnitASCII() string {
	switch q {
	case Seeing, Theta0:
		return "arcsec"
	case Temperature:
		return "Celsius"
	}
	return q.Unit()
}

// order is q's position in AllQuantities (for sorting).
func (q Quantity) order() int {
	for i, a := range AllQuantities {
		if a == q {
			return i
		}
	}
	return len(AllQuantities)
}
