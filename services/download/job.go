// Package download is the download queue: many files fetched by a few
// workers, with progress, pause/resume/cancel/retry, resumable transfers
// (Range + If-Range), retries with backoff, safe file names and a journal
// that lets an interrupted queue carry on after a restart or a crash.
//
// A file is written to NAME.part, checked (length, optional SHA-256),
// fsynced and only then renamed to NAME: a partial file never carries the
// final name. Single files a person waits to look at go through
// services/fetch instead.
package download

import (
	"fmt"
	"time"
)

// ID names a job inside one queue (and its journal).
type ID int64

// Job describes one file to fetch.
type Job struct {
	URL        string `json:"url"`
	Dir        string `json:"dir,omitempty"`    // target folder; "" = Options.Dir
	Name       string `json:"name,omitempty"`   // preferred file name; "" = from Content-Disposition or the URL
	Size       int64  `json:"size,omitempty"`   // expected size in bytes, 0 if unknown
	SHA256     string `json:"sha256,omitempty"` // expected checksum (hex), "" if unknown
	NeedsToken bool   `json:"token,omitempty"`  // send the ESO token (Options.TokenClient)
}

// State is where a job is in its life.
type State string

const (
	Queued    State = "queued"
	Running   State = "running"
	Paused    State = "paused"
	Done      State = "done"
	Failed    State = "failed"
	Cancelled State = "cancelled"
	Skipped   State = "skipped" // an identical file (same name, same size) was already there
)

// Finished reports whether the state is terminal (no worker will touch the job).
func (s State) Finished() bool {
	return s == Done || s == Failed || s == Cancelled || s == Skipped
}

// Status is a snapshot of one job for a UI.
type Status struct {
	ID        ID
	Job       Job
	Name      string // file name chosen (may differ from Job.Name after a collision)
	Dir       string
	State     State
	Done      int64         // bytes on disk so far
	Total     int64         // -1 if unknown
	Speed     float64       // bytes per second, smoothed; 0 when not running
	ETA       time.Duration // -1 if unknown
	Error     string        // why it failed (or why the last attempt failed while retrying)
	Path      string        // final path once Done or Skipped
	Attempts  int
	StartedAt time.Time
}

// Totals sums the queue for a status line.
type Totals struct {
	Jobs, Queued, Running, Paused, Done, Failed, Cancelled, Skipped int
	Bytes, Total                                                    int64 // Total -1 if any running/queued size is unknown
	Speed                                                           float64
	ETA                                                             time.Duration // -1 if unknown
}

// HumanBytes formats n as "12.3 MB" for messages.
func HumanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
