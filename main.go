// esodesk: search the ESO Science Archive and Virtual Observatory services,
// browse results, plot spectra and download data with its calibrations.
//
// Without a command it opens the window (esodesk FILE... opens spectra in
// it); with one (esodesk query ...) it runs the terminal twin, which shares
// the same services code. esodesk --help lists the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"runtime"

	fyneapp "fyne.io/fyne/v2/app"

	"esodesk/app"
	"esodesk/assets"
	"esodesk/cli"
	"esodesk/services/vohttp"
)

func main() {
	meta := assets.Metadata()
	vohttp.Version = meta.Version

	// Everything but the window (commands, --help, --version, no display)
	// is decided and done by the Fyne-free cli package.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code, window := cli.Start(ctx, os.Args[1:], meta.Version, cli.DisplayMissing(runtime.GOOS, os.Getenv), os.Stdout, os.Stderr)
	stop()
	if !window {
		os.Exit(code)
	}

	fyneapp.SetMetadata(meta)
	a := fyneapp.New()
	a.SetIcon(assets.Icon)
	ui := app.New(a)
	ui.OpenFiles(os.Args[1:]) // esodesk FILE.fits ... opens them in the Spectra tab
	ui.ShowAndRun()
}
