// Package cli is esodesk's terminal twin: the same services as the window,
// driven from a shell (esodesk query ...). It never imports Fyne.
package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
)

// command is one subcommand: it gets its own arguments (without its name)
// and returns the exit code.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) int
}

var commands = map[string]command{
	"query": {"run an ADQL query on a TAP service", runQuery},
	"plot":  {"plot spectrum files to PNG, SVG, PDF or CSV", runPlot},
	"get":   {"download files (URLs or ESO dataset ids) with resume and retries", runGet},
	"calib": {"find the calibrations of raw frames (CalSelector) and download them", runCalib},
}

// Exit codes.
const (
	ExitOK       = 0
	ExitError    = 1   // the query or the service failed
	ExitUsage    = 2   // wrong arguments
	ExitCanceled = 130 // interrupted (Ctrl+C), as shells report SIGINT
)

// IsCommand reports whether name is a subcommand of the terminal twin.
func IsCommand(name string) bool {
	_, ok := commands[name]
	return ok
}

// Run runs a subcommand: args[0] is its name, the rest its arguments. It
// writes results to stdout, progress and messages to stderr, and returns the
// process exit code. Cancelling ctx (Ctrl+C in main) stops the command.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return ExitUsage
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "esodesk: unknown command %q\n", args[0])
		usage(stderr)
		return ExitUsage
	}
	return c.run(ctx, args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("usage: esodesk <command> [options]\n\ncommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-8s %s\n", n, commands[n].summary)
	}
	b.WriteString("\nWithout a command, esodesk opens its window. Run 'esodesk <command> -h' for a command's options.\n")
	io.WriteString(w, b.String())
}
