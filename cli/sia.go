package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"esodesk/internal/plural"
	"esodesk/services/config"
	"esodesk/services/sia"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

const siaUsage = `usage: esodesk sia --service URL|eso --pos RA,DEC,R [options]

Finds images and cubes with an SIA 2.0 service and writes the ObsCore rows
to stdout. With --service eso, the same query runs as ADQL on ivoa.ObsCore
of ESO's TAP service (ESO has no SIA service; ESODESK_TAP_OBS_URL, or the
testbed's, overrides the URL). Progress and messages go to stderr.

options:
  --service URL|eso   the SIA 2.0 query endpoint, or eso (required)
  --pos RA,DEC,R      cone centre and radius, ICRS degrees (required)
  --band LO,HI        wavelength range in metres; leave one side empty for an
                      open end (--band 5e-7, means from 500 nm up)
  --time MJD1,MJD2    observation time range, MJD (open ends as for --band)
  --collection C      a collection (repeat for several: any matches)
  --instrument I      an instrument (repeat for several)
  --dptype T          image or cube (default: both)
  --maxrec N          ask for at most N rows (default: the service's limit)
  --format F          csv (default) or votable
  --adql              with --service eso: print the ADQL and stop
`

type siaArgs struct {
	service, format string
	printADQL       bool
	q               sia.Query
}

// parseFloats reads n comma-separated numbers; with open, an empty one is
// an open end (-Inf for the first, +Inf for the second).
func parseFloats(flagName, s string, n int, open bool) ([]float64, error) {
	parts := strings.Split(s, ",")
	if len(parts) != n {
		return nil, fmt.Errorf("--%s wants %d comma-separated numbers, got %q", flagName, n, s)
	}
	out := make([]float64, n)
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" && open {
			out[i] = math.Inf(2*i - 1) // -Inf, then +Inf
			continue
		}
		v, err := strconv.ParseFloat(p, 64)
		if err != nil || math.IsNaN(v) {
			return nil, fmt.Errorf("--%s: %q is not a number", flagName, p)
		}
		out[i] = v
	}
	return out, nil
}

func parseSIAArgs(args []string, stderr io.Writer) (siaArgs, int, bool) {
	var a siaArgs
	var pos, band, tm, dptype string
	var collections, instruments stringList
	fs := flag.NewFlagSet("sia", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.service, "service", "", "")
	fs.StringVar(&pos, "pos", "", "")
	fs.StringVar(&band, "band", "", "")
	fs.StringVar(&tm, "time", "", "")
	fs.Var(&collections, "collection", "")
	fs.Var(&instruments, "instrument", "")
	fs.StringVar(&dptype, "dptype", "", "")
	fs.IntVar(&a.q.MaxRec, "maxrec", 0, "")
	fs.StringVar(&a.format, "format", "csv", "")
	fs.BoolVar(&a.printADQL, "adql", false, "")
	fail := func(msg string) (siaArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk sia: %s\n\n%s", msg, siaUsage)
		return a, ExitUsage, false
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			io.WriteString(stderr, siaUsage)
			return a, ExitOK, false
		}
		return fail(err.Error())
	}
	switch {
	case fs.NArg() > 0:
		return fail(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	case strings.TrimSpace(a.service) == "":
		return fail("--service is required (an SIA 2.0 URL, or eso)")
	case pos == "":
		return fail("--pos is required")
	case a.q.MaxRec < 0:
		return fail("--maxrec must be positive")
	}
	if !strings.EqualFold(a.service, "eso") {
		if err := config.Validate(a.service); err != nil {
			return fail("--service must be eso or a URL: " + err.Error())
		}
		if a.printADQL {
			return fail("--adql goes with --service eso")
		}
	}
	p, err := parseFloats("pos", pos, 3, false)
	if err != nil {
		return fail(err.Error())
	}
	a.q.Pos = []sia.Shape{sia.Circle{RA: p[0], Dec: p[1], Radius: p[2]}}
	if band != "" {
		b, err := parseFloats("band", band, 2, true)
		if err != nil {
			return fail(err.Error())
		}
		a.q.Band = []sia.Interval{{Lo: b[0], Hi: b[1]}}
	}
	if tm != "" {
		t, err := parseFloats("time", tm, 2, true)
		if err != nil {
			return fail(err.Error())
		}
		a.q.Time = []sia.Interval{{Lo: t[0], Hi: t[1]}}
	}
	a.q.Collection, a.q.Instrument = collections, instruments
	if dptype != "" {
		a.q.DPType = []string{strings.ToLower(dptype)}
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

func runSIA(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, code, ok := parseSIAArgs(args, stderr)
	if !ok {
		return code
	}
	prog := newProgress(stderr)
	a.q.Progress = prog.rows
	var res *sia.Result
	var err error
	if strings.EqualFold(a.service, "eso") {
		if a.printADQL {
			adql, err := a.q.ObsCoreADQL()
			if err != nil {
				fmt.Fprintf(stderr, "esodesk sia: %v\n", err)
				return ExitUsage
			}
			fmt.Fprintln(stdout, adql)
			return ExitOK
		}
		base := config.Load().TapObs
		fmt.Fprintf(stderr, "Querying ivoa.ObsCore at %s...\n", vohttp.Redact(base))
		res, err = sia.SearchTAP(ctx, tap.New(base, vohttp.Default), a.q)
	} else {
		fmt.Fprintf(stderr, "Querying %s...\n", vohttp.Redact(a.service))
		res, err = sia.New(a.service, vohttp.Default).Search(ctx, a.q)
	}
	prog.clear()
	if err != nil {
		return protocolError(stderr, "sia", err)
	}
	return writeDALTable(stderr, stdout, "sia", a.format, res.Table, res.Overflow, a.q.MaxRec, res.Elapsed)
}

// protocolError reports a failed protocol command.
func protocolError(stderr io.Writer, cmd string, err error) int {
	if vohttp.IsCanceled(err) {
		fmt.Fprintf(stderr, "esodesk %s: cancelled\n", cmd)
		return ExitCanceled
	}
	fmt.Fprintf(stderr, "esodesk %s: %v\n", cmd, err)
	return ExitError
}

// writeDALTable writes a protocol's result table as 'esodesk query' does:
// a summary and any overflow warning on stderr, the table on stdout.
func writeDALTable(stderr, stdout io.Writer, cmd, format string, t *votable.Table, overflow bool, maxrec int, elapsed time.Duration) int {
	fmt.Fprintf(stderr, "%s, %s in %s\n", plural.Count(t.NumRows(), "row"), plural.Count(len(t.Fields), "column"), elapsed.Round(10*time.Millisecond))
	if overflow {
		limit := "its row limit"
		if maxrec > 0 {
			limit = fmt.Sprintf("MAXREC=%d", maxrec)
		}
		fmt.Fprintf(stderr, "Warning: first %s: the service cut the result at %s; there are more (use --maxrec to ask for more).\n", plural.Count(t.NumRows(), "row"), limit)
	}
	var err error
	if format == "votable" {
		err = votable.WriteVOTable(stdout, t, nil, nil, "TABLEDATA")
	} else {
		err = votable.WriteCSV(stdout, t, nil, nil)
	}
	if err != nil {
		fmt.Fprintf(stderr, "esodesk %s: %v\n", cmd, err)
		return ExitError
	}
	return ExitOK
}
