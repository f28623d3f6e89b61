package config

import "testing"

type mapStore map[string]string

func (m mapStore) String(k string) string { return m[k] }
func (m mapStore) SetString(k, v string)  { m[k] = v }

func TestPrecedence(t *testing.T) {
	t.Setenv(TestbedEnv, "")
	t.Setenv(StandinEnv, "")
	t.Setenv("ESODESK_TAP_OBS_URL", "")
	t.Setenv("ESODESK_TAP_CAT_URL", "")

	s := LoadFrom(nil)
	if s.TapObs != "https://archive.eso.org/tap_obs" || s.TapCat != "https://archive.eso.org/tap_cat" {
		t.Fatalf("defaults: got %q %q", s.TapObs, s.TapCat)
	}

	store := mapStore{"url.tap_obs": "http://saved.example/tap"}
	if got := LoadFrom(store).TapObs; got != "http://saved.example/tap" {
		t.Fatalf("saved value ignored: %q", got)
	}

	t.Setenv("ESODESK_TAP_OBS_URL", "http://env.example/tap")
	if got := LoadFrom(store).TapObs; got != "http://env.example/tap" {
		t.Fatalf("env must win over saved value: %q", got)
	}
	for _, e := range Entries {
		if e.Key == "url.tap_obs" && !e.FromEnv() {
			t.Fatal("FromEnv false for a set variable")
		}
	}
}

func TestTestbedURLMovesEveryTestbedService(t *testing.T) {
	t.Setenv(TestbedEnv, "http://127.0.0.1:8080/")
	t.Setenv(StandinEnv, "") // make test sets it
	t.Setenv("ESODESK_SESAME_URL", "")
	s := Load()
	if s.TapObs != "http://127.0.0.1:8080/tap" || s.TapAstron != "http://127.0.0.1:8080/tap" {
		t.Fatalf("testbed TAP: %q %q", s.TapObs, s.TapAstron)
	}
	if s.SSAP != "http://127.0.0.1:8080/specs/q/ssa/ssap.xml" {
		t.Fatalf("testbed SSAP: %q", s.SSAP)
	}
	if s.Sesame != "https://cds.unistra.fr/cgi-bin/nph-sesame/-oxp/SNV" {
		t.Fatalf("a service the testbed lacks must keep ESO's default: %q", s.Sesame)
	}
	t.Setenv(StandinEnv, "http://127.0.0.1:8089")
	s = Load()
	if s.Sesame != "http://127.0.0.1:8089/cgi-bin/nph-sesame/-oxp/SNV" || s.DataPortal != "http://127.0.0.1:8089/dataPortal/file" ||
		s.Token != "http://127.0.0.1:8089/sso/oidc/token" {
		t.Fatalf("stand-in URLs: %q %q %q", s.Sesame, s.DataPortal, s.Token)
	}
}

func TestSaveKeepsDefaultsUnsaved(t *testing.T) {
	t.Setenv(TestbedEnv, "")
	t.Setenv(StandinEnv, "")
	store := mapStore{}
	s := Defaults()
	s.TapCat = "http://mine.example/tap"
	Save(store, s)
	if store["url.tap_obs"] != "" {
		t.Fatalf("default saved as a value: %q", store["url.tap_obs"])
	}
	if store["url.tap_cat"] != "http://mine.example/tap" {
		t.Fatalf("changed value not saved: %q", store["url.tap_cat"])
	}
}

func TestValidate(t *testing.T) {
	for _, bad := range []string{"", "  ", "archive.eso.org/tap_obs", "ftp://x/y", "http://"} {
		if Validate(bad) == nil {
			t.Errorf("Validate(%q) accepted a bad URL", bad)
		}
	}
	if err := Validate("https://archive.eso.org/tap_obs"); err != nil {
		t.Errorf("good URL rejected: %v", err)
	}
}

func TestIsESOHost(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://archive.eso.org/ssap":           true,
		"https://dataportal.eso.org/dataPortal": true,
		"https://eso.org/":                      true,
		"https://ARCHIVE.ESO.ORG./ssap":         true,
		" https://archive.eso.org:443/tap_obs ": true,
		"https://noteso.org/ssap":               false,
		"https://eso.org.example.com/ssap":      false,
		"http://127.0.0.1:8089/ssap":            false,
		"https://user@evil.example/?h=eso.org":  false,
		"archive.eso.org/ssap":                  false, // no scheme: a path, not a host
		"":                                      false,
		"http://[::1":                           false,
	} {
		if got := IsESOHost(raw); got != want {
			t.Errorf("IsESOHost(%q) = %v, want %v", raw, got, want)
		}
	}
}

// The sky view's survey: CDS DSS2 colour by default, the testbed's own
// HiPS (made by HipsGen from its images) under ESODESK_TESTBED_URL, and
// ESODESK_HIPS_URL over both.
func TestHiPSSetting(t *testing.T) {
	t.Setenv(TestbedEnv, "")
	t.Setenv(StandinEnv, "")
	t.Setenv("ESODESK_HIPS_URL", "")
	if got := Load().HiPS; got != "https://alasky.cds.unistra.fr/DSS/DSSColor" {
		t.Errorf("default HiPS %q", got)
	}
	t.Setenv(TestbedEnv, "http://127.0.0.1:8080")
	if got := Load().HiPS; got != "http://127.0.0.1:8080/hips/q/s/static/images" {
		t.Errorf("testbed HiPS %q", got)
	}
	if got := LoadFrom(mapStore{"url.hips": "https://alasky.cds.unistra.fr/2MASS/Color"}).HiPS; got != "https://alasky.cds.unistra.fr/2MASS/Color" {
		t.Errorf("saved HiPS ignored: %q", got)
	}
	t.Setenv("ESODESK_HIPS_URL", "http://127.0.0.1:9/hips")
	if got := Load().HiPS; got != "http://127.0.0.1:9/hips" {
		t.Errorf("ESODESK_HIPS_URL ignored: %q", got)
	}
}
