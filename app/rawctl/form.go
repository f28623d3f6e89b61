package rawctl

import (
	"errors"
	"strconv"
	"strings"

	"esodesk/app/tapctl"
	"esodesk/services/coords"
)

// AnyCategory is the category choice that drops the condition.
const AnyCategory = "any"

// Categories are the category choices of the form, in order.
var Categories = []string{"SCIENCE", "CALIB", "ACQUISITION", "TECHNICAL", AnyCategory}

// Form is the search form as typed; empty fields do not filter.
type Form struct {
	Instrument string // a name, * and ? as wildcards; "" or "any": every instrument
	ProgID     string // 0102.D-0105(A), or 0102.D-0105 for every run
	NightFrom  string // YYYY-MM-DD
	NightTo    string
	Category   string // one of Categories
	Object     string // OBJECT keyword, * and ? as wildcards
	Position   string // coordinates or a name for Sesame; "": no cone
	Radius     string // arcminutes
	Type       string // dp_type, e.g. OBJECT
	Technique  string // dp_tech, e.g. IMAGE
	MaxRows    string // "": the service's default
}

// errRadius is the one complaint about the cone radius.
var errRadius = errors.New("the cone radius must be a number of arcminutes above 0")

// read turns the form into conditions without resolving names: a name in
// Position stands at 0, 0 until the search resolves it.
func (f Form) read() (query, error) {
	q := query{
		progID: f.ProgID, nightFrom: f.NightFrom, nightTo: f.NightTo,
		object: f.Object, dpType: f.Type, dpTech: f.Technique,
	}
	if s := strings.TrimSpace(f.Instrument); s != "" && !strings.EqualFold(s, "any") {
		q.instrument = strings.ToUpper(s)
	}
	if f.Category != AnyCategory {
		q.category = f.Category
	}
	var err error
	if q.maxrec, err = tapctl.ParseMaxRec(f.MaxRows); err != nil {
		return q, err
	}
	if strings.TrimSpace(f.Position) != "" {
		r, err := strconv.ParseFloat(strings.TrimSpace(f.Radius), 64)
		if err != nil || !(r > 0) {
			return q, errRadius
		}
		q.hasPos, q.radiusArcmin = true, r
		if ra, dec, err := coords.Parse(f.Position); err == nil {
			q.ra, q.dec = ra, dec
		}
	}
	return q, nil
}
