package downloadlist

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/download"
)

func TestRowsProgressTotalsAndBatch(t *testing.T) {
	f := newFixture(t)
	f.until("empty state", func() bool { return f.l.empty.Visible() && !f.l.list.Visible() })
	if f.l.empty.Text != EmptyText {
		t.Fatalf("empty text %q", f.l.empty.Text)
	}

	f.add("slow.fits", "missing.fits", "normal.fits")
	f.rowIs("normal.fits", "✓ done")
	missing := f.rowIs("missing.fits", "✗ failed")
	if !strings.Contains(missing.detail.Text, "404") || missing.detail.Importance != widget.DangerImportance {
		t.Fatalf("failed row detail %q", missing.detail.Text)
	}
	if missing.retry.Disabled() || !missing.cancel.Disabled() {
		t.Fatalf("failed row: retry should be enabled, cancel disabled")
	}
	f.until("slow half way", func() bool {
		r := f.row("slow.fits")
		return r != nil && r.state.Text == "downloading" && r.bar.Value >= 0.5
	})
	slow := f.row("slow.fits")
	if slow.bar.Value >= 1 || !strings.Contains(slow.size.Text, "/ 200.0 kB") {
		t.Fatalf("slow row half way: bar %v, size %q", slow.bar.Value, slow.size.Text)
	}
	if f.l.empty.Visible() {
		t.Fatal("empty text still shown with rows")
	}
	f.until("totals", func() bool {
		return strings.HasPrefix(f.l.header.text.String(), "1 of 3 files · ") && strings.Contains(f.l.header.text.String(), "1 failed")
	})
	if v := f.l.header.bar.Value; v <= 0 || v >= 1 {
		t.Fatalf("total bar %v while slow is half way", v)
	}
	if len(f.batches) != 0 {
		t.Fatalf("batch finished too early: %v", f.batches)
	}

	// The selected row's full error text goes to the details line.
	f.l.list.Select(f.l.view.index[f.idOf("missing.fits")])
	if !strings.Contains(f.l.details.Text, "Error: ") ||
		!strings.Contains(f.l.details.Text, f.srv.URL+"/missing.fits") {
		t.Fatalf("details %q", f.l.details.Text)
	}

	f.files.releaseSlow()
	f.until("batch finished", func() bool { return len(f.batches) > 0 })
	if f.batches[0] != [2]int{2, 1} {
		t.Fatalf("OnBatchFinished(%v), want done 2, failed 1", f.batches[0])
	}
	slow = f.rowIs("slow.fits", "✓ done")
	if slow.bar.Value != 1 || slow.size.Text != "200.0 kB" {
		t.Fatalf("done row: bar %v size %q", slow.bar.Value, slow.size.Text)
	}
	f.until("final totals", func() bool {
		return strings.HasPrefix(f.l.header.text.String(), "2 of 3 files · 250.0 kB of 250.0 kB")
	})
	f.drain(500 * time.Millisecond)
	if len(f.batches) != 1 {
		t.Fatalf("OnBatchFinished called %d times: %v", len(f.batches), f.batches)
	}
	// The selection followed its job through the refreshes.
	if !strings.HasPrefix(f.l.details.Text, "missing.fits") {
		t.Fatalf("details after refreshes %q", f.l.details.Text)
	}

	// A second batch is reported on its own.
	f.add("normal.fits")
	f.until("second batch", func() bool { return len(f.batches) == 2 })
	if f.batches[1] != [2]int{1, 0} {
		t.Fatalf("second batch %v, want 1 done", f.batches[1])
	}
}

func (f *fixture) idOf(name string) download.ID {
	f.t.Helper()
	for _, s := range f.q.Snapshot() {
		if displayName(s) == name {
			return s.ID
		}
	}
	f.t.Fatalf("no job %s", name)
	return 0
}

func TestRowActionsAndHooks(t *testing.T) {
	f := newFixture(t)
	ids := f.add("slow.fits", "normal.fits", "missing.fits")
	slowID, missingID := ids[0], ids[2]
	f.until("slow running", func() bool {
		r := f.row("slow.fits")
		return r != nil && r.state.Text == "downloading" && r.bar.Value >= 0.5
	})

	test := func(what string, b interface{ Tapped(*fyne.PointEvent) }) {
		t.Helper()
		b.Tapped(&fyne.PointEvent{})
	}
	test("pause", f.row("slow.fits").pause)
	r := f.rowIs("slow.fits", "paused")
	if f.queueState(slowID) != download.Paused {
		t.Fatalf("queue state %s after Pause", f.queueState(slowID))
	}
	test("resume", r.pause)
	f.rowIs("slow.fits", "downloading")
	test("cancel", f.row("slow.fits").cancel)
	r = f.rowIs("slow.fits", "cancelled")
	if r.retry.Disabled() || !r.cancel.Disabled() || !r.pause.Disabled() {
		t.Fatal("cancelled row: only retry should be enabled")
	}
	test("retry", r.retry)
	f.rowIs("slow.fits", "downloading")

	// A failed row's Retry makes another attempt (and fails again).
	before, _ := f.q.Status(missingID)
	test("retry failed", f.rowIs("missing.fits", "✗ failed").retry)
	f.until("second attempt", func() bool {
		st, _ := f.q.Status(missingID)
		return st.State == download.Failed && st.Attempts > before.Attempts
	})

	// Hooks.
	done := f.rowIs("normal.fits", "✓ done")
	test("open", done.open)
	if len(f.opened) != 1 || filepath.Base(f.opened[0]) != "normal.fits" {
		t.Fatalf("OnOpen got %v", f.opened)
	}
	if st, err := os.Stat(f.opened[0]); err != nil || st.Size() != normalSize {
		t.Fatalf("opened file: %v %v", st, err)
	}
	test("folder", done.folder)
	if abs, _ := filepath.Abs(f.dir); len(f.openedDir) != 1 || f.openedDir[0] != abs {
		t.Fatalf("OnOpenFolder got %v, want %s", f.openedDir, abs)
	}
	if !f.row("slow.fits").open.Disabled() {
		t.Fatal("Open enabled on an unfinished row")
	}
	test("copy", f.row("missing.fits").copyURL)
	if got := fyne.CurrentApp().Clipboard().Content(); got != f.srv.URL+"/missing.fits" {
		t.Fatalf("clipboard %q", got)
	}

	// The context menu offers the same actions.
	menu := f.row("slow.fits").menu()
	if menu.Items[0].Label != "Pause" || menu.Items[0].Disabled {
		t.Fatalf("menu first item %+v", menu.Items[0])
	}
	menu.Items[0].Action()
	f.rowIs("slow.fits", "paused")
	if menu := f.row("slow.fits").menu(); menu.Items[0].Label != "Resume" {
		t.Fatalf("paused row menu says %q", menu.Items[0].Label)
	}
	f.row("slow.fits").menu().Items[0].Action()
	f.rowIs("slow.fits", "downloading")

	f.files.releaseSlow()
	f.rowIs("slow.fits", "✓ done")
	if st, err := os.Stat(filepath.Join(f.dir, "slow.fits")); err != nil || st.Size() != slowSize {
		t.Fatalf("slow file after pause/resume/cancel/retry: %v %v", st, err)
	}
}

func TestKeyboard(t *testing.T) {
	f := newFixture(t)
	ids := f.add("slow.fits")
	f.rowIs("slow.fits", "downloading")
	f.l.list.Select(0)
	f.w.Canvas().Focus(f.l.list)
	key := func(k fyne.KeyName) { f.w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k}) }

	key(fyne.KeySpace)
	f.rowIs("slow.fits", "paused")
	key(fyne.KeySpace)
	f.rowIs("slow.fits", "downloading")
	key(fyne.KeyDelete)
	f.rowIs("slow.fits", "cancelled")
	if f.queueState(ids[0]) != download.Cancelled {
		t.Fatalf("queue state %s after Delete", f.queueState(ids[0]))
	}
	if _, err := os.Stat(filepath.Join(f.dir, "slow.fits")); err == nil {
		t.Fatal("cancelled file exists")
	}
}

func TestHeaderActions(t *testing.T) {
	f := newFixture(t)
	ids := f.add("slow.fits", "missing.fits", "normal.fits")
	f.rowIs("missing.fits", "✗ failed")
	f.rowIs("normal.fits", "✓ done")
	f.rowIs("slow.fits", "downloading")
	h := f.l.header
	f.until("header buttons", func() bool { return !h.pauseAll.Disabled() && !h.retryFailed.Disabled() })
	if !h.resumeAll.Disabled() {
		t.Fatal("Resume all enabled with nothing paused")
	}

	h.pauseAll.Tapped(&fyne.PointEvent{})
	f.rowIs("slow.fits", "paused")
	f.until("resume all enabled", func() bool { return !h.resumeAll.Disabled() })
	h.resumeAll.Tapped(&fyne.PointEvent{})
	f.rowIs("slow.fits", "downloading")

	before, _ := f.q.Status(ids[1])
	h.retryFailed.Tapped(&fyne.PointEvent{})
	f.until("missing retried", func() bool {
		st, _ := f.q.Status(ids[1])
		return st.State == download.Failed && st.Attempts > before.Attempts
	})

	h.cancelAll.Tapped(&fyne.PointEvent{})
	f.rowIs("slow.fits", "cancelled")
	f.until("clear enabled", func() bool { return !h.clearFinished.Disabled() && h.cancelAll.Disabled() })
	h.clearFinished.Tapped(&fyne.PointEvent{})
	f.until("empty again", func() bool { return f.l.empty.Visible() && len(f.l.view.rows) == 0 })
	if len(f.q.Snapshot()) != 0 {
		t.Fatalf("queue still holds %d jobs", len(f.q.Snapshot()))
	}
}

func TestMenuItemsOnlyForFinishedFiles(t *testing.T) {
	f := newFixture(t)
	f.add("slow.fits", "normal.fits", "missing.fits")
	f.rowIs("missing.fits", "✗ failed")
	f.rowIs("slow.fits", "downloading")
	done := f.rowIs("normal.fits", "✓ done")

	var asked, sent []string
	f.l.MenuItems = func(path string) []*fyne.MenuItem {
		asked = append(asked, path)
		send := fyne.NewMenuItem("Send to", nil)
		send.ChildMenu = fyne.NewMenu("", fyne.NewMenuItem("Aladin", func() { sent = append(sent, path) }))
		return []*fyne.MenuItem{send}
	}
	items := done.menu().Items
	if n := len(items); n < 2 || !items[n-2].IsSeparator || items[n-1].Label != "Send to" {
		t.Fatalf("done row's menu ends with %+v", items[n-1])
	}
	items[len(items)-1].ChildMenu.Items[0].Action()
	if len(sent) != 1 || sent[0] != done.s.Path || filepath.Base(sent[0]) != "normal.fits" {
		t.Fatalf("Send to got %v", sent)
	}

	// A running or failed row has no file yet: MenuItems is not asked.
	for _, name := range []string{"slow.fits", "missing.fits"} {
		items := f.row(name).menu().Items
		if last := items[len(items)-1]; last.IsSeparator || last.Label != "Copy URL" {
			t.Fatalf("%s menu ends with %q", name, last.Label)
		}
	}
	if len(asked) != 1 {
		t.Fatalf("MenuItems asked for %v", asked)
	}

	// No items: the done row's menu ends as before.
	f.l.MenuItems = func(string) []*fyne.MenuItem { return nil }
	if items := done.menu().Items; items[len(items)-1].Label != "Copy URL" {
		t.Fatalf("menu with no extra items ends with %q", items[len(items)-1].Label)
	}
}
