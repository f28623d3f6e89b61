package tap

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"esodesk/internal/xmlguard"
)

// Capabilities is what /capabilities says about a TAP service. The TAP
// fields come from its TAPRegExt capability; Capabilities lists every
// capability (VOSI, DataLink, ...) with its interfaces.
type Capabilities struct {
	Languages     []Language
	OutputFormats []OutputFormat
	UploadMethods []string // ivo-ids, e.g. ivo://ivoa.net/std/TAPRegExt#upload-inline
	DataModels    []DataModel
	// Limits; Default/Hard are 0 when not given.
	OutputLimit       Limit // rows (check Unit)
	RetentionPeriod   Limit // seconds
	ExecutionDuration Limit // seconds
	UploadLimit       Limit
	Capabilities      []Capability
}

// Language is a query language (ADQL) and the features it offers.
type Language struct {
	Name        string
	Versions    []LanguageVersion
	Description string
	Features    []LanguageFeature
}

// LanguageVersion is one version of a language.
type LanguageVersion struct{ Version, IvoID string }

// LanguageFeature is one optional feature (a UDF, a geometry function, ...).
type LanguageFeature struct{ Type, Form, Description string }

// OutputFormat is one result format the service can write.
type OutputFormat struct {
	Mime    string
	Aliases []string
	IvoID   string
}

// DataModel is one data model the service declares (e.g. ObsCore).
type DataModel struct{ Name, IvoID string }

// Limit is a TAPRegExt limit: default and hard values with their units.
type Limit struct {
	Default, Hard         int64
	DefaultUnit, HardUnit string
}

// Capability is one capability element.
type Capability struct {
	StandardID string
	Type       string // xsi:type, e.g. tr:TableAccess
	Interfaces []Interface
}

// Interface is one interface of a capability.
type Interface struct {
	Type, Role string
	AccessURLs []AccessURL
}

// AccessURL is an accessURL with its use ("full", "base", ...).
type AccessURL struct{ URL, Use string }

// Upload reports whether the service accepts table uploads.
func (c *Capabilities) Upload() bool { return len(c.UploadMethods) > 0 }

// HasLanguage reports whether a language of that name is offered.
func (c *Capabilities) HasLanguage(name string) bool {
	for _, l := range c.Languages {
		if strings.EqualFold(l.Name, name) {
			return true
		}
	}
	return false
}

// Capabilities fetches and reads /capabilities.
func (s *Service) Capabilities(ctx context.Context) (*Capabilities, error) {
	return fetchVOSI(ctx, s, "read service capabilities", s.endpoint("capabilities"), ParseCapabilities)
}

type xmlLimit struct {
	Default *struct {
		Unit  string `xml:"unit,attr"`
		Value string `xml:",chardata"`
	} `xml:"default"`
	Hard *struct {
		Unit  string `xml:"unit,attr"`
		Value string `xml:",chardata"`
	} `xml:"hard"`
}

func (x *xmlLimit) limit() Limit {
	var l Limit
	if x == nil {
		return l
	}
	if x.Default != nil {
		l.Default, _ = strconv.ParseInt(strings.TrimSpace(x.Default.Value), 10, 64)
		l.DefaultUnit = x.Default.Unit
	}
	if x.Hard != nil {
		l.Hard, _ = strconv.ParseInt(strings.TrimSpace(x.Hard.Value), 10, 64)
		l.HardUnit = x.Hard.Unit
	}
	return l
}

type xmlCapability struct {
	StandardID string `xml:"standardID,attr"`
	Type       string `xml:"http://www.w3.org/2001/XMLSchema-instance type,attr"`
	Interfaces []struct {
		Type       string `xml:"http://www.w3.org/2001/XMLSchema-instance type,attr"`
		Role       string `xml:"role,attr"`
		AccessURLs []struct {
			Use string `xml:"use,attr"`
			URL string `xml:",chardata"`
		} `xml:"accessURL"`
	} `xml:"interface"`
	DataModels []struct {
		IvoID string `xml:"ivo-id,attr"`
		Name  string `xml:",chardata"`
	} `xml:"dataModel"`
	Languages []struct {
		Name     string `xml:"name"`
		Versions []struct {
			IvoID string `xml:"ivo-id,attr"`
			Value string `xml:",chardata"`
		} `xml:"version"`
		Description string `xml:"description"`
		Features    []struct {
			Type     string `xml:"type,attr"`
			Features []struct {
				Form        string `xml:"form"`
				Description string `xml:"description"`
			} `xml:"feature"`
		} `xml:"languageFeatures"`
	} `xml:"language"`
	OutputFormats []struct {
		IvoID   string   `xml:"ivo-id,attr"`
		Mime    string   `xml:"mime"`
		Aliases []string `xml:"alias"`
	} `xml:"outputFormat"`
	UploadMethods []struct {
		IvoID string `xml:"ivo-id,attr"`
	} `xml:"uploadMethod"`
	RetentionPeriod   *xmlLimit `xml:"retentionPeriod"`
	ExecutionDuration *xmlLimit `xml:"executionDuration"`
	OutputLimit       *xmlLimit `xml:"outputLimit"`
	UploadLimit       *xmlLimit `xml:"uploadLimit"`
}

// isTAP tells the TAP capability from the VOSI ones.
func (x *xmlCapability) isTAP() bool {
	return strings.HasSuffix(x.Type, "TableAccess") || strings.HasPrefix(strings.ToLower(x.StandardID), "ivo://ivoa.net/std/tap")
}

// ParseCapabilities reads a VOSI capabilities document.
func ParseCapabilities(r io.Reader) (*Capabilities, error) {
	var doc struct {
		XMLName      xml.Name
		Capabilities []xmlCapability `xml:"capability"`
	}
	// A capabilities document lists a few capabilities: some kB.
	limits := xmlguard.Limits{What: "VOSI capabilities document", MaxBytes: 16_000_000}
	if err := xmlguard.NewDecoder(r, limits).Decode(&doc); err != nil {
		return nil, fmt.Errorf("reading VOSI capabilities: %w", err)
	}
	if doc.XMLName.Local != "capabilities" {
		return nil, fmt.Errorf("not a VOSI capabilities document (root element <%s>)", doc.XMLName.Local)
	}
	c := &Capabilities{}
	for i := range doc.Capabilities {
		x := &doc.Capabilities[i]
		cp := Capability{StandardID: x.StandardID, Type: x.Type}
		for _, in := range x.Interfaces {
			it := Interface{Type: in.Type, Role: in.Role}
			for _, a := range in.AccessURLs {
				it.AccessURLs = append(it.AccessURLs, AccessURL{URL: trim(a.URL), Use: a.Use})
			}
			cp.Interfaces = append(cp.Interfaces, it)
		}
		c.Capabilities = append(c.Capabilities, cp)
		if !x.isTAP() || len(x.Languages)+len(x.OutputFormats) == 0 && x.OutputLimit == nil {
			continue
		}
		for _, l := range x.Languages {
			lang := Language{Name: trim(l.Name), Description: trim(l.Description)}
			for _, v := range l.Versions {
				lang.Versions = append(lang.Versions, LanguageVersion{Version: trim(v.Value), IvoID: v.IvoID})
			}
			for _, fs := range l.Features {
				for _, f := range fs.Features {
					lang.Features = append(lang.Features, LanguageFeature{Type: fs.Type, Form: trim(f.Form), Description: trim(f.Description)})
				}
			}
			c.Languages = append(c.Languages, lang)
		}
		for _, o := range x.OutputFormats {
			of := OutputFormat{Mime: trim(o.Mime), IvoID: o.IvoID}
			for _, a := range o.Aliases {
				of.Aliases = append(of.Aliases, trim(a))
			}
			c.OutputFormats = append(c.OutputFormats, of)
		}
		for _, u := range x.UploadMethods {
			c.UploadMethods = append(c.UploadMethods, u.IvoID)
		}
		for _, dm := range x.DataModels {
			c.DataModels = append(c.DataModels, DataModel{Name: trim(dm.Name), IvoID: dm.IvoID})
		}
		c.OutputLimit = x.OutputLimit.limit()
		c.RetentionPeriod = x.RetentionPeriod.limit()
		c.ExecutionDuration = x.ExecutionDuration.limit()
		c.UploadLimit = x.UploadLimit.limit()
	}
	return c, nil
}
