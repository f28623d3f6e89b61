package schemabrowser

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

const (
	// filterDelay debounces typing in the filter entry.
	filterDelay = 150 * time.Millisecond
	// doubleTapWindow is the longest gap between the two taps of a double click.
	doubleTapWindow = 400 * time.Millisecond
)

// Browser is the TAP schema browser widget. All its methods must be called
// on the Fyne UI goroutine (other goroutines go through the app's bridge).
type Browser struct {
	widget.BaseWidget

	// OnInsert is called with the text to insert into the query: a column
	// name, or the fully qualified name of a table.
	OnInsert func(text string)
	// OnTableSelected is called when the user selects a table node.
	OnTableSelected func(schema, table string)
	// OnRetry is called by the Retry button of the error state.
	OnRetry func()

	cat  *catalog
	view *view

	// filterGen identifies the latest filter request; results of older
	// requests are dropped. Only touched on the UI goroutine.
	filterGen   uint64
	filterTimer *time.Timer
	settingText bool // SetFilter is updating the entry: ignore OnChanged

	childCache map[string][]string // per view; see treeChildren
	applying   bool                // the browser, not the user, opens branches
	userOpen   map[string]bool     // branches the user opened while unfiltered

	selected  nodeRef
	lastTap   string
	lastTapAt time.Time

	// run hands background results to the UI goroutine: the app's bridge
	// (never Fyne's Do directly), a test's runner in tests.
	run func(func())

	// test hooks
	now           func() time.Time
	filterApplied func()
	stats         struct{ childLists, rowUpdates int }

	tree      *schemaTree
	filter    *widget.Entry
	count     *widget.Label
	details   *widget.Label
	insertBtn *widget.Button

	mainView     fyne.CanvasObject
	loadingView  fyne.CanvasObject
	loadingLabel *widget.Label
	activity     *widget.Activity
	errorView    fyne.CanvasObject
	errorLabel   *widget.Label
	retryBtn     *widget.Button
	emptyLabel   *widget.Label
	root         *fyne.Container
}

// New returns an empty browser; call SetLoading, SetSchemas or SetError.
func New(run func(func())) *Browser {
	b := &Browser{
		cat:        newCatalog(nil),
		childCache: map[string][]string{},
		userOpen:   map[string]bool{},
		now:        time.Now,
		run:        run,
	}
	b.view = computeView(b.cat, "")
	b.build()
	b.ExtendBaseWidget(b)
	b.showOnly(b.mainView)
	b.updateCount()
	return b
}

func (b *Browser) build() {
	b.tree = newSchemaTree()
	b.tree.ChildUIDs = b.treeChildren
	b.tree.IsBranch = func(id string) bool {
		k := parseNodeID(id).kind
		return id == "" || k == kindSchema || k == kindTable
	}
	b.tree.CreateNode = func(bool) fyne.CanvasObject { return newNodeRow(b) }
	b.tree.UpdateNode = b.updateNode
	b.tree.OnSelected = b.nodeSelected
	b.tree.OnUnselected = func(string) { b.setSelected(nodeRef{}) }
	b.tree.OnBranchOpened = func(id string) { b.trackUserOpen(id, true) }
	b.tree.OnBranchClosed = func(id string) { b.trackUserOpen(id, false) }
	b.tree.onEnter = b.activateSelected

	b.filter = widget.NewEntry()
	b.filter.SetPlaceHolder("Filter schemas, tables, columns…")
	b.filter.ActionItem = widget.NewIcon(theme.SearchIcon())
	b.filter.OnChanged = b.filterTyped
	b.count = widget.NewLabel("")
	b.count.Importance = widget.LowImportance

	b.details = widget.NewLabel("Select a table or column to see its details.")
	b.details.Wrapping = fyne.TextWrapWord
	b.details.Selectable = true
	b.insertBtn = widget.NewButtonWithIcon("Insert into query", theme.ContentAddIcon(), b.activateSelected)
	b.insertBtn.Disable()

	b.emptyLabel = widget.NewLabel("")
	b.emptyLabel.Alignment = fyne.TextAlignCenter
	b.emptyLabel.Hide()

	top := container.NewVBox(b.filter, b.count) // the count below: a narrow pane leaves the filter room to type
	bottom := container.NewBorder(nil, container.NewHBox(b.insertBtn), nil, nil,
		container.NewVScroll(b.details))
	split := container.NewVSplit(container.NewStack(b.tree, container.NewCenter(b.emptyLabel)), bottom)
	split.Offset = 0.65
	b.mainView = container.NewBorder(top, nil, nil, nil, split)

	b.activity = widget.NewActivity()
	b.loadingLabel = widget.NewLabel("")
	b.loadingLabel.Wrapping = fyne.TextWrapWord
	b.loadingLabel.Alignment = fyne.TextAlignCenter
	// Not in a Center: a wrapping label there is laid out at its own minimum
	// width, wraps a long URL one letter a line and makes the window
	// hundreds of pixels taller. A VBox gives it the pane's width.
	b.loadingView = container.NewVBox(layout.NewSpacer(), container.NewCenter(b.activity), b.loadingLabel, layout.NewSpacer())

	b.errorLabel = widget.NewLabel("")
	b.errorLabel.Wrapping = fyne.TextWrapWord
	b.errorLabel.Selectable = true
	b.errorLabel.Importance = widget.DangerImportance
	b.retryBtn = widget.NewButtonWithIcon("Retry", theme.ViewRefreshIcon(), func() {
		if b.OnRetry != nil {
			b.OnRetry()
		}
	})
	b.errorView = container.NewVBox(
		container.NewHBox(widget.NewIcon(theme.ErrorIcon()), widget.NewLabel("Could not load the table list")),
		b.errorLabel,
		container.NewHBox(b.retryBtn))

	b.root = container.NewStack(b.mainView, b.loadingView, b.errorView)
}

// CreateRenderer implements fyne.Widget.
func (b *Browser) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(b.root)
}

func (b *Browser) showOnly(o fyne.CanvasObject) {
	for _, v := range []fyne.CanvasObject{b.mainView, b.loadingView, b.errorView} {
		if v == o {
			v.Show()
		} else {
			v.Hide()
		}
	}
	if o == b.loadingView {
		b.activity.Start()
	} else {
		b.activity.Stop()
	}
}

// SetLoading shows msg (e.g. "Loading tables from <url>…") with an activity
// indicator in place of the tree.
func (b *Browser) SetLoading(msg string) {
	b.loadingLabel.SetText(msg)
	b.showOnly(b.loadingView)
}

// SetError shows msg and a Retry button (calling OnRetry) in place of the tree.
func (b *Browser) SetError(msg string) {
	b.errorLabel.SetText(msg)
	b.showOnly(b.errorView)
}

// SetSchemas replaces the model and shows the tree. The browser keeps its own
// sorted copy of the slices; the caller must not modify the columns or
// foreign keys afterwards. The current filter is applied to the new model.
func (b *Browser) SetSchemas(schemas []Schema) {
	b.cat = newCatalog(schemas)
	b.userOpen = map[string]bool{}
	b.tree.UnselectAll()
	b.setSelected(nodeRef{})
	b.showOnly(b.mainView)
	if normalizeQuery(b.filter.Text) == "" {
		b.filterGen++
		b.applyView(computeView(b.cat, ""))
		return
	}
	// Filtering a big model may be slow: show nothing of the old model
	// meanwhile, then the result.
	b.view = &view{query: normalizeQuery(b.filter.Text)}
	b.childCache = map[string][]string{}
	b.tree.Refresh()
	b.count.SetText("Filtering…")
	b.emptyLabel.Hide()
	b.startFilter(b.filter.Text, 0)
}

// SetFilter sets the filter text and applies it at once.
func (b *Browser) SetFilter(text string) {
	b.settingText = true
	b.filter.SetText(text)
	b.settingText = false
	b.stopTimer()
	b.filterGen++
	b.applyView(computeView(b.cat, text))
}

// Filter returns the filter text as shown in the entry.
func (b *Browser) Filter() string { return b.filter.Text }

func (b *Browser) stopTimer() {
	if b.filterTimer != nil {
		b.filterTimer.Stop()
		b.filterTimer = nil
	}
}

func (b *Browser) filterTyped(text string) {
	if b.settingText {
		return
	}
	b.startFilter(text, filterDelay)
}

// startFilter computes the view for text on a timer goroutine after delay
// and applies it on the UI goroutine, unless a newer request came meanwhile.
func (b *Browser) startFilter(text string, delay time.Duration) {
	b.stopTimer()
	b.filterGen++
	gen, cat, run := b.filterGen, b.cat, b.run
	b.filterTimer = time.AfterFunc(delay, func() {
		v := computeView(cat, text)
		run(func() {
			if gen == b.filterGen {
				b.applyView(v)
			}
		})
	})
}

// applyView swaps in a filter result: branches are closed, then the ones
// with matches (or, without a filter, the ones the user had open) reopen.
func (b *Browser) applyView(v *view) {
	wasFiltered := b.view.filtered()
	b.view = v
	b.childCache = map[string][]string{}

	toOpen := v.autoOpen
	if !v.filtered() {
		toOpen = b.userOpenList(wasFiltered)
	}
	b.applying = true
	b.tree.CloseAllBranches()
	for _, id := range toOpen {
		b.tree.OpenBranch(id)
	}
	b.applying = false

	if b.selected.kind != kindNone && !v.contains(b.cat, b.selected) {
		b.tree.UnselectAll()
		b.setSelected(nodeRef{})
	}
	if b.selected.kind != kindNone && b.parentsOpen(b.selected) {
		b.tree.ScrollTo(b.selected.id())
	} else {
		b.tree.ScrollToTop()
	}
	b.updateCount()
	if b.filterApplied != nil {
		b.filterApplied()
	}
}

// userOpenList returns the branches to reopen without a filter: tables
// before schemas (see computeView), plus the path to the selected node.
func (b *Browser) userOpenList(afterFilter bool) []string {
	open := map[string]bool{}
	for id, o := range b.userOpen {
		if o {
			open[id] = true
		}
	}
	if afterFilter && b.selected.kind >= kindTable {
		open[schemaID(b.selected.schema)] = true
		if b.selected.kind == kindColumn {
			open[tableID(b.selected.schema, b.selected.table)] = true
		}
	}
	var tables, schemas []string
	for id := range open {
		switch parseNodeID(id).kind {
		case kindTable:
			tables = append(tables, id)
		case kindSchema:
			schemas = append(schemas, id)
		}
	}
	return append(tables, schemas...)
}

// parentsOpen reports whether a node's branch path is open. Tree.ScrollTo
// on a node inside a closed branch searches every branch of the tree for
// it, which on thousands of tables builds all their child lists.
func (b *Browser) parentsOpen(ref nodeRef) bool {
	if ref.kind >= kindTable && !b.tree.IsBranchOpen(schemaID(ref.schema)) {
		return false
	}
	return ref.kind != kindColumn || b.tree.IsBranchOpen(tableID(ref.schema, ref.table))
}

func (b *Browser) trackUserOpen(id string, open bool) {
	if b.applying || b.view.filtered() {
		return
	}
	if open {
		b.userOpen[id] = true
	} else {
		delete(b.userOpen, id)
	}
}

func (b *Browser) updateCount() {
	v := b.view
	switch {
	case len(b.cat.schemas) == 0:
		b.count.SetText("")
		b.emptyLabel.SetText("No tables")
		b.emptyLabel.Show()
	case v.filtered():
		b.count.SetText(plural(v.matchedTables, "table matches", "tables match"))
		if v.matchedTables == 0 && len(v.schemas) == 0 {
			b.emptyLabel.SetText(fmt.Sprintf("Nothing matches %q", b.filter.Text))
			b.emptyLabel.Show()
		} else {
			b.emptyLabel.Hide()
		}
	default:
		b.count.SetText(fmt.Sprintf("%s in %s",
			plural(b.cat.totalTables, "table", "tables"),
			plural(len(b.cat.schemas), "schema", "schemas")))
		b.emptyLabel.Hide()
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
