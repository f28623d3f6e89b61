package spectrumplot

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"esodesk/fits"
	"esodesk/fits/lines"
	"esodesk/widgets/spectrumplot/render"
)

// Line markers: the lines of one list drawn at their observed wavelength
// for the redshift z. Sky and telluric lines are in the observer's frame
// and are never shifted. The rest wavelength is the air one when the first
// visible spectrum is in air, the vacuum one otherwise.

// speedOfLight in km/s (exact, SI definition).
const speedOfLight = 299792.458

type lineState struct {
	lists  []lines.List // builtin lists, then the ones loaded from CSV
	list   *lines.List  // shown (nil: none)
	z      float64
	labels bool // draw the names beside the markers
	// identify: the next left click on the plot asks which line it is.
	identify bool
}

// SetLines shows the markers of list (nil hides them).
func (p *Plot) SetLines(list *lines.List) {
	if list != nil {
		c := *list
		c.Lines = append([]lines.Line(nil), list.Lines...)
		list = &c
	}
	p.lines.list = list
	p.bar.linesChanged()
	p.layoutOverlay()
}

// Lines is the list whose markers are shown (nil when none).
func (p *Plot) Lines() *lines.List { return p.lines.list }

// SetRedshift moves the markers to rest×(1+z). NaN, infinite and z ≤ -1
// are ignored.
func (p *Plot) SetRedshift(z float64) {
	if math.IsNaN(z) || math.IsInf(z, 0) || z <= -1 {
		return
	}
	changed := z != p.lines.z
	p.lines.z = z
	p.bar.redshiftChanged()
	p.layoutOverlay()
	if changed && p.OnRedshiftChanged != nil {
		p.OnRedshiftChanged(z)
	}
}

// Redshift is the z the markers are drawn at.
func (p *Plot) Redshift() float64 { return p.lines.z }

// SetLineLabels shows or hides the markers' names.
func (p *Plot) SetLineLabels(on bool) {
	p.lines.labels = on
	p.bar.labelsChanged()
	p.layoutOverlay()
}

// IdentifyAt sets z so that line's marker sits at x (in the plot's x unit):
// "the feature at x is this line". Sky and telluric lines do not move with
// z, so identifying one changes nothing.
func (p *Plot) IdentifyAt(x float64, line lines.Line) {
	if restFrame(line) {
		return
	}
	xm, ok := p.toMetres(x)
	if !ok || xm <= 0 {
		return
	}
	p.SetRedshift(lines.Redshift(xm, p.restOf(line)))
}

// restFrame: the line is made on the way to us (sky emission, telluric
// absorption), not in the source.
func restFrame(l lines.Line) bool { return l.Kind == "sky" || l.Kind == "telluric" }

// airSpectrum reports whether the first visible spectrum's wavelengths are in air.
func (p *Plot) airSpectrum() bool {
	if p.shown != nil {
		// the render decides: air only when every drawn spectrum is (mixed
		// air and vacuum are drawn in vacuum)
		return p.shown.r.Frame.Air
	}
	if s := p.firstVisible(); s != nil {
		return s.Air
	}
	return false
}

// restOf is the line's rest wavelength in metres, in the spectrum's medium.
func (p *Plot) restOf(l lines.Line) float64 {
	if p.airSpectrum() && l.Air > 0 {
		return l.Air
	}
	return l.Vacuum
}

// markerX is where line's marker goes, in the x unit on show.
func (p *Plot) markerX(l lines.Line) (float64, bool) {
	m := p.restOf(l)
	if !restFrame(l) {
		m = lines.Observed(m, p.lines.z)
	}
	return p.fromMetres(m)
}

// axisUnit is the x unit on show (the Frame's once rendered).
func (p *Plot) axisUnit() string {
	if p.shown != nil && p.shown.r.Frame.XUnit != "" {
		return p.shown.r.Frame.XUnit
	}
	return p.xUnit
}

// toMetres and fromMetres convert between the plot's x unit and metres; ok
// is false when the axis is not a wavelength.
// On a km/s axis a line's marker is at its velocity relative to Rest.
func (p *Plot) toMetres(x float64) (float64, bool) {
	v, err := render.FromAxis([]float64{x}, p.axisUnit(), p.rest)
	if err != nil || math.IsNaN(v[0]) {
		return 0, false
	}
	return v[0], true
}

func (p *Plot) fromMetres(m float64) (float64, bool) {
	v, err := render.ToAxis([]float64{m}, p.axisUnit(), p.rest)
	if err != nil || math.IsNaN(v[0]) {
		return 0, false
	}
	return v[0], true
}

// firstVisible is the first spectrum not hidden (nil when none).
func (p *Plot) firstVisible() *fits.Spectrum {
	for i, s := range p.spectra {
		if !p.hidden[i] {
			return s
		}
	}
	return nil
}

// areaX is the plot-area position of data x, mapped like the crosshair.
func (p *Plot) areaX(x float64) float32 {
	return p.fromImage(p.shown.r.PixelX(x), 0).X
}

// dataXAt is the data x under area position ax.
func (p *Plot) dataXAt(ax float32) (float64, bool) {
	px, _, ok := p.toImage(fyne.NewPos(ax, 0))
	if !ok {
		return 0, false
	}
	return p.shown.r.DataX(px), true
}

// nearMarker is the line whose marker is within tol area units of ax.
func (p *Plot) nearMarker(ax, tol float32) (lines.Line, bool) {
	if p.lines.list == nil || p.shown == nil {
		return lines.Line{}, false
	}
	best, bd := lines.Line{}, float32(math.MaxFloat32)
	for _, l := range p.lines.list.Lines {
		x, ok := p.markerX(l)
		if !ok {
			continue
		}
		if d := float32(math.Abs(float64(p.areaX(x) - ax))); d < bd {
			best, bd = l, d
		}
	}
	return best, bd <= tol
}

// markerDragTol is how close (area units) a press must be to grab a marker.
const markerDragTol = 6

// identifyMenu asks which line the feature at area position pos is, and
// sets z from the answer.
func (p *Plot) identifyMenu(pos fyne.Position) {
	p.lines.identify = false
	p.bar.identify.Importance = widget.MediumImportance
	p.bar.identify.Refresh()
	m := p.identifyItems(pos)
	if m == nil {
		return
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(p.area)
	if c == nil {
		return
	}
	abs := fyne.CurrentApp().Driver().AbsolutePositionForObject(p.area).Add(pos)
	widget.ShowPopUpMenuAtPosition(m, c, abs)
}

// identifyItems is that menu: "This is <line>" for a marker near the
// click, then the lines nearest the click at the current z.
func (p *Plot) identifyItems(pos fyne.Position) *fyne.Menu {
	x, ok := p.dataXAt(pos.X)
	if !ok || p.lines.list == nil {
		return nil
	}
	var items []*fyne.MenuItem
	if l, near := p.nearMarker(pos.X, 3*markerDragTol); near && !restFrame(l) {
		l := l
		items = append(items, fyne.NewMenuItem("This is "+l.Name, func() { p.IdentifyAt(x, l) }), fyne.NewMenuItemSeparator())
	}
	for _, l := range p.candidates(x, 15) {
		l := l
		label := fmt.Sprintf("%s  (%s %s rest → z = %s)", l.Name, p.restLabel(l), render.UnitSymbol(p.axisUnit()), p.zFor(x, l))
		items = append(items, fyne.NewMenuItem(label, func() { p.IdentifyAt(x, l) }))
	}
	if len(items) == 0 {
		return nil
	}
	return fyne.NewMenu("This feature is…", items...)
}

func (p *Plot) restLabel(l lines.Line) string {
	v, ok := p.fromMetres(p.restOf(l))
	if !ok {
		return "?"
	}
	return render.FormatValue(v)
}

func (p *Plot) zFor(x float64, l lines.Line) string {
	xm, ok := p.toMetres(x)
	if !ok {
		return "?"
	}
	return strconv.FormatFloat(lines.Redshift(xm, p.restOf(l)), 'f', 5, 64)
}

// candidates are the n lines of the list (not sky or telluric) whose
// observed wavelength at the current z is nearest x, nearest first.
func (p *Plot) candidates(x float64, n int) []lines.Line {
	type c struct {
		l lines.Line
		d float64
	}
	var cs []c
	for _, l := range p.lines.list.Lines {
		if restFrame(l) {
			continue
		}
		if mx, ok := p.markerX(l); ok {
			cs = append(cs, c{l, math.Abs(mx - x)})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].d < cs[j].d })
	out := make([]lines.Line, 0, n)
	for i := 0; i < len(cs) && i < n; i++ {
		out = append(out, cs[i].l)
	}
	return out
}

// --- toolbar controls

const linesNone = "No lines"
const linesLoad = "Load list (CSV)…"

func (t *toolbar) linesOptions() []string {
	out := []string{linesNone}
	shown := t.p.lines.list
	for _, l := range t.p.lines.lists {
		out = append(out, l.Name)
		if shown != nil && l.Name == shown.Name {
			shown = nil
		}
	}
	if shown != nil { // set by the app, not from the menu
		out = append(out, shown.Name)
	}
	return append(out, linesLoad)
}

func (t *toolbar) pickLines(s string) {
	if t.syncing {
		return
	}
	p := t.p
	switch s {
	case linesNone:
		p.SetLines(nil)
	case linesLoad:
		t.linesChanged() // show the current list until one is loaded
		p.loadLinesDialog()
	default:
		for i := range p.lines.lists {
			if p.lines.lists[i].Name == s {
				p.SetLines(&p.lines.lists[i])
				return
			}
		}
	}
}

// linesChanged shows the current list in the menu.
func (t *toolbar) linesChanged() {
	t.syncing = true
	defer func() { t.syncing = false }()
	t.linesSel.SetOptions(t.linesOptions())
	if l := t.p.lines.list; l != nil {
		t.linesSel.SetSelected(l.Name)
		t.identify.Enable()
	} else {
		t.linesSel.SetSelected(linesNone)
		t.identify.Disable()
		t.p.lines.identify = false
		t.identify.Importance = widget.MediumImportance
	}
}

// redshiftChanged shows z in the entry (unless the user is typing it) and cz.
func (t *toolbar) redshiftChanged() {
	z := t.p.lines.z
	if v, err := parseZ(t.zEntry.Text); err != nil || v != z {
		t.syncing = true
		t.zEntry.SetText(strconv.FormatFloat(z, 'f', -1, 64))
		t.syncing = false
	}
	t.velocity.SetText(fmt.Sprintf("cz = %s km/s", strconv.FormatFloat(speedOfLight*z, 'f', 1, 64)))
}

func parseZ(s string) (float64, error) {
	return strconv.ParseFloat(strings.TrimSpace(s), 64)
}

// typedZ applies what is typed in the z entry once it is a number.
func (t *toolbar) typedZ(s string) {
	if t.syncing {
		return
	}
	if z, err := parseZ(s); err == nil {
		t.p.SetRedshift(z)
	}
}

// loadLinesDialog reads a user's line list (CSV, see lines.ReadCSV) off
// the UI goroutine and adds it to the menu.
func (p *Plot) loadLinesDialog() {
	if p.win == nil {
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		p.work.Add(1)
		go func() {
			defer p.work.Done()
			list, err := readLineList(r)
			p.run(func() {
				if err != nil {
					dialog.ShowError(fmt.Errorf("cannot read the line list %s: %w; expected CSV columns name, wavelength (see the built-in list)", r.URI().Name(), err), p.win)
					return
				}
				p.AddLineList(list)
			})
		}()
	}, p.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".txt"}))
	d.Show()
}

func readLineList(r fyne.URIReadCloser) (lines.List, error) {
	defer r.Close()
	list, err := lines.ReadCSV(io.Reader(r))
	if err == nil && list.Name == "" {
		list.Name = strings.TrimSuffix(r.URI().Name(), r.URI().Extension())
	}
	return list, err
}

// AddLineList adds list to the Lines menu and shows it.
func (p *Plot) AddLineList(list lines.List) {
	p.lines.lists = append(p.lines.lists, list)
	p.SetLines(&p.lines.lists[len(p.lists())-1])
}

func (p *Plot) lists() []lines.List { return p.lines.lists }
