package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"esodesk/internal/plural"
	"esodesk/services/calselector"
	"esodesk/services/config"
	"esodesk/services/dataset"
	"esodesk/services/download"
	"esodesk/services/vohttp"
)

const calibUsage = `usage: esodesk calib DPID... [options]

Asks ESO's CalSelector which calibration files the raw frames DPID... need
and prints, per dataset: the mode the service ran, whether the calibrations
are complete and certified, the science frames it added (siblings) and the
calibrations by category with their sizes; then the total of all datasets,
calibrations shared by several datasets counted once.

options:
  --mode M        raw (raw calibrations, default) or processed (master
                  calibrations where available)
  --trees         also fetch each dataset's association tree, to see
                  calibrations that formally violate the calibration plan
                  (EXTENDED); with --download the trees are saved too
  --download DIR  download everything into DIR/data_with_raw_calibs/ or
                  DIR/data_with_processed_calibs/ (by the mode the service
                  ran: a dataset downgraded to raw calibrations goes to
                  data_with_raw_calibs/), every file once per folder
  --night-logs    with --download: also fetch each science frame's night log
  --yes           download without asking first
  --workers N     files in flight at once, 1-16 (default 4)

The service URL comes from ESODESK_CALSELECTOR_URL (or the stand-in with
ESODESK_STANDIN_URL); files from ESODESK_DATAPORTAL_URL. A saved ESO login
(see 'esodesk get --login') is used for proprietary frames.

Exit status: 0 done, 1 the service or a download failed, 2 usage error,
130 interrupted.
`

type calibArgs struct {
	ids                           []string
	mode                          calselector.Mode
	dir                           string
	trees, nightLogs, yes, wanted bool
	workers                       int
}

func parseCalibArgs(args []string, stderr io.Writer) (calibArgs, int, bool) {
	var a calibArgs
	var mode string
	fs := flag.NewFlagSet("calib", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&mode, "mode", "raw", "")
	fs.StringVar(&a.dir, "download", "", "")
	fs.BoolVar(&a.trees, "trees", false, "")
	fs.BoolVar(&a.nightLogs, "night-logs", false, "")
	fs.BoolVar(&a.yes, "yes", false, "")
	fs.IntVar(&a.workers, "workers", 4, "")
	fail := func(msg string) (calibArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk calib: %s\n\n%s", msg, calibUsage)
		return a, ExitUsage, false
	}
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				io.WriteString(stderr, calibUsage)
				return a, ExitOK, false
			}
			return fail(err.Error())
		}
		if fs.NArg() == 0 {
			break
		}
		a.ids = append(a.ids, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "download" {
			a.wanted = true
		}
	})
	switch strings.ToLower(mode) {
	case "raw", "raw2raw":
		a.mode = calselector.Raw2Raw
	case "processed", "master", "raw2master":
		a.mode = calselector.Raw2Master
	default:
		return fail(fmt.Sprintf("--mode must be raw or processed, not %q", mode))
	}
	seen := map[string]bool{}
	ids := a.ids[:0]
	for _, id := range a.ids {
		if id == "" || strings.ContainsAny(id, "/?#& ") || strings.Contains(id, "://") {
			return fail(fmt.Sprintf("not a raw frame id: %q (e.g. FORS2.2021-01-02T00:59:12.533)", id))
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	a.ids = ids
	switch {
	case len(a.ids) == 0:
		return fail("give at least one raw frame id")
	case a.wanted && strings.TrimSpace(a.dir) == "":
		return fail("--download needs a folder")
	case a.nightLogs && !a.wanted:
		return fail("--night-logs only makes sense with --download DIR")
	case a.workers < 1 || a.workers > 16:
		return fail(fmt.Sprintf("--workers must be between 1 and 16, not %d", a.workers))
	}
	return a, ExitOK, true
}

func runCalib(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	a, code, ok := parseCalibArgs(args, stderr)
	if !ok {
		return code
	}
	// failedIDs are the frames CalSelector answered with an error or not at
	// all: the others are still reported (and downloaded), then the run
	// names the failed ones and exits 1.
	var failedIDs []string
	defer func() {
		if len(failedIDs) > 0 && code != ExitCanceled {
			fmt.Fprintf(stderr, "esodesk calib: %d of %s failed: %s\n", len(failedIDs), plural.Count(len(a.ids), "frame"), strings.Join(failedIDs, ", "))
			code = ExitError
		}
	}()
	cfg := config.Load()
	interrupted := func() int {
		fmt.Fprintln(stderr, "esodesk calib: interrupted")
		return ExitCanceled
	}
	tokenClient, err := esoLogin(ctx, false, cfg.Token, stderr)
	if err != nil {
		if ctx.Err() != nil {
			return interrupted()
		}
		fmt.Fprintf(stderr, "esodesk calib: %v\n", err)
		return ExitError
	}
	httpClient := vohttp.Default
	if tokenClient != nil {
		httpClient = tokenClient
	}
	cs := calselector.New(cfg.CalSelector, httpClient)

	req := calselector.Request{DPIDs: a.ids, Mode: a.mode, Format: calselector.VOTable}
	prog := newProgress(stderr)
	if len(a.ids) > calselector.BatchSize {
		req.Progress = func(done, total int) {
			if prog.tty {
				prog.mu.Lock()
				fmt.Fprintf(prog.w, "\rAsked CalSelector about %d of %d frames...", done, total)
				prog.shown = true
				prog.mu.Unlock()
			} else {
				fmt.Fprintf(stderr, "Asked CalSelector about %d of %d frames\n", done, total)
			}
		}
	}
	res, err := cs.Do(ctx, req)
	prog.clear()
	if err != nil {
		if ctx.Err() != nil {
			return interrupted()
		}
		fmt.Fprintf(stderr, "esodesk calib: %s\n", calibError(err))
		return ExitError
	}
	// reports are every answer, printed; sets leave out the failed frames
	// with no file of their own (unknown ids), whose night logs and
	// trees would only fail too.
	var reports, sets []*dataset.Dataset
	for _, id := range a.ids {
		l := res.Links[id]
		if l == nil {
			fmt.Fprintf(stderr, "esodesk calib: CalSelector gave no answer for %s (not a raw frame id?)\n", id)
			failedIDs = append(failedIDs, id)
			continue
		}
		d := dataset.FromLinks(l, a.mode)
		reports = append(reports, d)
		if len(d.Errors) > 0 {
			failedIDs = append(failedIDs, id)
		}
		if len(d.Errors) == 0 || d.Science.URL != "" {
			sets = append(sets, d)
		}
	}
	failed := false // a later step (the trees) failed

	if a.trees && len(sets) > 0 {
		ids := make([]string, len(sets))
		for i, d := range sets {
			ids[i] = d.Science.DPID
		}
		trees, err := cs.Do(ctx, calselector.Request{DPIDs: ids, Mode: a.mode, Format: calselector.Tree})
		if err != nil {
			if ctx.Err() != nil {
				return interrupted()
			}
			fmt.Fprintf(stderr, "esodesk calib: association trees: %s\n", calibError(err))
			failed = true
		} else {
			for _, d := range sets {
				if t := trees.Trees[d.Science.DPID]; t != nil {
					d.AttachTree(t)
				}
			}
		}
	}

	for _, d := range reports {
		printDataset(stdout, d, a.trees)
	}
	if len(sets) == 0 {
		return ExitError
	}
	dir := a.dir
	if !a.wanted {
		dir = "."
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		fmt.Fprintf(stderr, "esodesk calib: %v\n", err)
		return ExitUsage
	}
	plan := dataset.MakePlan(sets, dataset.PlanOptions{
		Dir: dir, Mode: a.mode, Trees: a.trees && a.wanted, NightLogs: a.nightLogs,
		DataPortalURL: cfg.DataPortal, NeedsToken: tokenClient != nil,
	})
	fmt.Fprintf(stdout, "Total: %s\n", planTotal(plan))
	if !a.wanted {
		if failed {
			return ExitError
		}
		return ExitOK
	}
	if note := plan.DowngradeNote(); note != "" {
		fmt.Fprintln(stdout, note)
	}
	if !a.yes && !confirm(stderr, fmt.Sprintf("Download %s into %s? [y/N] ", planTotal(plan), plan.Where())) {
		fmt.Fprintln(stderr, "esodesk calib: nothing downloaded (answer y, or pass --yes)")
		return ExitError
	}
	code = downloadPlan(ctx, plan, a.workers, tokenClient, stdout, stderr)
	if code == ExitOK && failed {
		code = ExitError
	}
	return code
}

// planTotal puts the size first: "16.1 GB (2 datasets · 20 files, 17
// shared calibrations counted once)".
func planTotal(p *dataset.Plan) string {
	var b strings.Builder
	b.WriteString(download.HumanBytes(p.Total))
	if p.Unknown > 0 {
		fmt.Fprintf(&b, " + %s of unknown size", plural.Count(p.Unknown, "file"))
	}
	fmt.Fprintf(&b, " (%s · %s", plural.Count(p.Datasets, "dataset"), plural.Count(p.Files, "file"))
	if p.Shared > 0 {
		fmt.Fprintf(&b, ", %d shared counted once", p.Shared)
	}
	b.WriteString(")")
	return b.String()
}

// confirm asks on stderr and reads y/yes from stdin.
func confirm(stderr io.Writer, question string) bool {
	fmt.Fprint(stderr, question)
	line, _ := bufio.NewReader(stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	}
	return false
}

// downloadPlan runs the plan's jobs through the journalled queue of
// 'esodesk calib', with the progress and summary of 'esodesk get': an
// interrupted run resumes where it stopped the next time.
func downloadPlan(ctx context.Context, plan *dataset.Plan, workers int, tokenClient *vohttp.Client, stdout, stderr io.Writer) int {
	jpath, err := calibJournalPath()
	if err != nil {
		fmt.Fprintf(stderr, "esodesk calib: no place for the download journal: %v\n", err)
		return ExitError
	}
	// the jobs name their folders; the first is made (and checked) up front
	return runJournalled(ctx, "calib", download.Options{
		Dir: plan.Folders[0], Workers: workers, JournalPath: jpath, TokenClient: tokenClient,
	}, plan.Jobs, stdout, stderr)
}

// calibError words CalSelector's failures for a person at a terminal.
func calibError(err error) string {
	e, ok := vohttp.AsError(err)
	if !ok || e.Kind != vohttp.KindHTTP {
		return err.Error()
	}
	switch {
	case e.StatusCode >= 500:
		return fmt.Sprintf("CalSelector had server-side trouble (HTTP %d): try again later", e.StatusCode)
	case e.StatusCode == 400:
		msg := e.Message
		if msg == "" {
			msg = "the request was rejected"
		}
		return fmt.Sprintf("CalSelector rejected the request (HTTP 400): %s", msg)
	}
	return err.Error()
}
