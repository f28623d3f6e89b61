package dataset

import (
	"sort"
)

// Extended reports a calibration matched outside the calibration plan's
// bounds (match="extended"); only the tree tells, so false before
// AttachTree.
func (d *Dataset) Extended() bool { return d.Tree != nil && d.Tree.Extended() }

// Incomplete reports missing calibration files: from the service's flags,
// else from the tree.
func (d *Dataset) Incomplete() bool {
	if d.Complete != nil {
		return !*d.Complete
	}
	return d.Tree != nil && d.Tree.Incomplete()
}

// Uncertified reports calibrations not yet certified (associating again
// later may give better ones): from the flags, else from the tree.
func (d *Dataset) Uncertified() bool {
	if d.Certified != nil {
		return !*d.Certified
	}
	return d.Tree != nil && d.Tree.Uncertified()
}

// Groups are the calibrations by category, sorted by category.
func (d *Dataset) Groups() []Group {
	byCat := map[string]*Group{}
	for _, f := range d.Calibrations {
		g := byCat[f.Category]
		if g == nil {
			g = &Group{Category: f.Category}
			byCat[f.Category] = g
		}
		g.Files = append(g.Files, f)
		if f.Size >= 0 {
			g.Size += f.Size
		} else {
			g.Unknown++
		}
	}
	out := make([]Group, 0, len(byCat))
	for _, g := range byCat {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Category < out[j].Category })
	return out
}

// Files is the science frame, the siblings and the calibrations, in that order.
func (d *Dataset) Files() []File {
	out := make([]File, 0, 1+len(d.Siblings)+len(d.Calibrations))
	out = append(out, d.Science)
	out = append(out, d.Siblings...)
	return append(out, d.Calibrations...)
}

// Size sums the known sizes of all files; unknown counts the others.
func (d *Dataset) Size() (bytes int64, unknown int) {
	for _, f := range d.Files() {
		if f.Size >= 0 {
			bytes += f.Size
		} else {
			unknown++
		}
	}
	return bytes, unknown
}
