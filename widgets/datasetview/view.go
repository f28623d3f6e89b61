// Package datasetview is the "Dataset view" of the Raw data tab: one
// dataset per science frame as CalSelector associated it (siblings,
// calibrations by category, the flags the service set and the
// ASSOCIATION_TREE cascade), and the download of the chosen datasets.
package datasetview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"esodesk/services/calselector"
	"esodesk/services/dataset"
)

// Options are the download choices of the bottom bar.
type Options struct {
	Trees     bool // also save each dataset's association tree (XML)
	NightLogs bool // also download the night logs of the science frames
}

// View is the dataset view widget. Build it with New; call its methods on
// the UI goroutine except SetTree, which may be called from any goroutine.
type View struct {
	widget.BaseWidget

	// OnNeedTree is called once per dataset, when it is first selected
	// without a tree but with a TreeURL: fetch it and call SetTree.
	OnNeedTree func(d *dataset.Dataset)
	// OnDownload is called by "Download datasets…" with the chosen options.
	OnDownload func(opts Options)
	// Summary describes what a download with opts would fetch (files,
	// size); the view shows it beside the button and asks again whenever
	// the datasets or the options change.
	Summary func(opts Options) string

	win      fyne.Window
	ds       []*dataset.Dataset
	sel      int                        // -1: none
	asked    map[*dataset.Dataset]bool  // OnNeedTree already called
	treeErrs map[*dataset.Dataset]error // failed tree fetches
	highlit  widget.ListItemID          // the list's keyboard cursor

	header *widget.Label
	list   *dsList
	detail *detail
	bar    *bar
	root   fyne.CanvasObject
}

// New builds an empty view. win is used for the clipboard.
func New(win fyne.Window) *View {
	v := &View{win: win, sel: -1,
		asked: map[*dataset.Dataset]bool{}, treeErrs: map[*dataset.Dataset]error{}}
	v.header = widget.NewLabel(headerText(nil))
	v.header.TextStyle = fyne.TextStyle{Bold: true}
	v.header.Wrapping = fyne.TextWrapWord
	v.list = newDSList(v)
	v.detail = newDetail()
	v.bar = newBar(v)
	left := container.NewBorder(v.header, nil, nil, nil, v.list)
	split := container.NewHSplit(left, v.detail.root)
	split.Offset = 0.36
	v.root = container.NewBorder(nil, v.bar.root, nil, nil, split)
	v.showSelected()
	v.bar.refresh()
	v.ExtendBaseWidget(v)
	return v
}

// CreateRenderer implements fyne.Widget.
func (v *View) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.root) }

// SetDatasets shows ds and selects the first.
func (v *View) SetDatasets(ds []*dataset.Dataset) {
	v.ds = ds
	v.sel = -1
	v.list.UnselectAll()
	v.list.Refresh()
	v.header.SetText(headerText(ds))
	v.bar.refresh()
	if len(ds) > 0 {
		v.Select(0)
	} else {
		v.showSelected()
	}
}

// Datasets returns what SetDatasets was given.
func (v *View) Datasets() []*dataset.Dataset { return v.ds }

// Select shows dataset i (out of range: no selection).
func (v *View) Select(i int) {
	if i < 0 || i >= len(v.ds) {
		v.list.UnselectAll()
		return
	}
	v.list.Select(i) // → selected
	v.list.ScrollTo(i)
}

// Selected is the dataset shown on the right, nil when none.
func (v *View) Selected() *dataset.Dataset {
	if v.sel < 0 || v.sel >= len(v.ds) {
		return nil
	}
	return v.ds[v.sel]
}

func (v *View) selected(i int) {
	v.sel = i
	v.showSelected()
	d := v.Selected()
	if d != nil && d.Tree == nil && d.TreeURL != "" && !v.asked[d] && v.OnNeedTree != nil {
		v.asked[d] = true
		v.OnNeedTree(d)
	}
}

func (v *View) showSelected() {
	d := v.Selected()
	v.detail.show(d, v.treeErrs[d])
	v.bar.copyIDs.Disable()
	if d != nil {
		v.bar.copyIDs.Enable()
	}
}

// SetTree gives d its association tree a (or the error fetching it) and
// attaches it to d (d.AttachTree). Call it on the UI goroutine: the owner
// fetches trees in the background and posts them through the app's bridge.
func (v *View) SetTree(d *dataset.Dataset, a *calselector.Association, err error) {
	if err != nil {
		v.treeErrs[d] = err
	} else {
		delete(v.treeErrs, d)
		d.AttachTree(a)
	}
	for i, x := range v.ds {
		if x == d {
			v.list.RefreshItem(i) // the tree may add flags
		}
	}
	v.header.SetText(headerText(v.ds))
	v.bar.refresh()
	if d == v.Selected() {
		v.showSelected()
	}
}

// options is what the bottom bar's checkboxes say.
func (v *View) options() Options {
	return Options{Trees: v.bar.trees.Checked, NightLogs: v.bar.nightLogs.Checked}
}
