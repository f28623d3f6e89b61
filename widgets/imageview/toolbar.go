package imageview

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/fits"
	"esodesk/preview/imgrender"
)

// The scale menu: labels and the imgrender names they stand for.
var (
	scaleLabels = []string{"zscale", "min/max", "99.5%", "99%", "95%"}
	scaleNames  = []string{"zscale", "minmax", "99.5", "99", "95"}
	stretches   = []string{"linear", "log", "sqrt", "asinh"}
)

// toolbar holds the view and display controls.
type toolbar struct {
	v                  *Viewer
	box                *fyne.Container
	controls           *fyne.Container
	fit, one, in, out  *widget.Button
	scale, stretch, cm *widget.Select
	invert, grid       *widget.Check
	boxChk, spaxelChk  *widget.Check
	export             *widget.Button
	syncing            bool // the controls are being set from the viewer
}

func newToolbar(v *Viewer) *toolbar {
	t := &toolbar{v: v}
	t.fit = widget.NewButtonWithIcon("Fit", theme.ViewFullScreenIcon(), v.Fit)
	t.one = widget.NewButton("1:1", v.OneToOne)
	t.in = widget.NewButtonWithIcon("", theme.ZoomInIcon(), v.ZoomIn)
	t.out = widget.NewButtonWithIcon("", theme.ZoomOutIcon(), v.ZoomOut)
	t.scale = widget.NewSelect(scaleLabels, func(string) {
		if i := t.scale.SelectedIndex(); i >= 0 {
			t.change(func(p *imgrender.Params) { p.Scale = scaleNames[i] })
		}
	})
	t.stretch = widget.NewSelect(stretches, func(s string) {
		t.change(func(p *imgrender.Params) { p.Stretch = s })
	})
	t.cm = widget.NewSelect(imgrender.Colormaps(), func(s string) {
		t.change(func(p *imgrender.Params) { p.Colormap = s })
	})
	t.invert = widget.NewCheck("Invert", func(on bool) {
		t.change(func(p *imgrender.Params) { p.Invert = on })
	})
	t.grid = widget.NewCheck("Grid", func(on bool) {
		if !t.syncing {
			v.SetGrid(on)
		}
	})
	// Box and Spaxel choose what a plain drag or click picks; one at a time.
	t.boxChk = widget.NewCheck("Box", func(on bool) {
		if on && !t.syncing {
			t.spaxelChk.SetChecked(false)
		}
	})
	t.spaxelChk = widget.NewCheck("Spaxel", func(on bool) {
		if on && !t.syncing {
			t.boxChk.SetChecked(false)
		}
	})
	t.export = widget.NewButtonWithIcon("Export PNG…", theme.DocumentSaveIcon(), v.showExportDialog)
	// two rows: in one the controls need ~1000 px, more than a viewer beside
	// a result table gets on a laptop
	t.controls = container.NewVBox(
		container.NewHBox(t.fit, t.one, t.in, t.out, widget.NewSeparator(), t.boxChk, t.spaxelChk, widget.NewSeparator(), t.export),
		container.NewHBox(t.scale, t.stretch, t.cm, t.invert, t.grid))
	t.box = container.NewStack(container.NewHScroll(t.controls))
	return t
}

// change applies edit to the viewer's params (unless the controls are
// being synced from them).
func (t *toolbar) change(edit func(*imgrender.Params)) {
	if t.syncing {
		return
	}
	p := t.v.Params()
	edit(&p)
	t.v.SetParams(p)
}

// sync shows the viewer's state in the controls.
func (t *toolbar) sync() {
	v := t.v
	t.syncing = true
	defer func() { t.syncing = false }()
	for i, n := range scaleNames {
		if n == v.params.Scale {
			t.scale.SetSelectedIndex(i)
		}
	}
	t.stretch.SetSelected(v.params.Stretch)
	t.cm.SetSelected(v.params.Colormap)
	t.invert.SetChecked(v.params.Invert)
	t.grid.SetChecked(v.grid)
	if show(v.coords != nil, t.grid) || show(v.OnRegion != nil, t.boxChk, t.spaxelChk) {
		t.controls.Refresh() // lay out what was shown or hidden
	}
	has := v.src != nil
	for _, w := range []fyne.Disableable{t.fit, t.one, t.in, t.out, t.export} {
		if has {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}

func (t *toolbar) boxMode() bool    { return t.boxChk.Visible() && t.boxChk.Checked }
func (t *toolbar) spaxelMode() bool { return t.spaxelChk.Visible() && t.spaxelChk.Checked }

// show shows or hides objs and says whether that changed anything.
func show(on bool, objs ...fyne.CanvasObject) (changed bool) {
	for _, o := range objs {
		if o.Visible() == on {
			continue
		}
		changed = true
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	return changed
}

// planeBar picks the plane of a cube: a slider, an entry and a label with
// the plane's spectral coordinate.
type planeBar struct {
	v       *Viewer
	box     *fyne.Container
	label   *widget.Label
	slider  *widget.Slider
	entry   *widget.Entry
	syncing bool
}

func newPlaneBar(v *Viewer) *planeBar {
	b := &planeBar{v: v, label: widget.NewLabel("")}
	b.slider = widget.NewSlider(1, 2)
	b.slider.Step = 1
	b.slider.OnChanged = func(f float64) {
		if !b.syncing {
			v.SetPlane(int(f) - 1)
		}
	}
	b.entry = widget.NewEntry()
	b.entry.SetPlaceHolder("plane")
	b.entry.OnSubmitted = func(s string) {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > v.planes {
			b.sync() // put back the plane shown
			return
		}
		v.SetPlane(n - 1)
	}
	entryBox := container.NewGridWrap(fyne.NewSize(90, b.entry.MinSize().Height), b.entry)
	b.box = container.NewBorder(nil, nil, entryBox, b.label, b.slider)
	return b
}

// sync shows the viewer's plane; the bar is hidden for 2-D images.
func (b *planeBar) sync() {
	v := b.v
	if v.planes <= 1 {
		if show(false, b.box) {
			v.content.Refresh()
		}
		return
	}
	b.syncing = true
	defer func() { b.syncing = false }()
	b.slider.Min, b.slider.Max = 1, float64(v.planes)
	b.slider.SetValue(float64(v.plane + 1))
	b.entry.SetText(strconv.Itoa(v.plane + 1))
	b.label.SetText(planeLabel(v.plane, v.planes, v.spectral))
	if show(true, b.box) {
		v.content.Refresh() // make room for the bar
	}
}

// PlaneLabel is the cube's plane label as shown ("plane 87 / 200 · 6563.75 Å").
func (v *Viewer) PlaneLabel() string {
	if !v.planeBar.box.Visible() {
		return ""
	}
	return v.planeBar.label.Text
}

func planeLabel(p, n int, spectral func(int) (float64, string, bool)) string {
	s := fmt.Sprintf("plane %d / %d", p+1, n)
	if spectral == nil {
		return s
	}
	if val, unit, ok := spectral(p); ok {
		s += " · " + minus(strconv.FormatFloat(val, 'g', 7, 64))
		if u := fits.PrettyUnit(unit); u != "" {
			s += " " + u
		}
	}
	return s
}
