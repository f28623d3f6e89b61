package packaging

import (
	"encoding/xml"
	"strings"
	"testing"
)

func load(t *testing.T) *App {
	t.Helper()
	a, err := Load("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// keys parses a one-group .desktop entry into its keys.
func keys(t *testing.T, s string) map[string]string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	if lines[0] != "[Desktop Entry]" {
		t.Fatalf("first line %q, want [Desktop Entry]", lines[0])
	}
	m := map[string]string{}
	for _, l := range lines[1:] {
		k, v, ok := strings.Cut(l, "=")
		if !ok || k == "" {
			t.Fatalf("not a key=value line: %q", l)
		}
		if _, dup := m[k]; dup {
			t.Fatalf("key %s twice", k)
		}
		m[k] = v
	}
	return m
}

func TestDesktopFromFyneApp(t *testing.T) {
	a := load(t)
	m := keys(t, a.Desktop())
	want := map[string]string{
		"Type":        "Application",
		"Name":        a.Details.Name,
		"GenericName": a.LinuxAndBSD.GenericName,
		"Comment":     a.LinuxAndBSD.Comment,
		"Exec":        a.Package() + " %F",
		"Icon":        a.Details.ID,
		"Categories":  strings.Join(a.LinuxAndBSD.Categories, ";") + ";",
		"Keywords":    strings.Join(a.LinuxAndBSD.Keywords, ";") + ";",
		"MimeType":    "application/fits;image/fits;",
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s=%q, want %q", k, m[k], v)
		}
	}
	if a.Package() != "esodesk" || a.DesktopFile() != a.Details.ID+".desktop" {
		t.Errorf("package %q, desktop file %q", a.Package(), a.DesktopFile())
	}
}

func TestDesktopEscapes(t *testing.T) {
	if got := desktopList([]string{"a;b", `c\d`}); got != `a\;b;c\\d;` {
		t.Errorf("desktopList = %q", got)
	}
}

func TestMetainfoFromFyneApp(t *testing.T) {
	a := load(t)
	var m metainfo
	if err := xml.Unmarshal([]byte(a.Metainfo()), &m); err != nil {
		t.Fatal(err)
	}
	if m.Type != "desktop-application" || m.ID != a.Details.ID || m.Name != a.Details.Name ||
		m.Summary != a.LinuxAndBSD.GenericName || m.MetadataLicense == "" || m.Description.P == "" {
		t.Errorf("metainfo header: %+v", m)
	}
	if m.Launchable.Type != "desktop-id" || m.Launchable.ID != a.DesktopFile() {
		t.Errorf("launchable %+v, want desktop-id %s", m.Launchable, a.DesktopFile())
	}
	if m.URL == nil || m.URL.URL != a.Website || m.Binary != a.Package() {
		t.Errorf("url %+v, binary %q", m.URL, m.Binary)
	}
	if strings.Join(m.Categories, ";") != strings.Join(a.LinuxAndBSD.Categories, ";") {
		t.Errorf("categories %v", m.Categories)
	}
}

func TestControlFromFyneApp(t *testing.T) {
	a := load(t)
	c := a.Control()
	for _, l := range []string{
		"Package: esodesk\n",
		"Version: " + a.Details.Version + "\n",
		"Section: science\n",
		"Description: " + a.LinuxAndBSD.GenericName + "\n ",
	} {
		if !strings.Contains(c, l) {
			t.Errorf("control lacks %q:\n%s", l, c)
		}
	}
	for _, l := range strings.Split(strings.TrimSuffix(c, "\n"), "\n") {
		if len(l) > 80 {
			t.Errorf("control line over 80 columns: %q", l)
		}
	}
}
