package detailsctl

import (
	"fmt"
	"strings"

	"esodesk/internal/bytesize"
	"esodesk/services/datalink"
	"esodesk/services/download"
	"esodesk/services/votable"
)

// previewsOf are the document's preview images, titled by ESO's category
// and file name when it has them.
func previewsOf(ls *datalink.Links) []Preview {
	var out []Preview
	for _, l := range ls.Previews() {
		title := l.ESOOrigFile
		if title == "" {
			title = l.Description
		}
		if l.ESOCategory != "" {
			title = strings.TrimSpace(l.ESOCategory + " · " + title)
		}
		out = append(out, Preview{URL: l.AccessURL, Title: title})
	}
	return out
}

// noPreviewText says why the Preview tab is empty: a preview that is not
// an image is listed under Links; otherwise "" (the widget's own text).
func noPreviewText(ls *datalink.Links) string {
	for _, l := range ls.Rows {
		if l.IsA("#preview") && l.AccessURL != "" && !l.Failed() {
			return "No preview image for this row; its preview (" + l.ContentType + ") is listed under Links › Previews."
		}
	}
	return ""
}

// quickLookCandidate is the dataset's own FITS file, when it is small
// enough to fetch for a zscale quick look.
func quickLookCandidate(ls *datalink.Links) (datalink.Link, bool) {
	for _, l := range ls.Rows {
		ct := strings.ToLower(l.ContentType)
		if l.IsA("#this") && !l.Failed() && l.AccessURL != "" && strings.Contains(ct, "fits") &&
			l.ContentLength <= QuickLookMax {
			return l, true
		}
	}
	return datalink.Link{}, false
}

// quickLookLabel is the Quick look button's text for l.
func quickLookLabel(l datalink.Link) string {
	return "Quick look (FITS, " + bytesize.Text(l.ContentLength, l.LengthEstimated) + ")"
}

// rowIsOneDimensional says the row's ObsCore dataproduct_type is a spectrum
// or a time series: no image to look at.
func rowIsOneDimensional(t *votable.Table, row int) bool {
	if t == nil || row < 0 || row >= t.NumRows() {
		return false
	}
	i := t.FieldIndex("dataproduct_type")
	if i < 0 || t.Columns[i].IsNull(row) {
		return false
	}
	switch strings.TrimSpace(t.Columns[i].String(row)) {
	case "spectrum", "timeseries", "sed", "event":
		return true
	}
	return false
}

// rowLabels name rows for the gallery: their identifier or title.
func rowLabels(t *votable.Table, rows []int) []string {
	col := -1
	for _, name := range []string{"dp_id", "obs_title", "target_name", "archive_id", "obs_publisher_did"} {
		if t == nil {
			break
		}
		if col = t.FieldIndex(name); col >= 0 {
			break
		}
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("row %d", r+1)
		if col >= 0 && !t.Columns[col].IsNull(r) {
			out[i] = t.Columns[col].String(r)
		}
	}
	return out
}

// linkJobs are the downloads of the links' files (ESO's need the token).
func linkJobs(links []datalink.Link) []download.Job {
	var jobs []download.Job
	for _, l := range links {
		if l.AccessURL == "" {
			continue
		}
		j := download.Job{URL: l.AccessURL, NeedsToken: true}
		if l.ContentLength > 0 && !l.LengthEstimated { // the queue holds the server to it
			j.Size = l.ContentLength
		}
		jobs = append(jobs, j)
	}
	return jobs
}
