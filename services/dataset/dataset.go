// Package dataset turns CalSelector answers into datasets — one science
// frame with the siblings and calibrations it needs — and plans their
// download in the layout ESO's web request uses (data_with_raw_calibs/ or
// data_with_processed_calibs/), every shared file once.
package dataset

import (
	"strings"

	"esodesk/services/calselector"
)

// File is one file of a dataset.
type File struct {
	DPID     string // archive id, e.g. FORS2.2020-12-26T08:54:31.688 or M.MUSE.2023-07-03T08:23:16.436
	Category string // eso_category, e.g. MASTER_BIAS; "" when not given
	URL      string // where to download it (dataPortal)
	Size     int64  // bytes; -1 when unknown
	Type     string // content_type, e.g. application/fits
}

// Group is the calibration files of one category.
type Group struct {
	Category string
	Files    []File
	Size     int64 // sum of the known sizes
	Unknown  int   // files of unknown size
}

// Dataset is one science frame with everything CalSelector associated.
type Dataset struct {
	Science File
	// Siblings are science frames the service added because they are
	// processed together with Science (same observation/template).
	Siblings      []File
	SiblingReason string // why they were added, for the user
	Calibrations  []File

	RequestedMode calselector.Mode
	ExecutedMode  string // what the service did: Raw2Raw or Raw2Master ("" unknown)
	Complete      *bool  // nil: not stated
	Certified     *bool
	Messages      []string // the service's messages (e.g. "Missing MASTER_SKY_FLAT_IMG")
	Errors        []string // rows with an error_message, and request errors for this frame

	// TreeURL is the ASSOCIATION_TREE (XML cascade) of this dataset; Tree is
	// it parsed, once fetched (nil before).
	TreeURL string
	Tree    *calselector.Association
}

// Mode is the mode of the dataset's files: the one CalSelector executed,
// else (not stated) the one asked for; "" when neither is known.
func (d *Dataset) Mode() calselector.Mode {
	for _, m := range []calselector.Mode{calselector.Raw2Raw, calselector.Raw2Master} {
		if strings.EqualFold(d.ExecutedMode, string(m)) {
			return m
		}
	}
	return d.RequestedMode
}

// Downgraded reports a Raw2Master request answered with raw calibrations.
func (d *Dataset) Downgraded() bool {
	return d.RequestedMode == calselector.Raw2Master && d.ExecutedMode != "" &&
		!strings.EqualFold(d.ExecutedMode, string(calselector.Raw2Master))
}
