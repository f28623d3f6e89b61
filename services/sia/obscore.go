package sia

import (
	"math"
	"strconv"
	"strings"

	"esodesk/services/votable"
)

// Record is one ObsCore row. Numbers a row lacks are NaN (CalibLevel and
// AccessEstSize: -1); strings "".
type Record struct {
	PublisherDID, ObsID     string
	DataProductType         string // image, cube, ...
	CalibLevel              int
	Collection, Target      string
	RA, Dec, FOV            float64 // degrees
	Region                  string  // s_region as sent (DALI/STC-S polygon)
	EmMin, EmMax            float64 // metres
	TMin, TMax              float64 // MJD
	ExpTime                 float64 // seconds
	AccessURL, AccessFormat string
	AccessEstSize           int64 // kB, as ObsCore gives it
	Instrument, Facility    string
}

// Columns holds, for each Record field, the index of its table column or -1.
type Columns struct {
	PublisherDID, ObsID, DataProductType, CalibLevel, Collection, Target int
	RA, Dec, FOV, Region, EmMin, EmMax, TMin, TMax, ExpTime              int
	AccessURL, AccessFormat, AccessEstSize, Instrument, Facility         int
}

// obsRole is one ObsCore column: its standard name and utype (compared
// without the "obscore:" prefix, case-insensitively).
type obsRole struct {
	col         func(*Columns) *int
	name, utype string
}

var obsRoles = []obsRole{
	{func(c *Columns) *int { return &c.PublisherDID }, "obs_publisher_did", "curation.publisherdid"},
	{func(c *Columns) *int { return &c.ObsID }, "obs_id", "dataid.observationid"},
	{func(c *Columns) *int { return &c.DataProductType }, "dataproduct_type", "obsdataset.dataproducttype"},
	{func(c *Columns) *int { return &c.CalibLevel }, "calib_level", "obsdataset.caliblevel"},
	{func(c *Columns) *int { return &c.Collection }, "obs_collection", "dataid.collection"},
	{func(c *Columns) *int { return &c.Target }, "target_name", "target.name"},
	{func(c *Columns) *int { return &c.RA }, "s_ra", "char.spatialaxis.coverage.location.coord.position2d.value2.c1"},
	{func(c *Columns) *int { return &c.Dec }, "s_dec", "char.spatialaxis.coverage.location.coord.position2d.value2.c2"},
	{func(c *Columns) *int { return &c.FOV }, "s_fov", "char.spatialaxis.coverage.bounds.extent.diameter"},
	{func(c *Columns) *int { return &c.Region }, "s_region", "char.spatialaxis.coverage.support.area"},
	{func(c *Columns) *int { return &c.EmMin }, "em_min", "char.spectralaxis.coverage.bounds.limits.lolimit"},
	{func(c *Columns) *int { return &c.EmMax }, "em_max", "char.spectralaxis.coverage.bounds.limits.hilimit"},
	{func(c *Columns) *int { return &c.TMin }, "t_min", "char.timeaxis.coverage.bounds.limits.starttime"},
	{func(c *Columns) *int { return &c.TMax }, "t_max", "char.timeaxis.coverage.bounds.limits.stoptime"},
	{func(c *Columns) *int { return &c.ExpTime }, "t_exptime", "char.timeaxis.coverage.support.extent"},
	{func(c *Columns) *int { return &c.AccessURL }, "access_url", "access.reference"},
	{func(c *Columns) *int { return &c.AccessFormat }, "access_format", "access.format"},
	{func(c *Columns) *int { return &c.AccessEstSize }, "access_estsize", "access.size"},
	{func(c *Columns) *int { return &c.Instrument }, "instrument_name", "provenance.obsconfig.instrument.name"},
	{func(c *Columns) *int { return &c.Facility }, "facility_name", "provenance.obsconfig.facility.name"},
}

func normUtype(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	if i := strings.LastIndexByte(u, ':'); i >= 0 {
		u = u[i+1:]
	}
	return u
}

// FindColumns finds the ObsCore columns of t: by name first (ObsCore names
// are fixed and services keep them), then by utype for services that
// rename columns.
func FindColumns(t *votable.Table) Columns {
	var c Columns
	used := make([]bool, len(t.Fields))
	for _, r := range obsRoles {
		*r.col(&c) = -1
		for i, f := range t.Fields {
			if !used[i] && strings.EqualFold(strings.TrimSpace(f.Name), r.name) {
				*r.col(&c), used[i] = i, true
				break
			}
		}
	}
	for _, r := range obsRoles {
		if *r.col(&c) >= 0 {
			continue
		}
		for i, f := range t.Fields {
			if !used[i] && normUtype(f.Utype) == r.utype {
				*r.col(&c), used[i] = i, true
				break
			}
		}
	}
	return c
}

func records(t *votable.Table, c Columns) []Record {
	n := t.NumRows()
	out := make([]Record, n)
	str := func(col, row int) string {
		if col < 0 || t.Columns[col].IsNull(row) {
			return ""
		}
		return strings.TrimSpace(t.Columns[col].String(row))
	}
	flt := func(col, row int) float64 {
		if col < 0 {
			return math.NaN()
		}
		if v, ok := t.Columns[col].Float(row); ok {
			return v
		}
		// services that send numbers as text
		if v, err := strconv.ParseFloat(str(col, row), 64); err == nil {
			return v
		}
		return math.NaN()
	}
	integer := func(col, row int) int64 {
		v := flt(col, row)
		if math.IsNaN(v) {
			return -1
		}
		return int64(v)
	}
	for i := range out {
		out[i] = Record{
			PublisherDID: str(c.PublisherDID, i), ObsID: str(c.ObsID, i),
			DataProductType: str(c.DataProductType, i), CalibLevel: int(integer(c.CalibLevel, i)),
			Collection: str(c.Collection, i), Target: str(c.Target, i),
			RA: flt(c.RA, i), Dec: flt(c.Dec, i), FOV: flt(c.FOV, i), Region: str(c.Region, i),
			EmMin: flt(c.EmMin, i), EmMax: flt(c.EmMax, i), TMin: flt(c.TMin, i), TMax: flt(c.TMax, i),
			ExpTime: flt(c.ExpTime, i), AccessURL: str(c.AccessURL, i), AccessFormat: str(c.AccessFormat, i),
			AccessEstSize: integer(c.AccessEstSize, i), Instrument: str(c.Instrument, i), Facility: str(c.Facility, i),
		}
	}
	return out
}
