package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	_ "image/jpeg" // HiPS tiles come as JPEG or PNG
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"esodesk/internal/plural"
	"esodesk/preview/skyrender"
	"esodesk/preview/skytable"
	"esodesk/services/config"
	"esodesk/services/coords"
	"esodesk/services/fetch"
	"esodesk/services/hips"
	"esodesk/services/region"
	"esodesk/services/sesame"
	"esodesk/services/vohttp"
	"esodesk/services/votable"
)

const skyUsage = `usage: esodesk sky --center RA,DEC|NAME --fov DEG --out FILE.png [options]
       esodesk sky --region "circle RA DEC R" | "polygon RA1 DEC1 RA2 DEC2 ..." --adql [options]

The first form draws a HiPS sky survey (the window's Sky tab, without a
window) to a PNG, with footprints of a result table on top. Tiles are
fetched in parallel and kept in esodesk's HiPS cache.

The second form prints the ADQL that finds the products whose footprint
meets the region (stdout), and what to know about it (stderr).

drawing options:
  --center POS        the view's centre: ICRS degrees (204.25,-29.87),
                      sexagesimal (13:37:00.9 -29:51:57), or a name (M83)
                      that Sesame resolves (required)
  --fov DEG           the field of view across the width, degrees, up to 360
                      (required)
  --projection P      tan (default) or ait (Aitoff, for wide fields)
  --hips URL          the HiPS survey (default: the settings' url.hips,
                      ESODESK_HIPS_URL, or CDS's DSS2 colour)
  --footprints FILE   a VOTable (.vot, .xml) or CSV (.csv) result table: its
                      s_region column is drawn as outlines, or else its
                      ra/dec columns as markers
  --colour-by COLUMN  colour the footprints by a column of that table
  --grid              draw an RA/Dec grid
  --galactic          orient the view and the grid in galactic coordinates
  --out FILE.png      the output PNG (required)
  --width W           output width in pixels (default 1024; a missing one
  --height H          output height in pixels  equals the other)
  --timeout D         give up fetching after D (default 2m, e.g. 30s)

region options:
  --region REGION     circle RA DEC R or polygon RA1 DEC1 RA2 DEC2 ... (ICRS
                      degrees; STC-S, so POLYGON ICRS ... works too)
  --adql              print the ADQL (required with --region)
  --table T           ivoa.obscore (default), dbo.raw (ESO raw frames: their
                      ra/dec inside the region) or another table
  --condition C       intersects (default), contains (the footprint contains
                      the region's centre), within (the footprint lies inside
                      the region) or overlap:X (overlap at least X deg²)
  --area              the service knows ADQL's AREA() (DaCHS does): with
                      overlap:X, let it drop footprints smaller than X

Exit status: 0 done, 1 the survey or a tile could not be read, 2 usage
error, 130 interrupted.
`

const (
	skyDefaultSize = 1024
	skyMaxSize     = 20000
	// skyWorkers is how many tiles are fetched at once, as the Sky tab does.
	skyWorkers = 6
)

type skyArgs struct {
	hips, center       string
	fov                float64
	projection         skyrender.Projection
	footprints, colour string
	grid, galactic     bool
	out                string
	width, height      int
	timeout            time.Duration

	region    region.Region
	adql      bool
	queryOpts region.QueryOptions
}

func parseSkyArgs(args []string, stderr io.Writer) (skyArgs, int, bool) {
	a := skyArgs{timeout: 2 * time.Minute}
	var proj, reg, cond string
	var hasArea bool
	fs := flag.NewFlagSet("sky", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&a.hips, "hips", "", "")
	fs.StringVar(&a.center, "center", "", "")
	fs.StringVar(&a.center, "centre", "", "")
	fs.Float64Var(&a.fov, "fov", 0, "")
	fs.StringVar(&proj, "projection", "tan", "")
	fs.StringVar(&a.footprints, "footprints", "", "")
	fs.StringVar(&a.colour, "colour-by", "", "")
	fs.StringVar(&a.colour, "color-by", "", "")
	fs.BoolVar(&a.grid, "grid", false, "")
	fs.BoolVar(&a.galactic, "galactic", false, "")
	fs.StringVar(&a.out, "out", "", "")
	fs.IntVar(&a.width, "width", 0, "")
	fs.IntVar(&a.height, "height", 0, "")
	fs.DurationVar(&a.timeout, "timeout", a.timeout, "")
	fs.StringVar(&reg, "region", "", "")
	fs.BoolVar(&a.adql, "adql", false, "")
	fs.StringVar(&a.queryOpts.Table, "table", "ivoa.obscore", "")
	fs.StringVar(&cond, "condition", "intersects", "")
	fs.BoolVar(&hasArea, "area", false, "")
	fail := func(msg string) (skyArgs, int, bool) {
		fmt.Fprintf(stderr, "esodesk sky: %s\n\n%s", msg, skyUsage)
		return a, ExitUsage, false
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			io.WriteString(stderr, skyUsage)
			return a, ExitOK, false
		}
		return fail(err.Error())
	}
	if fs.NArg() > 0 {
		return fail(fmt.Sprintf("unexpected argument %q (quote a region or a name with spaces)", fs.Arg(0)))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	if reg != "" || a.adql {
		for _, n := range []string{"hips", "center", "centre", "fov", "projection", "footprints", "colour-by", "color-by", "grid", "galactic", "out", "width", "height", "timeout"} {
			if set[n] {
				return fail(fmt.Sprintf("--%s draws a view: it does not go with --region/--adql", n))
			}
		}
		switch {
		case reg == "":
			return fail(`--adql needs --region "circle RA DEC R" or "polygon RA1 DEC1 RA2 DEC2 ..."`)
		case !a.adql:
			return fail("--region goes with --adql (print the query that finds what meets the region)")
		}
		r, err := region.ParseSTCS(reg)
		if err != nil {
			return fail(fmt.Sprintf("--region %q: %v", reg, err))
		}
		if r.Kind == region.Point {
			return fail(fmt.Sprintf("--region %q: give a circle or a polygon, not a point", reg))
		}
		a.region = r
		if a.queryOpts.Condition, a.queryOpts.MinOverlap, err = parseSkyCondition(cond); err != nil {
			return fail("--condition: " + err.Error())
		}
		if !validTableName(a.queryOpts.Table) {
			return fail(fmt.Sprintf("--table %q: give a table name such as ivoa.obscore or dbo.raw", a.queryOpts.Table))
		}
		a.queryOpts.HasArea = hasArea
		return a, ExitOK, true
	}
	for _, n := range []string{"table", "condition", "area"} {
		if set[n] {
			return fail(fmt.Sprintf("--%s goes with --region and --adql", n))
		}
	}

	switch strings.ToLower(strings.TrimSpace(proj)) {
	case "tan":
		a.projection = "TAN"
	case "ait", "aitoff":
		a.projection = "AIT"
	default:
		return fail(fmt.Sprintf("--projection %q: use tan or ait", proj))
	}
	switch {
	case strings.TrimSpace(a.center) == "":
		return fail("--center is required (RA,DEC in degrees, or a name such as M83)")
	case !set["fov"]:
		return fail("--fov is required (degrees across the width)")
	case math.IsNaN(a.fov) || a.fov <= 0 || a.fov > 360:
		return fail(fmt.Sprintf("--fov %g: give a field of view above 0 and at most 360 degrees", a.fov))
	case a.projection == "TAN" && a.fov >= 160:
		return fail(fmt.Sprintf("--fov %g is too wide for a tan projection: use --projection ait", a.fov))
	case a.out == "":
		return fail("--out is required")
	case !strings.EqualFold(filepath.Ext(a.out), ".png"):
		return fail(fmt.Sprintf("--out %q: use a .png file name", a.out))
	case a.width < 0 || a.height < 0 || a.width > skyMaxSize || a.height > skyMaxSize:
		return fail(fmt.Sprintf("--width and --height must be 1..%d", skyMaxSize))
	case a.timeout <= 0:
		return fail("--timeout must be positive (e.g. 30s or 5m)")
	case a.colour != "" && a.footprints == "":
		return fail("--colour-by colours the --footprints: give that file too")
	}
	switch {
	case a.width == 0 && a.height == 0:
		a.width, a.height = skyDefaultSize, skyDefaultSize
	case a.width == 0:
		a.width = a.height
	case a.height == 0:
		a.height = a.width
	}
	if coords.LooksLikeCoordinates(a.center) { // a name waits for Sesame
		if _, _, err := coords.Parse(a.center); err != nil {
			return fail(fmt.Sprintf("--center %q: %v", a.center, err))
		}
	}
	if a.hips == "" {
		a.hips = defaultHiPS()
	}
	a.hips = strings.TrimRight(strings.TrimSpace(a.hips), "/")
	if !strings.HasPrefix(a.hips, "http://") && !strings.HasPrefix(a.hips, "https://") {
		return fail(fmt.Sprintf("--hips %q: give the survey's http(s) URL (the folder with its properties file)", a.hips))
	}
	return a, ExitOK, true
}

// parseSkyCondition reads --condition: intersects, contains, within, overlap:X.
func parseSkyCondition(s string) (region.Condition, float64, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "intersects":
		return region.Intersects, 0, nil
	case "contains":
		return region.ContainsTarget, 0, nil
	case "within":
		return region.Within, 0, nil
	}
	if x, ok := strings.CutPrefix(s, "overlap:"); ok {
		v, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
			return 0, 0, fmt.Errorf("overlap:%s: give the least overlap in deg², a number above 0 (overlap:0.01)", x)
		}
		return region.OverlapAtLeast, v, nil
	}
	return 0, 0, fmt.Errorf("%q: use intersects, contains, within or overlap:X (X in deg²)", s)
}

// validTableName keeps --table to a (schema-qualified) identifier, so it
// cannot smuggle more ADQL into the query.
func validTableName(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for i, r := range part {
			if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}

func runSky(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, code, ok := parseSkyArgs(args, stderr)
	if !ok {
		return code
	}
	if a.adql {
		adql, note, err := region.Query(a.region, a.queryOpts)
		if err != nil {
			fmt.Fprintf(stderr, "esodesk sky: %v\n", err)
			return ExitUsage
		}
		fmt.Fprintln(stdout, adql)
		if note != "" {
			fmt.Fprintln(stderr, note)
		}
		return ExitOK
	}
	return drawSky(ctx, a, stderr)
}

func drawSky(ctx context.Context, a skyArgs, stderr io.Writer) int {
	fail := func(err error) int {
		if ctx.Err() != nil || vohttp.IsCanceled(err) && !errors.Is(err, context.DeadlineExceeded) {
			fmt.Fprintln(stderr, "esodesk sky: cancelled")
			return ExitCanceled
		}
		fmt.Fprintf(stderr, "esodesk sky: %v\n", err)
		return ExitError
	}
	if err := checkOutFolder(a.out); err != nil {
		return fail(err)
	}
	// Local work first: a bad footprints file fails before any download.
	var layer skyrender.Layer
	if a.footprints != "" {
		t, err := readFootprintTable(a.footprints)
		if err != nil {
			return fail(err)
		}
		fps, skipped, err := footprintsFromTable(t, a.colour)
		if err != nil {
			return fail(fmt.Errorf("%s: %w", a.footprints, err))
		}
		if skipped > 0 {
			fmt.Fprintf(stderr, "%s: %s without a readable footprint or position, not drawn\n", a.footprints, plural.Count(skipped, "row"))
		}
		layer.Footprints = fps
	}

	tctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	center, err := sesame.ResolveTarget(tctx, vohttp.Default, sesameURL(), a.center)
	if err != nil {
		if ctx.Err() == nil && tctx.Err() != nil {
			return fail(fmt.Errorf("--center %q: no answer from the name resolver within %s: try again, or give RA,DEC in degrees", a.center, a.timeout))
		}
		return fail(fmt.Errorf("--center %q: %w", a.center, err))
	}
	if !coords.LooksLikeCoordinates(a.center) {
		fmt.Fprintln(stderr, center.Where)
	}

	client := hips.New(vohttp.Default, fetch.DefaultDir("hips"), hips.DefaultMaxBytes) // the window's cache
	props, err := client.Properties(tctx, a.hips)
	if err != nil {
		if ctx.Err() == nil && tctx.Err() != nil {
			return fail(fmt.Errorf("no answer from the HiPS at %s within %s: try again later, a larger --timeout, or another --hips", vohttp.Redact(a.hips), a.timeout))
		}
		return fail(fmt.Errorf("cannot read the HiPS at %s: %w (check --hips: it is the folder that holds the survey's properties file)", vohttp.Redact(a.hips), err))
	}
	ext := tileExt(props.ImageFormat())
	if ext == "" {
		return fail(fmt.Errorf("the HiPS at %s has no PNG or JPEG tiles (formats: %s): esodesk draws colour tiles, choose another --hips",
			vohttp.Redact(a.hips), strings.Join(props.Formats, ", ")))
	}

	v := skyrender.View{Center: [2]float64{center.RA, center.Dec}, FOV: a.fov, Projection: a.projection,
		Width: a.width, Height: a.height, Galactic: a.galactic}
	bg, fetched, total, err := loadBackground(tctx, client, props, v, ext, stderr)
	if err != nil {
		if ctx.Err() == nil && tctx.Err() != nil {
			return fail(fmt.Errorf("fetching tiles from %s took longer than %s (%d of %d fetched): try again (fetched tiles are cached), a larger --timeout, or a smaller view",
				vohttp.Redact(props.Base), a.timeout, fetched, total))
		}
		return fail(err)
	}

	img := image.NewRGBA(image.Rect(0, 0, a.width, a.height))
	skyrender.Render(img, v, bg, &layer, skyrender.Options{Grid: a.grid && !a.galactic, GalacticGrid: a.grid && a.galactic})
	if ctx.Err() != nil {
		return fail(ctx.Err())
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := writeOut(a.out, func(w io.Writer) error { return enc.Encode(w, img) }); err != nil {
		return fail(err)
	}
	return ExitOK
}

// loadBackground fetches what the view needs: the tiles at the order
// skyrender picks or, for wide views, the Allsky image (its order's tiles
// when the survey has none). A partial survey's Allsky fills the gaps.
func loadBackground(ctx context.Context, client *hips.Client, props hips.Properties, v skyrender.View, ext string, stderr io.Writer) (bg *skyrender.Background, fetched, total int, err error) {
	bg = &skyrender.Background{Props: props}
	order, needed := skyrender.Needed(v, props)
	allsky := func() error {
		b, err := client.Allsky(ctx, props.Base, ext)
		if err == nil {
			bg.Allsky, _, err = image.Decode(bytes.NewReader(b))
		}
		return err
	}
	if needed == nil {
		err := allsky()
		if err == nil || ctx.Err() != nil {
			return bg, 0, 1, err
		}
		fmt.Fprintf(stderr, "No Allsky image at %s (%v): fetching its order-%d tiles instead\n", vohttp.Redact(props.Base), err, order)
		needed = tilesAt(v, props, order)
	}
	tiles, err := fetchSkyTiles(ctx, client, props.Base, order, ext, needed, newProgress(stderr), stderr)
	bg.Tiles = tiles
	if err != nil {
		return bg, tiles.len(), len(needed), err
	}
	if tiles.missing > 0 && bg.Allsky == nil { // the survey does not cover all the view
		if err := allsky(); err != nil && ctx.Err() != nil {
			return bg, tiles.len(), len(needed), err
		}
	}
	return bg, tiles.len(), len(needed), nil
}

// tilesAt lists the tiles at order that cover v, for a view wide enough
// that skyrender would draw it from the Allsky: the same sky on a larger
// image needs a deeper order (one per doubling).
func tilesAt(v skyrender.View, props hips.Properties, order int) []int64 {
	for k := 2; k <= 1<<12; k *= 2 {
		w := v
		w.Width, w.Height = v.Width*k, v.Height*k
		if o, t := skyrender.Needed(w, props); o > order {
			break
		} else if o == order && t != nil {
			return t
		}
	}
	return nil
}

// defaultHiPS is the survey of the settings: url.hips, ESODESK_HIPS_URL,
// the testbed's, else CDS's DSS2 colour.
func defaultHiPS() string {
	if u := strings.TrimSpace(config.Load().HiPS); u != "" {
		return u
	}
	return hips.DefaultURL
}

// tileExt is the file extension of a HiPS image format.
func tileExt(format string) string {
	switch format {
	case "png":
		return "png"
	case "jpeg", "jpg":
		return "jpg"
	}
	return ""
}

// skyTiles is what the renderer draws from: the decoded tiles of one order.
type skyTiles struct {
	mu      sync.Mutex
	order   int
	m       map[int64]image.Image
	missing int // tiles the survey does not have (404)
}

func (t *skyTiles) Tile(order int, npix int64) (image.Image, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if order != t.order {
		return nil, false
	}
	img, ok := t.m[npix]
	return img, ok
}

func (t *skyTiles) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.m)
}

// fetchSkyTiles fetches and decodes the tiles through the client's cache,
// skyWorkers at a time, showing the count on a terminal. The first real
// failure (not a tile the survey lacks) stops the others.
func fetchSkyTiles(ctx context.Context, c *hips.Client, base string, order int, ext string, npix []int64, prog *progress, stderr io.Writer) (*skyTiles, error) {
	tiles := &skyTiles{order: order, m: make(map[int64]image.Image, len(npix))}
	if len(npix) == 0 {
		return tiles, nil
	}
	if !prog.tty {
		fmt.Fprintf(stderr, "Fetching %s at order %d from %s...\n", plural.Count(len(npix), "tile"), order, vohttp.Redact(base))
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int64)
	var (
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
		done     int
		doneMu   sync.Mutex
	)
	for range min(skyWorkers, len(npix)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range jobs {
				img, err := fetchSkyTile(ctx, c, base, order, n, ext)
				switch {
				case errors.Is(err, hips.ErrNoTile):
					tiles.mu.Lock()
					tiles.missing++
					tiles.mu.Unlock()
				case err != nil:
					errOnce.Do(func() { firstErr = err; cancel() })
					continue
				default:
					tiles.mu.Lock()
					tiles.m[n] = img
					tiles.mu.Unlock()
				}
				doneMu.Lock()
				done++
				if prog.tty {
					prog.mu.Lock()
					fmt.Fprintf(prog.w, "\rFetching tiles: %d/%d...", done, len(npix))
					prog.shown = true
					prog.mu.Unlock()
				}
				doneMu.Unlock()
			}
		}()
	}
feed:
	for _, n := range npix {
		select {
		case jobs <- n:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	prog.clear()
	if firstErr != nil {
		return tiles, firstErr
	}
	return tiles, ctx.Err()
}

func fetchSkyTile(ctx context.Context, c *hips.Client, base string, order int, npix int64, ext string) (image.Image, error) {
	b, err := c.Tile(ctx, base, order, npix, ext)
	if err != nil {
		if errors.Is(err, hips.ErrNoTile) || ctx.Err() != nil {
			return nil, err
		}
		return nil, fmt.Errorf("cannot fetch the tile %s: %w", vohttp.Redact(hips.TileURL(base, order, npix, ext)), err)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("the tile %s is not a readable %s image: %v", vohttp.Redact(hips.TileURL(base, order, npix, ext)), strings.ToUpper(ext), err)
	}
	return img, nil
}

// sesameURL is the name resolver of the settings (url.sesame).
func sesameURL() string { return config.Load().Sesame }

// readFootprintTable reads a VOTable or a CSV file (every CSV column as text).
func readFootprintTable(path string) (*votable.Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--footprints: %w", err)
	}
	defer f.Close()
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		return readCSVTable(path, f)
	}
	doc, err := votable.Parse(f)
	if err != nil {
		return nil, fmt.Errorf("--footprints %s is not a readable VOTable (give .csv for a CSV file): %w", path, err)
	}
	t := doc.ResultsTable()
	if t == nil {
		return nil, fmt.Errorf("--footprints %s holds no table", path)
	}
	return t, nil
}

func readCSVTable(path string, r io.Reader) (*votable.Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("--footprints %s: no CSV header line: %v", path, err)
	}
	fields := make([]votable.Field, len(head))
	for i, h := range head {
		fields[i] = votable.Field{Name: strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), Datatype: "char", Arraysize: "*"}
	}
	b := votable.NewTable(fields)
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("--footprints %s: %v", path, err)
		}
		if len(rec) != len(head) {
			return nil, fmt.Errorf("--footprints %s: line %d has %d cells, the header %d", path, line, len(rec), len(head))
		}
		if err := b.AppendRow(rec); err != nil {
			return nil, fmt.Errorf("--footprints %s: line %d: %v", path, line, err)
		}
	}
	return b.Build(), nil
}

// footprintsFromTable turns a result table into footprints as the Sky tab
// does (preview/skytable): s_region outlines, or else RA/Dec markers,
// coloured by colourBy when set. Rows without a position are skipped and
// counted.
func footprintsFromTable(t *votable.Table, colourBy string) (fps []skyrender.Footprint, skipped int, err error) {
	var colours []color.NRGBA
	if colourBy != "" {
		if colours, _ = skytable.Colours(t, colourBy); colours == nil {
			return nil, 0, fmt.Errorf("--colour-by %q: no such column (columns: %s)", colourBy, fieldNames(t))
		}
	}
	if p := skytable.FindPositions(t); p.Region < 0 && p.RA < 0 && p.Pair < 0 {
		return nil, 0, fmt.Errorf("no positions to draw: the table needs an s_region column (footprints) or ra and dec columns (columns: %s)", fieldNames(t))
	}
	fps, skipped = skytable.Footprints(t, colours)
	return fps, skipped, nil
}

func fieldNames(t *votable.Table) string {
	names := make([]string, 0, len(t.Fields))
	for _, f := range t.Fields {
		names = append(names, f.Name)
	}
	if len(names) > 12 {
		names = append(names[:12], "...")
	}
	return strings.Join(names, ", ")
}
