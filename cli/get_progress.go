package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"esodesk/internal/bytesize"
	"esodesk/services/download"
	"esodesk/services/vohttp"
)

// getProgress is the status of an 'esodesk get' run on stderr: on a
// terminal one line redrawn with \r (at most every 200 ms: 5 per second);
// on a pipe or file a plain line every plainEvery, so logs stay short.
type getProgress struct {
	w         io.Writer
	tty       bool
	every     time.Duration
	shown     bool
	lastPlain time.Time
}

const plainEvery = 5 * time.Second

func newGetProgress(w io.Writer) *getProgress {
	p := &getProgress{w: w, every: 200 * time.Millisecond, lastPlain: time.Now()}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

// draw shows the queue's state.
func (p *getProgress) draw(snap []download.Status) {
	line := progressLine(snap, p.tty)
	if p.tty {
		fmt.Fprintf(p.w, "\r%s\033[K", line)
		p.shown = true
		return
	}
	if time.Since(p.lastPlain) >= plainEvery {
		fmt.Fprintln(p.w, line)
		p.lastPlain = time.Now()
	}
}

// finished reports a job that just ended; paths of done files go to stdout
// (the caller), failures are told here at once.
func (p *getProgress) finished(s download.Status) {
	p.clear()
	if s.State == download.Failed {
		fmt.Fprintf(p.w, "failed: %s: %s\n", vohttp.Redact(s.Job.URL), s.Error)
	}
}

// clear removes the progress line before other output.
func (p *getProgress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// progressLine is "[####....]  42%  1.2 MB of 2.9 MB  3.4 MB/s  ETA 0:05  files 3/10, 1 failed".
// The sums are the window's (download.Sum): a failed file stays in the
// total, so the line never reaches 100% while a file failed; speed and ETA
// show only while bytes flow; jobs waiting to retry are counted as such.
func progressLine(snap []download.Status, withBar bool) string {
	t := download.Sum(snap)
	var b strings.Builder
	if t.Total > 0 {
		frac := min(float64(t.Bytes)/float64(t.Total), 1)
		if withBar {
			const width = 24
			n := int(frac * width)
			b.WriteString("[" + strings.Repeat("#", n) + strings.Repeat(".", width-n) + "] ")
		}
		fmt.Fprintf(&b, "%3.0f%%  %s of %s", frac*100, bytesize.Format(t.Bytes), bytesize.Format(t.Total))
	} else {
		b.WriteString(bytesize.Format(t.Bytes))
	}
	if t.Speed > 0 {
		fmt.Fprintf(&b, "  %s/s", bytesize.Format(int64(t.Speed)))
	}
	if t.ETA > 0 {
		fmt.Fprintf(&b, "  ETA %s", clock(t.ETA))
	}
	fmt.Fprintf(&b, "  files %d/%d", t.Done+t.Skipped, t.Jobs-t.Cancelled)
	if t.Failed > 0 {
		fmt.Fprintf(&b, ", %d failed", t.Failed)
	}
	if t.Waiting > 0 {
		fmt.Fprintf(&b, ", %d waiting to retry", t.Waiting)
	}
	return b.String()
}

// clock formats d as m:ss or h:mm:ss.
func clock(d time.Duration) string {
	s := int64(d.Round(time.Second) / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
