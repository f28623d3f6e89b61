// debmeta prints what scripts/deb.sh puts in the Debian package, made from
// FyneApp.toml:
//
//	debmeta desktop  [FyneApp.toml]   the .desktop entry
//	debmeta metainfo [FyneApp.toml]   the AppStream metainfo
//	debmeta control  [FyneApp.toml]   DEBIAN/control, less the build-dependent fields
//	debmeta fields   [FyneApp.toml]   package, version, ID, .desktop file name,
//	                                  icon name and icon file, one a line
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"esodesk/packaging"
)

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: debmeta desktop|metainfo|control|fields [FyneApp.toml]")
		os.Exit(2)
	}
	path := "FyneApp.toml"
	if len(os.Args) == 3 {
		path = os.Args[2]
	}
	a, err := packaging.Load(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "debmeta:", err)
		os.Exit(1)
	}
	switch os.Args[1] {
	case "desktop":
		fmt.Print(a.Desktop())
	case "metainfo":
		fmt.Print(a.Metainfo())
	case "control":
		fmt.Print(a.Control())
	case "fields":
		// the icon path in FyneApp.toml is relative to its folder
		icon := filepath.Join(filepath.Dir(path), a.Details.Icon)
		for _, s := range []string{a.Package(), a.Details.Version, a.Details.ID, a.DesktopFile(), a.IconName(), icon} {
			fmt.Println(s)
		}
	default:
		fmt.Fprintln(os.Stderr, "debmeta: unknown output", os.Args[1])
		os.Exit(2)
	}
}
