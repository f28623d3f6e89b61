package standin

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"esodesk/services/votable"
)

// ArchiveFrame is one dbo.raw row, as much of it as CalSelector and the
// header page need. Tests without DaCHS pass them in Options.Frames.
type ArchiveFrame struct {
	DPID       string
	Instrument string
	Telescope  string
	Category   string // dp_cat: SCIENCE or CALIB
	Type       string // dp_type, e.g. OBJECT, BIAS, "FLAT,LAMP"
	Tech       string // dp_tech
	Night      string // YYYY-MM-DD
	OBID       int64  // 0: none (calibration plan frames)
	Object     string
	RA, Dec    float64 // NaN: none (dome calibrations)
	Exposure   float64 // s
	DateObs    string  // ISO 8601 UTC
	MJDObs     float64
	ProgID     string
	Filter     string
	Grating    string
	TplID      string
	InsMode    string
	OrigFile   string
	Airmass    float64 // NaN: none
}

// archiveColumns are the dbo.raw columns read, in ArchiveFrame's order.
const archiveColumns = "dp_id, instrument, telescope, dp_cat, dp_type, dp_tech, night, ob_id, object, ra, dec, exposure, date_obs, mjd_obs, prog_id, filter_path, grat_path, tpl_id, ins_mode, origfile, tel_airm_start"

// archive is the stand-in's view of dbo.raw: Options.Frames, or the
// testbed's TAP service read once on first use (a failed load is retried by
// the next request, so the stand-in may start before DaCHS).
type archive struct {
	tap      string
	frames   []ArchiveFrame
	products []ArchiveProduct

	mu  sync.Mutex
	idx *archiveIndex
}

// archiveIndex is dbo.raw indexed for the association rules.
type archiveIndex struct {
	byID map[string]*ArchiveFrame
	// calib[instrument][dp_type] lists that instrument's CALIB frames of
	// that type, sorted by night then dp_id.
	calib map[string]map[string][]*ArchiveFrame
	// science[instrument|night|ob_id] lists SCIENCE frames of one OB and
	// night, sorted by dp_id (the siblings).
	science map[string][]*ArchiveFrame
	// products are ivoa.obscore and phase3v2.product_files (DataLink, previews).
	products *productIndex
}

func newArchive(tap string, frames []ArchiveFrame, products []ArchiveProduct) *archive {
	return &archive{tap: strings.TrimRight(tap, "/"), frames: frames, products: products}
}

// index returns the loaded archive; an empty one when the stand-in has no
// archive source at all.
func (a *archive) index(ctx context.Context) (*archiveIndex, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.idx != nil {
		return a.idx, nil
	}
	frames, products := a.frames, a.products
	if frames == nil && a.tap != "" {
		var err error
		if frames, err = loadArchive(ctx, a.tap); err != nil {
			return nil, err
		}
		if products, err = loadProducts(ctx, a.tap); err != nil {
			return nil, err
		}
	}
	a.idx = buildIndex(frames)
	a.idx.products = buildProductIndex(products, frames)
	return a.idx, nil
}

func buildIndex(frames []ArchiveFrame) *archiveIndex {
	idx := &archiveIndex{byID: map[string]*ArchiveFrame{}, calib: map[string]map[string][]*ArchiveFrame{}, science: map[string][]*ArchiveFrame{}}
	for i := range frames {
		f := &frames[i]
		idx.byID[f.DPID] = f
		switch f.Category {
		case "CALIB":
			m := idx.calib[f.Instrument]
			if m == nil {
				m = map[string][]*ArchiveFrame{}
				idx.calib[f.Instrument] = m
			}
			m[f.Type] = append(m[f.Type], f)
		case "SCIENCE":
			if f.OBID != 0 {
				k := obKey(f)
				idx.science[k] = append(idx.science[k], f)
			}
		}
	}
	for _, m := range idx.calib {
		for _, l := range m {
			sort.Slice(l, func(i, j int) bool {
				if l[i].Night != l[j].Night {
					return l[i].Night < l[j].Night
				}
				return l[i].DPID < l[j].DPID
			})
		}
	}
	for _, l := range idx.science {
		sort.Slice(l, func(i, j int) bool { return l[i].DPID < l[j].DPID })
	}
	return idx
}

func obKey(f *ArchiveFrame) string {
	return f.Instrument + "|" + f.Night + "|" + strconv.FormatInt(f.OBID, 10)
}

// loadArchive reads dbo.raw with one synchronous TAP query.
func loadArchive(ctx context.Context, tap string) ([]ArchiveFrame, error) {
	q := url.Values{
		"REQUEST": {"doQuery"}, "LANG": {"ADQL"}, "FORMAT": {"votable"}, "MAXREC": {"1000000"},
		"QUERY": {"SELECT " + archiveColumns + " FROM dbo.raw"},
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, tap+"/sync?"+q.Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("archive TAP URL %q: %v", tap, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("reading dbo.raw from the testbed TAP service %s: %v (is the DaCHS testbed running? make testbed)", tap, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("reading dbo.raw from %s: HTTP %s", tap, resp.Status)
	}
	doc, err := votable.Parse(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("reading dbo.raw from %s: %v", tap, err)
	}
	if st := doc.Status(); st.Value == "ERROR" {
		return nil, fmt.Errorf("reading dbo.raw from %s: the service says: %s", tap, st.Message)
	}
	t := doc.ResultsTable()
	if t == nil {
		return nil, fmt.Errorf("reading dbo.raw from %s: the answer holds no table", tap)
	}
	str := func(name string) func(int) string {
		i := t.FieldIndex(name)
		return func(row int) string {
			if i < 0 || t.Columns[i].IsNull(row) {
				return ""
			}
			return strings.TrimSpace(t.Columns[i].String(row))
		}
	}
	num := func(name string) func(int) float64 {
		s := str(name)
		return func(row int) float64 {
			v, err := strconv.ParseFloat(s(row), 64)
			if err != nil {
				return math.NaN()
			}
			return v
		}
	}
	if t.FieldIndex("dp_id") < 0 {
		return nil, fmt.Errorf("reading dbo.raw from %s: no dp_id column", tap)
	}
	dpid, inst, tel, cat, typ, tech, night := str("dp_id"), str("instrument"), str("telescope"), str("dp_cat"), str("dp_type"), str("dp_tech"), str("night")
	obid, object, ra, dec, exp, dobs, mjd := str("ob_id"), str("object"), num("ra"), num("dec"), num("exposure"), str("date_obs"), num("mjd_obs")
	prog, filt, grat, tpl, mode, orig, airm := str("prog_id"), str("filter_path"), str("grat_path"), str("tpl_id"), str("ins_mode"), str("origfile"), num("tel_airm_start")
	frames := make([]ArchiveFrame, 0, t.NumRows())
	for row := 0; row < t.NumRows(); row++ {
		ob, _ := strconv.ParseInt(obid(row), 10, 64)
		if ob < 0 { // a null that the VALUES element did not declare
			ob = 0
		}
		n := night(row)
		if len(n) > 10 {
			n = n[:10]
		}
		frames = append(frames, ArchiveFrame{
			DPID: dpid(row), Instrument: inst(row), Telescope: tel(row), Category: cat(row), Type: typ(row),
			Tech: tech(row), Night: n, OBID: ob, Object: object(row), RA: ra(row), Dec: dec(row),
			Exposure: exp(row), DateObs: dobs(row), MJDObs: mjd(row), ProgID: prog(row), Filter: filt(row),
			Grating: grat(row), TplID: tpl(row), InsMode: mode(row), OrigFile: orig(row), Airmass: airm(row),
		})
	}
	return frames, nil
}

// ArchiveProduct is one reduced product (an ivoa.obscore row with its
// phase3v2.product_files rows), as much as DataLink needs.
type ArchiveProduct struct {
	DPID       string
	Instrument string // instrument_name
	Target     string // target_name
	Files      []ProductFile
	// ObsCore geometry: image and cube products get a real FITS file with
	// a WCS from it (imagedata.go); "" or NaN elsewhere.
	Type         string  // dataproduct_type: image, cube, spectrum
	RA, Dec, FoV float64 // s_ra, s_dec, s_fov (deg)
	EmMin, EmMax float64 // em_min, em_max (m)
}

// ProductFile is one phase3v2.product_files row.
type ProductFile struct {
	ArchiveID string
	Category  string // eso_category: SCIENCE.* or ANCILLARY.*
	Extension string // FITS, PNG, LOG, TAR
	OrigFile  string // original_filename
}

// productIndex indexes products, their files (by archive_id) and the
// products made from each raw frame.
type productIndex struct {
	byID   map[string]*ArchiveProduct
	file   map[string]*ProductFile    // archive_id → file
	fileOf map[string]*ArchiveProduct // archive_id → product
	// progenitors[product dp_id] are the raw frames the testbed made it from;
	// derived[raw dp_id] the products made from that frame.
	progenitors map[string][]*ArchiveFrame
	derived     map[string][]*ArchiveProduct
}

// buildProductIndex joins products to raw frames the way gen_data.py made
// them: the SCIENCE OBJECT frames of one instrument and target.
func buildProductIndex(products []ArchiveProduct, frames []ArchiveFrame) *productIndex {
	pi := &productIndex{byID: map[string]*ArchiveProduct{}, file: map[string]*ProductFile{}, fileOf: map[string]*ArchiveProduct{},
		progenitors: map[string][]*ArchiveFrame{}, derived: map[string][]*ArchiveProduct{}}
	byKey := map[string][]*ArchiveFrame{}
	for i := range frames {
		f := &frames[i]
		if f.Category == "SCIENCE" && f.Type == "OBJECT" {
			k := f.Instrument + "|" + strings.ToUpper(f.Object)
			byKey[k] = append(byKey[k], f)
		}
	}
	for i := range products {
		p := &products[i]
		pi.byID[p.DPID] = p
		for j := range p.Files {
			pi.file[p.Files[j].ArchiveID] = &p.Files[j]
			pi.fileOf[p.Files[j].ArchiveID] = p
		}
		l := byKey[p.Instrument+"|"+strings.ToUpper(p.Target)]
		sort.Slice(l, func(i, j int) bool { return l[i].DPID < l[j].DPID })
		pi.progenitors[p.DPID] = l
		for _, f := range l {
			pi.derived[f.DPID] = append(pi.derived[f.DPID], p)
		}
	}
	return pi
}

// tapQuery runs one synchronous ADQL query on the testbed and returns its
// table with a string getter per column.
func tapQuery(ctx context.Context, tap, what, query string) (*votable.Table, func(string) func(int) string, error) {
	q := url.Values{"REQUEST": {"doQuery"}, "LANG": {"ADQL"}, "FORMAT": {"votable"}, "MAXREC": {"1000000"}, "QUERY": {query}}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, tap+"/sync?"+q.Encode(), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("archive TAP URL %q: %v", tap, err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s from the testbed TAP service %s: %v (is the DaCHS testbed running? make testbed)", what, tap, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("reading %s from %s: HTTP %s", what, tap, resp.Status)
	}
	doc, err := votable.Parse(resp.Body)
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s from %s: %v", what, tap, err)
	}
	if st := doc.Status(); st.Value == "ERROR" {
		return nil, nil, fmt.Errorf("reading %s from %s: the service says: %s", what, tap, st.Message)
	}
	t := doc.ResultsTable()
	if t == nil {
		return nil, nil, fmt.Errorf("reading %s from %s: the answer holds no table", what, tap)
	}
	str := func(name string) func(int) string {
		i := t.FieldIndex(name)
		return func(row int) string {
			if i < 0 || t.Columns[i].IsNull(row) {
				return ""
			}
			return strings.TrimSpace(t.Columns[i].String(row))
		}
	}
	return t, str, nil
}

// loadProducts reads the testbed's products: ivoa.obscore rows that have
// phase3v2.product_files rows (the SSAP spectra have none), with their files.
func loadProducts(ctx context.Context, tap string) ([]ArchiveProduct, error) {
	ft, fstr, err := tapQuery(ctx, tap, "phase3v2.product_files", "SELECT product_id, archive_id, eso_category, extension, original_filename FROM phase3v2.product_files")
	if err != nil {
		return nil, err
	}
	files := map[string][]ProductFile{}
	pid, aid, cat, ext, orig := fstr("product_id"), fstr("archive_id"), fstr("eso_category"), fstr("extension"), fstr("original_filename")
	for row := 0; row < ft.NumRows(); row++ {
		files[pid(row)] = append(files[pid(row)], ProductFile{ArchiveID: aid(row), Category: cat(row), Extension: ext(row), OrigFile: orig(row)})
	}
	ot, ostr, err := tapQuery(ctx, tap, "ivoa.obscore", "SELECT dp_id, instrument_name, target_name, dataproduct_type, s_ra, s_dec, s_fov, em_min, em_max FROM ivoa.obscore")
	if err != nil {
		return nil, err
	}
	dpid, inst, target, typ := ostr("dp_id"), ostr("instrument_name"), ostr("target_name"), ostr("dataproduct_type")
	num := func(name string) func(int) float64 {
		s := ostr(name)
		return func(row int) float64 {
			v, err := strconv.ParseFloat(s(row), 64)
			if err != nil {
				return math.NaN()
			}
			return v
		}
	}
	ra, dec, fov, emMin, emMax := num("s_ra"), num("s_dec"), num("s_fov"), num("em_min"), num("em_max")
	var out []ArchiveProduct
	for row := 0; row < ot.NumRows(); row++ {
		fs, ok := files[dpid(row)]
		if !ok {
			continue
		}
		// the science file first, then the ancillaries in archive id order
		sort.Slice(fs, func(i, j int) bool {
			si, sj := strings.HasPrefix(fs[i].Category, "SCIENCE"), strings.HasPrefix(fs[j].Category, "SCIENCE")
			if si != sj {
				return si
			}
			return fs[i].ArchiveID < fs[j].ArchiveID
		})
		out = append(out, ArchiveProduct{DPID: dpid(row), Instrument: inst(row), Target: target(row), Files: fs,
			Type: typ(row), RA: ra(row), Dec: dec(row), FoV: fov(row), EmMin: emMin(row), EmMax: emMax(row)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].DPID < out[j].DPID })
	return out, nil
}
