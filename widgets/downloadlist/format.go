package downloadlist

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/download"
)

// sizeText is "1.2 MB / 4.0 MB", or only what is on disk when the total is unknown.
func sizeText(s download.Status) string {
	if s.Total < 0 {
		if s.Done == 0 {
			return "size unknown"
		}
		return download.HumanBytes(s.Done)
	}
	if s.State == download.Done || s.State == download.Skipped {
		return download.HumanBytes(s.Total)
	}
	return download.HumanBytes(s.Done) + " / " + download.HumanBytes(s.Total)
}

func speedText(bps float64) string {
	if bps <= 0 {
		return ""
	}
	return download.HumanBytes(int64(bps)) + "/s"
}

// etaText is "0:09", "12:30" or "1:02:03"; "" when unknown.
func etaText(d time.Duration) string {
	if d < 0 {
		return ""
	}
	s := int64((d + time.Second - 1) / time.Second) // round up: never say 0:00 while bytes remain
	h, m, sec := s/3600, (s/60)%60, s%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}

// progress is Done/Total in 0..1, or -1 when the total is unknown.
func progress(s download.Status) float64 {
	if s.State == download.Done || s.State == download.Skipped {
		return 1
	}
	if s.Total <= 0 {
		return -1
	}
	return min(1, float64(s.Done)/float64(s.Total))
}

// stateLook is how a state is shown: words, icon and colour.
type stateLook struct {
	text       string
	icon       fyne.Resource
	importance widget.Importance
}

func lookOf(st download.State) stateLook {
	switch st {
	case download.Running:
		return stateLook{"downloading", theme.NewPrimaryThemedResource(theme.DownloadIcon()), widget.HighImportance}
	case download.Queued:
		return stateLook{"queued", theme.HistoryIcon(), widget.LowImportance}
	case download.Paused:
		return stateLook{"paused", theme.NewWarningThemedResource(theme.MediaPauseIcon()), widget.WarningImportance}
	case download.Done:
		return stateLook{"✓ done", theme.NewSuccessThemedResource(theme.ConfirmIcon()), widget.SuccessImportance}
	case download.Failed:
		return stateLook{"✗ failed", theme.NewErrorThemedResource(theme.ErrorIcon()), widget.DangerImportance}
	case download.Cancelled:
		return stateLook{"cancelled", theme.CancelIcon(), widget.LowImportance}
	case download.Skipped:
		return stateLook{"✓ already there", theme.NewSuccessThemedResource(theme.ConfirmIcon()), widget.SuccessImportance}
	}
	return stateLook{string(st), theme.QuestionIcon(), widget.MediumImportance}
}

// detailText is the second line of a row: the error for failed rows, the
// last error while a running job retries, where a finished file went.
func detailText(s download.Status) string {
	switch {
	case s.State == download.Failed:
		return oneLine(s.Error)
	case s.Error != "" && !s.State.Finished():
		return "retrying after: " + oneLine(s.Error)
	case s.Path != "":
		return s.Path
	}
	return ""
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// totalsText is "3 of 12 files · 45.2 MB of 120 MB · 8.1 MB/s · ETA 0:09".
func totalsText(t download.Totals) string {
	if t.Jobs == 0 {
		return ""
	}
	files := t.Jobs - t.Cancelled
	parts := []string{fmt.Sprintf("%d of %d files", t.Done+t.Skipped, files)}
	if t.Total >= 0 {
		parts = append(parts, download.HumanBytes(t.Bytes)+" of "+download.HumanBytes(t.Total))
	} else {
		parts = append(parts, download.HumanBytes(t.Bytes)+" so far")
	}
	if sp := speedText(t.Speed); sp != "" {
		parts = append(parts, sp)
	}
	if eta := etaText(t.ETA); eta != "" && t.Running > 0 {
		parts = append(parts, "ETA "+eta)
	}
	if t.Failed > 0 {
		parts = append(parts, fmt.Sprintf("%d failed", t.Failed))
	}
	if t.Paused > 0 {
		parts = append(parts, fmt.Sprintf("%d paused", t.Paused))
	}
	return strings.Join(parts, " · ")
}

// fullDetails is the details line for the selected row: everything the
// row had to cut short.
func fullDetails(s download.Status) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s", displayName(s), lookOf(s.State).text)
	if s.Error != "" {
		fmt.Fprintf(&b, "\nError: %s", s.Error)
	}
	fmt.Fprintf(&b, "\nURL: %s", s.Job.URL)
	if s.Path != "" {
		fmt.Fprintf(&b, "\nFile: %s", s.Path)
	} else if s.Dir != "" {
		fmt.Fprintf(&b, "\nFolder: %s", s.Dir)
	}
	if s.Attempts > 1 {
		fmt.Fprintf(&b, "\nAttempts: %d", s.Attempts)
	}
	return b.String()
}

// displayName is the file name, or the last part of the URL before the
// server has told us the name.
func displayName(s download.Status) string {
	if s.Name != "" {
		return s.Name
	}
	u := s.Job.URL
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	u = strings.TrimRight(u, "/")
	if i := strings.LastIndex(u, "/"); i >= 0 && i+1 < len(u) {
		return u[i+1:]
	}
	return s.Job.URL
}
