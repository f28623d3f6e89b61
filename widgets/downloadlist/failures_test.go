package downloadlist

import (
	"context"
	"image/color"
	"net"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/uitest"
	"esodesk/services/download"
)

// fillColour is the colour drawn in the window at the left end of b's
// filled part, as a user sees it.
func (f *fixture) fillColour(b *bar) color.Color { return f.barColourAt(b, 4) }

// endColour is the colour drawn at the right end of b: the fill's only
// when the bar looks full.
func (f *fixture) endColour(b *bar) color.Color { return f.barColourAt(b, b.Size().Width-2) }

func (f *fixture) barColourAt(b *bar, dx float32) color.Color {
	f.t.Helper()
	img := f.w.Canvas().Capture()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b.ProgressBar)
	scale := f.w.Canvas().Scale()
	x, y := int((pos.X+dx)*scale), int((pos.Y+b.Size().Height/2)*scale)
	return img.At(x, y)
}

func sameColour(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	near := func(x, y uint32) bool { return x>>8 <= y>>8+2 && y>>8 <= x>>8+2 }
	return near(r1, r2) && near(g1, g2) && near(b1, b2)
}

func themeColour(n fyne.ThemeColorName) color.Color {
	return appTheme().Color(n, fyne.CurrentApp().Settings().ThemeVariant())
}

// A batch with failures: the total keeps the failed files (it does not
// drop when one fails), the bar stops short in the error colour and says
// how many failed, the header names the failures apart, and a truncated
// file's row shows what it got, not a full bar.
func TestFailedFilesDoNotLookDone(t *testing.T) {
	f := newFixture(t)
	f.add("normal.fits", "short.fits", "missing.fits")
	h := f.l.header
	f.until("short.fits to hang before its end", func() bool {
		r := f.row("short.fits")
		return r != nil && r.state.Text == "downloading" && r.size.Text == "all but 40 B of 200.0 kB" && f.l.view.totals.Failed == 1 && f.l.view.totals.Done == 1
	})
	before := f.l.view.totals.Total
	if want := "1 of 3 files · all but 40 B of 250.0 kB · 1 failed"; h.text.String() != want {
		t.Fatalf("header %q, want %q", h.text.String(), want)
	}
	// missing.fits (size unknown) counts as an average file: (250 kB - 40 B) of 375 kB
	if v, want := h.bar.Value, float64(250_000-shortBy)/375_000; v != want {
		t.Fatalf("header bar at %v with 1 of 3 files failed, want %v", v, want)
	}
	f.files.releaseSlow() // short.fits breaks off, again and again
	f.until("the batch to end", func() bool { return len(f.batches) > 0 })
	if after := f.l.view.totals.Total; after != before {
		t.Fatalf("the batch total went from %d to %d when a file failed", before, after)
	}

	const want = "1 of 3 files · 50.0 kB of 250.0 kB · 2 failed (200.0 kB)"
	if got := h.text.String(); got != want {
		t.Fatalf("header %q, want %q", got, want)
	}
	failedSeg := h.text.Segments[len(h.text.Segments)-1].(*widget.TextSegment)
	if failedSeg.Text != "2 failed (200.0 kB)" || failedSeg.Style.ColorName != theme.ColorNameError {
		t.Fatalf("the failures are not apart in the error colour: %+v", failedSeg)
	}
	if v, want := h.bar.Value, 50_000.0/375_000; v != want { // 50 kB of 250 kB and an average file
		t.Fatalf("header bar at %v with 2 of 3 files failed, want %v", v, want)
	}
	if got := h.bar.TextFormatter(); got != "2 of 3 files failed" {
		t.Fatalf("header bar says %q", got)
	}
	if c := f.fillColour(h.bar); !sameColour(c, themeColour(theme.ColorNameError)) {
		t.Fatalf("header bar drawn in %v, want the error colour %v", c, themeColour(theme.ColorNameError))
	}

	short := f.rowIs("short.fits", "✗ failed")
	got := int64(slowSize - shortBy)
	if short.size.Text != "all but 40 B of 200.0 kB" {
		t.Fatalf("truncated row says %q, want what it lacks", short.size.Text)
	}
	if v := short.bar.Value; v >= 1 || v < 0.95 || v > float64(got)/slowSize {
		t.Fatalf("truncated row bar %v, want about %v (the bytes it got) and not full", v, float64(got)/slowSize)
	}
	if c := f.fillColour(short.bar); !sameColour(c, themeColour(theme.ColorNameError)) {
		t.Fatalf("failed row bar drawn in %v, want the error colour", c)
	}
	if c := f.endColour(short.bar); sameColour(c, themeColour(theme.ColorNameError)) {
		t.Fatal("the bar of a file that lacks 40 B looks full")
	}
	if strings.Contains(short.detail.Text, "download failed") || strings.Contains(short.detail.Text, "retr") {
		t.Fatalf("failed row detail %q repeats itself", short.detail.Text)
	}
	missing := f.rowIs("missing.fits", "✗ failed")
	if texts := uitest.Texts(missing.bar.look); len(texts) != 0 {
		t.Fatalf("a row's bar reads %q (the size column tells the size)", texts)
	}
	normal := f.rowIs("normal.fits", "✓ done")
	if c := f.endColour(normal.bar); !sameColour(c, themeColour(theme.ColorNamePrimary)) {
		t.Fatalf("done row bar drawn in %v at its end, want full in the primary colour", c)
	}

	// Retrying the failed ones clears the error look once they are done.
	f.files.cut.Store(0) // the server mends its ways
	h.retryFailed.Tapped(&fyne.PointEvent{})
	f.until("the retried batch to end", func() bool { return len(f.batches) > 1 })
	short = f.rowIs("short.fits", "✓ done")
	if c := f.fillColour(short.bar); !sameColour(c, themeColour(theme.ColorNamePrimary)) {
		t.Fatalf("row done after a retry drawn in %v, want the primary colour", c)
	}
	if got := h.text.String(); got != "2 of 3 files · 250.0 kB of 250.0 kB · 1 failed" { // missing.fits is still missing
		t.Fatalf("header after the retry %q", got)
	}
}

// With no download, the tab shows a sentence and no bar, no totals.
func TestEmptyQueueShowsNoBar(t *testing.T) {
	f := newFixture(t)
	f.until("empty state", func() bool { return f.l.empty.Visible() })
	if f.l.empty.Text != "No downloads yet: files you queue from the other tabs appear here." {
		t.Fatalf("empty text %q", f.l.empty.Text)
	}
	if bars := uitest.Find[*widget.ProgressBar](f.w.Content(), nil); len(bars) != 0 {
		t.Fatalf("an empty queue shows %d progress bars", len(bars))
	}
	if f.l.header.root.Visible() || f.l.details.Visible() {
		t.Fatal("an empty queue shows the header or the details line")
	}
	f.add("normal.fits")
	f.rowIs("normal.fits", "✓ done")
	if !f.l.header.root.Visible() || !f.l.details.Visible() || f.l.empty.Visible() {
		t.Fatal("header or details hidden, or empty text shown, with a download")
	}
	if s := f.l.header.bar.Size(); s.Width < 500 || s.Height == 0 {
		t.Fatalf("the header shown again is not laid out: bar size %v", s)
	}
	f.l.header.clearFinished.Tapped(&fyne.PointEvent{})
	f.until("empty again", func() bool { return f.l.empty.Visible() && !f.l.header.root.Visible() })
}

// holdSleep holds every retry wait until the test lets go.
type holdSleep struct{ release chan struct{} }

func (h holdSleep) sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-h.release:
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// A refused connection: the row says it waits, once, with the attempt,
// the countdown and the server that refused, shows no speed or moving bar,
// and after a few attempts fails with a clear reason.
func TestRefusedConnectionRow(t *testing.T) {
	hold := holdSleep{release: make(chan struct{})}
	// the app's backoff; the waits are held by the test
	f := newFixtureWith(t, download.Options{Workers: 4, Sleep: hold.sleep})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if _, err := f.q.Add(download.Job{URL: "http://" + addr + "/X.fits"}); err != nil {
		t.Fatal(err)
	}
	reason := "connection refused by " + addr + " (the server is not accepting connections)"
	r := f.rowIs("X.fits", "waiting")
	if !strings.HasPrefix(r.detail.Text, "retrying in ") || !strings.HasSuffix(r.detail.Text, " (attempt 2 of 3): "+reason) {
		t.Fatalf("waiting row detail %q", r.detail.Text)
	}
	if n := strings.Count(r.detail.Text, "retr"); n != 1 {
		t.Fatalf("waiting row detail %q says retry %d times", r.detail.Text, n)
	}
	if r.speed.Text != "" || r.eta.Text != "" || r.activity.Visible() || r.detail.Importance != widget.WarningImportance {
		t.Fatalf("waiting row: speed %q eta %q, moving bar %v", r.speed.Text, r.eta.Text, r.activity.Visible())
	}
	if got := f.l.header.text.String(); got != "0 of 1 file · 0 B so far · 1 waiting to retry" || f.l.header.activity.Visible() {
		t.Fatalf("header while waiting %q (moving bar %v)", got, f.l.header.activity.Visible())
	}
	// The countdown runs on its own (the queue does not change while it waits).
	f.until("the countdown to end", func() bool {
		return strings.HasPrefix(f.row("X.fits").detail.Text, "retrying now (attempt 2 of 3)")
	})

	close(hold.release)
	r = f.rowIs("X.fits", "✗ failed")
	if r.detail.Text != reason {
		t.Fatalf("failed row detail %q, want %q", r.detail.Text, reason)
	}
	st, _ := f.q.Status(f.idOf("X.fits"))
	if st.Attempts != 3 {
		t.Fatalf("%d attempts at a refused connection, want 3", st.Attempts)
	}
}

// A row's bar carries no text of its own, also before its first byte (it
// used to read a stale "0%" next to the size column).
func TestQueuedRowBarHasNoText(t *testing.T) {
	f := newFixtureWorkers(t, 1)
	f.add("slow.fits", "normal.fits")
	r := f.rowIs("normal.fits", "queued")
	if texts := uitest.Texts(r.bar.look); len(texts) != 0 {
		t.Fatalf("a queued row's bar reads %q", texts)
	}
}
