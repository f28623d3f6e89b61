package spectractl

import (
	"math"
	"strconv"

	"esodesk/services/ssap"
	"esodesk/services/votable"
)

// summary turns SSAP records into the table the Spectra tab shows:
// the columns an astronomer picks spectra by, first, in the same units
// whatever the service (ESO's SSAP and DaCHS's name and order columns
// differently). Row i is record i. The service's own columns stay one
// click away in the TAP tab.
func summary(recs []ssap.Record) *votable.Table {
	fields := []votable.Field{
		{Name: "title", Datatype: "char", Arraysize: "*", UCD: "meta.title", Description: "Dataset title"},
		{Name: "target", Datatype: "char", Arraysize: "*", UCD: "meta.id;src", Description: "Target name"},
		{Name: "instrument", Datatype: "char", Arraysize: "*", UCD: "meta.id;instr", Description: "Instrument or collection"},
		{Name: "wl_min", Datatype: "double", Unit: "nm", UCD: "em.wl;stat.min", Description: "Shortest wavelength"},
		{Name: "wl_max", Datatype: "double", Unit: "nm", UCD: "em.wl;stat.max", Description: "Longest wavelength"},
		{Name: "R", Datatype: "double", UCD: "spect.resolution", Description: "Resolving power λ/Δλ"},
		{Name: "snr", Datatype: "double", UCD: "stat.snr", Description: "Signal-to-noise ratio"},
		{Name: "date_obs", Datatype: "char", Arraysize: "*", UCD: "time.epoch", Description: "Observation date (UTC)"},
		{Name: "exptime", Datatype: "double", Unit: "s", UCD: "time.duration;obs.exposure", Description: "Exposure time"},
		{Name: "size", Datatype: "double", Unit: "MB", UCD: "phys.size;meta.file", Description: "Estimated file size"},
		{Name: "format", Datatype: "char", Arraysize: "*", UCD: "meta.code.mime", Description: "File format"},
		{Name: "id", Datatype: "char", Arraysize: "*", UCD: "meta.id;meta.dataset", Description: "Dataset identifier (ESO dp_id where known)"},
		{Name: "access_url", Datatype: "char", Arraysize: "*", UCD: "meta.ref.url", Description: "Where the file is downloaded from"},
	}
	b := votable.NewTable(fields)
	for _, r := range recs {
		inst := r.Instrument
		if inst == "" {
			inst = r.Collection
		}
		date := ""
		if t := r.Time(); !t.IsZero() {
			date = t.Format("2006-01-02T15:04:05")
		}
		size := math.NaN()
		if r.Size >= 0 {
			size = float64(r.Size) / 1e6
		}
		b.AppendRow([]string{
			r.Title, r.Target, inst,
			num(r.SpecMin*1e9, 2), num(r.SpecMax*1e9, 2), num(r.ResPower, 0), num(r.SNR, 1),
			date, num(r.ExpTime, 1), num(size, 2), r.Format, r.ID, r.AccessURL,
		})
	}
	return b.Build()
}

// num writes v with the given decimals; NaN is an empty (null) cell.
func num(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// RecordLinks are the SSAP records' DataLink URLs, by summary-table row
// (what the details pane asks for the selected row).
type RecordLinks []ssap.Record

// Available reports whether any record has a DataLink.
func (r RecordLinks) Available() bool {
	for _, rec := range r {
		if rec.DataLinkURL != "" {
			return true
		}
	}
	return false
}

// How says where the links come from.
func (r RecordLinks) How() string { return "SSAP answer's DataLink" }

// URL is row's DataLink request, "" if none.
func (r RecordLinks) URL(row int) string {
	if row < 0 || row >= len(r) {
		return ""
	}
	return r[row].DataLinkURL
}
