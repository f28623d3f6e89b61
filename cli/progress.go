package cli

import (
	"fmt"
	"io"
	"os"
	"sync"

	"esodesk/internal/plural"
)

// progress shows the running row count on a terminal (one line, redrawn);
// on a pipe or file it stays silent so logs keep only the summary.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	tty   bool
	shown bool
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) rows(n int) {
	if !p.tty {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintf(p.w, "\rReceived %s...", plural.Count(n, "row"))
	p.shown = true
}

// clear removes the progress line before a normal message.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
