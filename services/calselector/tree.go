package calselector

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"esodesk/internal/xmlguard"
)

// Association is one node of an ASSOCIATION_TREE: a group of files of one
// category and the calibrations they need in turn (Associated).
type Association struct {
	Category string
	Type     string // e.g. "main"
	// Mode is set on the top association only: the mode actually executed
	// (Raw2Raw or Raw2Master), which may differ from the one requested.
	Mode string
	// Match is set on inner associations: "calib_plan", "N/A", or "extended"
	// (the calibration-plan bounds were formally violated).
	Match string
	// Complete and Certified are nil when the attribute is absent or not a
	// boolean: "unknown" is not the same as "false".
	Complete   *bool
	Certified  *bool
	MainFiles  []File
	Associated []Association
	Messages   []string
}

// File is one <file> of a <mainFiles> list.
type File struct {
	Name     string // the dp_id, e.g. FORS2.2020-12-26T08:54:31.688
	Category string // e.g. BIAS, SKY_FLAT_IMG
}

// treeLimits bound an ASSOCIATION_TREE. Real ones are a few hundred kB and
// a few levels deep (raw frames, their master calibrations, the raw frames
// behind those; two elements per level); the parse and every walk of the
// tree recurse per level.
var treeLimits = xmlguard.Limits{What: "ASSOCIATION_TREE", MaxBytes: maxTree}

// ParseTree reads one ASSOCIATION_TREE document. A malformed document gives
// an error naming the line.
func ParseTree(r io.Reader) (*Association, error) {
	var x xmlAssociation
	if err := xmlguard.NewDecoder(r, treeLimits).Decode(&x); err != nil {
		return nil, treeError(err)
	}
	a := x.convert()
	return &a, nil
}

// treeError says where the XML went wrong.
func treeError(err error) error {
	if errors.Is(err, xmlguard.ErrLimit) {
		return err // says what it is already
	}
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("ASSOCIATION_TREE XML is malformed at line %d: %s", syn.Line, syn.Msg)
	}
	if err == io.EOF {
		return errors.New("ASSOCIATION_TREE XML is empty") // no element at all
	}
	return fmt.Errorf("ASSOCIATION_TREE XML is not an <association> document: %v", err)
}

type xmlAssociation struct {
	XMLName    xml.Name         `xml:"association"`
	Category   string           `xml:"category,attr"`
	Type       string           `xml:"type,attr"`
	Mode       string           `xml:"mode,attr"`
	Match      string           `xml:"match,attr"`
	Complete   string           `xml:"complete,attr"`
	Certified  string           `xml:"certified,attr"`
	MainFiles  []xmlFile        `xml:"mainFiles>file"`
	Messages   []xmlMessages    `xml:"messages"`
	Associated []xmlAssociation `xml:"associatedFiles>association"`
}

type xmlFile struct {
	Name     string `xml:"name,attr"`
	Category string `xml:"category,attr"`
}

// xmlMessages takes the text of <messages> whether it is written directly or
// inside child elements (one message each).
type xmlMessages struct {
	Text  string `xml:",chardata"`
	Items []struct {
		Text string `xml:",chardata"`
	} `xml:",any"`
}

func (x *xmlAssociation) convert() Association {
	a := Association{
		Category:  strings.TrimSpace(x.Category),
		Type:      strings.TrimSpace(x.Type),
		Mode:      strings.TrimSpace(x.Mode),
		Match:     strings.TrimSpace(x.Match),
		Complete:  parseBool(x.Complete),
		Certified: parseBool(x.Certified),
	}
	for _, f := range x.MainFiles {
		a.MainFiles = append(a.MainFiles, File{Name: strings.TrimSpace(f.Name), Category: strings.TrimSpace(f.Category)})
	}
	for _, m := range x.Messages {
		if t := collapse(m.Text); t != "" {
			a.Messages = append(a.Messages, t)
		}
		for _, it := range m.Items {
			if t := collapse(it.Text); t != "" {
				a.Messages = append(a.Messages, t)
			}
		}
	}
	for i := range x.Associated {
		a.Associated = append(a.Associated, x.Associated[i].convert())
	}
	return a
}

// parseBool reads "true"/"false" in any case; anything else is unknown (nil).
func parseBool(s string) *bool {
	var v bool
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		v = true
	case "false":
		v = false
	default:
		return nil
	}
	return &v
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// Walk calls fn for a and every association below it, depth first, with the
// nesting depth (0 for a).
func (a *Association) Walk(fn func(a *Association, depth int)) {
	var walk func(a *Association, depth int)
	walk = func(a *Association, depth int) {
		fn(a, depth)
		for i := range a.Associated {
			walk(&a.Associated[i], depth+1)
		}
	}
	walk(a, 0)
}

// Count is the number of associations in the tree, a included.
func (a *Association) Count() int {
	n := 0
	a.Walk(func(*Association, int) { n++ })
	return n
}

// Files returns every file named in the tree once: dp_id → category. A
// calibration shared by several branches is listed (and downloaded) once.
func (a *Association) Files() map[string]string {
	files := map[string]string{}
	a.Walk(func(a *Association, _ int) {
		for _, f := range a.MainFiles {
			if _, seen := files[f.Name]; !seen {
				files[f.Name] = f.Category
			}
		}
	})
	return files
}

// FileNames is Files' keys, sorted.
func (a *Association) FileNames() []string {
	files := a.Files()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Incomplete reports whether any association says complete="false": some
// calibration files are missing.
func (a *Association) Incomplete() bool {
	return a.any(func(a *Association) bool { return a.Complete != nil && !*a.Complete })
}

// Uncertified reports whether any association says certified="false": the
// calibrations are not yet certified, re-querying later may give others.
func (a *Association) Uncertified() bool {
	return a.any(func(a *Association) bool { return a.Certified != nil && !*a.Certified })
}

// Extended reports whether any association matched with match="extended":
// the calibration-plan bounds were formally violated.
func (a *Association) Extended() bool {
	return a.any(func(a *Association) bool { return strings.EqualFold(a.Match, "extended") })
}

// ExecutedMode is the mode the service actually ran (the top association's
// mode): a Raw2Master request comes back as Raw2Raw when masters are missing.
func (a *Association) ExecutedMode() string { return a.Mode }

// AllMessages collects the messages of the whole tree, in document order.
func (a *Association) AllMessages() []string {
	var out []string
	a.Walk(func(a *Association, _ int) { out = append(out, a.Messages...) })
	return out
}

func (a *Association) any(pred func(*Association) bool) bool {
	found := false
	a.Walk(func(a *Association, _ int) {
		if !found && pred(a) {
			found = true
		}
	})
	return found
}
