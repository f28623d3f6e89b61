package conditionsctl

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"esodesk/services/conditions"
)

// framePlan is what ShowFrames shows for a selection.
type framePlan struct {
	site          conditions.Site
	night         string
	r             conditions.Interval
	shown, others []conditions.Exposure
	notes         string // the frames left out, and why ("" or starting with a line break)
	err           string // nothing to show, and why
}

// planFrames picks the site (the most frequent among the selected frames)
// and the night (the first frame's), and sorts the frames into shown,
// left out, and the faint others of that night.
func planFrames(selected, all []conditions.Exposure) framePlan {
	var p framePlan
	count := map[conditions.Site]int{}
	var unknown []string
	for _, e := range selected {
		if s, ok := e.Site(); ok {
			count[s]++
		} else {
			unknown = append(unknown, e.ID+" ("+orNone(e.Telescope)+")")
		}
	}
	best := 0
	for _, s := range conditions.Sites { // ties go to the first in this order
		if count[s] > best {
			p.site, best = s, count[s]
		}
	}
	if best == 0 {
		p.err = "None of the selected frames comes from a telescope at a site with ambient data (Paranal, La Silla, APEX): " +
			names(unknown) + ". Choose a site and a night above instead."
		return p
	}
	var atSite []conditions.Exposure
	elsewhere := map[conditions.Site][]string{}
	for _, e := range selected {
		if s, ok := e.Site(); ok && s == p.site {
			atSite = append(atSite, e)
		} else if ok {
			elsewhere[s] = append(elsewhere[s], e.ID)
		}
	}
	slices.SortStableFunc(atSite, func(a, b conditions.Exposure) int { return a.Start.Compare(b.Start) })
	p.night = NightOf(atSite[0].Start)
	p.r, _ = NightRange(p.night)
	otherNights := map[string][]string{}
	for _, e := range atSite {
		if n := NightOf(e.Start); n != p.night {
			otherNights[n] = append(otherNights[n], e.ID)
			continue
		}
		p.shown = append(p.shown, e)
		// twilight calibrations start before 21:00 UT: the plot covers them
		w := e.Window()
		if w.Start.Before(p.r.Start) {
			p.r.Start = w.Start.Add(-30 * time.Minute)
		}
		if w.End.After(p.r.End) {
			p.r.End = w.End.Add(30 * time.Minute)
		}
	}
	picked := map[string]bool{}
	for _, e := range selected {
		picked[e.ID] = true
	}
	for _, e := range all {
		if s, ok := e.Site(); ok && s == p.site && !picked[e.ID] && overlaps(e.Window(), p.r) {
			p.others = append(p.others, e)
		}
	}

	var left []string
	for _, s := range conditions.Sites {
		if ids := elsewhere[s]; len(ids) > 0 {
			left = append(left, fmt.Sprintf("%d at %s (%s)", len(ids), s.Title(), names(ids)))
		}
	}
	if len(unknown) > 0 {
		left = append(left, fmt.Sprintf("%d from a telescope at no site with ambient data (%s)", len(unknown), names(unknown)))
	}
	nights := make([]string, 0, len(otherNights))
	for n := range otherNights {
		nights = append(nights, n)
	}
	sort.Strings(nights)
	for _, n := range nights {
		left = append(left, fmt.Sprintf("%d on the night of %s (%s)", len(otherNights[n]), n, names(otherNights[n])))
	}
	if len(left) > 0 {
		n := len(selected) - len(p.shown)
		p.notes = fmt.Sprintf("\n⚠ %d selected frame%s not marked: %s. Select them alone to see their own night and site.",
			n, plural(n), strings.Join(left, "; "))
	}
	return p
}

// names lists up to three names, then how many more.
func names(ids []string) string {
	if len(ids) <= 3 {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:3], ", ") + fmt.Sprintf(" and %d more", len(ids)-3)
}

func orNone(s string) string {
	if s == "" {
		return "no telescope"
	}
	return s
}
