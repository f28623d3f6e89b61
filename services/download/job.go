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
	"time"

	"esodesk/internal/bytesize"
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
	Error     string        // why it failed, or a note on a finished file ("could not unpack")
	Path      string        // final path once Done or Skipped
	Attempts  int
	StartedAt time.Time
	Retry     Retry // while it retries: why, which attempt, when (see RetryText)
}

// Totals sums the queue for a status line (see Sum).
type Totals struct {
	Jobs, Queued, Running, Paused, Done, Failed, Cancelled, Skipped int
	Waiting                                                         int // of the running ones, those waiting to retry

	// Total is the size of the batch: every file but the cancelled and
	// skipped ones, failed ones included, so it does not shrink when a
	// file fails; -1 while an unfinished file's size is unknown. Bytes is
	// what arrived of the files that are done or may still finish: never
	// a failed file's, so Bytes == Total means all of it arrived.
	// FailedBytes is the known size of the failed files (part of Total).
	Bytes, Total, FailedBytes int64
	Speed                     float64
	ETA                       time.Duration // -1 if unknown
}

// HumanBytes formats n as "12.3 MB" for messages: bytesize.Format, kept
// while callers outside services still use it here.
func HumanBytes(n int64) string { return bytesize.Format(n) }
