package datasetview

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2/widget"

	"esodesk/internal/bytesize"
	"esodesk/internal/plural"
	"esodesk/services/calselector"
	"esodesk/services/dataset"
)

// state is what the view says about one dataset, read from the dataset's
// own flags and, once loaded, its association tree (either may be silent).
type state struct {
	complete, incomplete   bool // known complete / known incomplete
	certified, uncertified bool
	downgraded             bool
	executed               string   // mode the service ran, "" unknown
	extended               []string // categories matched with match="extended"
	errors                 []string
	messages               []string // the service's messages, each once
}

func stateOf(d *dataset.Dataset) state {
	s := state{
		incomplete:  d.Incomplete(),
		uncertified: d.Uncertified(),
		downgraded:  d.Downgraded(),
		executed:    d.ExecutedMode,
		errors:      d.Errors,
	}
	known := d.Tree != nil
	s.complete = !s.incomplete && (known || d.Complete != nil)
	s.certified = !s.uncertified && (known || d.Certified != nil)
	if d.Extended() {
		d.Tree.Walk(func(a *calselector.Association, _ int) {
			// a category shows once, however many branches use it
			if strings.EqualFold(a.Match, "extended") && !slices.Contains(s.extended, a.Category) {
				s.extended = append(s.extended, a.Category)
			}
		})
	}
	seen := map[string]bool{}
	add := func(ms []string) {
		for _, m := range ms {
			if m = strings.TrimSpace(m); m != "" && !seen[m] {
				seen[m] = true
				s.messages = append(s.messages, m)
			}
		}
	}
	add(d.Messages)
	if d.Tree != nil {
		add(d.Tree.AllMessages())
	}
	return s
}

func isTrue(b *bool) bool  { return b != nil && *b }
func isFalse(b *bool) bool { return b != nil && !*b }

// badge is a short word on a list row; the word carries the meaning, the
// colour only helps.
type badge struct {
	text       string
	importance widget.Importance
}

func (s state) badges() []badge {
	var b []badge
	if len(s.errors) > 0 {
		b = append(b, badge{"ERROR", widget.DangerImportance})
	}
	if s.incomplete {
		b = append(b, badge{"INCOMPLETE", widget.DangerImportance})
	}
	if s.uncertified {
		b = append(b, badge{"UNCERTIFIED", widget.WarningImportance})
	}
	if s.downgraded {
		b = append(b, badge{"DOWNGRADED", widget.WarningImportance})
	}
	if len(s.extended) > 0 {
		b = append(b, badge{"EXTENDED", widget.WarningImportance})
	}
	if len(b) == 0 && s.complete {
		b = append(b, badge{"COMPLETE", widget.SuccessImportance})
	}
	return b
}

// flagLine is one line of the flags panel.
type flagLine struct {
	text       string
	importance widget.Importance
}

// flagLines says, one line per flag, what the service told about d.
func flagLines(d *dataset.Dataset, s state) []flagLine {
	var out []flagLine
	for _, e := range s.errors {
		out = append(out, flagLine{"✗ Error: " + e, widget.DangerImportance})
	}
	// the mode first: a downgraded answer changes what everything below means
	switch {
	case s.downgraded:
		out = append(out, flagLine{fmt.Sprintf("⚠ Downgraded: you asked for %s (processed calibrations) but CalSelector executed %s — raw calibrations instead of masters; a download puts them in %s/.",
			calselector.Raw2Master, s.executed, dataset.RawFolder), widget.WarningImportance})
	case s.executed != "":
		out = append(out, flagLine{"Mode executed: " + modeText(s.executed), widget.MediumImportance})
	case d.RequestedMode != "":
		out = append(out, flagLine{"Mode requested: " + modeText(string(d.RequestedMode)) + " (executed mode not stated)", widget.MediumImportance})
	}
	switch {
	case s.incomplete:
		out = append(out, flagLine{"✗ Incomplete: CalSelector could not find every calibration this frame needs.", widget.DangerImportance})
	case s.complete:
		out = append(out, flagLine{"✓ Complete: every calibration the calibration plan asks for was found.", widget.SuccessImportance})
	default:
		out = append(out, flagLine{"? Completeness not stated by CalSelector.", widget.LowImportance})
	}
	for _, m := range s.messages {
		imp := widget.MediumImportance
		if s.incomplete {
			imp = widget.DangerImportance
		}
		out = append(out, flagLine{"    • " + m, imp})
	}
	switch {
	case s.uncertified:
		out = append(out, flagLine{"⚠ Uncertified: associate again after certification for better calibrations.", widget.WarningImportance})
	case s.certified:
		out = append(out, flagLine{"✓ Certified calibrations.", widget.SuccessImportance})
	}
	if len(s.extended) > 0 {
		out = append(out, flagLine{"⚠ match=extended for " + strings.Join(s.extended, ", ") +
			": the calibration-plan bounds were formally violated; check these calibrations suit your science.", widget.WarningImportance})
	}
	return out
}

func modeText(m string) string {
	switch {
	case strings.EqualFold(m, string(calselector.Raw2Raw)):
		return m + " (raw calibrations)"
	case strings.EqualFold(m, string(calselector.Raw2Master)):
		return m + " (processed calibrations)"
	}
	return m
}

// sizeText is "8.2 MB", "size unknown", or "8.2 MB + 2 of unknown size".
func sizeText(size int64, unknown, files int) string {
	switch {
	case files == 0:
		return "0 B"
	case unknown == files:
		return "size unknown"
	case unknown > 0:
		return fmt.Sprintf("%s + %d of unknown size", bytesize.Format(size), unknown)
	}
	return bytesize.Format(size)
}

// groupText is "MASTER_BIAS · 5 files · 8.2 MB".
func groupText(g dataset.Group) string {
	cat := g.Category
	if cat == "" {
		cat = "(no category)"
	}
	return fmt.Sprintf("%s · %s · %s", cat, plural.Count(len(g.Files), "file"), sizeText(g.Size, g.Unknown, len(g.Files)))
}

// calibSummary is "K calibrations · size" for a list row.
func calibSummary(d *dataset.Dataset) string {
	var size int64
	unknown := 0
	for _, f := range d.Calibrations {
		if f.Size < 0 {
			unknown++
		} else {
			size += f.Size
		}
	}
	return plural.Count(len(d.Calibrations), "calibration") + " · " + sizeText(size, unknown, len(d.Calibrations))
}

// rowDetail is the second line of a list row.
func rowDetail(d *dataset.Dataset) string {
	parts := []string{}
	if n := len(d.Siblings); n > 0 {
		parts = append(parts, "+"+plural.Count(n, "sibling"))
	}
	parts = append(parts, calibSummary(d))
	return strings.Join(parts, " · ")
}

// headerText is "N datasets: a complete, b incomplete, c uncertified, d downgraded".
func headerText(ds []*dataset.Dataset) string {
	if len(ds) == 0 {
		return "No datasets"
	}
	var c, inc, unc, down, errs int
	for _, d := range ds {
		s := stateOf(d)
		if s.complete {
			c++
		}
		if s.incomplete {
			inc++
		}
		if s.uncertified {
			unc++
		}
		if s.downgraded {
			down++
		}
		if len(s.errors) > 0 {
			errs++
		}
	}
	t := fmt.Sprintf("%s: %d complete, %d incomplete, %d uncertified, %d downgraded", plural.Count(len(ds), "dataset"), c, inc, unc, down)
	if errs > 0 {
		t += fmt.Sprintf(", %d with errors", errs)
	}
	return t
}

// siblingsText says that the service added sibling frames, and why.
func siblingsText(d *dataset.Dataset) string {
	n := len(d.Siblings)
	reason := strings.TrimSpace(d.SiblingReason)
	if reason == "" {
		reason = "they are processed together with the science frame (same observation template)"
	}
	return "CalSelector added " + plural.Count(n, "sibling frame") + ": " + reason
}
