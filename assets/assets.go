// Package assets holds the files esodesk embeds: its icon and the
// application metadata that mirrors FyneApp.toml.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is the application icon (regenerate with `go run assets/gen_icon.go`).
var Icon = fyne.NewStaticResource("icon.png", iconPNG)

// Metadata mirrors FyneApp.toml so that a plain `go build` binary has the same
// ID (and therefore the same saved preferences) as a `fyne package` one.
func Metadata() fyne.AppMetadata {
	return fyne.AppMetadata{
		ID:         "org.esodesk.desktop",
		Name:       "esodesk",
		Version:    "0.1.0",
		Build:      1,
		Icon:       Icon,
		Migrations: map[string]bool{"fyneDo": true},
	}
}
