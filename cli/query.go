package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"esodesk/internal/plural"
	"esodesk/services/config"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

const queryUsage = `usage: esodesk query --adql "SELECT ..." [options]

Runs an ADQL query on a TAP service and writes the result to stdout (or --out).
Progress and messages go to stderr.

options:
  --service NAME|URL  eso-obs (default), eso-cat, astron, or a TAP base URL
  --adql QUERY        the ADQL query (required)
  --async             run as an asynchronous (UWS) job; Ctrl+C aborts it
  --maxrec N          ask for at most N rows (default: the service's limit)
  --format F          csv (default) or votable
  --out FILE          write to FILE instead of stdout

Service URLs come from ESODESK_TAP_OBS_URL, ESODESK_TAP_CAT_URL,
ESODESK_TAP_ASTRON_URL (or ESODESK_TESTBED_URL), else ESO's defaults.
`

type queryArgs struct {
	service, adql, format, out string
	async                      bool
	maxrec                     int
}

func parseQueryArgs(args []string, stderr io.Writer) (queryArgs, int, bool) {
	var a queryArgs
	fs := flag.NewFlagSet("query", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.service, "service", "eso-obs", "")
	fs.StringVar(&a.adql, "adql", "", "")
	fs.BoolVar(&a.async, "async", false, "")
	fs.IntVar(&a.maxrec, "maxrec", 0, "")
	fs.StringVar(&a.format, "format", "csv", "")
	fs.StringVar(&a.out, "out", "", "")
	fail := func(msg string) (queryArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk query: %s\n\n%s", msg, queryUsage)
		return a, ExitUsage, false
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			io.WriteString(stderr, queryUsage)
			return a, ExitOK, false
		}
		return fail(err.Error())
	}
	switch {
	case fs.NArg() > 0:
		return fail(fmt.Sprintf("unexpected argument %q (quote the whole query after --adql)", fs.Arg(0)))
	case strings.TrimSpace(a.adql) == "":
		return fail("--adql is required")
	case a.maxrec < 0:
		return fail("--maxrec must be positive")
	}
	a.format = strings.ToLower(a.format)
	if a.format != "csv" && a.format != "votable" {
		return fail(fmt.Sprintf("--format must be csv or votable, not %q", a.format))
	}
	return a, ExitOK, true
}

// serviceURL resolves a service name or URL to a TAP base URL.
func serviceURL(name string) (string, error) {
	cfg := config.Load()
	switch strings.ToLower(name) {
	case "eso-obs", "obs":
		return cfg.TapObs, nil
	case "eso-cat", "cat":
		return cfg.TapCat, nil
	case "astron":
		return cfg.TapAstron, nil
	}
	if err := config.Validate(name); err != nil {
		return "", fmt.Errorf("--service must be eso-obs, eso-cat, astron or a URL: %v", err)
	}
	return name, nil
}

func runQuery(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, code, ok := parseQueryArgs(args, stderr)
	if !ok {
		return code
	}
	base, err := serviceURL(a.service)
	if err != nil {
		fmt.Fprintf(stderr, "esodesk query: %v\n\n%s", err, queryUsage)
		return ExitUsage
	}
	if a.out != "" {
		// before the query, which may run long
		if err := checkOutFolder(a.out); err != nil {
			fmt.Fprintf(stderr, "esodesk query: %v\n", err)
			return ExitError
		}
	}
	svc := tap.New(base, vohttp.Default)
	q := tap.Query{ADQL: a.adql, MaxRec: a.maxrec}
	prog := newProgress(stderr)

	mode := "sync"
	if a.async {
		mode = "async"
	}
	fmt.Fprintf(stderr, "Querying %s (%s)...\n", vohttp.Redact(base), mode)
	var res *tap.Result
	if a.async {
		res, err = svc.RunAsync(ctx, q, tap.AsyncOptions{
			Progress:  prog.rows,
			OnCreated: func(j *tap.Job) { fmt.Fprintf(stderr, "Job %s created: %s\n", j.JobID, vohttp.Redact(j.URL)) },
			Wait: tap.WaitOptions{OnPhase: func(j *tap.Job) {
				prog.clear()
				fmt.Fprintf(stderr, "Job phase: %s\n", j.Phase)
			}},
		})
	} else {
		res, err = svc.Sync(ctx, q, prog.rows)
	}
	prog.clear()
	if err != nil {
		return reportError(stderr, err, a.async)
	}
	t := res.Table
	fmt.Fprintf(stderr, "%s, %s in %s\n", plural.Count(t.NumRows(), "row"), plural.Count(len(t.Fields), "column"), res.Elapsed.Round(10*time.Millisecond))
	if res.Overflow() {
		limit := "its row limit"
		if a.maxrec > 0 {
			limit = fmt.Sprintf("MAXREC=%d", a.maxrec)
		}
		fmt.Fprintf(stderr, "Warning: first %s: the service cut the result at %s; there are more (use --maxrec to ask for more).\n", plural.Count(t.NumRows(), "row"), limit)
	}
	if err := writeResult(a, t, stdout); err != nil {
		fmt.Fprintf(stderr, "esodesk query: %v\n", err)
		return ExitError
	}
	if a.out != "" {
		fmt.Fprintf(stderr, "Wrote %s\n", a.out)
	}
	return ExitOK
}

func reportError(stderr io.Writer, err error, async bool) int {
	if vohttp.IsCanceled(err) {
		if async {
			fmt.Fprintln(stderr, "esodesk query: cancelled; the job was asked to abort")
		} else {
			fmt.Fprintln(stderr, "esodesk query: cancelled")
		}
		return ExitCanceled
	}
	fmt.Fprintf(stderr, "esodesk query: %v\n", err)
	return ExitError
}

// writeResult writes the table to --out (see writeOut) or to stdout.
func writeResult(a queryArgs, t *votable.Table, stdout io.Writer) error {
	write := func(w io.Writer) error {
		if a.format == "votable" {
			return votable.WriteVOTable(w, t, nil, nil, "TABLEDATA")
		}
		return votable.WriteCSV(w, t, nil, nil)
	}
	if a.out == "" {
		return write(stdout)
	}
	return writeOut(a.out, write)
}
