package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/registryctl"
	"esodesk/services/regtap"
)

// wavebandAny is the waveband choice that filters nothing; the others are
// the IVOA vocabulary RegTAP's waveband column uses.
const wavebandAny = "Any waveband"

var wavebands = []string{wavebandAny, "Radio", "Millimeter", "Infrared", "Optical", "UV", "EUV", "X-ray", "Gamma-ray"}

// registryDialog is "Find services…": a search of the VO registry for
// services of one type, fixed by the caller, and a pick among them.
type registryDialog struct {
	ctl      *registryctl.Controller
	typ      string
	keywords *widget.Entry
	waveband *widget.Select
	search   *widget.Button
	stop     *widget.Button
	progress *widget.ProgressBarInfinite
	status   *widget.Label
	list     *widget.List
	detail   *widget.Label
	use      *widget.Button

	services []regtap.Service // on show
	picked   int              // the selected row, -1 for none
	seq      int
}

// findService opens the dialog for services of type typ (regtap.TypeTAP, …)
// in the registry of the settings; use runs with the access URL picked.
func (u *UI) findService(title, typ string, use func(url string)) {
	r := &registryDialog{
		ctl:    registryctl.New(func() string { return u.settings.Registry }, u.http, u.do),
		typ:    typ,
		picked: -1,
	}
	r.keywords = widget.NewEntry()
	r.keywords.SetPlaceHolder("words in the title, description or subjects (empty: all)")
	r.keywords.OnSubmitted = func(string) { r.runSearch() }
	r.waveband = widget.NewSelect(wavebands, nil)
	r.waveband.SetSelected(wavebandAny)
	r.search = widget.NewButtonWithIcon("Search", theme.SearchIcon(), r.runSearch)
	r.search.Importance = widget.HighImportance
	r.stop = widget.NewButton("Cancel search", r.ctl.Cancel)
	r.progress = widget.NewProgressBarInfinite()
	r.status = widget.NewLabel("Type words and press Enter, or just Search for every " + strings.ToUpper(typ) + " service.")
	r.status.Wrapping = fyne.TextWrapWord
	r.detail = widget.NewLabel("")
	r.detail.Wrapping = fyne.TextWrapWord
	r.list = widget.NewList(func() int { return len(r.services) }, newServiceRow, r.showRow)
	r.list.OnSelected = r.selectRow
	r.list.OnUnselected = func(widget.ListItemID) { r.selectRow(-1) }

	var d dialog.Dialog
	done := func() { d.Hide(); r.ctl.Close() }
	r.use = widget.NewButtonWithIcon("Use this service", theme.ConfirmIcon(), func() {
		url := registryctl.AccessURL(r.services[r.picked], r.typ)
		done()
		use(url)
	})
	r.use.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), done)

	searchRow := container.NewBorder(nil, nil, widget.NewLabel("Keywords"),
		container.NewHBox(container.NewGridWrap(fyne.NewSize(170, r.waveband.MinSize().Height), r.waveband), r.search, r.stop), r.keywords)
	split := container.NewHSplit(r.list, container.NewVScroll(r.detail))
	split.Offset = 0.6
	bottom := container.NewVBox(r.progress, r.status, container.NewCenter(container.NewHBox(cancel, r.use)))
	d = dialog.NewCustomWithoutButtons(title, container.NewBorder(searchRow, bottom, nil, nil, split), u.win)
	unsubscribe := r.ctl.Subscribe(r.render)
	d.SetOnClosed(unsubscribe)
	r.render(r.ctl.Snapshot())
	d.Resize(fyne.NewSize(980, 640))
	d.Show()
	u.win.Canvas().Focus(r.keywords)
}

func (r *registryDialog) runSearch() {
	s := regtap.Search{Keywords: registryctl.Keywords(r.keywords.Text), Type: r.typ}
	if wb := r.waveband.Selected; wb != wavebandAny {
		s.Waveband = wb
	}
	r.ctl.Search(s)
}

func (r *registryDialog) render(s registryctl.State) {
	setEnabled(r.search, !s.Searching)
	setEnabled(r.stop, s.Searching)
	if s.Searching {
		r.progress.Show()
		r.progress.Start()
	} else {
		r.progress.Stop()
		r.progress.Hide()
	}
	r.status.SetText(s.Status)
	r.status.Importance = widget.MediumImportance
	if s.Failed {
		r.status.Importance = widget.DangerImportance
	}
	r.status.Refresh()
	if s.Seq != r.seq {
		r.seq = s.Seq
		r.services = s.Services
		r.list.UnselectAll()
		r.selectRow(-1)
		r.list.Refresh()
	}
}

// newServiceRow is a list row: title, then publisher and access URL, then
// the description's start.
func newServiceRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	where, desc := widget.NewLabel(""), widget.NewLabel("")
	for _, l := range []*widget.Label{title, where, desc} {
		l.Truncation = fyne.TextTruncateEllipsis
	}
	return container.NewVBox(title, where, desc)
}

func (r *registryDialog) showRow(i widget.ListItemID, o fyne.CanvasObject) {
	s := r.services[i]
	labels := o.(*fyne.Container).Objects
	labels[0].(*widget.Label).SetText(s.Title)
	labels[1].(*widget.Label).SetText(strings.Join(nonEmpty(s.Publisher, registryctl.AccessURL(s, r.typ)), " · "))
	labels[2].(*widget.Label).SetText(strings.Join(strings.Fields(s.Description), " "))
}

func (r *registryDialog) selectRow(i widget.ListItemID) {
	r.picked = i
	if i < 0 || i >= len(r.services) {
		r.picked = -1
		r.detail.SetText("")
		r.use.Disable()
		return
	}
	s := r.services[i]
	r.detail.SetText(strings.Join(nonEmpty(s.Title, s.Description,
		"Publisher: "+s.Publisher, "Access URL: "+registryctl.AccessURL(s, r.typ),
		"Wavebands: "+strings.Join(s.Wavebands, ", "), "Identifier: "+s.IVOID), "\n\n"))
	setEnabled(r.use, registryctl.AccessURL(s, r.typ) != "")
}

// nonEmpty drops the empty parts and those that are only a heading.
func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" && !strings.HasSuffix(p, ":") {
			out = append(out, p)
		}
	}
	return out
}
