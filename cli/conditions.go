package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"esodesk/internal/plural"
	"esodesk/services/conditions"
	"esodesk/services/config"
	"esodesk/services/tap"
	"esodesk/services/vohttp"
	"esodesk/widgets/conditionsplot/render"
)

const conditionsUsage = `usage: esodesk conditions --site SITE --from T [--to T] [options]
       esodesk conditions --frame DPID [--frame DPID ...] [options]
       esodesk conditions DPID... [options]

Reads ESO's Astronomical Site Monitor (the asm.* tables of ESO's TAP
service): seeing, coherence time τ₀, PWV, wind... at a site over a time
range, or during raw frames' exposures.

With --site, it prints per quantity the source table, the valid and invalid
samples, median, min and max, and the stretches without data. With --frame
(or DPIDs as arguments) it looks the frames up in dbo.raw and prints, per
frame, each quantity's median [min–max] and number of samples during the
exposure, and dbo.raw's own seeing against the monitor's.

options:
  --site SITE         paranal, lasilla or apex
  --from T, --to T    UTC times, 2019-03-05T23:00 or 2019-03-05T23:00:00Z,
                      or a night, 2019-03-05 (21:00 to 12:00 UT the next day;
                      --to is optional then); at most 31 days at once
  --frame DPID        a raw frame's dp_id (repeatable), e.g.
                      FORS2.2019-03-06T01:02:03.456
  --quantity LIST     comma-separated: seeing, tau0, theta0, pwv, wind,
                      humidity, temperature, pressure, or all
                      (default seeing,tau0,pwv,wind,humidity)
  --format F          text (default) or csv, for stdout: with --site the
                      samples (time,quantity,value,unit,table), with --frame
                      one row per frame and quantity
                      (dp_id,quantity,n,median,min,max,unit,table)
  --out FILE          .csv: the CSV into FILE instead of stdout;
                      .png, .svg or .pdf: a plot (with --frame: the night of
                      the first frame, the frames drawn as bands)
  --width W           plot width in pixels (default 1200)
  --height H          plot height in pixels (default: 170 per quantity + 110)
  --tap URL           the TAP service with the asm tables and dbo.raw
                      (default: ESODESK_TAP_OBS_URL, the testbed's, or ESO's)

Exit status: 0 done, 1 the service failed or a frame is unknown, 2 usage
error, 130 interrupted.
`

// maxConditionsRange bounds one run: a month of DIMM, MASS, LHATPRO and
// meteo samples is already some 200,000 rows.
const maxConditionsRange = 31 * 24 * time.Hour

type conditionsArgs struct {
	site          conditions.Site
	r             conditions.Interval
	frames        []string
	qs            []conditions.Quantity
	format, out   string
	tap           string
	width, height int
}

// outKind is what --out gets: "" (nothing), "csv" or "plot".
func (a conditionsArgs) outKind() string {
	switch strings.ToLower(filepath.Ext(a.out)) {
	case "":
		return ""
	case ".csv":
		return "csv"
	}
	return "plot"
}

func parseConditionsArgs(args []string, stderr io.Writer) (conditionsArgs, int, bool) {
	a := conditionsArgs{width: 1200}
	var site, from, to, quantities string
	var frames stringList
	fs := flag.NewFlagSet("conditions", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&site, "site", "", "")
	fs.StringVar(&from, "from", "", "")
	fs.StringVar(&to, "to", "", "")
	fs.Var(&frames, "frame", "")
	fs.StringVar(&quantities, "quantity", "", "")
	fs.StringVar(&a.format, "format", "text", "")
	fs.StringVar(&a.out, "out", "", "")
	fs.StringVar(&a.tap, "tap", "", "")
	fs.IntVar(&a.width, "width", a.width, "")
	fs.IntVar(&a.height, "height", 0, "")
	fail := func(msg string) (conditionsArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk conditions: %s\n\n%s", msg, conditionsUsage)
		return a, ExitUsage, false
	}
	rest, err := flagsAndFiles(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(stderr, conditionsUsage)
		return a, ExitOK, false
	} else if err != nil {
		return fail(err.Error())
	}
	seen := map[string]bool{}
	for _, id := range append(frames, rest...) {
		id = strings.TrimSpace(id)
		if id == "" || strings.ContainsAny(id, "/?#&' ") || strings.Contains(id, "://") {
			return fail(fmt.Sprintf("not a raw frame id: %q (e.g. FORS2.2019-03-06T01:02:03.456)", id))
		}
		if !seen[id] {
			seen[id] = true
			a.frames = append(a.frames, id)
		}
	}

	a.qs = conditions.DefaultQuantities
	if quantities != "" {
		if a.qs, err = conditions.ParseQuantities(quantities); err != nil {
			return fail("--quantity: " + err.Error())
		}
	}
	a.format = strings.ToLower(a.format)
	switch {
	case a.format != "text" && a.format != "csv":
		return fail(fmt.Sprintf("--format must be text or csv, not %q", a.format))
	case a.width < 200 || a.width > 20000:
		return fail(fmt.Sprintf("--width must be 200..20000, not %d", a.width))
	case a.height != 0 && (a.height < 150 || a.height > 20000):
		return fail(fmt.Sprintf("--height must be 150..20000, not %d", a.height))
	}
	if a.out != "" {
		switch strings.ToLower(filepath.Ext(a.out)) {
		case ".csv", ".png", ".svg", ".pdf":
		default:
			return fail(fmt.Sprintf("--out %s: give a .csv, .png, .svg or .pdf file", a.out))
		}
	}
	if a.tap != "" {
		if err := config.Validate(a.tap); err != nil {
			return fail("--tap: " + err.Error())
		}
	}

	if len(a.frames) > 0 {
		if site != "" || from != "" || to != "" {
			return fail("--frame takes the site and times from dbo.raw: leave out --site, --from and --to")
		}
		return a, ExitOK, true
	}
	switch {
	case site == "" && from == "":
		return fail("give --site and --from (a range), or --frame DPID (raw frames)")
	case site == "":
		return fail("--site is required: paranal, lasilla or apex")
	case from == "":
		return fail("--from is required (e.g. 2019-03-05T23:00, or a night: 2019-03-05)")
	}
	if a.site, err = conditions.ParseSite(site); err != nil {
		return fail("--site: " + err.Error())
	}
	if a.r, err = conditionsRange(from, to); err != nil {
		return fail(err.Error())
	}
	return a, ExitOK, true
}

// nightStart is when the night of date d begins (21:00 UT, before dusk at
// every ESO site); it ends at 12:00 UT the next day.
func nightStart(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 21, 0, 0, 0, time.UTC)
}

const nightLength = 15 * time.Hour

// parseWhen reads --from/--to: a UTC time, or a date meaning that night.
func parseWhen(flagName, s string) (t time.Time, night bool, err error) {
	s = strings.TrimSpace(s)
	if d, err := time.Parse("2006-01-02", s); err == nil {
		return d, true, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), false, nil
	}
	u := strings.Replace(strings.TrimSuffix(strings.TrimSuffix(s, "Z"), "z"), " ", "T", 1)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", "2006-01-02T15"} {
		if t, err := time.Parse(layout, u); err == nil {
			return t, false, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("--%s %q: not a UTC time or a night; write 2019-03-05T23:00 (or 2019-03-05T23:00:00Z), or 2019-03-05 for that night", flagName, s)
}

// conditionsRange turns --from and --to into the range to fetch.
func conditionsRange(from, to string) (conditions.Interval, error) {
	var r conditions.Interval
	f, fNight, err := parseWhen("from", from)
	if err != nil {
		return r, err
	}
	r.Start = f
	if fNight {
		r.Start = nightStart(f)
		r.End = r.Start.Add(nightLength)
	}
	if to != "" {
		t, tNight, err := parseWhen("to", to)
		if err != nil {
			return r, err
		}
		r.End = t
		if tNight {
			r.End = nightStart(t).Add(nightLength)
		}
	}
	switch {
	case r.End.IsZero():
		return r, fmt.Errorf("--to is required with a time --from (or give --from a night: %s)", f.Format("2006-01-02"))
	case !r.End.After(r.Start):
		return r, fmt.Errorf("--to (%s) is not after --from (%s)", isoMinute(r.End), isoMinute(r.Start))
	case r.End.Sub(r.Start) > maxConditionsRange:
		days := int(math.Ceil(r.End.Sub(r.Start).Hours() / 24))
		next := r.Start.Add(maxConditionsRange)
		return r, fmt.Errorf("the range %s to %s covers %d days, more than 31 at once (too many samples): split it, e.g. --from %s --to %s, then --from %s ...",
			isoMinute(r.Start), isoMinute(r.End), days, isoMinute(r.Start), isoMinute(next), isoMinute(next))
	}
	return r, nil
}

func isoMinute(t time.Time) string { return t.UTC().Format("2006-01-02T15:04") }

func runConditions(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, code, ok := parseConditionsArgs(args, stderr)
	if !ok {
		return code
	}
	if a.out != "" {
		if err := checkOutFolder(a.out); err != nil { // before the queries
			fmt.Fprintf(stderr, "esodesk conditions: %v\n", err)
			return ExitError
		}
	}
	if a.tap == "" {
		a.tap = config.Load().TapObs
	}
	c := conditions.New(tap.New(a.tap, vohttp.Default))
	if len(a.frames) > 0 {
		return conditionsForFrames(ctx, c, a, stdout, stderr)
	}
	return conditionsForRange(ctx, c, a, stdout, stderr)
}

// conditionsFailed reports a failed query (or Ctrl+C) and gives the code.
func conditionsFailed(ctx context.Context, stderr io.Writer, err error) int {
	if ctx.Err() != nil || vohttp.IsCanceled(err) {
		fmt.Fprintln(stderr, "esodesk conditions: cancelled")
		return ExitCanceled
	}
	fmt.Fprintf(stderr, "esodesk conditions: %v\n", err)
	return ExitError
}

func conditionsForRange(ctx context.Context, c *conditions.Client, a conditionsArgs, stdout, stderr io.Writer) int {
	fmt.Fprintf(stderr, "Querying the %s site monitor at %s...\n", a.site.Title(), vohttp.Redact(a.tap))
	start := time.Now()
	res, err := c.Fetch(ctx, a.site, a.r, a.qs)
	if err != nil {
		return conditionsFailed(ctx, stderr, err)
	}
	n := 0
	for _, s := range res.Series {
		n += len(s.Samples)
	}
	queries := "1 query"
	if len(res.Queries) != 1 {
		queries = strconv.Itoa(len(res.Queries)) + " queries"
	}
	fmt.Fprintf(stderr, "%s from %s in %s\n", plural.Count(n, "sample"), queries, time.Since(start).Round(10*time.Millisecond))

	csvOut := a.format == "csv" || a.outKind() == "csv"
	if a.format == "text" {
		printRangeSummary(stdout, res)
	}
	if csvOut {
		if err := writeCSVTo(a, stdout, func(w io.Writer) error { return conditions.WriteCSV(w, res.Series) }); err != nil {
			fmt.Fprintf(stderr, "esodesk conditions: %v\n", err)
			return ExitError
		}
		if a.outKind() == "csv" {
			fmt.Fprintf(stderr, "Wrote %s\n", a.out)
		}
	}
	if a.outKind() == "plot" {
		title := fmt.Sprintf("%s, %s to %s UTC", res.Site.Title(), a.r.Start.Format("2006-01-02 15:04"), a.r.End.Format("2006-01-02 15:04"))
		if err := writeConditionsPlot(a, res.Series, render.Options{Title: title, Range: a.r}); err != nil {
			fmt.Fprintf(stderr, "esodesk conditions: %v\n", err)
			return ExitError
		}
		fmt.Fprintf(stderr, "Wrote %s (%s, %d×%d)\n", a.out, plural.Count(len(res.Series), "panel"), a.width, plotHeight(a, len(res.Series)))
	}
	return ExitOK
}

// writeCSVTo writes CSV to --out when it is a .csv file, else to stdout.
func writeCSVTo(a conditionsArgs, stdout io.Writer, write func(io.Writer) error) error {
	if a.outKind() == "csv" {
		return writeOut(a.out, write)
	}
	return write(stdout)
}

func plotHeight(a conditionsArgs, panels int) int {
	if a.height > 0 {
		return a.height
	}
	return 170*max(panels, 1) + 110
}

// writeConditionsPlot renders into a hidden file beside --out (same
// extension, which picks the format) and renames it, so an interrupted
// run leaves no half picture under the final name.
func writeConditionsPlot(a conditionsArgs, series []conditions.Series, opt render.Options) error {
	if len(series) == 0 {
		return errors.New("nothing to plot: no quantity has samples here")
	}
	opt.Width, opt.Height = a.width, plotHeight(a, len(series))
	f, err := createHidden(a.out)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", a.out, unwrapPath(err))
	}
	f.Close()
	tmp := f.Name() + filepath.Ext(a.out)
	os.Remove(f.Name())
	defer os.Remove(tmp) // no-op after the rename
	if err := render.Write(tmp, series, opt); err != nil {
		return fmt.Errorf("cannot write %s: %w", a.out, unwrapPath(err))
	}
	if err := os.Rename(tmp, a.out); err != nil {
		return fmt.Errorf("cannot write %s: %w", a.out, unwrapPath(err))
	}
	return nil
}

// printRangeSummary prints one block per quantity: table, samples, median,
// min, max, and the stretches without valid data.
func printRangeSummary(w io.Writer, res *conditions.Result) {
	fmt.Fprintf(w, "%s, %s to %s UTC\n", res.Site.Title(), res.Range.Start.Format("2006-01-02 15:04"), res.Range.End.Format("2006-01-02 15:04"))
	for _, s := range res.Series {
		d := conditions.During(s, res.Range)
		head := s.Quantity.Title() + ":"
		switch {
		case len(s.Tables) == 0:
			fmt.Fprintf(w, "%s not measured here", head) // the note below says why
		case d.Stats.N == 0 && d.Stats.Invalid == 0:
			fmt.Fprintf(w, "%s no samples", head)
		default:
			fmt.Fprintf(w, "%s %s, %d valid / %d invalid samples", head, tableList(s.Tables), d.Stats.N, d.Stats.Invalid)
			if d.Stats.N > 0 {
				q := s.Quantity
				fmt.Fprintf(w, ", median %s, min %s, max %s", valueText(q, d.Stats.Median), valueText(q, d.Stats.Min), valueText(q, d.Stats.Max))
			}
		}
		if s.Note != "" {
			fmt.Fprintf(w, " (%s)", s.Note)
		}
		fmt.Fprintln(w)
		if d.Stats.N > 0 {
			if g := gapText(gaps(s, res.Range), res.Range); g != "" {
				fmt.Fprintf(w, "  no data %s\n", g)
			}
		}
	}
}

func tableList(tables []string) string {
	if len(tables) == 0 {
		return "no table"
	}
	return strings.Join(tables, " + ")
}

// gaps are the stretches of r without a valid sample, longer than
// Series.Segments' own gap rule (so a missing sample or two is no gap).
func gaps(s conditions.Series, r conditions.Interval) []conditions.Interval {
	var out []conditions.Interval
	add := func(from, to time.Time, integ time.Duration) {
		if from.Before(r.Start) {
			from = r.Start
		}
		if to.After(r.End) {
			to = r.End
		}
		if to.Sub(from) > max(2*integ, 3*time.Minute) {
			out = append(out, conditions.Interval{Start: from, End: to})
		}
	}
	prev := r.Start
	var integ time.Duration
	for _, seg := range s.Segments() {
		if len(seg) == 0 {
			continue
		}
		integ = seg[0].Integration
		add(prev, seg[0].Start, integ)
		prev = seg[len(seg)-1].End()
	}
	add(prev, r.End, integ)
	return out
}

// gapText lists gaps as "02:10-03:05, 04:00-04:20", with dates when the
// range is longer than a day, and at most 8 of them.
func gapText(gs []conditions.Interval, r conditions.Interval) string {
	const most = 8
	long := r.End.Sub(r.Start) > 24*time.Hour
	var parts []string
	for i, g := range gs {
		if i == most {
			parts = append(parts, fmt.Sprintf("and %d more", len(gs)-most))
			break
		}
		from, to := g.Start.Format("15:04"), g.End.Format("15:04")
		if long {
			from = g.Start.Format("2006-01-02 15:04")
			if g.End.YearDay() != g.Start.YearDay() || g.End.Year() != g.Start.Year() {
				to = g.End.Format("2006-01-02 15:04")
			}
		}
		parts = append(parts, from+"-"+to)
	}
	return strings.Join(parts, ", ")
}

// valueText writes a value as the plot's readout does: "0.82″", "4.1 ms".
func valueText(q conditions.Quantity, v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return render.WithUnit(render.FormatValue(q, v), q.Unit())
}

func conditionsForFrames(ctx context.Context, c *conditions.Client, a conditionsArgs, stdout, stderr io.Writer) int {
	fmt.Fprintf(stderr, "Looking up %s in dbo.raw at %s...\n", plural.Count(len(a.frames), "frame"), vohttp.Redact(a.tap))
	exps, err := c.RawFrames(ctx, a.frames) // names unknown ids
	if err != nil {
		return conditionsFailed(ctx, stderr, err)
	}
	prog := newProgress(stderr)
	fcs, err := c.ForExposures(ctx, exps, a.qs, func(done, total int) {
		if !prog.tty || total < 2 {
			return
		}
		prog.mu.Lock()
		fmt.Fprintf(prog.w, "\rQueried %d of %d tables...", done, total)
		prog.shown = true
		prog.mu.Unlock()
	})
	prog.clear()
	if err != nil {
		return conditionsFailed(ctx, stderr, err)
	}

	if a.format == "text" {
		printFrames(stdout, fcs)
	}
	if a.format == "csv" || a.outKind() == "csv" {
		if err := writeCSVTo(a, stdout, func(w io.Writer) error { return writeFramesCSV(w, fcs) }); err != nil {
			fmt.Fprintf(stderr, "esodesk conditions: %v\n", err)
			return ExitError
		}
		if a.outKind() == "csv" {
			fmt.Fprintf(stderr, "Wrote %s\n", a.out)
		}
	}
	if a.outKind() == "plot" {
		return plotFramesNight(ctx, c, a, fcs, stderr)
	}
	return ExitOK
}

// printFrames prints a small table per frame.
func printFrames(w io.Writer, fcs []conditions.FrameConditions) {
	for i, fc := range fcs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		e := fc.Exposure
		site := "unknown site"
		if fc.SiteKnown {
			site = fc.Site.Title()
		}
		fmt.Fprintln(w, e.ID)
		fmt.Fprintf(w, "  site       %s (%s)\n", site, orDash(e.Telescope))
		fmt.Fprintf(w, "  exp_start  %s   exposure %s s\n", e.Start.UTC().Format("2006-01-02T15:04:05.000Z"), strconv.FormatFloat(e.Duration.Seconds(), 'f', -1, 64))
		var rows [][]string
		var notes []string
		for _, q := range fc.Quantities {
			st := q.Stats
			val := "no samples"
			if len(q.Tables) == 0 {
				val = "not measured here" // the note says which monitor the site lacks
			}
			if st.N > 0 {
				val = fmt.Sprintf("%s [%s–%s]", valueText(q.Quantity, st.Median), render.FormatValue(q.Quantity, st.Min), render.FormatValue(q.Quantity, st.Max))
			}
			n := "N=" + strconv.Itoa(st.N)
			if st.Invalid > 0 {
				n += fmt.Sprintf(" (+%d invalid)", st.Invalid)
			}
			rows = append(rows, []string{q.Quantity.Title(), val, n, strings.Join(q.Tables, " + ")})
			if q.Note != "" {
				notes = append(notes, q.Note)
			}
		}
		for _, cmp := range fc.Comparisons {
			rows = append(rows, []string{cmp.What, "dbo.raw " + valueText(conditions.Seeing, cmp.Raw) + " (" + cmp.RawColumn + ")", "ASM " + valueText(conditions.Seeing, cmp.ASM), cmp.Table})
		}
		printAligned(w, "  ", rows)
		if fc.Note != "" {
			notes = append(notes, fc.Note)
		}
		for _, n := range notes {
			fmt.Fprintf(w, "  note: %s\n", n)
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// printAligned writes rows with columns padded by runes (τ₀, ″ are one
// column wide each on a terminal).
func printAligned(w io.Writer, indent string, rows [][]string) {
	var width []int
	for _, r := range rows {
		for i, f := range r {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(f))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		b.WriteString(indent)
		for i, f := range r {
			if i > 0 {
				b.WriteString("  ")
			}
			b.WriteString(f)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(f)))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// writeFramesCSV writes dp_id,quantity,n,median,min,max,unit,table; empty
// statistics where there was no valid sample.
func writeFramesCSV(w io.Writer, fcs []conditions.FrameConditions) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"dp_id", "quantity", "n", "median", "min", "max", "unit", "table"})
	num := func(v float64) string {
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', 12, 64) // 4.8, not a median's 4.800000000000001
	}
	for _, fc := range fcs {
		for _, q := range fc.Quantities {
			cw.Write([]string{fc.Exposure.ID, string(q.Quantity), strconv.Itoa(q.Stats.N), num(q.Stats.Median), num(q.Stats.Min), num(q.Stats.Max), q.Quantity.UnitASCII(), strings.Join(q.Tables, ";")})
		}
	}
	cw.Flush()
	return cw.Error()
}

// nightOf is the night (21:00 to 12:00 UT) that t belongs to: before noon
// UT, the one that began the evening before.
func nightOf(t time.Time) conditions.Interval {
	t = t.UTC()
	d := t
	if t.Hour() < 12 {
		d = t.AddDate(0, 0, -1)
	}
	s := nightStart(d)
	return conditions.Interval{Start: s, End: s.Add(nightLength)}
}

// plotFramesNight plots the night of the first frame with a site, the
// frames of that night and site as bands; it says which were left out.
func plotFramesNight(ctx context.Context, c *conditions.Client, a conditionsArgs, fcs []conditions.FrameConditions, stderr io.Writer) int {
	var first *conditions.FrameConditions
	for i := range fcs {
		if fcs[i].SiteKnown {
			first = &fcs[i]
			break
		}
	}
	if first == nil {
		fmt.Fprintln(stderr, "esodesk conditions: nothing to plot: no frame is at a site with ambient data")
		return ExitError
	}
	night := nightOf(first.Exposure.Start)
	r := night
	var bands []render.Band
	var left []string
	for _, fc := range fcs {
		w := fc.Exposure.Window()
		if !fc.SiteKnown || fc.Site != first.Site || w.Start.Before(night.Start.Add(-9*time.Hour)) || !w.Start.Before(night.End) {
			left = append(left, fc.Exposure.ID)
			continue
		}
		// a frame of the evening before 21:00 UT widens the range
		if w.Start.Before(r.Start) {
			r.Start = w.Start.Truncate(time.Hour)
		}
		if w.End.After(r.End) {
			r.End = w.End
		}
		bands = append(bands, render.Band{Start: w.Start, End: w.End, Label: fc.Exposure.ID})
	}
	if len(left) > 0 {
		fmt.Fprintf(stderr, "The plot shows the night of %s at %s only; left out: %s\n", night.Start.Format("2006-01-02"), first.Site.Title(), strings.Join(left, ", "))
	}
	res, err := c.Fetch(ctx, first.Site, r, a.qs)
	if err != nil {
		return conditionsFailed(ctx, stderr, err)
	}
	frames := plural.Count(len(bands), "frame")
	if len(bands) == 1 {
		frames = bands[0].Label
	}
	title := fmt.Sprintf("%s, night of %s: %s", first.Site.Title(), night.Start.Format("2006-01-02"), frames)
	if err := writeConditionsPlot(a, res.Series, render.Options{Title: title, Range: r, Bands: bands}); err != nil {
		fmt.Fprintf(stderr, "esodesk conditions: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(stderr, "Wrote %s (%s, %d×%d)\n", a.out, plural.Count(len(res.Series), "panel"), a.width, plotHeight(a, len(res.Series)))
	return ExitOK
}
