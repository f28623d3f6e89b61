// esodesk: search the ESO Science Archive and Virtual Observatory services,
// browse results, plot spectra and download data with its calibrations.
//
// Without arguments it opens the window; with a subcommand (esodesk query ...)
// it runs the terminal twin, which shares the same services code.
package main

import (
	"context"
	"os"
	"os/signal"

	fyneapp "fyne.io/fyne/v2/app"

	"esodesk/app"
	"esodesk/assets"
	"esodesk/cli"
	"esodesk/services/vohttp"
)

func main() {
	meta := assets.Metadata()
	vohttp.Version = meta.Version

	if len(os.Args) > 1 && cli.IsCommand(os.Args[1]) {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		code := cli.Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}

	fyneapp.SetMetadata(meta)
	a := fyneapp.New()
	a.SetIcon(assets.Icon)
	ui := app.New(a)
	ui.OpenFiles(os.Args[1:]) // esodesk FILE.fits ... opens them in the Spectra tab
	ui.ShowAndRun()
}
