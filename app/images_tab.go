package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/imagesctl"
	"esodesk/fits"
	"esodesk/services/config"
	"esodesk/services/coords"
	"esodesk/services/download"
	"esodesk/services/fetch"
	"esodesk/services/regtap"
	"esodesk/services/soda"
	"esodesk/services/ssap"
	"esodesk/widgets/imageview"
	"esodesk/widgets/resulttable"
	"esodesk/widgets/spectrumplot"
)

// Picker items that are actions, not services.
const (
	imgOtherSIA  = "Other SIA 2 service…"
	imgOtherSCS  = "Other cone search…"
	imgFindItem  = "Find SIA services in the registry…"
	imgFindSCS   = "Find cone searches in the registry…"
	imgPrefsBase = "images."
)

// imagesTab is the view of imagesctl.Controller: the search form, the
// result table with the details pane, and the viewer (with the spectrum of
// a cube's spaxels under it).
type imagesTab struct {
	u       *UI
	ctl     *imagesctl.Controller
	content fyne.CanvasObject

	servicePick *widget.Select
	services    []imagesctl.Service
	target      *keyEntry
	radius      *keyEntry
	radiusUnit  *widget.Select
	bandMin     *keyEntry
	bandMax     *keyEntry
	dateFrom    *keyEntry
	dateTo      *keyEntry
	collection  *keyEntry
	product     *widget.Select
	maxrec      *keyEntry
	searchBtn   *widget.Button
	cancelBtn   *widget.Button
	status      *widget.Label

	results *resulttable.ResultTable
	details *detailsPane

	viewer     *imageview.Viewer
	viewTitle  *widget.Label
	hduPick    *widget.Select
	cutoutBtn  *widget.Button
	openBtn    *widget.Button
	sendBtn    *widget.Button  // the image on show to other tools (SAMP)
	loading    *fyne.Container // the fetch's progress and Cancel, over the viewer
	loadLabel  *widget.Label
	loadBar    *widget.ProgressBar
	loadSpin   *widget.ProgressBarInfinite
	viewArea   *fyne.Container
	cubePlot   *spectrumplot.Plot
	cubeMean   *widget.Check
	cubeArea   *fyne.Container
	viewerArea *container.Split

	shownResult *imagesctl.Result
	region      *imagesctl.Region // the box last drawn on the image on show
	shownImage  *imagesctl.Image
}

func newImagesTab(u *UI) *imagesTab {
	p := u.app.Preferences()
	t := &imagesTab{u: u}
	t.ctl = imagesctl.New(imagesctl.Deps{
		HTTP:     u.http,
		Settings: u.Settings,
		Cache:    fetch.New(fetch.DefaultDir("images"), u.http),
		Enqueue:  func(jobs []download.Job, folder string) error { return u.downloads.enqueue(jobs, folder) },
	}, u.do)
	remember := func(e *widget.Entry, key, def string) {
		e.SetText(p.StringWithFallback(imgPrefsBase+key, def))
		e.OnChanged = func(s string) { p.SetString(imgPrefsBase+key, s) }
	}
	entry := func(key, def, placeholder string) *keyEntry {
		e := newKeyEntry(u.windowKey)
		e.SetPlaceHolder(placeholder)
		remember(&e.Entry, key, def)
		e.OnSubmitted = func(string) { t.search() }
		return e
	}
	t.servicePick = widget.NewSelect(nil, t.pickService)
	t.target = entry("target", "NGC 3603", "target name (NGC 3603) or coordinates ("+coords.Example+")")
	t.radius = entry("radius", "5", "")
	t.radius.Validator = positiveNumber("the radius")
	t.radiusUnit = widget.NewSelect([]string{ssap.Arcsec, ssap.Arcmin, ssap.Degree}, func(s string) { p.SetString(imgPrefsBase+"radius_unit", s) })
	t.radiusUnit.SetSelected(p.StringWithFallback(imgPrefsBase+"radius_unit", ssap.Arcmin))
	t.bandMin, t.bandMax = entry("band_min", "", "from"), entry("band_max", "", "to")
	t.bandMin.Validator, t.bandMax.Validator = optionalPositive("the wavelength"), optionalPositive("the wavelength")
	t.dateFrom, t.dateTo = entry("date_from", "", "YYYY-MM-DD"), entry("date_to", "", "YYYY-MM-DD")
	t.collection = entry("collection", "", "any")
	t.product = widget.NewSelect(imagesctl.ProductTypes, func(s string) { p.SetString(imgPrefsBase+"product", s) })
	t.product.SetSelected(p.StringWithFallback(imgPrefsBase+"product", imagesctl.AnyProduct))
	t.maxrec = entry("maxrec", "500", "")
	t.maxrec.Validator = validateMaxRec
	t.searchBtn = widget.NewButtonWithIcon("Search", theme.SearchIcon(), t.search)
	t.searchBtn.Importance = widget.HighImportance
	t.cancelBtn = widget.NewButton("Cancel", t.ctl.CancelSearch)
	t.status = widget.NewLabel("Search for images and cubes around a target; double-click a row to view it.")
	t.status.Wrapping = fyne.TextWrapWord

	t.results = resulttable.New(u.win, u.do)
	t.results.SetEmptyText("Search for a target to list its images and cubes here")
	t.results.OnSelectionChanged = func(rows []int) {
		t.u.sky.sourceSelected(t.results, rows)
		t.details.selectionChanged(rows)
		t.ctl.Select(rows)
	}
	t.results.OnRowActivated = t.ctl.OpenRow
	t.details = newDetailsPane(u, t.results.SelectRow, func(max int) []int {
		rows := make([]int, 0, max)
		for v := 0; v < t.results.VisibleRows() && v < max; v++ {
			rows = append(rows, t.results.ViewRow(v))
		}
		return rows
	})

	t.buildViewer()
	t.layout()
	t.refreshServices(p.String(imgPrefsBase + "service"))
	u.onSettingsChanged(func(config.Settings) { t.refreshServices(t.servicePick.Selected) })
	t.ctl.Subscribe(t.render)
	t.render(t.ctl.Snapshot())
	return t
}

func (t *imagesTab) buildViewer() {
	t.viewer = imageview.New(t.u.win, t.u.do)
	t.viewTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.viewTitle.Truncation = fyne.TextTruncateEllipsis
	t.hduPick = widget.NewSelect(nil, func(s string) {
		if n, err := strconv.Atoi(strings.TrimPrefix(strings.Fields(s + " ")[0], "#")); err == nil {
			if im := t.shownImage; im != nil && im.File != nil && im.File.HDU().Number != n {
				t.ctl.OpenHDU(n)
			}
		}
	})
	t.hduPick.Hide()
	t.cutoutBtn = widget.NewButtonWithIcon("Cutout…", theme.ContentCutIcon(), t.showCutoutForm)
	t.cutoutBtn.Disable()
	t.openBtn = widget.NewButtonWithIcon("Open FITS…", theme.FolderOpenIcon(), t.u.showOpenImage)
	t.sendBtn = widget.NewButtonWithIcon("Send to", theme.MailSendIcon(), func() {
		path := ""
		if im := t.shownImage; im != nil && im.Phase == imagesctl.ImageShown {
			path = im.Path
		}
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(t.sendBtn)
		widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", t.u.samp.imageItems(path)...), t.u.win.Canvas(), pos.AddXY(0, t.sendBtn.Size().Height))
	})

	t.loadLabel = widget.NewLabel("")
	t.loadLabel.Wrapping = fyne.TextWrapWord
	t.loadBar = widget.NewProgressBar()
	t.loadSpin = widget.NewProgressBarInfinite()
	cancel := widget.NewButton("Cancel", t.ctl.CancelLoad)
	t.loading = container.NewCenter(container.NewVBox(t.loadLabel, t.loadBar, t.loadSpin, cancel))
	t.loading.Hide()
	t.viewArea = container.NewStack(t.viewer, t.loading)

	t.cubePlot = spectrumplot.New(t.u.win, t.u.do)
	t.cubeMean = widget.NewCheck("Mean (not sum) over a box", nil)
	toSpectra := widget.NewButton("Open in the Spectra tab", func() {
		if ss := t.cubePlot.Spectra(); len(ss) > 0 {
			t.u.spectra.ctl.ShowSpectra(ss, "Spectrum from the cube "+ss[0].Source)
			t.u.selectTab("Spectra")
		}
	})
	hint := widget.NewLabel("Click a spaxel (Spaxel) or Shift+drag a box on the cube for its spectrum (and the cutout's circle).")
	t.cubeArea = container.NewBorder(container.NewHBox(hint, t.cubeMean, toSpectra), nil, nil, nil, t.cubePlot)
	t.viewerArea = container.NewVSplit(t.viewArea, t.cubeArea)
	t.viewerArea.Offset = 0.68
	t.cubeArea.Hide()
}

func (t *imagesTab) layout() {
	fixed := func(w float32, o fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(w, o.MinSize().Height), o)
	}
	row0 := container.NewBorder(nil, nil, widget.NewLabel("Service"), nil, t.servicePick)
	row1 := container.NewBorder(nil, nil, widget.NewLabel("Target"),
		container.NewHBox(widget.NewLabel("Radius"), fixed(70, t.radius), t.radiusUnit, t.searchBtn, t.cancelBtn), t.target)
	row2 := container.NewHBox(
		widget.NewLabel("Wavelength (nm)"), fixed(80, t.bandMin), widget.NewLabel("–"), fixed(80, t.bandMax),
		widget.NewLabel("Dates"), fixed(120, t.dateFrom), widget.NewLabel("–"), fixed(120, t.dateTo),
		widget.NewLabel("Collection"), fixed(110, t.collection),
		t.product, widget.NewLabel("Max rows"), fixed(70, t.maxrec))
	form := container.NewVBox(row0, row1, row2, t.status)

	left := container.NewVSplit(t.results, t.details.content)
	left.Offset = 0.62
	viewBar := container.NewBorder(nil, nil, nil, container.NewHBox(t.hduPick, t.cutoutBtn, t.openBtn, t.sendBtn), t.viewTitle)
	right := container.NewBorder(viewBar, nil, nil, nil, t.viewerArea)
	split := container.NewHSplit(left, right)
	split.Offset = 0.38
	t.content = container.NewBorder(form, nil, nil, nil, split)
}

// refreshServices fills the picker and selects want (or ESO).
func (t *imagesTab) refreshServices(want string) {
	t.services = imagesctl.Services(t.u.settings, prefStore{t.u.app.Preferences()})
	var names []string
	for _, s := range t.services {
		names = append(names, s.Name)
	}
	t.servicePick.Options = append(names, imgOtherSIA, imgOtherSCS, imgFindItem, imgFindSCS)
	found := false
	for _, s := range t.services {
		if s.Name == want {
			found = true
		}
	}
	if !found {
		want = t.services[0].Name
	}
	t.servicePick.SetSelected(want)
	t.servicePick.Refresh()
}

func (t *imagesTab) pickService(name string) {
	back := func() { t.servicePick.SetSelected(t.ctl.Service().Name) }
	switch name {
	case imgOtherSIA, imgOtherSCS:
		kind, label, example := imagesctl.KindSIA, "SIA 2 query URL", "e.g. https://example.org/__system__/siap2/sitewide/siap2.xml"
		if name == imgOtherSCS {
			kind, label, example = imagesctl.KindSCS, "Cone search URL", "e.g. https://example.org/cat/q/cone/scs.xml"
		}
		e := widget.NewEntry()
		e.SetPlaceHolder(example)
		t.u.askURL(strings.TrimSuffix(name, "…"), "Use", nil, widget.NewFormItem(label, e),
			func(url string) { t.addService(kind, url) }, back)
		return
	case imgFindItem:
		back()
		t.u.findService("Find SIA services", regtap.TypeSIA, func(url string) { t.addService(imagesctl.KindSIA, url) })
		return
	case imgFindSCS:
		back()
		t.u.findService("Find cone search services", regtap.TypeSCS, func(url string) { t.addService(imagesctl.KindSCS, url) })
		return
	}
	for _, s := range t.services {
		if s.Name == name {
			t.ctl.SetService(s)
			t.u.app.Preferences().SetString(imgPrefsBase+"service", name)
		}
	}
}

func (t *imagesTab) addService(kind, url string) {
	s, err := imagesctl.AddService(prefStore{t.u.app.Preferences()}, kind, url)
	if err != nil {
		dialog.ShowError(fmt.Errorf("%q is not a usable service URL: %v", url, err), t.u.win)
		t.servicePick.SetSelected(t.ctl.Service().Name)
		return
	}
	t.refreshServices(s.Name)
}

// search hands the form to the controller (Search button, Enter).
func (t *imagesTab) search() {
	t.ctl.Search(imagesctl.Form{
		Target: t.target.Text, Radius: t.radius.Text, RadiusUnit: t.radiusUnit.Selected,
		BandMin: t.bandMin.Text, BandMax: t.bandMax.Text, DateFrom: t.dateFrom.Text, DateTo: t.dateTo.Text,
		Collection: t.collection.Text, Product: t.product.Selected, MaxRec: t.maxrec.Text,
	})
}

func (t *imagesTab) render(s imagesctl.State) {
	t.status.SetText(s.Status)
	setEnabled(t.searchBtn, !s.Searching)
	setEnabled(t.cancelBtn, s.Searching)
	setEnabled(t.cutoutBtn, s.Cutout != nil && s.Cutout.Available)
	switch o := s.Cutout; {
	case o == nil:
		t.cutoutBtn.SetText("Cutout…")
	case o.Checking:
		t.cutoutBtn.SetText("Cutout… (checking)")
	default:
		t.cutoutBtn.SetText("Cutout…")
	}
	if s.Result != t.shownResult {
		t.shownResult = s.Result
		t.showResult(s.Result)
	}
	if s.Image != t.shownImage {
		t.shownImage = s.Image
		t.showImage(s.Image)
	}
}

func (t *imagesTab) showResult(r *imagesctl.Result) {
	if r.Err != "" {
		t.results.ShowError(r.Err, "")
		return
	}
	t.results.SetTable(r.Table, resulttable.Info{Overflow: r.Overflow, MaxRec: r.MaxRec, Service: r.Service.Name, Elapsed: r.Elapsed})
	for i, f := range r.Table.Fields {
		if lessUseful[strings.ToLower(f.Name)] {
			t.results.SetColumnVisible(i, false) // Columns… shows them again
		}
	}
	t.details.setResult(r.Document, r.Table, t.u.settings.TapObs)
}

// lessUseful are ObsCore columns hidden at first: identifiers and encodings
// that the details pane, the viewer or other columns already show.
var lessUseful = map[string]bool{
	"calib_level": true, "obs_publisher_did": true, "access_url": true, "access_format": true,
	"s_region": true, "s_resolution": true, "t_resolution": true, "em_res_power": true, "o_ucd": true,
	"pol_states": true, "s_xel1": true, "s_xel2": true, "t_xel": true, "em_xel": true, "pol_xel": true,
	"s_pixel_scale": true, "em_ucd": true, "preview": true, "source_table": true, "obs_creator_did": true,
}

func (t *imagesTab) showImage(im *imagesctl.Image) {
	t.loading.Hide()
	switch im.Phase {
	case imagesctl.ImageLoading:
		t.loadLabel.SetText(im.Message)
		if im.Progress < 0 {
			t.loadBar.Hide()
			t.loadSpin.Show()
		} else {
			t.loadSpin.Hide()
			t.loadBar.Show()
			t.loadBar.SetValue(im.Progress)
		}
		t.loading.Show()
		return
	case imagesctl.ImageFailed:
		t.viewer.SetImage(nil, nil, nil, "")
		t.viewTitle.SetText(im.Message)
		t.hduPick.Hide()
		return
	}
	var coordsOf imageview.Coords
	if im.WCS != nil {
		coordsOf = im.WCS
	}
	// a box drawn on any image sets the circle of the next cutout; on a
	// cube it also gives the spectrum of the box or spaxel
	t.viewer.OnRegion = t.regionPicked
	t.region = nil
	t.viewer.SetImage(im.File, coordsOf, im.Spectral, im.Title)
	title := im.Title
	if im.NoWCS != "" {
		title += " (" + im.NoWCS + ")"
	}
	t.viewTitle.SetText(title)
	t.showHDUs(im)
	if im.IsCube() {
		t.cubeArea.Show()
		t.viewerArea.Offset = 0.45 // the spectrum needs height to be read
	} else {
		t.cubeArea.Hide()
	}
	t.viewerArea.Refresh()
}

// showHDUs offers the file's other image HDUs.
func (t *imagesTab) showHDUs(im *imagesctl.Image) {
	if len(im.HDUs) < 2 {
		t.hduPick.Hide()
		return
	}
	var opts []string
	sel := ""
	for _, h := range im.HDUs {
		label := fmt.Sprintf("#%d %s %s", h.Number, h.Name, axesText(h.Axes))
		opts = append(opts, label)
		if h.Number == im.File.HDU().Number {
			sel = label
		}
	}
	t.hduPick.Options = opts
	t.hduPick.Selected = sel
	t.hduPick.Refresh()
	t.hduPick.Show()
}

func axesText(axes []int) string {
	parts := make([]string, len(axes))
	for i, a := range axes {
		parts[i] = strconv.Itoa(a)
	}
	return strings.Join(parts, "×")
}

// regionPicked keeps the box for the cutout form and, on a cube, plots its
// spectrum.
func (t *imagesTab) regionPicked(x0, y0, x1, y1 int) {
	r := imagesctl.Region{X0: x0, Y0: y0, X1: x1, Y1: y1}
	t.region = &r
	if t.shownImage.IsCube() {
		t.ctl.Spectrum(r, t.cubeMean.Checked, t.showCubeSpectrum)
	} else if t.shownImage.WCS != nil {
		t.status.SetText("Box " + r.String() + " picked: Cutout… starts from the circle around it.")
	}
}

func (t *imagesTab) showCubeSpectrum(s *fits.Spectrum, err error) {
	if err != nil {
		t.cubePlot.SetError(err.Error())
		return
	}
	t.cubePlot.SetSpectra([]*fits.Spectrum{s})
}

// showCutoutForm asks for the circle (and band) to cut from the selected
// row, started from the row's centre and field.
func (t *imagesTab) showCutoutForm() {
	o := t.ctl.Snapshot().Cutout
	if o == nil || !o.Available {
		return
	}
	num := func(v float64, prec int) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		return strconv.FormatFloat(v, 'f', prec, 64)
	}
	ra, dec := widget.NewEntry(), widget.NewEntry()
	ra.SetText(num(o.RA, 6))
	dec.SetText(num(o.Dec, 6))
	radius := widget.NewEntry()
	rad := 0.5
	if o.FOV > 0 {
		rad = math.Max(0.05, math.Round(o.FOV*60/4*100)/100)
	}
	// when the viewer shows this row: the circle around the box drawn on
	// it, else the view's centre
	if im := t.shownImage; im != nil && im.Row == o.Row && im.WCS != nil {
		if c, ok := imagesctl.CircleAround(im.WCS, t.region); ok {
			ra.SetText(num(c.RA, 6))
			dec.SetText(num(c.Dec, 6))
			rad = c.Radius * 60
		} else {
			v := t.viewer.View()
			if r, d, err := im.WCS.SkyAt(v.CX+1, v.CY+1); err == nil {
				ra.SetText(num(r, 6))
				dec.SetText(num(d, 6))
			}
		}
	}
	radius.SetText(num(rad, 3))
	lo, hi := widget.NewEntry(), widget.NewEntry()
	lo.SetPlaceHolder(num(o.EmMin*1e9, 1))
	hi.SetPlaceHolder(num(o.EmMax*1e9, 1))
	items := []*widget.FormItem{
		widget.NewFormItem("RA (deg)", ra), widget.NewFormItem("Dec (deg)", dec),
		widget.NewFormItem("Radius (arcmin)", radius),
	}
	if o.Takes("BAND") {
		items = append(items, widget.NewFormItem("Wavelength from (nm)", lo), widget.NewFormItem("to (nm)", hi))
	}
	check := func() (soda.Circle, *soda.Interval, error) {
		f := func(e *widget.Entry, what string) (float64, error) {
			v, err := strconv.ParseFloat(strings.TrimSpace(e.Text), 64)
			if err != nil {
				return 0, fmt.Errorf("%s %q is not a number", what, e.Text)
			}
			return v, nil
		}
		var c soda.Circle
		var err error
		if c.RA, err = f(ra, "RA"); err != nil {
			return c, nil, err
		}
		if c.Dec, err = f(dec, "Dec"); err != nil {
			return c, nil, err
		}
		r, err := f(radius, "the radius")
		if err != nil {
			return c, nil, err
		}
		c.Radius = r / 60
		if strings.TrimSpace(lo.Text) == "" && strings.TrimSpace(hi.Text) == "" {
			return c, nil, nil
		}
		band := &soda.Interval{Lo: math.Inf(-1), Hi: math.Inf(1)}
		if strings.TrimSpace(lo.Text) != "" {
			v, err := f(lo, "the wavelength")
			if err != nil {
				return c, nil, err
			}
			band.Lo = v * 1e-9
		}
		if strings.TrimSpace(hi.Text) != "" {
			v, err := f(hi, "the wavelength")
			if err != nil {
				return c, nil, err
			}
			band.Hi = v * 1e-9
		}
		return c, band, nil
	}
	submit := t.u.checkedDialog("Cutout of "+o.Title, "Queue cutout", widget.NewForm(items...), fyne.NewSize(460, 0),
		func() error {
			c, band, err := check()
			if err != nil {
				return err
			}
			return t.ctl.Cutout(c, band)
		}, nil)
	_ = submit
}

// openFile shows a local FITS image or cube (File › Open image, drag and
// drop, SAMP).
func (t *imagesTab) openFile(path string) {
	t.ctl.OpenFile(path, 0)
	t.u.selectTab("Images")
}

func (t *imagesTab) abort() {
	t.ctl.CancelSearch()
	t.ctl.CancelLoad()
}

func (t *imagesTab) close() {
	t.ctl.Close()
	t.details.close()
}
