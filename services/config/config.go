// Package config holds the service URLs esodesk talks to: ESO's defaults, the
// values a user saved, and environment overrides (so a user or a test can point
// the whole app at a local testbed).
//
// Precedence, highest first: a per-service environment variable, the saved
// value, the local testbed (ESODESK_TESTBED_URL for the DaCHS services,
// ESODESK_STANDIN_URL for the ESO-only ones), ESO's default.
package config

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"esodesk/services/hips"
)

// Settings are the URLs of every service the app uses.
type Settings struct {
	TapObs      string // ESO TAP, observations (ivoa.ObsCore, dbo.raw, ...)
	TapCat      string // ESO TAP, catalogues (safcat)
	TapAstron   string // ASTRON's DaCHS TAP
	SSAP        string // ESO SSAP queryData endpoint
	DataLink    string // ESO DataLink links endpoint
	CalSelector string // ESO CalSelector associations endpoint
	DataPortal  string // ESO file download base
	Header      string // ESO FITS header viewer
	Dataset     string // ESO dataset web page base
	Token       string // ESO login (OIDC token) endpoint
	Sesame      string // CDS Sesame name resolver
	Registry    string // RegTAP registry (a TAP service with the rr schema)
	SIA         string // an SIA 2 service for the Images tab beside ESO's ObsCore
	HiPS        string // the HiPS survey behind the sky view (its base URL)
}

// Entry describes one setting: its preference key, label, environment
// variable, ESO default and where it sits on a testbed.
type Entry struct {
	Key, Label, Env, Default string
	// TestbedPath is appended to ESODESK_TESTBED_URL (DaCHS), StandinPath to
	// ESODESK_STANDIN_URL (the ESO stand-in); "" means that one does not
	// provide this service.
	TestbedPath, StandinPath string
	field                    func(*Settings) *string
}

// Get returns the value of this entry in s.
func (e Entry) Get(s Settings) string { return *e.field(&s) }

// Set stores v as this entry's value in s.
func (e Entry) Set(s *Settings, v string) { *e.field(s) = v }

// TestbedEnv names the variable that points every VO service at the local
// DaCHS testbed; StandinEnv the one for the ESO-only stand-in.
const (
	TestbedEnv = "ESODESK_TESTBED_URL"
	StandinEnv = "ESODESK_STANDIN_URL"
)

// Entries lists every setting in the order the Settings dialog shows them.
var Entries = []Entry{
	{"url.tap_obs", "ESO TAP (observations)", "ESODESK_TAP_OBS_URL", "https://archive.eso.org/tap_obs", "/tap", "", func(s *Settings) *string { return &s.TapObs }},
	{"url.tap_cat", "ESO TAP (catalogues)", "ESODESK_TAP_CAT_URL", "https://archive.eso.org/tap_cat", "/tap", "", func(s *Settings) *string { return &s.TapCat }},
	{"url.tap_astron", "ASTRON TAP", "ESODESK_TAP_ASTRON_URL", "https://vo.astron.nl/tap", "/tap", "", func(s *Settings) *string { return &s.TapAstron }},
	{"url.ssap", "ESO SSAP", "ESODESK_SSAP_URL", "http://archive.eso.org/ssap", "/specs/q/ssa/ssap.xml", "", func(s *Settings) *string { return &s.SSAP }},
	{"url.datalink", "ESO DataLink", "ESODESK_DATALINK_URL", "https://archive.eso.org/datalink/links", "", "/datalink/links", func(s *Settings) *string { return &s.DataLink }},
	{"url.calselector", "ESO CalSelector", "ESODESK_CALSELECTOR_URL", "https://archive.eso.org/calselector/v1/associations", "", "/calselector/v1/associations", func(s *Settings) *string { return &s.CalSelector }},
	{"url.dataportal", "ESO file download", "ESODESK_DATAPORTAL_URL", "https://dataportal.eso.org/dataPortal/file", "", "/dataPortal/file", func(s *Settings) *string { return &s.DataPortal }},
	{"url.header", "ESO FITS header", "ESODESK_HEADER_URL", "https://archive.eso.org/hdr", "", "/hdr", func(s *Settings) *string { return &s.Header }},
	{"url.dataset", "ESO dataset page", "ESODESK_DATASET_URL", "https://archive.eso.org/dataset", "", "/dataset", func(s *Settings) *string { return &s.Dataset }},
	{"url.token", "ESO login (token)", "ESODESK_TOKEN_URL", "https://www.eso.org/sso/oidc/token", "", "/sso/oidc/token", func(s *Settings) *string { return &s.Token }},
	{"url.sesame", "CDS Sesame name resolver", "ESODESK_SESAME_URL", "https://cds.unistra.fr/cgi-bin/nph-sesame/-oxp/SNV", "", "/cgi-bin/nph-sesame/-oxp/SNV", func(s *Settings) *string { return &s.Sesame }},
	{"url.sia", "SIA 2 image service", "ESODESK_SIA_URL", "https://vo.astron.nl/__system__/siap2/sitewide/siap2.xml", "/__system__/siap2/sitewide/siap2.xml", "", func(s *Settings) *string { return &s.SIA }},
	{"url.hips", "HiPS survey (sky view)", "ESODESK_HIPS_URL", hips.DefaultURL, "/hips/q/s/static/images", "", func(s *Settings) *string { return &s.HiPS }},
	{"url.registry", "VO registry (RegTAP)", "ESODESK_REGISTRY_URL", "http://reg.g-vo.org/tap", "/tap", "", func(s *Settings) *string { return &s.Registry }},
}

// Store is where saved settings live (the app's preferences; a map in tests).
type Store interface {
	String(key string) string
	SetString(key, value string)
}

// Defaults returns ESO's URLs, or the local testbed's where its variables are set.
func Defaults() Settings {
	var s Settings
	testbed := strings.TrimRight(os.Getenv(TestbedEnv), "/")
	standin := strings.TrimRight(os.Getenv(StandinEnv), "/")
	for _, e := range Entries {
		v := e.Default
		switch {
		case testbed != "" && e.TestbedPath != "":
			v = testbed + e.TestbedPath
		case standin != "" && e.StandinPath != "":
			v = standin + e.StandinPath
		}
		e.Set(&s, v)
	}
	return s
}

// Load returns the defaults overridden by environment variables.
func Load() Settings { return LoadFrom(nil) }

// LoadFrom returns the defaults, overridden by the values saved in store (may
// be nil), overridden by environment variables.
func LoadFrom(store Store) Settings {
	s := Defaults()
	for _, e := range Entries {
		if store != nil {
			if v := strings.TrimSpace(store.String(e.Key)); v != "" {
				e.Set(&s, v)
			}
		}
		if v := strings.TrimSpace(os.Getenv(e.Env)); v != "" {
			e.Set(&s, v)
		}
	}
	return s
}

// FromEnv reports whether the entry's value is forced by its environment
// variable (the Settings dialog says so rather than silently ignoring edits).
func (e Entry) FromEnv() bool { return strings.TrimSpace(os.Getenv(e.Env)) != "" }

// Save writes s to store. A value equal to its default is saved as "" so that
// a later change of default (or of ESODESK_TESTBED_URL) reaches the user.
func Save(store Store, s Settings) {
	def := Defaults()
	for _, e := range Entries {
		v := e.Get(s)
		if v == e.Get(def) {
			v = ""
		}
		store.SetString(e.Key, v)
	}
}

// Validate checks that s is an absolute http(s) URL and says what is wrong if not.
func Validate(s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return fmt.Errorf("the URL is empty")
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a URL: %v", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%q must start with http:// or https://", s)
	}
	if u.Host == "" {
		return fmt.Errorf("%q has no host name", s)
	}
	return nil
}

// IsESOHost reports whether rawURL points at ESO: the host eso.org or one
// under it (archive.eso.org, dataportal.eso.org). ESO's services share
// quirks a client must allow for, such as SSAP reading SIZE as a radius.
func IsESOHost(rawURL string) bool {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	return host == "eso.org" || strings.HasSuffix(host, ".eso.org")
}
