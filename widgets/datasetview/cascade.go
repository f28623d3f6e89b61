package datasetview

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2/widget"

	"esodesk/internal/plural"
	"esodesk/services/calselector"
)

// cascade is an ASSOCIATION_TREE flattened for widget.Tree: node ids are
// paths ("a", "a/a0", "a/a0/f3", "a/m1"), so they are unique and stable.
type cascade struct {
	children map[string][]string
	text     map[string]string
	look     map[string]widget.Importance
	branches []string // association nodes at depth 0 and 1: opened at first
}

func newCascade(root *calselector.Association) *cascade {
	c := &cascade{children: map[string][]string{}, text: map[string]string{}, look: map[string]widget.Importance{}}
	if root == nil {
		return c
	}
	c.children[""] = []string{"a"}
	c.add("a", root, 0)
	return c
}

func (c *cascade) add(id string, a *calselector.Association, depth int) {
	c.text[id], c.look[id] = associationText(a)
	if depth < 2 {
		c.branches = append(c.branches, id)
	}
	var kids []string
	for i, f := range a.MainFiles {
		k := fmt.Sprintf("%s/f%d", id, i)
		c.text[k] = strings.TrimSpace(f.Category + " " + f.Name)
		kids = append(kids, k)
	}
	for i, m := range a.Messages {
		k := fmt.Sprintf("%s/m%d", id, i)
		c.text[k] = "message: " + m
		c.look[k] = widget.WarningImportance
		kids = append(kids, k)
	}
	for i := range a.Associated {
		k := fmt.Sprintf("%s/a%d", id, i)
		kids = append(kids, k)
		c.add(k, &a.Associated[i], depth+1)
	}
	c.children[id] = kids
}

// associationText is "BIAS · match=calib_plan · complete · certified · 20 files".
func associationText(a *calselector.Association) (string, widget.Importance) {
	parts := []string{a.Category}
	imp := widget.MediumImportance
	if a.Mode != "" {
		parts = append(parts, "mode "+a.Mode)
	}
	if strings.EqualFold(a.Match, "extended") {
		parts = append(parts, "match=extended ⚠")
		imp = widget.WarningImportance
	} else if a.Match != "" {
		parts = append(parts, "match="+a.Match)
	}
	switch {
	case isFalse(a.Complete):
		parts = append(parts, "INCOMPLETE")
		imp = widget.DangerImportance
	case isTrue(a.Complete):
		parts = append(parts, "complete")
	}
	switch {
	case isFalse(a.Certified):
		parts = append(parts, "UNCERTIFIED")
		if imp != widget.DangerImportance {
			imp = widget.WarningImportance
		}
	case isTrue(a.Certified):
		parts = append(parts, "certified")
	}
	parts = append(parts, plural.Count(len(a.MainFiles), "file"))
	return strings.Join(parts, " · "), imp
}
