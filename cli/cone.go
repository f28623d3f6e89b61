package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"esodesk/services/config"
	"esodesk/services/scs"
	"esodesk/services/vohttp"
)

const coneUsage = `usage: esodesk cone --service URL --ra RA --dec DEC --sr SR [options]

Runs a Simple Cone Search (SCS 1.03) and writes the rows to stdout.
Progress and messages go to stderr.

options:
  --service URL   the cone search URL (required)
  --ra RA         cone centre, ICRS degrees (required)
  --dec DEC       cone centre, ICRS degrees (required)
  --sr SR         search radius, degrees (required)
  --verb N        1 (fewest columns) to 3 (all); default: the service's
  --maxrec N      ask for at most N rows (default: the service's limit)
  --format F      csv (default) or votable
`

type coneArgs struct {
	service, format string
	q               scs.Query
}

func parseConeArgs(args []string, stderr io.Writer) (coneArgs, int, bool) {
	var a coneArgs
	fs := flag.NewFlagSet("cone", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.service, "service", "", "")
	fs.Float64Var(&a.q.RA, "ra", -1, "")
	fs.Float64Var(&a.q.Dec, "dec", -91, "")
	fs.Float64Var(&a.q.SR, "sr", -1, "")
	fs.IntVar(&a.q.Verb, "verb", 0, "")
	fs.IntVar(&a.q.MaxRec, "maxrec", 0, "")
	fs.StringVar(&a.format, "format", "csv", "")
	fail := func(msg string) (coneArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk cone: %s\n\n%s", msg, coneUsage)
		return a, ExitUsage, false
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			io.WriteString(stderr, coneUsage)
			return a, ExitOK, false
		}
		return fail(err.Error())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case fs.NArg() > 0:
		return fail(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	case strings.TrimSpace(a.service) == "":
		return fail("--service is required")
	case !set["ra"] || !set["dec"] || !set["sr"]:
		return fail("--ra, --dec and --sr are required")
	}
	if err := config.Validate(a.service); err != nil {
		return fail("--service: " + err.Error())
	}
	if err := a.q.Validate(); err != nil {
		return fail(err.Error())
	}
	a.format = strings.ToLower(a.format)
	if a.format != "csv" && a.format != "votable" {
		return fail(fmt.Sprintf("--format must be csv or votable, not %q", a.format))
	}
	return a, ExitOK, true
}

func runCone(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, code, ok := parseConeArgs(args, stderr)
	if !ok {
		return code
	}
	prog := newProgress(stderr)
	a.q.Progress = prog.rows
	fmt.Fprintf(stderr, "Searching %s...\n", vohttp.Redact(a.service))
	res, err := scs.New(a.service, vohttp.Default).Search(ctx, a.q)
	prog.clear()
	if err != nil {
		return protocolError(stderr, "cone", err)
	}
	return writeDALTable(stderr, stdout, "cone", a.format, res.Table, res.Overflow, a.q.MaxRec, res.Elapsed)
}
