package downloadlist

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/bytesize"
	"esodesk/internal/plural"
	"esodesk/services/download"
)

// sizeText is "1.2 MB / 4.0 MB", or only what is on disk when the total is
// unknown. A file short of its end never reads "5.0 MB / 5.0 MB": then it
// says what is missing.
func sizeText(s download.Status) string {
	if s.Total < 0 {
		if s.Done == 0 {
			return "size unknown"
		}
		return bytesize.Format(s.Done)
	}
	if s.State == download.Done || s.State == download.Skipped {
		return bytesize.Format(s.Total)
	}
	return partText(s.Done, s.Total, " / ")
}

// partText is "1.2 MB" + sep + "4.0 MB"; when the two round alike while
// bytes are missing, "all but 40 B of 4.0 MB": never seemingly complete.
func partText(done, total int64, sep string) string {
	d, t := bytesize.Format(done), bytesize.Format(total)
	if d == t && done < total {
		return "all but " + bytesize.Format(total-done) + " of " + t
	}
	return d + sep + t
}

func speedText(bps float64) string {
	if bps <= 0 {
		return ""
	}
	return bytesize.Format(int64(bps)) + "/s"
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

// almostFull is as far as a row's bar fills while its file is not
// complete: a file that got all but its last kilobyte and failed (or waits)
// must not look done; the gap stays visible.
const almostFull = 0.97

// progress is Done/Total in 0..1, or -1 when the total is unknown. Only a
// complete file fills the bar.
func progress(s download.Status) float64 {
	if s.State == download.Done || s.State == download.Skipped {
		return 1
	}
	if s.Total <= 0 {
		return -1
	}
	return min(almostFull, float64(s.Done)/float64(s.Total))
}

// stateLook is how a state is shown: words, icon and colour.
type stateLook struct {
	text       string
	icon       fyne.Resource
	importance widget.Importance
}

func lookOf(s download.Status) stateLook {
	if s.Waiting() {
		return stateLook{"waiting", theme.NewWarningThemedResource(theme.HistoryIcon()), widget.WarningImportance}
	}
	switch st := s.State; st {
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
	return stateLook{string(s.State), theme.QuestionIcon(), widget.MediumImportance}
}

// detailText is the second line of a row: why a file failed, when and why
// a job retries, where a finished file went (and a note on it).
func detailText(s download.Status, now time.Time) string {
	switch {
	case s.State == download.Failed:
		return oneLine(s.Error)
	case s.RetryText(now) != "":
		return oneLine(s.RetryText(now))
	case s.Path != "" && s.Error != "":
		return oneLine(s.Error) + "; saved as " + s.Path
	case s.Path != "":
		return s.Path
	}
	return ""
}

// detailImportance colours the second line: red for a failure, amber for
// a retry or a note on a finished file.
func detailImportance(s download.Status) widget.Importance {
	switch {
	case s.State == download.Failed:
		return widget.DangerImportance
	case s.Retry.Attempt > 0 && !s.State.Finished(), s.Path != "" && s.Error != "":
		return widget.WarningImportance
	}
	return widget.LowImportance
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// totalsText is the header line, "3 of 12 files · 45.2 MB of 120 MB ·
// 8.1 MB/s · ETA 0:09", and apart the failures, "2 failed (1.5 MB)", for
// the error colour. The total keeps failed files (see download.Sum).
func totalsText(t download.Totals) (summary, failed string) {
	if t.Jobs == 0 {
		return "", ""
	}
	files := t.Jobs - t.Cancelled
	parts := []string{fmt.Sprintf("%d of %s", t.Done+t.Skipped, plural.Count(files, "file"))}
	if t.Total >= 0 {
		parts = append(parts, partText(t.Bytes, t.Total, " of "))
	} else {
		parts = append(parts, bytesize.Format(t.Bytes)+" so far")
	}
	if sp := speedText(t.Speed); sp != "" {
		parts = append(parts, sp)
	}
	if eta := etaText(t.ETA); eta != "" && t.Running > t.Waiting {
		parts = append(parts, "ETA "+eta)
	}
	if t.Waiting > 0 {
		parts = append(parts, fmt.Sprintf("%d waiting to retry", t.Waiting))
	}
	if t.Paused > 0 {
		parts = append(parts, fmt.Sprintf("%d paused", t.Paused))
	}
	if t.Failed > 0 {
		failed = fmt.Sprintf("%d failed", t.Failed)
		if t.FailedBytes > 0 {
			failed += " (" + bytesize.Format(t.FailedBytes) + ")"
		}
	}
	return strings.Join(parts, " · "), failed
}

// batchFraction is how full the header's bar is: the bytes that arrived
// of the batch's total, or the files done when a size is unknown. A failed
// file's bytes never count as arrived, and one of unknown size counts as
// an average file of the batch: with failures the bar stops short (the
// batch is not done) yet keeps moving while the others arrive.
func batchFraction(rows []download.Status, t download.Totals) float64 {
	files := t.Jobs - t.Cancelled
	if files <= 0 {
		return 0
	}
	if t.Total <= 0 {
		return float64(t.Done+t.Skipped) / float64(files)
	}
	sized, unsized := 0, 0
	for _, s := range rows {
		switch {
		case s.State == download.Cancelled || s.State == download.Skipped:
		case s.State == download.Failed && max(s.Total, s.Done) <= 0:
			unsized++
		default:
			sized++
		}
	}
	whole := float64(t.Total)
	if unsized > 0 && sized > 0 {
		whole += float64(unsized) * float64(t.Total) / float64(sized)
	}
	return min(1, float64(t.Bytes)/whole)
}

// batchBarText is what the header's bar says: the percentage of the
// bytes, the files done while a size is unknown (the bar then counts
// files), or once the batch has ended with failures, how many failed.
func batchBarText(t download.Totals, fraction float64) string {
	files := t.Jobs - t.Cancelled
	switch {
	case t.Failed > 0 && t.Queued+t.Running+t.Paused == 0:
		return fmt.Sprintf("%d of %s failed", t.Failed, plural.Count(files, "file"))
	case t.Total <= 0:
		return fmt.Sprintf("%d of %s done", t.Done+t.Skipped, plural.Count(files, "file"))
	}
	return fmt.Sprintf("%d%%", int(fraction*100))
}

// fullDetails is the details line for the selected row: everything the
// row had to cut short.
func fullDetails(s download.Status, now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s", displayName(s), lookOf(s).text)
	if s.Error != "" {
		fmt.Fprintf(&b, "\nError: %s", s.Error)
	}
	if r := s.RetryText(now); r != "" {
		fmt.Fprintf(&b, "\n%s", r)
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
