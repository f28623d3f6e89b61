package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"esodesk/internal/plural"
	"esodesk/services/config"
	"esodesk/services/regtap"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

const registryUsage = `usage: esodesk registry [--keyword W]... [--type T] [--waveband W] [options]

Finds VO services in a RegTAP registry and writes one row per service
capability (ivoid, title, type, access_url, short_name, publisher, waveband)
to stdout. Every criterion given must hold; none lists every service.

options:
  --keyword W      a word of the title or description, or part of a subject
                   (repeat for several: all must match)
  --type T         tap, ssa, sia, scs or hips (default: any of the first four)
  --waveband W     radio, millimeter, infrared, optical, uv, euv, x-ray, gamma-ray
  --registry URL   the registry's TAP base URL (default: ESODESK_REGISTRY_URL,
                   else the testbed's /tap under ESODESK_TESTBED_URL, else
                   GAVO's http://reg.g-vo.org/tap)
  --maxrec N       ask for at most N capability rows (default 10000)
  --format F       text (default), csv or votable
`

type registryArgs struct {
	search   regtap.Search
	registry string
	format   string
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func parseRegistryArgs(args []string, stderr io.Writer) (registryArgs, int, bool) {
	var a registryArgs
	var keywords stringList
	fs := flag.NewFlagSet("registry", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Var(&keywords, "keyword", "")
	fs.StringVar(&a.search.Type, "type", "", "")
	fs.StringVar(&a.search.Waveband, "waveband", "", "")
	fs.StringVar(&a.registry, "registry", "", "")
	fs.IntVar(&a.search.MaxRec, "maxrec", 0, "")
	fs.StringVar(&a.format, "format", "text", "")
	fail := func(msg string) (registryArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk registry: %s\n\n%s", msg, registryUsage)
		return a, ExitUsage, false
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			io.WriteString(stderr, registryUsage)
			return a, ExitOK, false
		}
		return fail(err.Error())
	}
	if fs.NArg() > 0 {
		return fail(fmt.Sprintf("unexpected argument %q (use --keyword)", fs.Arg(0)))
	}
	for _, k := range keywords {
		if k = strings.TrimSpace(k); k != "" {
			a.search.Keywords = append(a.search.Keywords, k)
		}
	}
	a.search.Type = strings.ToLower(strings.TrimSpace(a.search.Type))
	if a.search.Type != "" {
		if _, err := regtap.StandardIDs(a.search.Type); err != nil {
			return fail("--type must be " + strings.Join(regtap.Types, ", ") + fmt.Sprintf(", not %q", a.search.Type))
		}
	}
	if a.search.MaxRec < 0 {
		return fail("--maxrec must be positive")
	}
	a.format = strings.ToLower(a.format)
	switch a.format {
	case "text", "csv", "votable":
	default:
		return fail(fmt.Sprintf("--format must be text, csv or votable, not %q", a.format))
	}
	if a.registry == "" {
		a.registry = config.Load().Registry
	} else if err := config.Validate(a.registry); err != nil {
		return fail("--registry: " + err.Error())
	}
	return a, ExitOK, true
}

func runRegistry(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, code, ok := parseRegistryArgs(args, stderr)
	if !ok {
		return code
	}
	fmt.Fprintf(stderr, "Searching %s (%s)...\n", vohttp.Redact(a.registry), a.search)
	start := time.Now()
	res, err := regtap.New(a.registry, vohttp.Default).Search(ctx, a.search)
	if err != nil {
		if vohttp.IsCanceled(err) {
			fmt.Fprintln(stderr, "esodesk registry: cancelled")
			return ExitCanceled
		}
		fmt.Fprintf(stderr, "esodesk registry: %v\n", err)
		return ExitError
	}
	t, err := registryTable(res.Services)
	if err != nil {
		fmt.Fprintf(stderr, "esodesk registry: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(stderr, "%s in %s\n", plural.Count(len(res.Services), "service"), time.Since(start).Round(10*time.Millisecond))
	if res.Overflow {
		fmt.Fprintln(stderr, "Warning: the registry cut the answer; there are more (narrow the search or raise --maxrec).")
	}
	switch a.format {
	case "csv":
		err = votable.WriteCSV(stdout, t, nil, nil)
	case "votable":
		err = votable.WriteVOTable(stdout, t, nil, nil, "TABLEDATA")
	default:
		err = writeRegistryText(stdout, t)
	}
	if err != nil {
		fmt.Fprintf(stderr, "esodesk registry: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// registryColumns are the output columns, in order.
var registryColumns = []votable.Field{
	{Name: "ivoid", Datatype: "char", Arraysize: "*", UCD: "meta.ref.ivoid"},
	{Name: "title", Datatype: "char", Arraysize: "*", UCD: "meta.title"},
	{Name: "type", Datatype: "char", Arraysize: "*", UCD: "meta.code"},
	{Name: "access_url", Datatype: "char", Arraysize: "*", UCD: "meta.ref.url"},
	{Name: "short_name", Datatype: "char", Arraysize: "*", UCD: "meta.id"},
	{Name: "publisher", Datatype: "char", Arraysize: "*", UCD: "meta.curation"},
	{Name: "waveband", Datatype: "char", Arraysize: "*", UCD: "instr.bandpass"},
}

// registryTable is one row per capability of each service.
func registryTable(services []regtap.Service) (*votable.Table, error) {
	b := votable.NewTable(registryColumns)
	for _, s := range services {
		for _, c := range s.Capabilities {
			typ := c.Type
			if typ == "" {
				typ = c.StandardID
			}
			if err := b.AppendRow([]string{s.IVOID, s.Title, typ, c.AccessURL(), s.ShortName,
				s.Publisher, strings.Join(s.Wavebands, "#")}); err != nil {
				return nil, err
			}
		}
	}
	return b.Build(), nil
}

// writeRegistryText writes ivoid, type, access URL and title as aligned
// columns, for reading.
func writeRegistryText(w io.Writer, t *votable.Table) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "IVOID\tTYPE\tACCESS URL\tTITLE")
	col := func(name string, r int) string { return t.Columns[t.FieldIndex(name)].String(r) }
	for r := 0; r < t.NumRows(); r++ {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", col("ivoid", r), col("type", r), col("access_url", r), col("title", r))
	}
	return tw.Flush()
}
