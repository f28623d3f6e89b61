// Package packaging turns FyneApp.toml into the metadata a Linux package of
// esodesk ships: the freedesktop .desktop entry, the AppStream metainfo and the
// Debian control fields. cmd/debmeta prints them for scripts/deb.sh, so the
// package and this package's tests read the same generator.
package packaging

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// What FyneApp.toml does not say, and a package of esodesk needs.
const (
	// esodesk FILE.fits ... opens the files (main.go): FITS, under its
	// shared-mime-info name and the older alias.
	MimeTypes = "application/fits;image/fits"
	Section   = "science"
	Priority  = "optional"
)

// App is the part of FyneApp.toml the package uses.
type App struct {
	Website string
	Details struct {
		Icon    string
		Name    string
		ID      string
		Version string
		Build   int
	}
	LinuxAndBSD struct {
		GenericName string
		Categories  []string
		Comment     string
		Keywords    []string
		ExecParams  string
	}
}

// Load reads FyneApp.toml and checks it has what the package needs.
func Load(path string) (*App, error) {
	var a App
	if _, err := toml.DecodeFile(path, &a); err != nil {
		return nil, err
	}
	for _, f := range []struct{ key, val string }{
		{"Details.Name", a.Details.Name}, {"Details.ID", a.Details.ID},
		{"Details.Version", a.Details.Version}, {"Details.Icon", a.Details.Icon},
		{"LinuxAndBSD.GenericName", a.LinuxAndBSD.GenericName},
		{"LinuxAndBSD.Comment", a.LinuxAndBSD.Comment},
	} {
		if strings.TrimSpace(f.val) == "" {
			return nil, fmt.Errorf("%s: %s is empty", path, f.key)
		}
	}
	if len(a.LinuxAndBSD.Categories) == 0 {
		return nil, fmt.Errorf("%s: LinuxAndBSD.Categories is empty", path)
	}
	return &a, nil
}

// Package is the Debian package name, which is also the command's name.
func (a *App) Package() string { return strings.ToLower(a.Details.Name) }

// DesktopFile is the .desktop entry's file name: the app ID, as AppStream's
// launchable and the Wayland app_id (Fyne sets it to the ID) expect.
func (a *App) DesktopFile() string { return a.Details.ID + ".desktop" }

// IconName is the icon's name in the hicolor theme, also the app ID.
func (a *App) IconName() string { return a.Details.ID }

// Desktop is the .desktop entry. Version 1.4 of the specification has all its
// keys, and bookworm's desktop-file-validate knows no 1.5.
func (a *App) Desktop() string {
	l := a.LinuxAndBSD
	params := l.ExecParams
	if params == "" {
		params = "%F"
	}
	var b strings.Builder
	kv := func(k, v string) { fmt.Fprintf(&b, "%s=%s\n", k, v) }
	b.WriteString("[Desktop Entry]\n")
	kv("Type", "Application")
	kv("Version", "1.4")
	kv("Name", desktopString(a.Details.Name))
	kv("GenericName", desktopString(l.GenericName))
	kv("Comment", desktopString(l.Comment))
	kv("Exec", a.Package()+" "+params)
	kv("Icon", a.IconName())
	kv("Terminal", "false")
	kv("Categories", desktopList(l.Categories))
	if len(l.Keywords) > 0 {
		kv("Keywords", desktopList(l.Keywords))
	}
	kv("MimeType", desktopList(strings.Split(MimeTypes, ";")))
	// X11 WM_CLASS: GLFW takes it from the window title, which is the name
	kv("StartupWMClass", desktopString(a.Details.Name))
	return b.String()
}

func desktopString(s string) string {
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\t", `\t`, "\r", `\r`).Replace(s)
}

func desktopList(items []string) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(strings.ReplaceAll(desktopString(it), ";", `\;`) + ";")
	}
	return b.String()
}

type metainfo struct {
	XMLName         xml.Name   `xml:"component"`
	Type            string     `xml:"type,attr"`
	ID              string     `xml:"id"`
	MetadataLicense string     `xml:"metadata_license"`
	Name            string     `xml:"name"`
	Summary         string     `xml:"summary"`
	Description     para       `xml:"description"`
	Launchable      launchable `xml:"launchable"`
	URL             *url       `xml:"url,omitempty"`
	Categories      []string   `xml:"categories>category"`
	Keywords        []string   `xml:"keywords>keyword,omitempty"`
	Binary          string     `xml:"provides>binary"`
	MediaTypes      []string   `xml:"provides>mediatype"`
	ContentRating   rating     `xml:"content_rating"`
}

type para struct {
	P string `xml:"p"`
}

type launchable struct {
	Type string `xml:"type,attr"`
	ID   string `xml:",chardata"`
}

type url struct {
	Type string `xml:"type,attr"`
	URL  string `xml:",chardata"`
}

type rating struct {
	Type string `xml:"type,attr"`
}

// Metainfo is the AppStream metainfo file, usr/share/metainfo/<ID>.metainfo.xml.
func (a *App) Metainfo() string {
	l := a.LinuxAndBSD
	m := metainfo{
		Type:            "desktop-application",
		ID:              a.Details.ID,
		MetadataLicense: "CC0-1.0",
		Name:            a.Details.Name,
		Summary:         l.GenericName,
		Description:     para{sentence(l.Comment)},
		Launchable:      launchable{"desktop-id", a.DesktopFile()},
		Categories:      l.Categories,
		Keywords:        l.Keywords,
		Binary:          a.Package(),
		MediaTypes:      strings.Split(MimeTypes, ";"),
		ContentRating:   rating{"oars-1.1"},
	}
	if a.Website != "" {
		m.URL = &url{"homepage", a.Website}
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(m); err != nil {
		panic(err) // plain strings and slices always encode
	}
	b.WriteString("\n")
	return b.String()
}

// Control is DEBIAN/control without what depends on the built tree and the
// builder (Architecture, Maintainer, Installed-Size, Depends); scripts/deb.sh
// adds those.
func (a *App) Control() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Package: %s\n", a.Package())
	fmt.Fprintf(&b, "Version: %s\n", a.Details.Version)
	fmt.Fprintf(&b, "Section: %s\n", Section)
	fmt.Fprintf(&b, "Priority: %s\n", Priority)
	if a.Website != "" {
		fmt.Fprintf(&b, "Homepage: %s\n", a.Website)
	}
	fmt.Fprintf(&b, "Description: %s\n", oneLine(a.LinuxAndBSD.GenericName))
	for _, line := range wrap(sentence(a.LinuxAndBSD.Comment), 72) {
		fmt.Fprintf(&b, " %s\n", line)
	}
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// sentence ends s with a full stop.
func sentence(s string) string {
	s = oneLine(s)
	if s != "" && !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
