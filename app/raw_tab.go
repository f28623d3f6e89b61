package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/config"
	"esodesk/services/coords"
	"esodesk/services/headers"
	"esodesk/services/sesame"
	"esodesk/services/tap"
	"esodesk/widgets/headerview"
	"esodesk/widgets/resulttable"
)

// Category choices of the form; "any" drops the condition.
const rawAnyCategory = "any"

var rawCategories = []string{"SCIENCE", "CALIB", "ACQUISITION", "TECHNICAL", rawAnyCategory}

// rawTab finds raw frames in dbo.raw and, for the selected science frames,
// the calibrations ESO's CalSelector associates (raw_datasets.go).
type rawTab struct {
	u       *UI
	content fyne.CanvasObject

	instrument  *widget.SelectEntry // the service's instruments, or any typed name (* wildcards)
	instruments []string            // the service's list, as offered
	progID      *widget.Entry
	nightFrom   *widget.Entry
	nightTo     *widget.Entry
	category    *widget.Select
	object      *widget.Entry
	position    *widget.Entry
	radius      *widget.Entry
	dpType      *widget.Entry
	dpTech      *widget.Entry
	maxrec      *widget.Entry
	searchBtn   *widget.Button
	cancelBtn   *widget.Button
	adql        *widget.Label
	status      *widget.Label
	results     *resulttable.ResultTable
	inner       *container.AppTabs
	framesTab   *container.TabItem
	pageBtn     *widget.Button
	headerBtn   *widget.Button

	datasets *rawDatasets
	details  *detailsPane // the selected frame's links (dbo.raw's datalink_url)

	// UI-goroutine state
	searchCancel context.CancelFunc
	lastADQL     string
}

func newRawTab(u *UI) *rawTab {
	t := &rawTab{u: u}
	p := u.app.Preferences()
	remember := func(e *widget.Entry, key, def, placeholder string) {
		e.SetPlaceHolder(placeholder)
		e.SetText(p.StringWithFallback(key, def))
		e.OnChanged = func(s string) { p.SetString(key, s); t.showADQL() }
		e.OnSubmitted = func(string) { t.search() }
	}
	t.instrument = widget.NewSelectEntry(nil)
	t.instrument.SetPlaceHolder("any")
	t.instrument.SetText(p.String("raw.instrument"))
	t.instrument.OnChanged = func(s string) { p.SetString("raw.instrument", s); t.showADQL() }
	t.instrument.OnSubmitted = func(string) { t.search() }
	t.progID, t.nightFrom, t.nightTo = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	remember(t.progID, "raw.prog_id", "", "e.g. 0102.D-0105(A)")
	remember(t.nightFrom, "raw.night_from", "", "YYYY-MM-DD")
	remember(t.nightTo, "raw.night_to", "", "YYYY-MM-DD")
	t.category = widget.NewSelect(rawCategories, func(s string) { p.SetString("raw.category", s); t.showADQL() })
	t.object, t.position, t.radius = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	remember(t.object, "raw.object", "", "OBJECT keyword, * = any")
	remember(t.position, "raw.position", "", "name or "+coords.Example)
	remember(t.radius, "raw.radius", "5", "arcmin")
	t.radius.Validator = positiveNumber("the radius")
	t.dpType, t.dpTech = widget.NewEntry(), widget.NewEntry()
	remember(t.dpType, "raw.dp_type", "", "e.g. OBJECT")
	remember(t.dpTech, "raw.dp_tech", "", "e.g. IMAGE")
	t.maxrec = widget.NewEntry()
	remember(t.maxrec, "raw.maxrec", "1000", "")
	t.maxrec.Validator = validateMaxRec

	t.searchBtn = widget.NewButton("Search", t.search)
	t.searchBtn.Importance = widget.HighImportance
	t.cancelBtn = widget.NewButton("Cancel", t.cancelSearch)
	t.cancelBtn.Disable()
	t.adql = widget.NewLabel("")
	t.adql.TextStyle = fyne.TextStyle{Monospace: true}
	t.adql.Truncation = fyne.TextTruncateEllipsis
	editBtn := widget.NewButton("Edit in TAP tab", t.editInTAP)
	t.status = widget.NewLabel("Fill in the form and press Search (Enter in any field). Science frames are what CalSelector associates calibrations with.")
	t.status.Wrapping = fyne.TextWrapWord

	t.results = resulttable.New(u.win)
	t.results.RunOnUI = u.do
	t.results.SetEmptyText("Search dbo.raw to list raw frames here")
	t.results.OnSelectionChanged = t.selectionChanged
	t.details = newDetailsPane(u, t.results.SelectRow, func(max int) []int {
		rows := make([]int, 0, max)
		for v := 0; v < t.results.VisibleRows() && v < max; v++ {
			rows = append(rows, t.results.ViewRow(v))
		}
		return rows
	})
	t.results.OnEditQuery = func(string) { t.editInTAP() }
	t.pageBtn = widget.NewButton("Dataset page", t.openDatasetPage)
	t.headerBtn = widget.NewButton("FITS header", t.showHeader)
	t.pageBtn.Disable()
	t.headerBtn.Disable()

	t.datasets = newRawDatasets(t)

	label := widget.NewLabel
	fixed := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	row1 := container.NewHBox(
		label("Instrument"), fixed(130, t.instrument),
		label("Programme"), fixed(150, t.progID),
		label("Nights"), fixed(120, t.nightFrom), label("–"), fixed(120, t.nightTo),
		label("Category"), fixed(130, t.category))
	row2 := container.NewBorder(nil, nil, container.NewHBox(
		label("Object"), fixed(130, t.object),
		label("Position"), fixed(200, t.position), label("Radius (′)"), fixed(60, t.radius),
		label("Type"), fixed(90, t.dpType), label("Technique"), fixed(90, t.dpTech),
		label("Max rows"), fixed(80, t.maxrec)),
		container.NewHBox(t.searchBtn, t.cancelBtn))
	row3 := container.NewBorder(nil, nil, label("ADQL"), editBtn, t.adql)
	top := container.NewVBox(row1, row2, row3, t.status)

	frameActions := container.NewBorder(nil, nil, container.NewHBox(t.pageBtn, t.headerBtn), t.datasets.associateBar)
	frames := container.NewHSplit(t.results, t.details.content)
	frames.Offset = 0.62
	t.framesTab = container.NewTabItem("Frames", container.NewBorder(nil, frameActions, nil, nil, frames))
	t.inner = container.NewAppTabs(t.framesTab, t.datasets.tab)
	t.content = container.NewBorder(top, nil, nil, nil, t.inner)

	// Remembered choices, set after every widget exists (OnChanged redraws the ADQL).
	t.category.SetSelected(p.StringWithFallback("raw.category", "SCIENCE"))
	t.showADQL()
	u.onSettingsChanged(func(config.Settings) { t.loadInstruments() })
	t.loadInstruments()
	return t
}

// readForm reads the form without resolving names: pos says whether a
// position was given (it may still be a name for Sesame).
func (t *rawTab) readForm() (rawForm, error) {
	f := rawForm{
		progID: t.progID.Text, nightFrom: t.nightFrom.Text, nightTo: t.nightTo.Text,
		object: t.object.Text, dpType: t.dpType.Text, dpTech: t.dpTech.Text,
	}
	if s := strings.TrimSpace(t.instrument.Text); s != "" && !strings.EqualFold(s, "any") {
		f.instrument = strings.ToUpper(s)
	}
	if s := t.category.Selected; s != rawAnyCategory {
		f.category = s
	}
	if err := validateMaxRec(t.maxrec.Text); err != nil {
		return f, err
	}
	f.maxrec, _ = strconv.Atoi(strings.TrimSpace(t.maxrec.Text))
	if strings.TrimSpace(t.position.Text) != "" {
		r, err := strconv.ParseFloat(strings.TrimSpace(t.radius.Text), 64)
		if err != nil || !(r > 0) {
			return f, errors.New("the cone radius must be a number of arcminutes above 0")
		}
		f.hasPos, f.radiusArcmin = true, r
	}
	return f, nil
}

// showADQL shows the query the form makes (a name in Position shows as
// the placeholder position until it is resolved at search time).
func (t *rawTab) showADQL() {
	if t.adql == nil || t.category == nil || t.maxrec == nil {
		return // still building the form
	}
	f, err := t.readForm()
	if err == nil {
		if f.hasPos {
			if ra, dec, perr := coords.Parse(t.position.Text); perr == nil {
				f.ra, f.dec = ra, dec
			}
		}
		var q string
		if q, err = buildRawADQL(f); err == nil {
			t.lastADQL = q
			t.adql.SetText(strings.Join(strings.Fields(q), " "))
			return
		}
	}
	t.adql.SetText("— " + err.Error())
}

// loadInstruments fills the instrument list from the service: ESO lists one
// ist.<instrument> table per instrument in TAP_SCHEMA (cheap); a service
// without them (the testbed) is asked for dbo.raw's distinct instruments.
// Those table names do not always equal dbo.raw's values (ist.apex holds
// several APEX instruments), so the list only suggests: any name can be
// typed, with * as a wildcard.
func (t *rawTab) loadInstruments() {
	svc := tap.New(t.u.settings.TapObs, t.u.http)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		names, err := listInstruments(ctx, svc)
		t.u.do(func() {
			if err != nil {
				t.status.SetText("Could not list the instruments (" + err.Error() + "); type conditions in the other fields, or check the TAP URL in Settings (Ctrl+,).")
				return
			}
			t.instruments = names
			t.instrument.SetOptions(names)
		})
	}()
}

func listInstruments(ctx context.Context, svc *tap.Service) ([]string, error) {
	column := func(adql string) ([]string, error) {
		res, err := svc.Sync(ctx, tap.Query{ADQL: adql}, nil)
		if err != nil {
			return nil, err
		}
		var out []string
		for i := 0; i < res.Table.NumRows(); i++ {
			if !res.Table.Columns[0].IsNull(i) {
				out = append(out, strings.ToUpper(strings.TrimSpace(res.Table.Columns[0].String(i))))
			}
		}
		return out, nil
	}
	names, err := column("SELECT table_name FROM TAP_SCHEMA.tables WHERE schema_name = 'ist'")
	if err == nil && len(names) > 0 {
		for i, n := range names {
			names[i] = strings.TrimPrefix(n, "IST.")
		}
	} else if names, err = column("SELECT DISTINCT instrument FROM dbo.raw"); err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

func (t *rawTab) search() {
	f, err := t.readForm()
	if err != nil {
		t.status.SetText("Cannot search: " + err.Error() + ".")
		return
	}
	if _, err := buildRawADQL(f); err != nil && !f.hasPos {
		t.status.SetText("Cannot search: " + err.Error() + ".")
		return
	}
	if t.searchCancel != nil {
		t.searchCancel() // a newer search replaces it
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.searchCancel = cancel
	t.searchBtn.Disable()
	t.cancelBtn.Enable()
	settings := t.u.settings
	position := strings.TrimSpace(t.position.Text)
	t.status.SetText("Searching dbo.raw …")
	go func() {
		started := time.Now()
		res, q, where, err := t.runSearch(ctx, settings.Sesame, settings.TapObs, f, position)
		t.u.do(func() {
			if ctx.Err() != nil {
				return // cancelled: cancelSearch has reset the form
			}
			cancel()
			t.searchCancel = nil
			t.searchBtn.Enable()
			t.cancelBtn.Disable()
			t.finishSearch(res, q, where, f, time.Since(started), err)
		})
	}()
}

func (t *rawTab) runSearch(ctx context.Context, sesameURL, tapURL string, f rawForm, position string) (*tap.Result, string, string, error) {
	where := ""
	if f.hasPos {
		var err error
		if f.ra, f.dec, where, err = t.u.resolveTarget(ctx, sesameURL, position); err != nil {
			return nil, "", "", err
		}
		where += " · "
	}
	q, err := buildRawADQL(f)
	if err != nil {
		return nil, "", "", err
	}
	res, err := tap.New(tapURL, t.u.http).Sync(ctx, tap.Query{ADQL: q, MaxRec: f.maxrec}, nil)
	return res, q, where, err
}

func (t *rawTab) finishSearch(res *tap.Result, q, where string, f rawForm, took time.Duration, err error) {
	if q != "" {
		t.lastADQL = q
		t.adql.SetText(strings.Join(strings.Fields(q), " "))
	}
	if err != nil {
		var nf *sesame.NotFoundError
		var ce *coords.Error
		if errors.As(err, &nf) || errors.As(err, &ce) {
			t.status.SetText("Cannot search: " + err.Error())
			return
		}
		t.status.SetText("Search failed: " + err.Error())
		t.results.ShowError(err.Error(), q)
		return
	}
	t.inner.Select(t.framesTab)
	t.results.SetTable(res.Table, resulttable.Info{
		Overflow: res.Status == tap.StatusOverflow, MaxRec: f.maxrec, Query: q, Service: "dbo.raw", Elapsed: took,
	})
	t.details.setResult(res.Document, res.Table, t.u.settings.TapObs)
	n := res.Table.NumRows()
	msg := fmt.Sprintf("%s%d frames in %s", where, n, formatElapsed(took))
	if n > 0 {
		msg += " · select science frames (Ctrl+A for all) and press Associate calibrations"
	}
	if warn := t.nonScienceWarning(nil); warn != "" {
		msg += "\n⚠ " + warn
	}
	t.status.SetText(msg)
}

func (t *rawTab) cancelSearch() {
	if t.searchCancel != nil {
		t.searchCancel()
		t.searchCancel = nil
		t.searchBtn.Enable()
		t.cancelBtn.Disable()
		t.status.SetText("Search cancelled.")
	}
}

// column returns the values of a result column for the given model rows
// (every row when rows is nil).
func (t *rawTab) column(name string, rows []int) []string {
	tbl := t.results.Table()
	if tbl == nil {
		return nil
	}
	i := tbl.FieldIndex(name)
	if i < 0 {
		return nil
	}
	if rows == nil {
		rows = make([]int, tbl.NumRows())
		for r := range rows {
			rows[r] = r
		}
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		if tbl.Columns[i].IsNull(r) {
			out = append(out, "")
		} else {
			out = append(out, strings.TrimSpace(tbl.Columns[i].String(r)))
		}
	}
	return out
}

// nonScienceWarning says when frames other than science frames are among
// rows: ESO advises associating calibrations for science frames only.
func (t *rawTab) nonScienceWarning(rows []int) string {
	cats := t.column("dp_cat", rows)
	count := map[string]int{}
	other := 0
	for _, c := range cats {
		if c != "SCIENCE" {
			count[c]++
			other++
		}
	}
	if other == 0 {
		return ""
	}
	var kinds []string
	for c, n := range count {
		if c == "" {
			c = "no category"
		}
		kinds = append(kinds, fmt.Sprintf("%d %s", n, c))
	}
	sort.Strings(kinds)
	return fmt.Sprintf("%d of %d frames are not science frames (%s): ESO advises asking CalSelector for science frames only; it finds their calibrations itself.",
		other, len(cats), strings.Join(kinds, ", "))
}

// selectedIDs are the dp_ids of the selected rows, in table order.
func (t *rawTab) selectedIDs() []string {
	var ids []string
	for _, id := range t.column("dp_id", t.results.SelectedRows()) {
		if id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}

func (t *rawTab) selectionChanged(rows []int) {
	n := len(rows)
	if n == 1 {
		t.pageBtn.Enable()
		t.headerBtn.Enable()
	} else {
		t.pageBtn.Disable()
		t.headerBtn.Disable()
	}
	t.datasets.selectionChanged(n)
	t.details.selectionChanged(rows)
}

func (t *rawTab) openDatasetPage() {
	ids := t.selectedIDs()
	if len(ids) != 1 {
		return
	}
	target, err := url.Parse(strings.TrimRight(t.u.settings.Dataset, "/") + "/" + url.PathEscape(ids[0]))
	if err == nil {
		err = t.u.app.OpenURL(target)
	}
	if err != nil {
		t.status.SetText("Could not open the dataset page: " + err.Error())
	}
}

func (t *rawTab) showHeader() {
	ids := t.selectedIDs()
	if len(ids) != 1 {
		return
	}
	id, base := ids[0], t.u.settings.Header
	t.status.SetText("Fetching the FITS header of " + id + " …")
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		hs, err := headers.Fetch(ctx, t.u.http, base, id)
		t.u.do(func() {
			if err != nil {
				t.status.SetText("Could not show the header: " + err.Error())
				return
			}
			t.status.SetText("FITS header of " + id + ".")
			headerview.ShowDialog(t.u.win, id, hs)
		})
	}()
}

// editInTAP opens the form's query in the TAP tab, on ESO's tap_obs.
func (t *rawTab) editInTAP() {
	if t.lastADQL == "" {
		t.status.SetText("Nothing to edit yet: fill in the form first.")
		return
	}
	t.u.tap.showQuery(svcESOObs, t.lastADQL)
	t.u.selectTab("TAP")
}

func (t *rawTab) close() {
	t.cancelSearch()
	t.details.close()
	t.datasets.close()
}
