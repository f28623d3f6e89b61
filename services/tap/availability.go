package tap

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"esodesk/internal/xmlguard"
)

// Availability is the VOSI availability document.
type Availability struct {
	Available bool
	UpSince   time.Time // zero when not given
	DownAt    time.Time
	BackAt    time.Time
	Notes     []string
}

// Availability fetches and reads /availability.
func (s *Service) Availability(ctx context.Context) (*Availability, error) {
	return fetchVOSI(ctx, s, "check service availability", s.endpoint("availability"), ParseAvailability)
}

// ParseAvailability reads a VOSI availability document.
func ParseAvailability(r io.Reader) (*Availability, error) {
	var x struct {
		XMLName   xml.Name
		Available string   `xml:"available"`
		UpSince   string   `xml:"upSince"`
		DownAt    string   `xml:"downAt"`
		BackAt    string   `xml:"backAt"`
		Notes     []string `xml:"note"`
	}
	// An availability document is a few lines.
	limits := xmlguard.Limits{What: "VOSI availability document", MaxBytes: 1_000_000}
	if err := xmlguard.NewDecoder(r, limits).Decode(&x); err != nil {
		return nil, fmt.Errorf("reading VOSI availability: %w", err)
	}
	if x.XMLName.Local != "availability" {
		return nil, fmt.Errorf("not a VOSI availability document (root element <%s>)", x.XMLName.Local)
	}
	a := &Availability{Available: strings.EqualFold(trim(x.Available), "true") || trim(x.Available) == "1"}
	a.UpSince, a.DownAt, a.BackAt = isoTime(x.UpSince), isoTime(x.DownAt), isoTime(x.BackAt)
	for _, n := range x.Notes {
		if n = trim(n); n != "" {
			a.Notes = append(a.Notes, n)
		}
	}
	return a, nil
}

func isoTime(s string) time.Time {
	s = trim(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
