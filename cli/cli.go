// Package cli is esodesk's terminal twin: the same services as the window,
// driven from a shell (esodesk query ...). It never imports Fyne.
package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// command is one subcommand: it gets its own arguments (without its name)
// and returns the exit code.
type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

// commands in the order of a session: find, look, fetch, calibrate.
var commands = []command{
	{"query", "run an ADQL query on a TAP service", runQuery},
	{"plot", "plot spectrum files to PNG, SVG, PDF or CSV", runPlot},
	{"get", "download files (URLs or ESO dataset ids) with resume and retries", runGet},
	{"calib", "find the calibrations of raw frames (CalSelector) and download them", runCalib},
	{"registry", "find VO services (TAP, SSA, SIA, cone search) in a RegTAP registry", runRegistry},
	{"samp", "list SAMP clients and send tables, spectra and images to them", runSamp},
	{"wcs", "convert pixels to sky positions and back with a FITS header's WCS", runWCS},
	{"image", "render a FITS image or a cube's plane to PNG", runImage},
	{"measure", "measure spectral lines: equivalent width, flux, centroid, FWHM, S/N", runMeasure},
	{"sia", "find images and cubes (SIA 2.0, or ESO's ObsCore via TAP)", runSIA},
	{"cone", "run a simple cone search (SCS) on a catalogue service", runCone},
	{"cutout", "cut a region out of an image or cube (SODA) and download it", runCutout},
	{"conditions", "ambient conditions (seeing, τ₀, PWV, wind...) at ESO sites and during raw frames", runConditions},
	{"sky", "draw a HiPS sky view with footprints to PNG, or write the ADQL for a region", runSky},
}

// Exit codes.
const (
	ExitOK       = 0
	ExitError    = 1   // the query or the service failed
	ExitUsage    = 2   // wrong arguments
	ExitCanceled = 130 // interrupted (Ctrl+C), as shells report SIGINT
)

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// IsCommand reports whether name is a subcommand of the terminal twin.
func IsCommand(name string) bool {
	_, ok := lookup(name)
	return ok
}

// commandNames is "query, plot, get, calib".
func commandNames() string {
	names := make([]string, len(commands))
	for i, c := range commands {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// Run runs a subcommand: args[0] is its name, the rest its arguments. It
// writes results to stdout, progress and messages to stderr, and returns the
// process exit code. Cancelling ctx (Ctrl+C in main) stops the command.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return ExitUsage
	}
	c, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(stderr, "esodesk: unknown command %q\n", args[0])
		usage(stderr)
		return ExitUsage
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString(`usage: esodesk [FILE...]            open the window (FILEs: spectra for its Spectra tab)
       esodesk <command> [options]  work in the terminal
       esodesk --help | --version

commands:
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.summary)
	}
	b.WriteString(`
Without a command, esodesk opens its window, which needs a graphical
session (on Linux and BSD: DISPLAY or WAYLAND_DISPLAY); the commands work
without one. Run 'esodesk <command> -h' or 'esodesk help <command>' for a
command's options.
`)
	io.WriteString(w, b.String())
}
