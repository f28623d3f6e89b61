package spectractl

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"esodesk/app/tapctl"
	"esodesk/services/coords"
	"esodesk/services/ssap"
)

// Form is the search form as typed: the view hands its entries' text over
// unchanged, Parse decides what it means.
type Form struct {
	Target     string
	Radius     string
	RadiusUnit string // ssap.Arcsec, ssap.Arcmin or ssap.Degree
	BandMin    string // nm, may be empty
	BandMax    string // nm, may be empty
	Collection string
	MaxRec     string // may be empty: the service's default
}

// Request is a checked form: the target to resolve and the SSAP query to
// send around it (its Pos is filled in once the target is resolved).
type Request struct {
	Target string
	Query  ssap.Query
}

// Parse checks the form; its errors are sentences for the status line
// ("Cannot search: " + err + ".").
func (f Form) Parse() (Request, error) {
	var r Request
	r.Target = strings.TrimSpace(f.Target)
	if r.Target == "" {
		return r, errors.New("type a target name (e.g. HD 100546) or coordinates (e.g. " + coords.Example + ")")
	}
	radius, ok := positive(f.Radius)
	if !ok {
		return r, fmt.Errorf("the radius %q is not a number above 0", f.Radius)
	}
	var err error
	if r.Query.Size, err = ssap.Diameter(radius, f.RadiusUnit); err != nil {
		return r, err
	}
	for _, b := range []struct {
		text string
		dst  *float64
	}{{f.BandMin, &r.Query.Band.Min}, {f.BandMax, &r.Query.Band.Max}} {
		if s := strings.TrimSpace(b.text); s != "" {
			nm, ok := positive(s)
			if !ok {
				return r, fmt.Errorf("the wavelength %q is not a number of nanometres above 0", s)
			}
			*b.dst = nm * 1e-9
		}
	}
	if band := r.Query.Band; band.Min > 0 && band.Max > 0 && band.Min >= band.Max {
		return r, errors.New("the wavelength range is empty: 'from' must be below 'to'")
	}
	if r.Query.MaxRec, err = tapctl.ParseMaxRec(f.MaxRec); err != nil {
		return r, err
	}
	if c := strings.TrimSpace(f.Collection); c != "" {
		r.Query.Extra = url.Values{"COLLECTION": {c}}
	}
	return r, nil
}

// positive reads s as a number above 0.
func positive(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return v, err == nil && v > 0
}
