package assets

import (
	"os"
	"regexp"
	"testing"
)

// FyneApp.toml is what `fyne package` reads; Metadata is what `go build` binaries use.
func TestMetadataMatchesFyneAppToml(t *testing.T) {
	raw, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := Metadata()
	for key, want := range map[string]string{"ID": m.ID, "Name": m.Name, "Version": m.Version} {
		re := regexp.MustCompile(`(?m)^` + key + `\s*=\s*"([^"]*)"`)
		got := re.FindSubmatch(raw)
		if got == nil || string(got[1]) != want {
			t.Errorf("FyneApp.toml %s = %q, assets.Metadata() says %q", key, got, want)
		}
	}
	if !regexp.MustCompile(`(?m)^fyneDo\s*=\s*true`).Match(raw) {
		t.Error("FyneApp.toml must opt into [Migrations] fyneDo = true")
	}
	if len(Icon.Content()) < 1000 {
		t.Error("icon not embedded")
	}
}
