package datasetview

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"esodesk/internal/fixtures"
	"esodesk/services/calselector"
	"esodesk/services/dataset"
)

const (
	treeFixture = "astroquery_eso/FORS2.2021-01-02T00_59_12.533_raw2raw.xml"
	fors2ID     = "FORS2.2021-01-02T00:59:12.533"
	portal      = "http://127.0.0.1:8089/dataPortal/file"
)

func realTree(t *testing.T) *calselector.Association {
	t.Helper()
	a, err := calselector.ParseTree(fixtures.Open(t, treeFixture))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// sized gives every calibration a size that depends on its category, so
// that the groups' sums differ; the last file stays of unknown size.
func sized(d *dataset.Dataset) {
	for i := range d.Calibrations {
		d.Calibrations[i].Size = int64(100_000 * (1 + len(d.Calibrations[i].Category)))
	}
	if n := len(d.Calibrations); n > 0 {
		d.Calibrations[n-1].Size = -1
	}
}

func bools(b bool) *bool { return &b }

// variants are datasets built on the real FORS2 tree, each with one
// condition the view must show.
type variants struct {
	ok, incomplete, downgraded, extended, failed, lazy *dataset.Dataset
}

func newVariants(t *testing.T) variants {
	t.Helper()
	mk := func(id string, mode calselector.Mode) *dataset.Dataset {
		// The tree names its science frame; other ids stand for more
		// frames of the same kind.
		d := dataset.FromTree(fors2ID, realTree(t), mode, portal)
		d.Science.DPID = id
		sized(d)
		return d
	}
	var v variants
	v.ok = mk(fors2ID, calselector.Raw2Raw)
	v.ok.Siblings = []dataset.File{
		{DPID: "FORS2.2021-01-02T01:01:40.101", Category: "SCIENCE_IMG", Size: 4_000_000},
		{DPID: "FORS2.2021-01-02T01:04:07.202", Category: "SCIENCE_IMG", Size: -1},
	}
	v.ok.SiblingReason = "they belong to the same observation template and are reduced together"

	v.incomplete = mk("FORS2.2021-01-02T02:00:00.001", calselector.Raw2Raw)
	v.incomplete.Complete, v.incomplete.Certified = bools(false), bools(false)
	v.incomplete.Messages = []string{"Missing MASTER_SKY_FLAT_IMG", "No STANDARD_IMG within 7 days"}

	v.downgraded = mk("FORS2.2021-01-02T03:00:00.002", calselector.Raw2Master)
	v.downgraded.ExecutedMode = string(calselector.Raw2Raw)

	tree := realTree(t)
	tree.Associated[0].Match = "extended"
	v.extended = dataset.FromTree(fors2ID, tree, calselector.Raw2Raw, portal)
	v.extended.Science.DPID = "FORS2.2021-01-02T04:00:00.003"

	v.failed = &dataset.Dataset{Science: dataset.File{DPID: "FORS2.2021-01-02T05:00:00.004", Size: -1},
		RequestedMode: calselector.Raw2Raw,
		Errors:        []string{"CalSelector answered HTTP 500 for this frame: server trouble, associate again later"}}

	v.lazy = mk("FORS2.2021-01-02T06:00:00.005", calselector.Raw2Raw)
	v.lazy.Tree = nil
	v.lazy.TreeURL = "http://127.0.0.1:8089/calselector/tree.xml"
	return v
}

func (v variants) all() []*dataset.Dataset {
	return []*dataset.Dataset{v.ok, v.incomplete, v.downgraded, v.extended, v.failed, v.lazy}
}

func newView(t *testing.T) (*View, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	v := New(nil)
	w := test.NewTempWindow(t, v)
	v.win = w
	w.Resize(fyne.NewSize(1200, 700))
	return v, w
}
