package ssap

import (
	"strings"

	"esodesk/services/votable"
)

// Columns holds, for each Record field, the index of the table column it is
// read from, or -1.
type Columns struct {
	Title, Target                       int
	Pos, RA, Dec                        int // Pos: a 2-element array; RA/Dec: separate columns
	SpecMin, SpecMax, SpecMid, SpecExt  int
	SpecRes, ResPower, SNR              int
	Collection, Publisher, Instrument   int
	AccessURL, Format, Size             int
	DataLink                            int
	PublisherDID, CreatorDID, DatasetID int
	ProductID                           int // a service's own short id (ESO dp_id)
	Time, TimeStart, TimeStop, ExpTime  int
}

// A role is one Record field and how to recognise its column: SSA utypes
// first (compared without namespace prefix, case-insensitively), then UCDs
// (exact, case-insensitive), and as a last resort column names that
// ESO's dbo.ssa / ObsCore use: ESO's TAP_SCHEMA publishes no utypes for
// dbo.ssa, so the names keep ESO readable if its VOTable carries none.
type role struct {
	col    func(*Columns) *int
	utypes []string
	ucds   []string
	names  []string
	// is recognises the column by other means (the DataLink LINK).
	is func(votable.Field) bool
	// ok may reject a candidate (e.g. a scalar where an array is needed).
	ok func(votable.Field) bool
}

func isArray2(f votable.Field) bool {
	a := strings.TrimSpace(f.Arraysize)
	return a == "2" || a == "2*" || a == "*" || strings.EqualFold(f.Xtype, "point")
}

// isScalar accepts one number per row (or text holding one).
func isScalar(f votable.Field) bool {
	a := strings.TrimSpace(f.Arraysize)
	return a == "" || a == "1" || f.Datatype == "char" || f.Datatype == "unicodeChar"
}

func isDataLinkField(f votable.Field) bool {
	for _, l := range f.Links {
		if strings.Contains(strings.ToLower(l.ContentType), "content=datalink") {
			return true
		}
	}
	return false
}

func notDataLink(f votable.Field) bool { return !isDataLinkField(f) }

var roles = []role{
	{col: func(c *Columns) *int { return &c.Title }, utypes: []string{"dataid.title"}, ucds: []string{"meta.title;meta.dataset", "meta.title"}, names: []string{"dataset_title", "obs_title"}},
	{col: func(c *Columns) *int { return &c.Target }, utypes: []string{"target.name"}, ucds: []string{"meta.id;src"}, names: []string{"targetname", "target_name", "object"}},
	{col: func(c *Columns) *int { return &c.Pos }, utypes: []string{"char.spatialaxis.coverage.location.value", "target.pos"}, ucds: []string{"pos.eq", "pos.eq;meta.main"}, names: []string{"positionj2000"}, ok: isArray2},
	{col: func(c *Columns) *int { return &c.RA }, utypes: []string{"char.spatialaxis.coverage.location.value.c1"}, ucds: []string{"pos.eq.ra;meta.main", "pos.eq.ra"}, names: []string{"s_ra", "ra"}, ok: isScalar},
	{col: func(c *Columns) *int { return &c.Dec }, utypes: []string{"char.spatialaxis.coverage.location.value.c2"}, ucds: []string{"pos.eq.dec;meta.main", "pos.eq.dec"}, names: []string{"s_dec", "dec"}, ok: isScalar},
	{col: func(c *Columns) *int { return &c.SpecMin }, utypes: []string{"char.spectralaxis.coverage.bounds.start"}, ucds: []string{"em.wl;stat.min"}, names: []string{"em_min"}},
	{col: func(c *Columns) *int { return &c.SpecMax }, utypes: []string{"char.spectralaxis.coverage.bounds.stop"}, ucds: []string{"em.wl;stat.max"}, names: []string{"em_max"}},
	{col: func(c *Columns) *int { return &c.SpecMid }, utypes: []string{"char.spectralaxis.coverage.location.value"}, ucds: []string{"em.wl;instr.bandpass", "em.wl;meta.main", "em.wl.central"}, names: []string{"em_val"}},
	{col: func(c *Columns) *int { return &c.SpecExt }, utypes: []string{"char.spectralaxis.coverage.bounds.extent"}, ucds: []string{"em.wl;instr.bandwidth", "instr.bandwidth"}, names: []string{"em_bw"}},
	{col: func(c *Columns) *int { return &c.SpecRes }, utypes: []string{"char.spectralaxis.resolution"}, ucds: []string{"spect.resolution;em.wl"}},
	{col: func(c *Columns) *int { return &c.ResPower }, utypes: []string{"char.spectralaxis.respower"}, ucds: []string{"spect.resolution"}, names: []string{"specrp", "em_res_power"}},
	{col: func(c *Columns) *int { return &c.SNR }, utypes: []string{"derived.snr"}, ucds: []string{"stat.snr"}, names: []string{"snr"}},
	{col: func(c *Columns) *int { return &c.Collection }, utypes: []string{"dataid.collection"}, names: []string{"collection", "obs_collection"}},
	{col: func(c *Columns) *int { return &c.Publisher }, utypes: []string{"curation.publisher"}, ucds: []string{"meta.curation"}, names: []string{"publisher"}},
	{col: func(c *Columns) *int { return &c.Instrument }, utypes: []string{"dataid.instrument"}, ucds: []string{"meta.id;instr", "instr.setup"}, names: []string{"instrument_name", "instrument"}},
	{col: func(c *Columns) *int { return &c.AccessURL }, utypes: []string{"access.reference"}, ucds: []string{"meta.ref.url;meta.dataset", "meta.ref.url"}, names: []string{"access_url"}, ok: notDataLink},
	{col: func(c *Columns) *int { return &c.Format }, utypes: []string{"access.format"}, ucds: []string{"meta.code.mime"}, names: []string{"format", "access_format"}},
	{col: func(c *Columns) *int { return &c.Size }, utypes: []string{"access.size"}, ucds: []string{"phys.size;meta.file"}, names: []string{"access_estsize"}},
	{col: func(c *Columns) *int { return &c.DataLink }, is: isDataLinkField, names: []string{"datalink_url", "datalink"}},
	{col: func(c *Columns) *int { return &c.PublisherDID }, utypes: []string{"curation.publisherdid"}, ucds: []string{"meta.ref.ivoid;meta.curation", "meta.ref.uri;meta.curation", "meta.ref.url;meta.curation"}, names: []string{"pubdid", "obs_publisher_did"}},
	{col: func(c *Columns) *int { return &c.CreatorDID }, utypes: []string{"dataid.creatordid"}, names: []string{"creatordid", "obs_creator_did"}},
	{col: func(c *Columns) *int { return &c.DatasetID }, utypes: []string{"dataid.datasetid"}, ucds: []string{"meta.id;meta.dataset"}},
	{col: func(c *Columns) *int { return &c.ProductID }, names: []string{"dp_id"}},
	{col: func(c *Columns) *int { return &c.Time }, utypes: []string{"char.timeaxis.coverage.location.value"}, ucds: []string{"time.epoch", "time.epoch;obs"}, names: []string{"t_mid"}},
	{col: func(c *Columns) *int { return &c.TimeStart }, utypes: []string{"char.timeaxis.coverage.bounds.start"}, ucds: []string{"time.start;obs.exposure", "time.start"}, names: []string{"t_min"}},
	{col: func(c *Columns) *int { return &c.TimeStop }, utypes: []string{"char.timeaxis.coverage.bounds.stop"}, ucds: []string{"time.end;obs.exposure", "time.end"}, names: []string{"t_max"}},
	{col: func(c *Columns) *int { return &c.ExpTime }, utypes: []string{"char.timeaxis.coverage.bounds.extent", "char.timeaxis.coverage.support.extent"}, ucds: []string{"time.duration;obs.exposure", "time.duration"}, names: []string{"t_exptime"}},
}

// normUtype lower-cases a utype and drops its namespace prefix ("ssa:",
// "spec:") and a leading "spectrum." / "dataset." model root, so
// "ssa:Access.Reference", "Access.Reference" and
// "spec:Spectrum.Access.Reference" compare equal.
func normUtype(u string) string {
	u = strings.ToLower(strings.TrimSpace(u))
	if i := strings.LastIndexByte(u, ':'); i >= 0 {
		u = u[i+1:]
	}
	u = strings.TrimPrefix(u, "spectrum.")
	return u
}

// FindColumns assigns table columns to Record fields. Each column feeds at
// most one field. All fields are first matched by utype, then by UCD, then by
// name; within a pass, earlier entries of a role's list win.
func FindColumns(t *votable.Table) Columns {
	var c Columns
	for _, r := range roles {
		*r.col(&c) = -1
	}
	used := make([]bool, len(t.Fields))
	take := func(r role, i int) {
		*r.col(&c) = i
		used[i] = true
	}
	// pass tries, for every role still open, its keys in order against
	// every free column's key.
	pass := func(keys func(role) []string, key func(votable.Field) string) {
		for _, r := range roles {
			if *r.col(&c) >= 0 {
				continue
			}
		search:
			for _, want := range keys(r) {
				for i, f := range t.Fields {
					if !used[i] && (r.ok == nil || r.ok(f)) && key(f) == want {
						take(r, i)
						break search
					}
				}
			}
		}
	}
	pass(func(r role) []string { return r.utypes }, func(f votable.Field) string { return normUtype(f.Utype) })
	for _, r := range roles {
		if r.is == nil || *r.col(&c) >= 0 {
			continue
		}
		for i, f := range t.Fields {
			if !used[i] && r.is(f) {
				take(r, i)
				break
			}
		}
	}
	pass(func(r role) []string { return r.ucds }, func(f votable.Field) string { return strings.ToLower(strings.TrimSpace(f.UCD)) })
	pass(func(r role) []string { return r.names }, func(f votable.Field) string { return strings.ToLower(strings.TrimSpace(f.Name)) })
	return c
}
