package samp

import (
	"strconv"
)

// MTypes esodesk sends or receives.
const (
	MTypeTableLoadVOTable  = "table.load.votable"
	MTypeTableLoadFITS     = "table.load.fits"
	MTypeTableHighlightRow = "table.highlight.row"
	MTypeTableSelectRows   = "table.select.rowList"
	MTypeSpectrumLoadSSA   = "spectrum.load.ssa-generic"
	MTypeImageLoadFITS     = "image.load.fits"
	MTypeCoordPointAtSky   = "coord.pointAt.sky"
	MTypeHubShutdown       = "samp.hub.event.shutdown"
	MTypeHubRegister       = "samp.hub.event.register"
	MTypeHubUnregister     = "samp.hub.event.unregister"
	MTypeHubMetadata       = "samp.hub.event.metadata"
	MTypeHubSubscriptions  = "samp.hub.event.subscriptions"
)

func withOptional(p map[string]any, key, v string) {
	if v != "" {
		p[key] = v
	}
}

// load is a *.load.* message: url, and the optional id and name.
func load(mtype, url, idKey, id, name string) Message {
	p := map[string]any{"url": url}
	withOptional(p, idKey, id)
	withOptional(p, "name", name)
	return Message{MType: mtype, Params: p}
}

// TableLoadVOTable loads the VOTable at url; tableID and name are optional.
func TableLoadVOTable(url, tableID, name string) Message {
	return load(MTypeTableLoadVOTable, url, "table-id", tableID, name)
}

// TableLoadFITS loads the FITS table at url.
func TableLoadFITS(url, tableID, name string) Message {
	return load(MTypeTableLoadFITS, url, "table-id", tableID, name)
}

// TableHighlightRow highlights row (0-based) of a table loaded before.
func TableHighlightRow(tableID, url string, row int) Message {
	return Message{MType: MTypeTableHighlightRow, Params: map[string]any{
		"table-id": tableID, "url": url, "row": strconv.Itoa(row)}}
}

// TableSelectRowList selects rows (0-based) of a table loaded before.
func TableSelectRowList(tableID, url string, rows []int) Message {
	l := make([]any, len(rows))
	for i, r := range rows {
		l[i] = strconv.Itoa(r)
	}
	return Message{MType: MTypeTableSelectRows, Params: map[string]any{
		"table-id": tableID, "url": url, "row-list": l}}
}

// SpectrumLoadSSA loads the spectrum at url; meta (SSA/UCD keys) is
// optional.
func SpectrumLoadSSA(url string, meta map[string]string, spectrumID, name string) Message {
	m := map[string]any{}
	for k, v := range meta {
		m[k] = v
	}
	p := map[string]any{"url": url, "meta": m}
	withOptional(p, "spectrum-id", spectrumID)
	withOptional(p, "name", name)
	return Message{MType: MTypeSpectrumLoadSSA, Params: p}
}

// ImageLoadFITS loads the FITS image at url.
func ImageLoadFITS(url, imageID, name string) Message {
	return load(MTypeImageLoadFITS, url, "image-id", imageID, name)
}

// CoordPointAtSky points at (ra, dec) in degrees, ICRS.
func CoordPointAtSky(ra, dec float64) Message {
	return Message{MType: MTypeCoordPointAtSky, Params: map[string]any{
		"ra": strconv.FormatFloat(ra, 'g', -1, 64), "dec": strconv.FormatFloat(dec, 'g', -1, 64)}}
}

// String returns a string parameter ("" when absent or not a string).
func (m Message) String(key string) string {
	s, _ := m.Params[key].(string)
	return s
}

// Int returns an integer parameter (SAMP sends them as strings).
func (m Message) Int(key string) (int, error) {
	return strconv.Atoi(m.String(key))
}

// Float returns a float parameter (SAMP sends them as strings).
func (m Message) Float(key string) (float64, error) {
	return strconv.ParseFloat(m.String(key), 64)
}
