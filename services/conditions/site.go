// Package conditions reads ESO's Astronomical Site Monitor (the asm.* tables
// of ESO's TAP service): seeing, coherence time, PWV, wind... over a time
// range at a site, or during given exposures.
package conditions

import (
	"fmt"
	"strings"
)

// Site is an observatory whose ambient conditions ESO publishes.
type Site string

const (
	Paranal Site = "paranal"
	LaSilla Site = "lasilla"
	APEX    Site = "apex"
)

// Sites lists the known sites.
var Sites = []Site{Paranal, LaSilla, APEX}

// ParseSite reads a site name, ignoring case, spaces, dashes and
// underscores ("La Silla", "la-silla").
func ParseSite(s string) (Site, error) {
	k := squash(s)
	for _, site := range Sites {
		if k == string(site) {
			return site, nil
		}
	}
	if k == "" {
		return "", fmt.Errorf("no site given: choose one of %s", siteChoices())
	}
	return "", fmt.Errorf("unknown site %q: choose one of %s", strings.TrimSpace(s), siteChoices())
}

func siteChoices() string {
	n := make([]string, len(Sites))
	for i, s := range Sites {
		n[i] = string(s)
	}
	return strings.Join(n, ", ")
}

// squash lowercases s and drops spaces, dashes and underscores.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '-', '_':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// Title is the site's display name.
func (s Site) Title() string {
	switch s {
	case Paranal:
		return "Paranal"
	case LaSilla:
		return "La Silla"
	case APEX:
		return "APEX"
	}
	return string(s)
}

// SiteOfTelescope maps dbo.raw's telescope column to a site.
func SiteOfTelescope(telescope string) (Site, bool) {
	t := strings.ToUpper(strings.TrimSpace(telescope))
	switch {
	case t == "":
		return "", false
	case strings.HasPrefix(t, "ESO-VLTI-"), t == "ESO-VST", t == "ESO-VISTA":
		return Paranal, true
	case strings.HasPrefix(t, "ESO-VLT-U"):
		switch t[len("ESO-VLT-U"):] {
		case "1", "2", "3", "4":
			return Paranal, true
		}
		return "", false
	case t == "ESO-3P6", t == "ESO-NTT", t == "MPI-2.2":
		return LaSilla, true
	case t == "APEX-12M":
		return APEX, true
	}
	return "", false
}
