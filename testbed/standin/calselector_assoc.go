package standin

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// The association rules for testbed frames (README "CalSelector"): each
// calibration type of the instrument is matched on the nearest night with
// frames of that type (0–1 nights: calib_plan, 2–7: extended, further:
// missing); flats, wavelength and standard-star calibrations nest the
// detector calibration (BIAS, or DARK without BIAS), standards also the flat.

// uncertifiedFrom: science nights from this date on get certified="false"
// (the calibrations are "not yet certified").
const uncertifiedFrom = "2019-03-17"

// maxNights is how far the matching looks for a calibration.
const maxNights = 7

// assoc is one <association> of an ASSOCIATION_TREE.
type assoc struct {
	Category  string
	Mode      string // top only
	Match     string // inner only
	Certified bool
	Complete  bool
	Files     []treeFile
	Messages  []string
	Children  []*assoc
}

type treeFile struct{ Category, Name string }

// Mode names as ESO writes them.
const (
	modeRaw2Raw    = "Raw2Raw"
	modeRaw2Master = "Raw2Master"
)

// calibOrder is the order calibration types appear in a tree.
var calibOrder = []string{"BIAS", "DARK", "FLAT,LAMP", "FLAT,SKY", "WAVE,LAMP", "STD", "STD,FLUX", "STD,TELLURIC"}

// rawCategory maps dp_type to the file category ESO uses for the raw frame.
func rawCategory(dpType string) string {
	switch dpType {
	case "FLAT,LAMP":
		return "LAMP_FLAT"
	case "FLAT,SKY":
		return "SKY_FLAT_IMG"
	case "WAVE,LAMP":
		return "ARC_LAMP"
	case "STD,FLUX":
		return "STD_FLUX"
	case "STD,TELLURIC":
		return "STD_TELLURIC"
	}
	return strings.ReplaceAll(dpType, ",", "_")
}

// masterCategory is the category of the processed calibration (Raw2Master).
func masterCategory(dpType string) string {
	switch dpType {
	case "BIAS", "DARK":
		return "MASTER_" + dpType
	case "FLAT,LAMP":
		return "MASTER_FLAT"
	case "FLAT,SKY":
		return "MASTER_SKY_FLAT_IMG"
	case "WAVE,LAMP":
		return "WAVECAL_TABLE"
	case "STD", "STD,FLUX":
		return "STD_RESPONSE"
	case "STD,TELLURIC":
		return "STD_TELLURIC"
	}
	return "MASTER_" + rawCategory(dpType)
}

// noMasters lists instruments without processed calibrations in the
// stand-in: a Raw2Master request for them is executed as Raw2Raw.
var noMasters = map[string]bool{"SINFONI": true}

// associate builds the tree for a frame of the archive.
func associate(idx *archiveIndex, f *ArchiveFrame, mode string) *assoc {
	if f.Category != "SCIENCE" {
		return &assoc{Category: "CALIB", Mode: mode, Certified: true, Complete: true,
			Files: []treeFile{{rawCategory(f.Type), f.DPID}}}
	}
	certified := f.Night < uncertifiedFrom
	top := &assoc{Category: "SCI_" + strings.SplitN(f.Tech, ",", 2)[0], Mode: mode, Certified: certified, Complete: true}
	for _, s := range siblingsAndSelf(idx, f) {
		top.Files = append(top.Files, treeFile{scienceCategory(s), s.DPID})
	}
	if mode == modeRaw2Master && noMasters[f.Instrument] {
		top.Mode = modeRaw2Raw
		top.Messages = append(top.Messages, fmt.Sprintf("Processed calibrations (masters) are not available for %s: raw calibrations are returned instead (Raw2Raw)", f.Instrument))
	}
	types := calibTypes(idx, f.Instrument)
	g := &treeGen{idx: idx, inst: f.Instrument, types: types, certified: certified, masters: top.Mode == modeRaw2Master}
	for _, t := range types {
		a, msg := g.node(t, f.Night)
		if a == nil {
			top.Complete = false
			top.Messages = append(top.Messages, msg)
			continue
		}
		top.Children = append(top.Children, a)
		if !a.Complete {
			top.Complete = false
		}
	}
	// The top lists every message of the tree once, as the VOTable's
	// description does.
	seen := map[string]bool{}
	for _, m := range top.Messages {
		seen[m] = true
	}
	walkAssoc(top, func(a *assoc) {
		for _, m := range a.Messages {
			if !seen[m] {
				seen[m] = true
				top.Messages = append(top.Messages, m)
			}
		}
	})
	return top
}

func scienceCategory(f *ArchiveFrame) string {
	if f.Type == "SKY" {
		return "SKY"
	}
	return "SCIENCE"
}

// siblingsAndSelf: f first, then the other SCIENCE frames of its OB and night.
func siblingsAndSelf(idx *archiveIndex, f *ArchiveFrame) []*ArchiveFrame {
	out := []*ArchiveFrame{f}
	if f.OBID == 0 {
		return out
	}
	for _, s := range idx.science[obKey(f)] {
		if s.DPID != f.DPID {
			out = append(out, s)
		}
	}
	return out
}

// calibTypes are the dp_types of the instrument's CALIB frames, in calibOrder.
func calibTypes(idx *archiveIndex, inst string) []string {
	var out []string
	for t := range idx.calib[inst] {
		out = append(out, t)
	}
	rank := func(t string) int {
		for i, c := range calibOrder {
			if c == t {
				return i
			}
		}
		return len(calibOrder)
	}
	sort.Slice(out, func(i, j int) bool {
		if rank(out[i]) != rank(out[j]) {
			return rank(out[i]) < rank(out[j])
		}
		return out[i] < out[j]
	})
	return out
}

type treeGen struct {
	idx       *archiveIndex
	inst      string
	types     []string
	certified bool
	masters   bool
}

// base is the detector calibration the others nest: BIAS, else DARK.
func (g *treeGen) base() string {
	for _, t := range []string{"BIAS", "DARK"} {
		if len(g.idx.calib[g.inst][t]) > 0 {
			return t
		}
	}
	return ""
}

// nested lists the calibration types an association of type t needs in turn.
func (g *treeGen) nested(t string) []string {
	if g.masters {
		return nil // masters are already processed
	}
	b := g.base()
	var out []string
	switch {
	case t == b:
	case t == "DARK" && b == "BIAS", strings.HasPrefix(t, "FLAT"), strings.HasPrefix(t, "WAVE"):
		out = []string{b}
	case strings.HasPrefix(t, "STD"):
		out = []string{b}
		for _, f := range []string{"FLAT,LAMP", "FLAT,SKY"} {
			if len(g.idx.calib[g.inst][f]) > 0 {
				out = append(out, f)
				break
			}
		}
	}
	if len(out) == 1 && out[0] == "" {
		return nil
	}
	return out
}

// node is the association for calibration type t needed on night; nil and
// a message when no frame of that type is within maxNights.
func (g *treeGen) node(t, night string) (*assoc, string) {
	frames, dist := nearestNight(g.idx.calib[g.inst][t], night)
	cat := rawCategory(t)
	if g.masters {
		cat = masterCategory(t)
	}
	if frames == nil {
		return nil, fmt.Sprintf("Missing %s (no %s frame within %d nights)", cat, t, maxNights)
	}
	a := &assoc{Category: cat, Match: "calib_plan", Certified: g.certified, Complete: true}
	if dist > 1 {
		a.Match = "extended"
	}
	if g.masters {
		a.Files = []treeFile{{cat, masterID(g.inst, t, frames[0].Night)}}
		return a, ""
	}
	for _, f := range frames {
		a.Files = append(a.Files, treeFile{cat, f.DPID})
	}
	for _, sub := range g.nested(t) {
		c, msg := g.node(sub, frames[0].Night)
		if c == nil {
			a.Complete = false
			a.Messages = append(a.Messages, msg)
			continue
		}
		a.Children = append(a.Children, c)
		if !c.Complete {
			a.Complete = false
		}
	}
	return a, ""
}

// nearestNight returns the frames of the night nearest to night (ties: the
// earlier night) and the distance in nights; nil beyond maxNights.
func nearestNight(frames []*ArchiveFrame, night string) ([]*ArchiveFrame, int) {
	n0, err := time.Parse("2006-01-02", night)
	if err != nil {
		return nil, 0
	}
	best, bestDist := "", maxNights+1
	for _, f := range frames {
		n, err := time.Parse("2006-01-02", f.Night)
		if err != nil {
			continue
		}
		d := int(n.Sub(n0).Hours() / 24)
		if d < 0 {
			d = -d
		}
		// frames are sorted by night, so on a tie the earlier night is kept
		if d < bestDist {
			best, bestDist = f.Night, d
		}
	}
	if best == "" {
		return nil, 0
	}
	var out []*ArchiveFrame
	for _, f := range frames {
		if f.Night == best {
			out = append(out, f)
		}
	}
	return out, bestDist
}

// masterID names the master made from the raw calibrations of night: ESO
// creates it the next day, so M.<INSTRUMENT>.<night+1>T<time from a hash>.
func masterID(inst, dpType, night string) string {
	n, _ := time.Parse("2006-01-02", night)
	h := hashID(inst + "|" + dpType + "|" + night)
	t := n.AddDate(0, 0, 1).Add(8*time.Hour + time.Duration(h%14400)*time.Second + time.Duration(h/14400%1000)*time.Millisecond)
	return "M." + inst + "." + t.Format("2006-01-02T15:04:05.000")
}

func walkAssoc(a *assoc, fn func(*assoc)) {
	fn(a)
	for _, c := range a.Children {
		walkAssoc(c, fn)
	}
}
