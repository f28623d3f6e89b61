package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
)

// Start decides what esodesk does with its command line (args without the
// program name). Subcommands, help, --version, unknown options and a
// missing display are handled here and give the exit code; window reports
// that main should open the window instead, args being files to open.
// displayMissing is DisplayMissing's answer for this process.
func Start(ctx context.Context, args []string, version string, displayMissing bool, stdout, stderr io.Writer) (code int, window bool) {
	if len(args) > 0 && IsCommand(args[0]) {
		return Run(ctx, args, stdout, stderr), false
	}
	if len(args) > 0 && args[0] == "help" {
		if len(args) == 1 {
			usage(stdout)
			return ExitOK, false
		}
		return Run(ctx, []string{args[1], "-h"}, stdout, stderr), false
	}
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			usage(stdout)
			return ExitOK, false
		case "-version", "--version":
			fmt.Fprintf(stdout, "esodesk %s\n", version)
			return ExitOK, false
		}
		if strings.HasPrefix(a, "-") {
			fmt.Fprintf(stderr, "esodesk: unknown option %q\n\n", a)
			usage(stderr)
			return ExitUsage, false
		}
	}
	if displayMissing {
		// Fyne would panic with a stack trace; say what works instead.
		fmt.Fprintf(stderr, "esodesk: no display found (DISPLAY and WAYLAND_DISPLAY are unset): the window needs a graphical session; the terminal commands work without one: %s (esodesk --help)\n", commandNames())
		return ExitError, false
	}
	return ExitOK, true
}

// DisplayMissing reports whether the window surely cannot open: on Linux
// and the BSDs (X11 or Wayland) neither DISPLAY nor WAYLAND_DISPLAY is set.
// Elsewhere the system always has its own display to offer.
func DisplayMissing(goos string, getenv func(string) string) bool {
	switch goos {
	case "linux", "freebsd", "netbsd", "openbsd", "dragonfly":
		return getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == ""
	}
	return false
}
