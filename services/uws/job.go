// Package uws reads IVOA UWS 1.1 documents: a job (uws:job) and a job list
// (uws:jobs). The protocol itself (creating, running, waiting) lives with the
// services that use it (see services/tap).
package uws

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"esodesk/internal/xmlguard"
)

// Phase is a UWS execution phase.
type Phase string

// The UWS 1.1 phases.
const (
	Pending   Phase = "PENDING"
	Queued    Phase = "QUEUED"
	Executing Phase = "EXECUTING"
	Completed Phase = "COMPLETED"
	Error     Phase = "ERROR"
	Aborted   Phase = "ABORTED"
	Unknown   Phase = "UNKNOWN"
	Held      Phase = "HELD"
	Suspended Phase = "SUSPENDED"
	Archived  Phase = "ARCHIVED"
)

// Final reports whether the job will not change phase by itself any more.
func (p Phase) Final() bool {
	switch p {
	case Completed, Error, Aborted, Archived:
		return true
	}
	return false
}

// Running reports whether the server is working on (or queueing) the job.
func (p Phase) Running() bool { return p == Queued || p == Executing }

// Job is a uws:job document.
type Job struct {
	Version           string
	JobID             string
	RunID             string
	OwnerID           string
	Phase             Phase
	Quote             time.Time // zero when absent
	CreationTime      time.Time
	StartTime         time.Time
	EndTime           time.Time
	ExecutionDuration int // seconds; 0 means unlimited
	Destruction       time.Time
	Parameters        []Parameter
	Results           []Result
	ErrorSummary      *ErrorSummary // nil when the job has none
}

// Parameter is one uws:parameter.
type Parameter struct {
	ID          string
	Value       string
	ByReference bool
}

// Result is one uws:result; Href may be relative to the job URL.
type Result struct {
	ID       string
	Href     string
	Size     int64
	MimeType string
}

// ErrorSummary is the uws:errorSummary of a failed job.
type ErrorSummary struct {
	Type      string // "fatal" or "transient"
	HasDetail bool   // the job's /error resource has more
	Message   string
}

// Param returns the value of the parameter id (compared case-insensitively).
func (j *Job) Param(id string) string {
	for _, p := range j.Parameters {
		if strings.EqualFold(p.ID, id) {
			return p.Value
		}
	}
	return ""
}

// Result returns the result with that id, or nil.
func (j *Job) Result(id string) *Result {
	for i := range j.Results {
		if j.Results[i].ID == id {
			return &j.Results[i]
		}
	}
	return nil
}

// The wire form. Element names carry no namespace so that documents in the
// UWS 1.0 namespace, or none, read as well.
type xmlJob struct {
	XMLName           xml.Name
	Version           string `xml:"version,attr"`
	JobID             string `xml:"jobId"`
	RunID             string `xml:"runId"`
	OwnerID           string `xml:"ownerId"`
	Phase             string `xml:"phase"`
	Quote             string `xml:"quote"`
	CreationTime      string `xml:"creationTime"`
	StartTime         string `xml:"startTime"`
	EndTime           string `xml:"endTime"`
	ExecutionDuration string `xml:"executionDuration"`
	Destruction       string `xml:"destruction"`
	Parameters        []struct {
		ID    string `xml:"id,attr"`
		ByRef string `xml:"byReference,attr"`
		Value string `xml:",chardata"`
	} `xml:"parameters>parameter"`
	Results []struct {
		ID       string `xml:"id,attr"`
		Href     string `xml:"href,attr"`
		Size     string `xml:"size,attr"`
		MimeType string `xml:"mime-type,attr"`
	} `xml:"results>result"`
	ErrorSummary *struct {
		Type      string `xml:"type,attr"`
		HasDetail string `xml:"hasDetail,attr"`
		Message   string `xml:"message"`
	} `xml:"errorSummary"`
}

// MaxJobDocument bounds a job document: real ones are a few kB (the
// parameters, an ADQL query, a handful of results), so 16 MB leaves room for
// a long query while a runaway answer fails.
const MaxJobDocument = 16_000_000

// ParseJob reads a uws:job document of at most MaxJobDocument bytes.
func ParseJob(r io.Reader) (*Job, error) {
	var x xmlJob
	if err := xmlguard.NewDecoder(r, xmlguard.Limits{What: "UWS job document", MaxBytes: MaxJobDocument}).Decode(&x); err != nil {
		return nil, fmt.Errorf("uws: reading job document: %w", err)
	}
	if x.XMLName.Local != "job" {
		return nil, fmt.Errorf("uws: expected a job document, got <%s>", x.XMLName.Local)
	}
	j := &Job{
		Version:      x.Version,
		JobID:        strings.TrimSpace(x.JobID),
		RunID:        strings.TrimSpace(x.RunID),
		OwnerID:      strings.TrimSpace(x.OwnerID),
		Phase:        Phase(strings.ToUpper(strings.TrimSpace(x.Phase))),
		Quote:        parseTime(x.Quote),
		CreationTime: parseTime(x.CreationTime),
		StartTime:    parseTime(x.StartTime),
		EndTime:      parseTime(x.EndTime),
		Destruction:  parseTime(x.Destruction),
	}
	j.ExecutionDuration, _ = strconv.Atoi(strings.TrimSpace(x.ExecutionDuration))
	for _, p := range x.Parameters {
		j.Parameters = append(j.Parameters, Parameter{ID: p.ID, Value: strings.TrimSpace(p.Value), ByReference: p.ByRef == "true"})
	}
	for _, r := range x.Results {
		size, _ := strconv.ParseInt(r.Size, 10, 64)
		j.Results = append(j.Results, Result{ID: r.ID, Href: strings.TrimSpace(r.Href), Size: size, MimeType: r.MimeType})
	}
	if es := x.ErrorSummary; es != nil {
		j.ErrorSummary = &ErrorSummary{
			Type:      es.Type,
			HasDetail: es.HasDetail == "true",
			Message:   strings.Join(strings.Fields(es.Message), " "),
		}
	}
	return j, nil
}

// parseTime reads an ISO 8601 timestamp; UWS servers differ on fractions and
// on the trailing Z (none means UTC here). Unreadable or nil values give zero.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
