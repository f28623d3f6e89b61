package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"esodesk/fits/sampfile"
	"esodesk/services/samp"
)

const sampUsage = `usage: esodesk samp clients
       esodesk samp send FILE... [--to CLIENT] [--timeout SECONDS]

Talk to the other Virtual Observatory tools (TOPCAT, Aladin, ...) through
the running SAMP hub.

  clients   list the registered clients: id and name
  send      send files: a VOTable as table.load.votable, a 1D spectrum FITS
            as spectrum.load.ssa-generic, an image FITS as image.load.fits,
            a FITS table as table.load.fits. esodesk serves the files on
            127.0.0.1 and waits for the receivers to answer.

options of send:
  --to CLIENT      send to this client only (its id or its name), not to all
                   clients that subscribe to the message
  --timeout SECS   how long to wait for the receivers (default 60)

Exit status 1 when no hub runs, nobody subscribes, or a receiver failed.
`

func runSamp(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		io.WriteString(stderr, sampUsage)
		return ExitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		io.WriteString(stdout, sampUsage)
		return ExitOK
	case "clients":
		if len(args) > 1 {
			fmt.Fprintf(stderr, "esodesk samp clients: no arguments expected\n\n%s", sampUsage)
			return ExitUsage
		}
		return sampClients(ctx, stdout, stderr)
	case "send":
		return sampSend(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "esodesk samp: unknown subcommand %q\n\n%s", args[0], sampUsage)
	return ExitUsage
}

func sampFail(stderr io.Writer, ctx context.Context, err error) int {
	if ctx.Err() != nil {
		return ExitCanceled
	}
	fmt.Fprintf(stderr, "esodesk samp: %v\n", err)
	return ExitError
}

// sampConnect registers with the hub and lists the clients.
func sampConnect(ctx context.Context) (*samp.Client, []samp.ClientInfo, error) {
	c, err := samp.Connect(ctx, samp.Options{})
	if err != nil {
		return nil, nil, err
	}
	clients, err := c.Clients(ctx)
	if err != nil {
		c.Close()
		return nil, nil, err
	}
	return c, clients, nil
}

func sampClients(ctx context.Context, stdout, stderr io.Writer) int {
	c, clients, err := sampConnect(ctx)
	if err != nil {
		return sampFail(stderr, ctx, err)
	}
	defer c.Close()
	w := bufio.NewWriter(stdout)
	for _, ci := range clients {
		if ci.ID == c.SelfID {
			continue
		}
		name := ci.Name
		if name == "" {
			name = "(no name)"
		}
		fmt.Fprintf(w, "%s\t%s\n", ci.ID, name)
	}
	w.Flush()
	return ExitOK
}

type sampSendArgs struct {
	files   []string
	to      string
	timeout int
}

func parseSampSend(args []string, stdout, stderr io.Writer) (sampSendArgs, int, bool) {
	a := sampSendArgs{timeout: 60}
	fs := flag.NewFlagSet("samp send", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.to, "to", "", "")
	fs.IntVar(&a.timeout, "timeout", a.timeout, "")
	fail := func(msg string) (sampSendArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk samp send: %s\n\n%s", msg, sampUsage)
		return a, ExitUsage, false
	}
	files, err := flagsAndFiles(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(stdout, sampUsage)
		return a, ExitOK, false
	} else if err != nil {
		return fail(err.Error())
	}
	a.files = files
	if len(a.files) == 0 {
		return fail("give at least one file")
	}
	if a.timeout < 1 || a.timeout > 3600 {
		return fail("--timeout must be 1..3600 seconds")
	}
	return a, ExitOK, true
}

// flagsAndFiles parses fs's flags before, between and after the file
// names, which it returns.
func flagsAndFiles(fs *flag.FlagSet, args []string) (files []string, err error) {
	for err = fs.Parse(args); err == nil && fs.NArg() > 0; err = fs.Parse(args) {
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	return files, err
}

func sampSend(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, code, ok := parseSampSend(args, stdout, stderr)
	if !ok {
		return code
	}
	kinds := make([]string, len(a.files))
	for i, f := range a.files { // before talking to the hub
		k, err := sampfile.Kind(f)
		if err != nil {
			fmt.Fprintf(stderr, "esodesk samp send: %v\n", err)
			return ExitError
		}
		kinds[i] = k
	}
	c, clients, err := sampConnect(ctx)
	if err != nil {
		return sampFail(stderr, ctx, err)
	}
	defer c.Close()
	names := map[string]string{}
	for _, ci := range clients {
		names[ci.ID] = ci.Name
	}
	to := ""
	if a.to != "" {
		for _, ci := range clients {
			if ci.ID != c.SelfID && (ci.ID == a.to || strings.EqualFold(ci.Name, a.to)) {
				to = ci.ID
				break
			}
		}
		if to == "" {
			fmt.Fprintf(stderr, "esodesk samp send: no client %q is registered (see esodesk samp clients)\n", a.to)
			return ExitError
		}
	}
	files, err := samp.NewFileServer()
	if err != nil {
		return sampFail(stderr, ctx, err)
	}
	defer files.Close()
	timeout := time.Duration(a.timeout) * time.Second
	failed := false
	for i, path := range a.files {
		subs, err := c.Subscribed(ctx, kinds[i])
		if err != nil {
			return sampFail(stderr, ctx, err)
		}
		var others []string
		for _, id := range subs {
			if id != c.SelfID {
				others = append(others, id)
			}
		}
		if to != "" && !slices.Contains(others, to) {
			fmt.Fprintf(stderr, "esodesk samp send: %s: %s (%s) does not accept %s\n", path, names[to], to, kinds[i])
			failed = true
			continue
		}
		if len(others) == 0 {
			fmt.Fprintf(stderr, "esodesk samp send: %s: no client accepts %s: start one that does (TOPCAT for tables, Aladin for images)\n", path, kinds[i])
			failed = true
			continue
		}
		url, err := files.Offer(path)
		if err != nil {
			return sampFail(stderr, ctx, err)
		}
		msg := sampfile.Message(kinds[i], url, path, kinds[i])
		var replies samp.Replies
		if to != "" {
			r, err := c.Call(ctx, to, msg, timeout)
			if err != nil {
				return sampFail(stderr, ctx, err)
			}
			replies = samp.Replies{to: r}
		} else if replies, err = c.CallAll(ctx, msg, timeout); err != nil {
			return sampFail(stderr, ctx, err)
		}
		if ctx.Err() != nil {
			return ExitCanceled
		}
		for id, r := range replies {
			who := fmt.Sprintf("%s (%s)", names[id], id)
			if r.OK() {
				fmt.Fprintf(stdout, "%s: %s → %s: ok\n", path, kinds[i], who)
			} else {
				fmt.Fprintf(stderr, "esodesk samp send: %s: %s failed: %s\n", path, who, r.Error)
				failed = true
			}
		}
	}
	if failed {
		return ExitError
	}
	return ExitOK
}
