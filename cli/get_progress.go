package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

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
func progressLine(snap []download.Status, withBar bool) string {
	var bytes, total int64
	var speed float64
	unknown := false
	finished, failed := 0, 0
	for _, s := range snap {
		switch s.State {
		case download.Cancelled:
			continue
		case download.Failed:
			failed++
			finished++
			continue
		case download.Done, download.Skipped:
			finished++
		}
		bytes += s.Done
		if s.Total < 0 {
			unknown = true
		} else {
			total += s.Total
		}
		speed += s.Speed
	}
	var b strings.Builder
	if !unknown && total > 0 {
		frac := min(float64(bytes)/float64(total), 1)
		if withBar {
			const width = 24
			n := int(frac * width)
			b.WriteString("[" + strings.Repeat("#", n) + strings.Repeat(".", width-n) + "] ")
		}
		fmt.Fprintf(&b, "%3.0f%%  %s of %s", frac*100, download.HumanBytes(bytes), download.HumanBytes(total))
	} else {
		b.WriteString(download.HumanBytes(bytes))
	}
	fmt.Fprintf(&b, "  %s/s", download.HumanBytes(int64(speed)))
	if !unknown && speed > 0 && total >= bytes {
		fmt.Fprintf(&b, "  ETA %s", clock(time.Duration(float64(total-bytes)/speed*float64(time.Second))))
	}
	fmt.Fprintf(&b, "  files %d/%d", finished-failed, len(snap))
	if failed > 0 {
		fmt.Fprintf(&b, ", %d failed", failed)
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
