package datasetview

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/dataset"
)

const (
	noSelectionText = "No dataset selected. Associate calibrations to raw science frames to see their datasets here."
	loadingText     = "Loading the calibration cascade…"
	noTreeText      = "CalSelector gave no association tree for this dataset."
)

// detail is the right side: the selected dataset's flags, siblings and
// calibration groups above its calibration cascade.
type detail struct {
	title    *widget.Label
	flags    *fyne.Container
	siblings *fyne.Container
	groups   *fyne.Container
	content  *fyne.Container // title, flags, siblings, groups
	scroll   *container.Scroll

	casc       *cascade
	tree       *widget.Tree
	treeStatus *widget.Label
	root       fyne.CanvasObject
}

func newDetail() *detail {
	d := &detail{casc: newCascade(nil)}
	d.title = widget.NewLabel("")
	d.title.TextStyle = fyne.TextStyle{Bold: true}
	d.title.Wrapping = fyne.TextWrapWord
	d.flags = container.NewVBox()
	d.siblings = container.NewVBox()
	d.groups = container.NewVBox()
	d.tree = widget.NewTree(
		func(id widget.TreeNodeID) []widget.TreeNodeID { return d.casc.children[id] },
		func(id widget.TreeNodeID) bool { _, ok := d.casc.children[id]; return ok },
		func(bool) fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.Importance = d.casc.look[id]
			l.SetText(d.casc.text[id])
		},
	)
	d.treeStatus = widget.NewLabel("")
	d.treeStatus.Wrapping = fyne.TextWrapWord
	d.content = container.NewVBox(d.title, d.flags, d.siblings, d.groups)
	d.scroll = container.NewVScroll(d.content)
	cascTitle := widget.NewLabel("Calibration cascade (ASSOCIATION_TREE)")
	cascTitle.TextStyle = fyne.TextStyle{Bold: true}
	bottom := container.NewBorder(cascTitle, nil, nil, nil, container.NewStack(d.tree, d.treeStatus))
	split := container.NewVSplit(d.scroll, bottom)
	split.Offset = 0.58
	d.root = split
	return d
}

// show fills the panel for ds (nil: nothing selected); treeErr is a failed
// tree fetch.
func (d *detail) show(ds *dataset.Dataset, treeErr error) {
	d.fill(ds, treeErr)
	// The parts changed height: lay the column out again, from the top.
	d.content.Refresh()
	d.scroll.Refresh()
	d.scroll.ScrollToTop()
}

func (d *detail) fill(ds *dataset.Dataset, treeErr error) {
	d.flags.RemoveAll()
	d.siblings.RemoveAll()
	d.groups.RemoveAll()
	if ds == nil {
		d.title.SetText(noSelectionText)
		d.setCascade(nil, "")
		return
	}
	d.title.SetText("Science frame " + ds.Science.DPID)
	s := stateOf(ds)
	for _, f := range flagLines(ds, s) {
		d.flags.Add(line(f.text, f.importance))
	}
	if len(ds.Siblings) > 0 {
		d.siblings.Add(heading(siblingsText(ds)))
		ids := make([]string, len(ds.Siblings))
		for i, f := range ds.Siblings {
			ids[i] = f.DPID
		}
		d.siblings.Add(line(strings.Join(ids, "   "), widget.MediumImportance))
	}
	gs := ds.Groups()
	if len(gs) == 0 {
		d.groups.Add(heading("No calibration files."))
	} else {
		d.groups.Add(heading("Calibrations: " + calibSummary(ds) + " in " + categories(len(gs))))
		for _, g := range gs {
			d.groups.Add(line("    "+groupText(g), widget.MediumImportance))
		}
	}
	switch {
	case ds.Tree != nil:
		d.setCascade(ds, "")
	case treeErr != nil:
		d.setCascade(nil, "Could not load the calibration cascade: "+treeErr.Error())
	case ds.TreeURL != "":
		d.setCascade(nil, loadingText)
	default:
		d.setCascade(nil, noTreeText)
	}
}

// setCascade shows ds's tree opened two levels deep, or status instead.
func (d *detail) setCascade(ds *dataset.Dataset, status string) {
	if ds == nil {
		d.casc = newCascade(nil)
	} else {
		d.casc = newCascade(ds.Tree)
	}
	d.tree.CloseAllBranches()
	for _, b := range d.casc.branches {
		d.tree.OpenBranch(b)
	}
	d.tree.Refresh()
	d.tree.ScrollToTop()
	d.treeStatus.SetText(status)
	if status == "" {
		d.treeStatus.Hide()
		d.tree.Show()
	} else {
		d.tree.Hide()
		d.treeStatus.Show()
	}
}

func line(text string, imp widget.Importance) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	l.Importance = imp
	return l
}

func heading(text string) *widget.Label {
	l := line(text, widget.MediumImportance)
	l.TextStyle = fyne.TextStyle{Bold: true}
	return l
}

func categories(n int) string {
	if n == 1 {
		return "1 category"
	}
	return strconv.Itoa(n) + " categories"
}
