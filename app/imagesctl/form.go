package imagesctl

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"esodesk/app/tapctl"
	"esodesk/services/coords"
	"esodesk/services/sia"
	"esodesk/services/ssap"
)

// Product types the form offers.
const (
	AnyProduct = "images and cubes"
	ImagesOnly = "images"
	CubesOnly  = "cubes"
)

// ProductTypes are the choices of the form's product type.
var ProductTypes = []string{AnyProduct, ImagesOnly, CubesOnly}

// Form is the search form as typed; Parse decides what it means.
type Form struct {
	Target     string
	Radius     string
	RadiusUnit string // ssap.Arcsec, ssap.Arcmin or ssap.Degree
	BandMin    string // nm, may be empty
	BandMax    string // nm, may be empty
	DateFrom   string // YYYY-MM-DD, may be empty
	DateTo     string // YYYY-MM-DD, may be empty
	Collection string
	Product    string // one of ProductTypes ("" any)
	MaxRec     string // may be empty: the service's default
}

// Request is a checked form: the target to resolve, the cone radius, and
// the rest of the SIA query (its Pos is set once the target is resolved).
type Request struct {
	Target string
	Radius float64 // degrees
	Query  sia.Query
}

// Parse checks the form; its errors are sentences for the status line.
func (f Form) Parse() (Request, error) {
	var r Request
	r.Target = strings.TrimSpace(f.Target)
	if r.Target == "" {
		return r, errors.New("type a target name (e.g. NGC 3603) or coordinates (e.g. " + coords.Example + ")")
	}
	radius, ok := positive(f.Radius)
	if !ok {
		return r, fmt.Errorf("the radius %q is not a number above 0", f.Radius)
	}
	diameter, err := ssap.Diameter(radius, f.RadiusUnit)
	if err != nil {
		return r, err
	}
	r.Radius = diameter / 2
	if r.Radius > 10 {
		return r, errors.New("the radius is above 10°: image services answer such cones slowly or not at all; narrow it")
	}
	band := sia.Interval{Lo: math.Inf(-1), Hi: math.Inf(1)}
	for _, b := range []struct {
		text string
		dst  *float64
	}{{f.BandMin, &band.Lo}, {f.BandMax, &band.Hi}} {
		if s := strings.TrimSpace(b.text); s != "" {
			nm, ok := positive(s)
			if !ok {
				return r, fmt.Errorf("the wavelength %q is not a number of nanometres above 0", s)
			}
			*b.dst = nm * 1e-9
		}
	}
	if band.Lo >= band.Hi {
		return r, errors.New("the wavelength range is empty: 'from' must be below 'to'")
	}
	if !math.IsInf(band.Lo, 0) || !math.IsInf(band.Hi, 0) {
		r.Query.Band = []sia.Interval{band}
	}
	when := sia.Interval{Lo: math.Inf(-1), Hi: math.Inf(1)}
	for _, d := range []struct {
		text, what string
		dst        *float64
		end        bool
	}{{f.DateFrom, "from", &when.Lo, false}, {f.DateTo, "to", &when.Hi, true}} {
		s := strings.TrimSpace(d.text)
		if s == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return r, fmt.Errorf("the date %s %q is not a date like 2019-03-21", d.what, s)
		}
		if d.end {
			t = t.Add(24 * time.Hour) // the whole last day
		}
		*d.dst = mjd(t)
	}
	if when.Lo >= when.Hi {
		return r, errors.New("the date range is empty: 'from' must not be after 'to'")
	}
	if !math.IsInf(when.Lo, 0) || !math.IsInf(when.Hi, 0) {
		r.Query.Time = []sia.Interval{when}
	}
	if c := strings.TrimSpace(f.Collection); c != "" {
		r.Query.Collection = []string{c}
	}
	switch f.Product {
	case ImagesOnly:
		r.Query.DPType = []string{"image"}
	case CubesOnly:
		r.Query.DPType = []string{"cube"}
	}
	if r.Query.MaxRec, err = tapctl.ParseMaxRec(f.MaxRec); err != nil {
		return r, err
	}
	return r, nil
}

// mjd is t as a Modified Julian Date.
func mjd(t time.Time) float64 {
	return float64(t.Unix())/86400 + 40587
}

// positive reads s as a number above 0.
func positive(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return v, err == nil && v > 0 && !math.IsInf(v, 0)
}
