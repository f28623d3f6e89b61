package uws

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"esodesk/internal/xmlguard"
)

// JobRef is one entry of a job list (uws:jobref).
type JobRef struct {
	ID           string
	Href         string // may be relative to the list URL
	Phase        Phase
	RunID        string
	OwnerID      string
	CreationTime time.Time
}

// MaxJobList bounds a job list: an entry is about 300 bytes, so 16 MB is
// tens of thousands of jobs, more than a service keeps for one user.
const MaxJobList = 16_000_000

// ParseJobList reads a uws:jobs document of at most MaxJobList bytes.
func ParseJobList(r io.Reader) ([]JobRef, error) {
	var x struct {
		XMLName xml.Name
		Refs    []struct {
			ID           string `xml:"id,attr"`
			Href         string `xml:"href,attr"`
			Phase        string `xml:"phase"`
			RunID        string `xml:"runId"`
			OwnerID      string `xml:"ownerId"`
			CreationTime string `xml:"creationTime"`
		} `xml:"jobref"`
	}
	if err := xmlguard.NewDecoder(r, xmlguard.Limits{What: "UWS job list", MaxBytes: MaxJobList}).Decode(&x); err != nil {
		return nil, fmt.Errorf("uws: reading job list: %w", err)
	}
	if x.XMLName.Local != "jobs" {
		return nil, fmt.Errorf("uws: expected a job list, got <%s>", x.XMLName.Local)
	}
	refs := make([]JobRef, 0, len(x.Refs))
	for _, r := range x.Refs {
		refs = append(refs, JobRef{
			ID:           strings.TrimSpace(r.ID),
			Href:         strings.TrimSpace(r.Href),
			Phase:        Phase(strings.ToUpper(strings.TrimSpace(r.Phase))),
			RunID:        strings.TrimSpace(r.RunID),
			OwnerID:      strings.TrimSpace(r.OwnerID),
			CreationTime: parseTime(r.CreationTime),
		})
	}
	return refs, nil
}
