package dataset

import (
	"path/filepath"
	"strings"
	"testing"

	"esodesk/internal/fixtures"
	"esodesk/services/calselector"
)

// Two MUSE datasets built from the real answer share its 17 calibrations.
func TestPlanSharesCalibrations(t *testing.T) {
	a := FromLinks(parseLinks(t, museVariant(t, "MUSE.2018-06-05T01:06:59.418",
		`category="SCI" certified="true" complete="true" mode="Raw2Master" type="main" messages=""`, nil, ""))[0], calselector.Raw2Master)
	b := FromLinks(parseLinks(t, museVariant(t, "MUSE.2018-06-05T01:10:00.000",
		`category="SCI" certified="true" complete="true" mode="Raw2Master" type="main" messages=""`,
		[]string{"MUSE.2018-06-05T01:20:00.000"}, ""))[0], calselector.Raw2Master)
	dir := t.TempDir()
	p := MakePlan([]*Dataset{a, b}, PlanOptions{Dir: dir, Mode: calselector.Raw2Master, DataPortalURL: portal, NeedsToken: true})

	folder := filepath.Join(dir, "data_with_processed_calibs")
	if len(p.Folders) != 1 || p.Folders[0] != folder || p.Where() != folder || p.Downgraded != 0 || p.DowngradeNote() != "" {
		t.Errorf("folders %q, %d downgraded", p.Folders, p.Downgraded)
	}
	cals := len(a.Calibrations)
	if cals != 17 || len(b.Calibrations) != 17 {
		t.Fatalf("calibrations %d/%d", cals, len(b.Calibrations))
	}
	// a's science, b's science and sibling, the calibrations once.
	if p.Files != 3+cals || len(p.Jobs) != p.Files || p.Shared != cals || p.SharedCalibrations != cals {
		t.Errorf("files %d jobs %d shared %d/%d", p.Files, len(p.Jobs), p.Shared, p.SharedCalibrations)
	}
	sa, _ := a.Size()
	sb, _ := b.Size()
	var calSize int64
	for _, c := range a.Calibrations {
		calSize += c.Size
	}
	if p.Total != sa+sb-calSize || p.Unknown != 0 {
		t.Errorf("total %d unknown %d, want %d", p.Total, p.Unknown, sa+sb-calSize)
	}
	seen := map[string]bool{}
	var jobSum int64
	for _, j := range p.Jobs {
		if seen[j.URL] {
			t.Errorf("%s twice", j.URL)
		}
		seen[j.URL] = true
		jobSum += j.Size
		if j.Dir != folder || !j.NeedsToken || j.Name != "" {
			t.Errorf("job %+v", j)
		}
	}
	if jobSum != p.Total {
		t.Errorf("job sizes sum to %d, total %d", jobSum, p.Total)
	}
	if want := "2 datasets · 20 files · "; !strings.HasPrefix(p.Summary(), want) || !strings.HasSuffix(p.Summary(), "(17 shared calibrations counted once)") {
		t.Errorf("summary %q", p.Summary())
	}

	// Trees and night logs: one tree per dataset, one log per science frame.
	p2 := MakePlan([]*Dataset{a, b}, PlanOptions{Dir: dir, Trees: true, NightLogs: true, DataPortalURL: portal + "/"})
	if len(p2.Folders) != 1 || p2.Folders[0] != folder {
		t.Errorf("folder from the datasets' mode: %q", p2.Folders)
	}
	var trees, logs []string
	for _, j := range p2.Jobs {
		switch {
		case strings.HasSuffix(j.URL, ".NL"):
			logs = append(logs, j.URL)
		case j.Name != "":
			trees = append(trees, j.Name)
			if j.Size != 0 {
				t.Errorf("tree job with a size: %+v", j)
			}
		}
	}
	if len(trees) != 2 || trees[0] != "MUSE.2018-06-05T01:06:59.418_raw2master.xml" {
		t.Errorf("trees %q", trees)
	}
	if len(logs) != 3 || logs[0] != portal+"/MUSE.2018-06-05T01:06:59.418.NL" {
		t.Errorf("night logs %q", logs)
	}
	if p2.Files != p.Files+5 || p2.Unknown != 0 || p2.Trees != 2 || p2.NightLogs != 3 || p2.Total != p.Total {
		t.Errorf("files %d unknown %d trees %d night logs %d total %d", p2.Files, p2.Unknown, p2.Trees, p2.NightLogs, p2.Total)
	}
	if !strings.Contains(p2.Summary(), " · 2 association trees · 3 night logs") || strings.Contains(p2.Summary(), "unknown") {
		t.Errorf("summary %q", p2.Summary())
	}
}

// The real FORS2 tree twice (as two datasets of the same answer) and a
// raw request: the raw folder, 51 files once, sizes unknown.
func TestPlanRawTrees(t *testing.T) {
	tree, err := calselector.ParseTree(fixtures.Open(t, treeFixture))
	if err != nil {
		t.Fatal(err)
	}
	a := FromTree("FORS2.2021-01-02T00:59:12.533", tree, calselector.Raw2Raw, portal)
	b := FromTree("FORS2.2021-01-02T00:59:12.533", tree, calselector.Raw2Raw, portal)
	p := MakePlan([]*Dataset{a, b}, PlanOptions{Dir: "/data"})
	if len(p.Folders) != 1 || p.Folders[0] != filepath.Join("/data", "data_with_raw_calibs") {
		t.Errorf("folders %q", p.Folders)
	}
	if p.Files != 51 || p.Unknown != 51 || p.Total != 0 || p.Shared != 51 || p.SharedCalibrations != 50 {
		t.Errorf("files %d unknown %d total %d shared %d/%d", p.Files, p.Unknown, p.Total, p.Shared, p.SharedCalibrations)
	}
	if s := p.Summary(); s != "2 datasets · 51 files · 0 B + 51 of unknown size (51 shared files counted once)" {
		t.Errorf("summary %q", s)
	}
}
