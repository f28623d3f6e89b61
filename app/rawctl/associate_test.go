package rawctl

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"esodesk/services/calselector"
	"esodesk/services/dataset"
)

func dpids(ds []*dataset.Dataset) []string {
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.Science.DPID)
	}
	return ids
}

// A few frames: one dataset each, in table order, whose flags and files
// are what the stand-in's own association trees (asked independently, in
// the other format) say; the trees load on demand; the download queues
// every file once.
func TestAssociateGivesTheStandinsDatasets(t *testing.T) {
	h := newHarness(t)
	if n := h.search(sinfoni); n < 5 {
		t.Fatalf("%d SINFONI frames: too few", n)
	}
	if p, _ := h.c.PrepareDownload(PlanOptions{Trees: true}); p != nil || !strings.HasPrefix(h.c.Snapshot().Status, "Nothing to download") {
		t.Errorf("a plan before any association: %+v", p)
	}
	h.c.Select([]int{0, 1, 2, 3, 4})
	ids := h.c.SelectedIDs()
	s := h.associate([]int{0, 1, 2, 3, 4}, calselector.Raw2Raw)
	ds := s.Datasets.List
	if s.Associating || s.Datasets.Seq != 1 || s.Datasets.Mode != calselector.Raw2Raw || !slices.Equal(dpids(ds), ids) {
		t.Fatalf("datasets %v (seq %d) for %v; status %q", dpids(ds), s.Datasets.Seq, ids, s.Status)
	}
	if !strings.HasPrefix(s.Status, "CalSelector associated raw calibrations with 5 frames in ") {
		t.Errorf("status %q", s.Status)
	}

	res, err := calselector.New(h.standin+"/calselector/v1/associations", nil).
		Associate(context.Background(), ids, calselector.Raw2Raw, calselector.Tree)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Tree != nil || d.TreeURL == "" {
			t.Fatalf("%s: tree %v before asking, URL %q", d.Science.DPID, d.Tree, d.TreeURL)
		}
		h.c.FetchTree(d)
		h.c.FetchTree(d) // already loading: not asked twice
	}
	h.settle()
	if got := h.c.Snapshot().Tree.Seq; got != len(ds) {
		t.Errorf("%d trees reported for %d datasets", got, len(ds))
	}
	for _, d := range ds {
		tree := res.Trees[d.Science.DPID]
		if tree == nil || d.Tree == nil {
			t.Fatalf("%s: tree %v, the stand-in's %v", d.Science.DPID, d.Tree, tree)
		}
		if d.Incomplete() != tree.Incomplete() || d.Uncertified() != tree.Uncertified() ||
			!strings.EqualFold(d.ExecutedMode, tree.ExecutedMode()) || d.Extended() != tree.Extended() {
			t.Errorf("%s: incomplete=%v uncertified=%v mode=%s; its tree says %v %v %s", d.Science.DPID,
				d.Incomplete(), d.Uncertified(), d.ExecutedMode, tree.Incomplete(), tree.Uncertified(), tree.ExecutedMode())
		}
		var files []string
		for _, f := range d.Files() {
			files = append(files, f.DPID)
		}
		slices.Sort(files)
		if want := tree.FileNames(); !slices.Equal(files, want) {
			t.Errorf("%s: files %v, its tree names %v", d.Science.DPID, files, want)
		}
	}

	p, confirm := h.c.PrepareDownload(PlanOptions{Trees: true})
	if p == nil || !strings.HasPrefix(confirm, p.Summary()) || p.Datasets != len(ds) {
		t.Fatalf("plan %+v, confirmation %q", p, confirm)
	}
	if err := h.c.Download(p); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, j := range h.queued {
		if seen[j.URL] {
			t.Errorf("%s queued twice", j.URL)
		}
		seen[j.URL] = true
	}
	for _, d := range ds {
		for _, f := range d.Files() {
			if !seen[f.URL] {
				t.Errorf("%s of %s not queued", f.DPID, d.Science.DPID)
			}
		}
	}
	if len(h.queued) != p.Files || !strings.HasPrefix(h.c.Snapshot().Status, "Queued ") {
		t.Errorf("%d jobs queued, the plan has %d; status %q", len(h.queued), p.Files, h.c.Snapshot().Status)
	}
}

// More frames than one batch: progress after each batch of 100, and the
// last word is the whole answer.
func TestAssociateInBatchesWithProgress(t *testing.T) {
	h := newHarness(t)
	n := h.search(Form{Category: "SCIENCE", NightFrom: "2019-03-01", NightTo: "2019-03-31", MaxRows: "120"})
	if n <= calselector.BatchSize {
		t.Fatalf("%d science frames: one batch only", n)
	}
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	var progress []float64
	defer h.c.Subscribe(func(s State) {
		if s.Associating && s.Progress > 0 && (len(progress) == 0 || progress[len(progress)-1] != s.Progress) {
			progress = append(progress, s.Progress)
		}
	})()
	s := h.associate(rows, calselector.Raw2Raw)
	if len(s.Datasets.List) != n {
		t.Fatalf("%d datasets for %d frames; status %q", len(s.Datasets.List), n, s.Status)
	}
	var want []float64
	for done := calselector.BatchSize; done < n+calselector.BatchSize; done += calselector.BatchSize {
		want = append(want, float64(min(done, n))/float64(n))
	}
	if !slices.Equal(progress, want) {
		t.Errorf("progress %v, want %v", progress, want)
	}
}

// 500: a retry is offered and the datasets on show stay; Retry asks again.
func TestAssociate500OffersRetryAndKeepsDatasets(t *testing.T) {
	h := newHarness(t)
	h.search(sinfoni)
	before := h.associate([]int{0, 1, 2}, calselector.Raw2Raw).Datasets
	good := h.settings.CalSelector
	h.settings.CalSelector = h.standin + "/fault/500/calselector/v1/associations"
	s := h.associate([]int{0, 1, 2}, calselector.Raw2Master)
	if !s.Failure.Retry || s.Failure.Seq != 1 || !strings.Contains(s.Failure.Message, "500") || !strings.HasPrefix(s.Status, "CalSelector failed: ") {
		t.Errorf("500: failure %+v, status %q", s.Failure, s.Status)
	}
	if s.Associating || s.Datasets.Seq != before.Seq || !slices.Equal(s.Datasets.List, before.List) {
		t.Errorf("the datasets on show changed after a failure: %v → %v", dpids(before.List), dpids(s.Datasets.List))
	}
	h.settings.CalSelector = good
	h.c.Retry()
	h.settle()
	s = h.c.Snapshot()
	if s.Datasets.Seq != before.Seq+1 || s.Datasets.Mode != calselector.Raw2Master ||
		!slices.Equal(dpids(s.Datasets.List), dpids(before.List)) || s.Datasets.List[0] == before.List[0] {
		t.Errorf("retry: datasets %v (seq %d, %s)", dpids(s.Datasets.List), s.Datasets.Seq, s.Datasets.Mode)
	}
}

// 400: the service's own words, no retry.
func TestAssociate400GivesTheServicesWords(t *testing.T) {
	h := newHarness(t)
	h.search(sinfoni)
	s := h.associate([]int{0, 1}, calselector.Mode("Raw2Nothing"))
	const words = `invalid mode "Raw2Nothing"` // the stand-in's text
	if s.Failure.Retry || s.Failure.Seq != 1 || !strings.Contains(s.Failure.Message, words) ||
		!strings.Contains(s.Failure.Message, "for 2 frames") || !strings.HasPrefix(s.Status, "CalSelector refused the request: ") {
		t.Errorf("400: failure %+v, status %q", s.Failure, s.Status)
	}
	if s.Datasets.Seq != 0 {
		t.Errorf("datasets shown after a refusal: %+v", s.Datasets)
	}
}

// Cancel while CalSelector is working: the request is dropped on the
// service, nothing of it shows (no datasets, no failure), the datasets
// shown before stay.
func TestCancelMidAssociationDropsResults(t *testing.T) {
	h := newHarness(t)
	h.search(sinfoni)
	before := h.associate([]int{0, 1}, calselector.Raw2Raw)
	h.settings.CalSelector = h.standin + "/gate/calselector/v1/associations"
	h.c.Select([]int{2, 3, 4})
	h.c.Associate(calselector.Raw2Raw)
	h.await(h.gate.arrived, "the request")
	if s := h.c.Snapshot(); !s.Associating || !strings.HasPrefix(s.Status, "Asking CalSelector for the raw calibrations of 3 frames") {
		t.Fatalf("while associating: %v, status %q", s.Associating, s.Status)
	}
	h.c.CancelAssociation()
	h.await(h.gate.cancelled, "the request to be dropped on the service")
	h.settle()
	s := h.c.Snapshot()
	if s.Associating || s.Status != "Association cancelled; the datasets shown before are unchanged." ||
		s.Datasets.Seq != before.Datasets.Seq || s.Failure.Seq != before.Failure.Seq {
		t.Errorf("after cancel: associating %v, status %q, datasets %d → %d, failures %d → %d", s.Associating, s.Status,
			before.Datasets.Seq, s.Datasets.Seq, before.Failure.Seq, s.Failure.Seq)
	}
}

// A second association while the first is under way: the first is
// dropped, its answer never shows, the second's does.
func TestSecondAssociationSupersedesFirst(t *testing.T) {
	h := newHarness(t)
	h.search(sinfoni)
	good := h.settings.CalSelector
	h.settings.CalSelector = h.standin + "/gate/calselector/v1/associations"
	h.c.Select([]int{0, 1, 2})
	h.c.Associate(calselector.Raw2Raw)
	h.await(h.gate.arrived, "the request")
	h.settings.CalSelector = good
	h.c.Select([]int{3, 4})
	second := h.c.SelectedIDs()
	h.c.Associate(calselector.Raw2Master)
	h.await(h.gate.cancelled, "the first request to be dropped on the service")
	h.settle()
	s := h.c.Snapshot()
	if s.Associating || s.Datasets.Seq != 1 || s.Datasets.Mode != calselector.Raw2Master ||
		!slices.Equal(dpids(s.Datasets.List), second) || s.Failure.Seq != 0 {
		t.Errorf("datasets %v (seq %d, %s), want the second's %v; failures %d; status %q",
			dpids(s.Datasets.List), s.Datasets.Seq, s.Datasets.Mode, second, s.Failure.Seq, s.Status)
	}
}

// The stand-in has no masters for SINFONI: processed calibrations asked
// for, raw ones returned. The status says what was executed; the download
// goes to data_with_raw_calibs/ with <id>_raw2raw.xml trees, and the
// confirmation says why. Beside a FORS2 frame (masters), each goes to the
// folder of its own mode.
func TestDowngradedDatasetsGoToTheRawFolder(t *testing.T) {
	h := newHarness(t)
	h.search(sinfoni)
	s := h.associate([]int{0, 1, 2}, calselector.Raw2Master)
	for _, d := range s.Datasets.List {
		if !d.Downgraded() {
			t.Fatalf("%s not downgraded (executed %q): the stand-in's SINFONI case is gone", d.Science.DPID, d.ExecutedMode)
		}
	}
	if !strings.HasPrefix(s.Status, "CalSelector associated raw calibrations with 3 frames in ") ||
		!strings.Contains(s.Status, "to download: 3 datasets (3 downgraded to raw calibrations) · ") {
		t.Errorf("status %q", s.Status)
	}
	dir := h.c.deps.DownloadDir()
	raw := filepath.Join(dir, "data_with_raw_calibs")
	p, confirm := h.c.PrepareDownload(PlanOptions{Trees: true})
	if p == nil || !slices.Equal(p.Folders, []string{raw}) {
		t.Fatalf("plan %+v", p)
	}
	for _, want := range []string{"\n\ninto " + raw + "\n\n", "⚠ 3 datasets were downgraded to raw calibrations: they go to data_with_raw_calibs/"} {
		if !strings.Contains(confirm, want) {
			t.Errorf("confirmation %q lacks %q", confirm, want)
		}
	}
	if err := h.c.Download(p); err != nil {
		t.Fatal(err)
	}
	trees := 0
	for _, j := range h.queued {
		if j.Dir != raw {
			t.Errorf("%s queued into %s", j.URL, j.Dir)
		}
		if j.Name != "" {
			trees++
			if !strings.HasSuffix(j.Name, "_raw2raw.xml") {
				t.Errorf("tree saved as %s", j.Name)
			}
		}
	}
	if trees != 3 || h.c.Snapshot().Status != fmt.Sprintf("Queued %d files into %s.", p.Files, raw) {
		t.Errorf("%d trees; status %q", trees, h.c.Snapshot().Status)
	}

	// A SINFONI frame beside a FORS2 one: half downgraded.
	h.search(Form{Category: "SCIENCE", NightFrom: "2019-03-01", NightTo: "2019-03-20", MaxRows: "1000"})
	tbl := h.c.Snapshot().Frames.Result.Table
	inst := tbl.Columns[tbl.FieldIndex("instrument")]
	rows := map[string]int{}
	for r := tbl.NumRows() - 1; r >= 0; r-- {
		rows[strings.TrimSpace(inst.String(r))] = r
	}
	sin, okS := rows["SINFONI"]
	fors, okF := rows["FORS2"]
	if !okS || !okF {
		t.Fatalf("no SINFONI or FORS2 science frame in March 2019: %v", rows)
	}
	s = h.associate([]int{fors, sin}, calselector.Raw2Master)
	if !strings.HasPrefix(s.Status, "CalSelector associated processed calibrations with 1 frame and raw ones with 1 in ") {
		t.Errorf("status %q", s.Status)
	}
	p, confirm = h.c.PrepareDownload(PlanOptions{})
	processed := filepath.Join(dir, "data_with_processed_calibs")
	if p == nil || !slices.Equal(p.Folders, []string{processed, raw}) ||
		!strings.Contains(confirm, "into "+processed+" and "+raw) || !strings.Contains(confirm, "1 dataset was downgraded") {
		t.Errorf("folders %q, confirmation %q", p.Folders, confirm)
	}
}
