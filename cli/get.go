package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"esodesk/internal/plural"
	"esodesk/services/config"
	"esodesk/services/download"
	"esodesk/services/esoauth"
	"esodesk/services/vohttp"
)

const getUsage = `usage: esodesk get URL|DPID... [options]

Downloads files with the download queue: several at once, resumable, retried
with backoff; a partial file never carries its final name (NAME.part until
it is complete). A DPID (no scheme, e.g. FORS2.2021-01-02T00:59:12.533) is
fetched from ESO's dataPortal (ESODESK_DATAPORTAL_URL, or the stand-in with
ESODESK_STANDIN_URL). Each finished file's path is printed on stdout;
progress and the summary go to stderr.

options:
  --dir D             target folder (default: the current folder)
  --workers N         files in flight at once, 1-16 (default 4)
  --decompress        unpack .Z and .gz files after download
  --keep-compressed   keep the packed file too (implies --decompress)
  --login             log in to ESO first (asks for user name and password;
                      the password is read without echo on a terminal, else
                      from ESODESK_ESO_PASSWORD or the next line of stdin) and
                      save the login for later runs

With a saved ESO login (from the window or --login) the token is sent to ESO
hosts only, so proprietary files download too.

Interrupted runs resume: the queue keeps a journal in
<user config dir>/esodesk/get-journal.jsonl; after Ctrl+C (or a crash) the next
'esodesk get' carries on with the unfinished files from their .part files.
Run one 'esodesk get' at a time.

Exit status: 0 all files done (or already there), 1 some failed (reasons on
stderr), 2 usage error, 130 interrupted.
`

type getArgs struct {
	targets                              []string
	dir                                  string
	workers                              int
	decompress, keepCompressed, wantAuth bool
}

// parseGetArgs accepts options before, between and after the targets.
func parseGetArgs(args []string, stderr io.Writer) (getArgs, int, bool) {
	var a getArgs
	fs := flag.NewFlagSet("get", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.dir, "dir", ".", "")
	fs.IntVar(&a.workers, "workers", 4, "")
	fs.BoolVar(&a.decompress, "decompress", false, "")
	fs.BoolVar(&a.keepCompressed, "keep-compressed", false, "")
	fs.BoolVar(&a.wantAuth, "login", false, "")
	fail := func(msg string) (getArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk get: %s\n\n%s", msg, getUsage)
		return a, ExitUsage, false
	}
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				io.WriteString(stderr, getUsage)
				return a, ExitOK, false
			}
			return fail(err.Error())
		}
		if fs.NArg() == 0 {
			break
		}
		a.targets = append(a.targets, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	switch {
	case len(a.targets) == 0:
		return fail("give at least one URL or dataset id")
	case a.workers < 1 || a.workers > 16:
		return fail(fmt.Sprintf("--workers must be between 1 and 16, not %d", a.workers))
	case strings.TrimSpace(a.dir) == "":
		return fail("--dir must not be empty")
	}
	if a.keepCompressed {
		a.decompress = true
	}
	return a, ExitOK, true
}

// targetURL turns a URL or an ESO dataset id into a download URL.
func targetURL(t, dataPortal string) (string, error) {
	if strings.Contains(t, "://") {
		u, err := url.Parse(t)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "", fmt.Errorf("not an http(s) URL: %q", t)
		}
		return t, nil
	}
	if strings.ContainsAny(t, "/?# ") || t == "" {
		return "", fmt.Errorf("not a dataset id: %q", t)
	}
	return strings.TrimRight(dataPortal, "/") + "/" + url.PathEscape(t), nil
}

// getJournalPath and calibJournalPath are where 'esodesk get' and 'esodesk
// calib' keep their queue journals: files of their own, so they never fight
// each other or the window's queue over one journal.
var (
	getJournalPath   = func() (string, error) { return journalPath("get-journal.jsonl") }
	calibJournalPath = func() (string, error) { return journalPath("calib-journal.jsonl") }
)

func journalPath(name string) (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "esodesk", name), nil
}

// tokenStore is the saved ESO login (tests swap in a private file).
var tokenStore = func() (*esoauth.Store, error) { return esoauth.NewStore() }

// stdin is where --login reads from (tests swap it).
var stdin io.Reader = os.Stdin

func runGet(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, code, ok := parseGetArgs(args, stderr)
	if !ok {
		return code
	}
	cfg := config.Load()
	dir, err := filepath.Abs(a.dir)
	if err != nil {
		fmt.Fprintf(stderr, "esodesk get: %v\n", err)
		return ExitUsage
	}
	urls := make([]string, 0, len(a.targets))
	for _, t := range a.targets {
		u, err := targetURL(t, cfg.DataPortal)
		if err != nil {
			fmt.Fprintf(stderr, "esodesk get: %v\n\n%s", err, getUsage)
			return ExitUsage
		}
		urls = append(urls, u)
	}

	tokenClient, err := esoLogin(ctx, a.wantAuth, cfg.Token, stderr)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "esodesk get: interrupted")
			return ExitCanceled
		}
		fmt.Fprintf(stderr, "esodesk get: %v\n", err)
		return ExitError
	}

	jpath, err := getJournalPath()
	if err != nil {
		fmt.Fprintf(stderr, "esodesk get: no place for the download journal: %v\n", err)
		return ExitError
	}
	jobs := make([]download.Job, len(urls))
	for i, u := range urls {
		jobs[i] = download.Job{URL: u, Dir: dir, NeedsToken: tokenClient != nil}
	}
	return runJournalled(ctx, "get", download.Options{
		Dir: dir, Workers: a.workers, JournalPath: jpath, TokenClient: tokenClient,
		Decompress: a.decompress, KeepCompressed: a.keepCompressed,
	}, jobs, stdout, stderr)
}

// runJournalled downloads jobs through a queue whose journal is
// opts.JournalPath: what an interrupted earlier run of the command left
// unfinished resumes first (and is not added twice); after Ctrl+C the
// unfinished files, .part files and all, wait for the next run.
// openQueue opens the command's journalled queue. When another run of the
// same command holds that journal, this run keeps one in the download
// folder instead (which also keeps two runs from writing into one folder);
// a folder another run downloads into is refused.
func openQueue(cmd string, opts download.Options, stderr io.Writer) (*download.Queue, error) {
	q, err := download.New(opts)
	var busy *download.JournalInUseError
	if !errors.As(err, &busy) {
		return q, err
	}
	opts.JournalPath = filepath.Join(opts.Dir, ".esodesk-"+cmd+"-journal.jsonl")
	q, err = download.New(opts)
	if errors.As(err, &busy) {
		return nil, fmt.Errorf("another esodesk %s (pid %d) is downloading into %s: wait for it or choose another folder", cmd, busy.PID, opts.Dir)
	}
	if err == nil {
		fmt.Fprintf(stderr, "Another esodesk %s (pid %d) is running; this run keeps its journal in %s.\n", cmd, busy.PID, opts.JournalPath)
	}
	return q, err
}

func runJournalled(ctx context.Context, cmd string, opts download.Options, jobs []download.Job, stdout, stderr io.Writer) int {
	// Made here, before the queue checks its free space: a folder that
	// cannot be made is said so once, not as a full disk or per file.
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "esodesk %s: cannot create the download folder %s: %v\n", cmd, opts.Dir, err)
		return ExitError
	}
	q, err := openQueue(cmd, opts, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "esodesk %s: %v\n", cmd, err)
		return ExitError
	}
	q.ClearFinished() // earlier runs' results are not this run's business
	resumed := map[string]bool{}
	if left := q.Snapshot(); len(left) > 0 {
		fmt.Fprintf(stderr, "Resuming %s left unfinished by an interrupted run.\n", plural.Count(len(left), "download"))
		for _, s := range left {
			resumed[s.Dir+"\n"+s.Job.URL] = true
		}
	}
	var fresh []download.Job
	for _, j := range jobs {
		if !resumed[j.Dir+"\n"+j.URL] {
			fresh = append(fresh, j)
		}
	}
	if _, err := q.AddBatch(fresh); err != nil {
		q.Close()
		fmt.Fprintf(stderr, "esodesk %s: %v\n", cmd, err)
		return ExitError
	}

	start := time.Now()
	if watchQueue(ctx, q, stdout, newGetProgress(stderr)) {
		left := 0
		for _, s := range q.Snapshot() {
			if !s.State.Finished() {
				left++
			}
		}
		q.Close() // running jobs are journalled as queued: their .part files resume next time
		fmt.Fprintf(stderr, "esodesk %s: interrupted; the next 'esodesk %s' resumes %s\n", cmd, cmd, plural.Count(left, "unfinished download"))
		return ExitCanceled
	}
	code := summarize(q.Snapshot(), time.Since(start), stderr)
	q.ClearFinished()
	if err := q.Close(); err != nil {
		fmt.Fprintf(stderr, "esodesk %s: journal: %v\n", cmd, err)
	}
	return code
}

// watchQueue prints finished files on stdout and redraws the progress
// until nothing is queued or running; it reports whether ctx ended first.
func watchQueue(ctx context.Context, q *download.Queue, stdout io.Writer, prog *getProgress) bool {
	changed, unsubscribe := q.Subscribe()
	defer unsubscribe()
	tick := time.NewTicker(prog.every)
	defer tick.Stop()
	reported := map[download.ID]bool{}
	var drawn time.Time
	for {
		snap := q.Snapshot()
		busy := false
		for _, s := range snap {
			switch {
			case s.State == download.Queued || s.State == download.Running:
				busy = true
			case s.State.Finished() && !reported[s.ID]:
				reported[s.ID] = true
				prog.finished(s)
				if s.State == download.Done || s.State == download.Skipped {
					fmt.Fprintln(stdout, s.Path)
				}
			}
		}
		if !busy {
			prog.clear()
			return false
		}
		if time.Since(drawn) >= prog.every { // changes may come faster than 5 redraws/s
			prog.draw(snap)
			drawn = time.Now()
		}
		select {
		case <-ctx.Done():
			prog.clear()
			return true
		case <-changed:
		case <-tick.C:
		}
	}
}

// summarize writes the closing lines and returns the exit code.
func summarize(snap []download.Status, elapsed time.Duration, stderr io.Writer) int {
	var done, skipped, failed int
	var bytes int64
	for _, s := range snap {
		switch s.State {
		case download.Done:
			done++
			bytes += s.Done
		case download.Skipped:
			skipped++
		case download.Failed:
			failed++
		}
	}
	speed := ""
	if secs := elapsed.Seconds(); secs > 0 && bytes > 0 {
		speed = fmt.Sprintf(", %s/s", download.HumanBytes(int64(float64(bytes)/secs)))
	}
	fmt.Fprintf(stderr, "%d downloaded, %d already there, %d failed; %s in %s%s\n",
		done, skipped, failed, download.HumanBytes(bytes), elapsed.Round(100*time.Millisecond), speed)
	if failed == 0 {
		return ExitOK
	}
	fmt.Fprintln(stderr, "Failed:")
	for _, s := range snap {
		if s.State == download.Failed {
			fmt.Fprintf(stderr, "  %s: %s\n", vohttp.Redact(s.Job.URL), s.Error)
		}
	}
	return ExitError
}
