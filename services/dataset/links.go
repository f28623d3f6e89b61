package dataset

import (
	"net/url"
	"path"
	"strings"

	"esodesk/services/calselector"
)

// DefaultSiblingReason explains siblings when the service gave no reason.
const DefaultSiblingReason = "added by CalSelector: taken in the same observation and processed together"

// FromLinks builds a dataset from the VOTable answer for one raw frame.
// requested is the mode asked for (the service may have run another).
func FromLinks(l *calselector.Links, requested calselector.Mode) *Dataset {
	d := &Dataset{RequestedMode: requested, Science: File{DPID: l.DPID, Size: -1}}
	if l.This != nil {
		d.Science = fileFromLink(*l.This)
		d.Science.DPID = l.DPID
	}
	for _, s := range l.Siblings {
		d.Siblings = append(d.Siblings, fileFromLink(s))
	}
	if len(d.Siblings) > 0 {
		d.SiblingReason = siblingReason(l.Siblings)
	}
	for _, c := range l.Calibrations {
		d.Calibrations = append(d.Calibrations, fileFromLink(c))
	}
	d.ExecutedMode = l.Flags.Mode
	d.Complete = l.Flags.Complete
	d.Certified = l.Flags.Certified
	d.Messages = SplitMessages(l.Flags.Messages)
	for _, e := range l.Errors {
		d.Errors = append(d.Errors, e.ErrorMessage)
	}
	if l.Tree != nil {
		d.TreeURL = l.Tree.AccessURL
	}
	return d
}

// fileFromLink takes the dp_id from the access URL's last path segment
// (dataPortal/file/<dp_id>), which every file row has, unlike a name column.
func fileFromLink(l calselector.Link) File {
	return File{DPID: DPIDFromURL(l.AccessURL), Category: l.Category, URL: l.AccessURL, Size: l.ContentLength, Type: l.ContentType}
}

// DPIDFromURL is the unescaped last path segment of a dataPortal URL.
func DPIDFromURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return path.Base(raw)
	}
	seg := path.Base(u.EscapedPath())
	if s, err := url.PathUnescape(seg); err == nil {
		return s
	}
	return seg
}

// siblingReason uses the service's own description of the sibling rows
// when it has one, as a sentence.
func siblingReason(rows []calselector.Link) string {
	for _, r := range rows {
		if desc := strings.Join(strings.Fields(r.Description), " "); desc != "" {
			if !strings.HasSuffix(desc, ".") {
				desc += "."
			}
			return strings.ToUpper(desc[:1]) + desc[1:]
		}
	}
	return DefaultSiblingReason
}

// SplitMessages splits the messages attribute into single messages: ESO
// separates them by newlines or semicolons.
func SplitMessages(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' || r == '|' }) {
		if m := strings.Join(strings.Fields(part), " "); m != "" {
			out = append(out, m)
		}
	}
	return out
}

// FromTree builds a dataset from an ASSOCIATION_TREE (the XML answer):
// the top association's main files are the science frame (dpid) and its
// siblings, every other file is a calibration. Sizes are unknown (-1); URLs
// are dataPortalURL/<id>.
func FromTree(dpid string, a *calselector.Association, requested calselector.Mode, dataPortalURL string) *Dataset {
	base := strings.TrimRight(dataPortalURL, "/")
	file := func(id, cat string) File {
		return File{DPID: id, Category: cat, URL: base + "/" + url.PathEscape(id), Size: -1}
	}
	d := &Dataset{RequestedMode: requested, Science: file(dpid, "")}
	seen := map[string]bool{dpid: true}
	for _, f := range a.MainFiles {
		if f.Name == dpid {
			d.Science.Category = f.Category
			continue
		}
		if !seen[f.Name] {
			seen[f.Name] = true
			d.Siblings = append(d.Siblings, file(f.Name, f.Category))
		}
	}
	if len(d.Siblings) > 0 {
		d.SiblingReason = DefaultSiblingReason
	}
	for i := range a.Associated {
		a.Associated[i].Walk(func(n *calselector.Association, _ int) {
			for _, f := range n.MainFiles {
				if !seen[f.Name] {
					seen[f.Name] = true
					d.Calibrations = append(d.Calibrations, file(f.Name, f.Category))
				}
			}
		})
	}
	d.ExecutedMode = a.ExecutedMode()
	d.Complete = not(a.Incomplete())
	d.Certified = not(a.Uncertified())
	d.Messages = a.AllMessages()
	d.Tree = a
	return d
}

func not(b bool) *bool { v := !b; return &v }

// AttachTree keeps the fetched ASSOCIATION_TREE of a VOTable-built dataset;
// it fills the flags the VOTable did not state.
func (d *Dataset) AttachTree(a *calselector.Association) {
	d.Tree = a
	if a == nil {
		return
	}
	if d.ExecutedMode == "" {
		d.ExecutedMode = a.ExecutedMode()
	}
	if d.Complete == nil {
		d.Complete = not(a.Incomplete())
	}
	if d.Certified == nil {
		d.Certified = not(a.Uncertified())
	}
	if len(d.Messages) == 0 {
		d.Messages = a.AllMessages()
	}
}
