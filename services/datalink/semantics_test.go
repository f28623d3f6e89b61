package datalink

import "testing"

func TestIsAFollowsNarrowerTerms(t *testing.T) {
	cases := []struct {
		sem, term string
		want      bool
	}{
		{"#preview-image", "#preview", true},
		{"#thumbnail", "#preview", true},
		{"#preview-plot", "#derivation", true},
		{"#bias", "#calibration", true},
		{"#flat", "#progenitor", true},
		{"#cutout", "#proc", true},
		{"#weight", "#coderived", true},
		{"#preview", "#preview-image", false}, // broader is not narrower
		{"#this", "#preview", false},
		{"http://www.ivoa.net/rdf/datalink/core#preview", "#preview", true},
		{"#dark", "http://www.ivoa.net/rdf/datalink/core#calibration", true},
		{" #this ", "#this", true},
		{"#Preview", "#preview", false}, // vocabulary terms are case-sensitive
		{ESONightLog, ESONightLog, true},
		{ESONightLog, "#documentation", false},
		{"urn:example:rdf/dlext#oracle", "#auxiliary", false},
		{"", "#this", false},
	}
	for _, c := range cases {
		if got := IsA(c.sem, c.term); got != c.want {
			t.Errorf("IsA(%q, %q) = %v, want %v", c.sem, c.term, got, c.want)
		}
	}
}

func TestGroupOf(t *testing.T) {
	cases := map[string]Group{
		"#this":            GroupThis,
		"#preview":         GroupPreviews,
		"#preview-image":   GroupPreviews,
		"#thumbnail":       GroupPreviews,
		"#auxiliary":       GroupAncillary,
		"#error":           GroupAncillary,
		"#detached-header": GroupAncillary,
		"#progenitor":      GroupProgenitors,
		"#calibration":     GroupCalibrations,
		"#bias":            GroupCalibrations,
		"#derivation":      GroupDerived,
		"#proc":            GroupServices,
		"#cutout":          GroupServices,
		"#documentation":   GroupDocumentation,
		"#counterpart":     GroupOther,
		"http://www.ivoa.net/rdf/datalink/core#flat":                  GroupCalibrations,
		"http://archive.eso.org/rdf/datalink/eso#calSelector_raw2raw": GroupCalibrations,
		ESOCalSelectorRaw2Master:                                      GroupCalibrations,
		ESONightLog:                                                   GroupDocumentation,
		ESODataDocumentation:                                          GroupDocumentation,
		"http://archive.eso.org/rdf/datalink/eso#unknown":             GroupOther,
		"urn:example:rdf/dlext#oracle":                                GroupOther,
	}
	for sem, want := range cases {
		if got := GroupOf(sem); got != want {
			t.Errorf("GroupOf(%q) = %v, want %v", sem, got, want)
		}
	}
	if !IsKnown(ESONightLog) || !IsKnown("http://www.ivoa.net/rdf/datalink/core#thumbnail") || IsKnown("#nonsense") {
		t.Error("IsKnown disagrees with the vocabulary")
	}
	if len(Groups) != int(GroupServices)+1 {
		t.Errorf("Groups lists %d groups, want %d", len(Groups), GroupServices+1)
	}
}
