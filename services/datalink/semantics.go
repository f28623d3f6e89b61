package datalink

import "strings"

// CoreVocabulary is the base URI of the IVOA DataLink core vocabulary; its
// terms are usually written in the short "#term" form.
const CoreVocabulary = "http://www.ivoa.net/rdf/datalink/core"

// ESO's own semantics terms, written as full URIs by archive.eso.org.
const (
	ESOVocabulary            = "http://archive.eso.org/rdf/datalink/eso"
	ESOCalSelectorRaw2Raw    = ESOVocabulary + "#calSelector_raw2raw"
	ESOCalSelectorRaw2Master = ESOVocabulary + "#calSelector_raw2master"
	ESONightLog              = ESOVocabulary + "#night_log"
	ESODataDocumentation     = ESOVocabulary + "#data_documentation"
)

// broader maps a core term to the broader term it specialises, following
// the IVOA datalink/core vocabulary. Terms with no broader term map to "".
var broader = map[string]string{
	"#this":            "",
	"#progenitor":      "",
	"#calibration":     "#progenitor",
	"#bias":            "#calibration",
	"#dark":            "#calibration",
	"#flat":            "#calibration",
	"#derivation":      "",
	"#preview":         "#derivation",
	"#preview-image":   "#preview",
	"#preview-plot":    "#preview",
	"#thumbnail":       "#preview",
	"#proc":            "#derivation",
	"#cutout":          "#proc",
	"#auxiliary":       "",
	"#coderived":       "",
	"#weight":          "#coderived",
	"#error":           "#coderived",
	"#noise":           "#coderived",
	"#detached-header": "",
	"#documentation":   "",
	"#counterpart":     "",
	"#package":         "",
}

// Normalize returns the short "#term" form of a core-vocabulary term given
// as a full URI (http or https), and any other term unchanged but trimmed.
// Vocabulary terms are case-sensitive, so case is kept.
func Normalize(semantics string) string {
	s := strings.TrimSpace(semantics)
	for _, base := range []string{CoreVocabulary, "https://www.ivoa.net/rdf/datalink/core"} {
		if strings.HasPrefix(s, base+"#") {
			return s[len(base):]
		}
	}
	return s
}

// IsKnown reports whether semantics is a core term (short or full form) or
// one of ESO's terms.
func IsKnown(semantics string) bool {
	s := Normalize(semantics)
	if _, ok := broader[s]; ok {
		return true
	}
	return esoGroup[s] != 0
}

// IsA reports whether semantics is term or one of its narrower terms: a
// #preview-image link IsA "#preview" and IsA "#derivation". Both arguments
// may be short or full URIs; terms outside the core vocabulary (ESO's) only
// match themselves.
func IsA(semantics, term string) bool {
	s, want := Normalize(semantics), Normalize(term)
	if s == "" || want == "" {
		return false
	}
	for seen := 0; s != "" && seen < 8; seen++ { // depth guard: the tree is shallow
		if s == want {
			return true
		}
		s = broader[s]
	}
	return false
}

// Group is the section of a links list a link belongs in.
type Group int

// Groups in the order a GUI lists them.
const (
	GroupOther         Group = iota // unknown or uncategorised semantics
	GroupThis                       // #this: the dataset itself
	GroupPreviews                   // #preview and narrower (images, plots, thumbnails)
	GroupAncillary                  // #auxiliary, #coderived (weight, error, noise), #detached-header
	GroupProgenitors                // #progenitor that is not a calibration
	GroupCalibrations               // #calibration (bias, dark, flat), ESO CalSelector lists
	GroupDerived                    // #derivation that is not a preview or service: products made from this file
	GroupDocumentation              // #documentation, ESO night log and release description
	GroupServices                   // #proc, #cutout and other service-descriptor rows
)

// Groups lists every group in display order.
var Groups = []Group{GroupThis, GroupPreviews, GroupAncillary, GroupProgenitors, GroupCalibrations,
	GroupDerived, GroupDocumentation, GroupServices, GroupOther}

func (g Group) String() string {
	switch g {
	case GroupThis:
		return "This file"
	case GroupPreviews:
		return "Previews"
	case GroupAncillary:
		return "Ancillary files"
	case GroupProgenitors:
		return "Progenitors"
	case GroupCalibrations:
		return "Calibrations"
	case GroupDerived:
		return "Derived products"
	case GroupDocumentation:
		return "Documentation"
	case GroupServices:
		return "Services"
	}
	return "Other"
}

var esoGroup = map[string]Group{
	ESOCalSelectorRaw2Raw:    GroupCalibrations,
	ESOCalSelectorRaw2Master: GroupCalibrations,
	ESONightLog:              GroupDocumentation,
	ESODataDocumentation:     GroupDocumentation,
}

// GroupOf returns the group of a semantics term. The most specific rule
// wins: a #calibration is a progenitor but lands in Calibrations, a #proc is
// a derivation but lands in Services.
func GroupOf(semantics string) Group {
	s := Normalize(semantics)
	if g, ok := esoGroup[s]; ok {
		return g
	}
	switch {
	case IsA(s, "#this"):
		return GroupThis
	case IsA(s, "#preview"):
		return GroupPreviews
	case IsA(s, "#proc"):
		return GroupServices
	case IsA(s, "#calibration"):
		return GroupCalibrations
	case IsA(s, "#progenitor"):
		return GroupProgenitors
	case IsA(s, "#derivation"):
		return GroupDerived
	case IsA(s, "#auxiliary"), IsA(s, "#coderived"), IsA(s, "#detached-header"):
		return GroupAncillary
	case IsA(s, "#documentation"):
		return GroupDocumentation
	}
	return GroupOther
}
