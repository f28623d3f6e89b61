package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"esodesk/services/config"
	"esodesk/services/datalink"
	"esodesk/services/download"
	"esodesk/services/soda"
	"esodesk/services/vohttp"
)

const cutoutUsage = `usage: esodesk cutout ID --circle RA,DEC,R [options]

Cuts a region (and optionally a wavelength range) out of an image or cube
with the dataset's SODA cutout service and downloads it as <id>_cutout.fits.
The cutout service is found in the dataset's DataLink document (its #cutout
row); only the parameters it declares are sent. The file's path is printed
on stdout; progress goes to stderr.

ID is one of:
  an ESO dataset id (ADP.2019-...) or ivo://eso.org/ID?<id>: ESO's DataLink
      (ESODESK_DATALINK_URL, or the stand-in with ESODESK_STANDIN_URL)
  a publisher DID (ivo://...) with --datalink URL: that {links} endpoint
  a DataLink URL (http...): that document

options:
  --circle RA,DEC,R   region to keep, ICRS degrees (required)
  --band LO,HI        wavelength range to keep, metres (one side may be empty)
  --datalink URL      the {links} endpoint to ask for ID's DataLink
  --dir D             target folder (default: the current folder)

With a saved ESO login (from the window or 'esodesk get --login') the
token is sent to ESO hosts only.
`

type cutoutArgs struct {
	id, datalink, dir string
	cut               soda.Cutout
}

// cutoutJournalPath is where 'esodesk cutout' keeps its queue journal.
var cutoutJournalPath = func() (string, error) { return journalPath("cutout-journal.jsonl") }

func parseCutoutArgs(args []string, stderr io.Writer) (cutoutArgs, int, bool) {
	var a cutoutArgs
	var circle, band string
	var targets []string
	fs := flag.NewFlagSet("cutout", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&circle, "circle", "", "")
	fs.StringVar(&band, "band", "", "")
	fs.StringVar(&a.datalink, "datalink", "", "")
	fs.StringVar(&a.dir, "dir", ".", "")
	fail := func(msg string) (cutoutArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk cutout: %s\n\n%s", msg, cutoutUsage)
		return a, ExitUsage, false
	}
	for rest := args; ; { // options before and after the ID
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				io.WriteString(stderr, cutoutUsage)
				return a, ExitOK, false
			}
			return fail(err.Error())
		}
		if fs.NArg() == 0 {
			break
		}
		targets = append(targets, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	switch {
	case len(targets) != 1:
		return fail("give exactly one dataset ID")
	case circle == "":
		return fail("--circle is required")
	case strings.TrimSpace(a.dir) == "":
		return fail("--dir must not be empty")
	}
	a.id = strings.TrimSpace(targets[0])
	c, err := parseFloats("circle", circle, 3, false)
	if err != nil {
		return fail(err.Error())
	}
	a.cut.Circle = &soda.Circle{RA: c[0], Dec: c[1], Radius: c[2]}
	if band != "" {
		b, err := parseFloats("band", band, 2, true)
		if err != nil {
			return fail(err.Error())
		}
		a.cut.Band = &soda.Interval{Lo: b[0], Hi: b[1]}
	}
	if err := a.cut.Validate(); err != nil {
		return fail(err.Error())
	}
	if a.datalink != "" {
		if err := config.Validate(a.datalink); err != nil {
			return fail("--datalink: " + err.Error())
		}
	}
	return a, ExitOK, true
}

// esoIVOIDPrefix is how ESO writes its dataset ids as ivo:// identifiers.
const esoIVOIDPrefix = "ivo://eso.org/ID?"

// linksURL finds the DataLink document of id (see cutoutUsage).
func linksURL(id, linksEndpoint, esoDataLink string) (string, error) {
	lower := strings.ToLower(id)
	switch {
	case strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://"):
		return id, nil
	case linksEndpoint != "":
		sep := "?"
		if strings.Contains(linksEndpoint, "?") {
			sep = "&"
		}
		return linksEndpoint + sep + "ID=" + url.QueryEscape(id), nil
	case strings.HasPrefix(lower, strings.ToLower(esoIVOIDPrefix)):
		return datalink.ESOLinksURL(esoDataLink, id[len(esoIVOIDPrefix):]), nil
	case strings.Contains(id, "://"):
		return "", fmt.Errorf("%s is not an ESO dataset: give its DataLink endpoint with --datalink", id)
	case strings.ContainsAny(id, "/?#& ") || id == "":
		return "", fmt.Errorf("not a dataset id: %q", id)
	}
	return datalink.ESOLinksURL(esoDataLink, id), nil
}

func runCutout(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, code, ok := parseCutoutArgs(args, stderr)
	if !ok {
		return code
	}
	cfg := config.Load()
	dir, err := filepath.Abs(a.dir)
	if err != nil {
		fmt.Fprintf(stderr, "esodesk cutout: %v\n", err)
		return ExitUsage
	}
	links, err := linksURL(a.id, a.datalink, cfg.DataLink)
	if err != nil {
		fmt.Fprintf(stderr, "esodesk cutout: %v\n\n%s", err, cutoutUsage)
		return ExitUsage
	}
	tokenClient, err := esoLogin(ctx, false, cfg.Token, stderr)
	if err != nil {
		return protocolError(stderr, "cutout", err)
	}
	client := vohttp.Default
	if tokenClient != nil {
		client = tokenClient
	}
	fmt.Fprintf(stderr, "Reading the DataLink of %s...\n", a.id)
	ls, err := datalink.Fetch(ctx, client, links)
	if err != nil {
		return protocolError(stderr, "cutout", err)
	}
	sd, row, err := soda.FromLinks(ls)
	if err != nil {
		fmt.Fprintf(stderr, "esodesk cutout: %s (%s): %v\n", a.id, vohttp.Redact(links), err)
		return ExitError
	}
	req, err := soda.Build(sd, a.cut, row)
	if err != nil {
		fmt.Fprintf(stderr, "esodesk cutout: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(stderr, "Cutout: %s\n", vohttp.Redact(req.URL))
	jpath, err := cutoutJournalPath()
	if err != nil {
		fmt.Fprintf(stderr, "esodesk cutout: no place for the download journal: %v\n", err)
		return ExitError
	}
	job := req.Job(dir, tokenClient != nil)
	return runJournalled(ctx, "cutout", download.Options{
		Dir: dir, Workers: 1, JournalPath: jpath, TokenClient: tokenClient,
	}, []download.Job{job}, stdout, stderr)
}
