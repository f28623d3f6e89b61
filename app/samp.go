package app

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/sampctl"
	"esodesk/services/fetch"
	"esodesk/services/samp"
	"esodesk/services/votable"
	"esodesk/widgets/resulttable"
)

// sampView is the view of sampctl.Controller: the indicator in the status
// bar, the SAMP tab (the hub, its clients, the record of messages, the
// tables other tools sent) and the "Send to ▸" menus of tables, spectra and
// downloads.
type sampView struct {
	u   *UI
	ctl *sampctl.Controller

	indicator *widget.Button
	icons     *fyne.Container // the clients' icons beside the indicator
	content   fyne.CanvasObject

	status     *widget.Label
	connectBtn *widget.Button
	hubBtn     *widget.Button
	clients    *widget.List
	record     *widget.List
	tables     *container.DocTabs
	tablesArea *fyne.Container // the tables, or a hint while there are none

	shown    sampctl.State
	received map[*container.TabItem]*resulttable.ResultTable
	// shared is the table each view last made known to other clients, so
	// that a view showing a new table lets the old one go
	shared  map[*resulttable.ResultTable]*votable.Table
	iconFor map[string]fyne.Resource // by icon URL; nil value: being fetched
	// lastSeen is the time of the newest record entry already looked at
	lastSeen time.Time
}

// sampConnectPref remembers whether the user wants esodesk on SAMP.
const sampConnectPref = "samp.connect"

func newSampView(u *UI) *sampView {
	v := &sampView{u: u, received: map[*container.TabItem]*resulttable.ResultTable{},
		shared: map[*resulttable.ResultTable]*votable.Table{}, iconFor: map[string]fyne.Resource{}}
	v.ctl = sampctl.New(sampctl.Deps{
		Cache: fetch.New(fetch.DefaultDir("samp"), u.http),
		Receive: sampctl.Receiver{
			Table:    v.openTable,
			Rows:     v.selectRows,
			Spectrum: v.plotSpectrum,
			Image:    v.offerImage,
			PointAt:  v.pointAt,
		},
	}, u.do)
	v.build()
	v.ctl.Subscribe(v.render)
	v.render(v.ctl.Snapshot())
	return v
}

// start connects when the user left SAMP on (the default).
func (v *sampView) start() {
	if v.u.app.Preferences().BoolWithFallback(sampConnectPref, true) {
		v.ctl.Start()
	} else {
		v.ctl.Disconnect()
	}
}

func (v *sampView) close() { v.ctl.Close() }

func (v *sampView) build() {
	v.indicator = widget.NewButtonWithIcon("SAMP", theme.ComputerIcon(), func() { v.u.selectTab("SAMP") })
	v.indicator.Importance = widget.LowImportance
	v.icons = container.NewHBox()

	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.connectBtn = widget.NewButton("Connect", v.toggleConnection)
	v.hubBtn = widget.NewButton("Start esodesk's hub", v.ctl.StartHub)

	v.clients = widget.NewList(func() int { return len(v.shown.Clients) },
		func() fyne.CanvasObject {
			icon := canvas.NewImageFromResource(theme.ComputerIcon())
			icon.FillMode = canvas.ImageFillContain
			icon.SetMinSize(fyne.NewSize(24, 24))
			name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			desc := widget.NewLabel("")
			desc.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, container.NewHBox(icon, name), nil, desc)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(v.shown.Clients) {
				return
			}
			p := v.shown.Clients[i]
			box := o.(*fyne.Container)
			desc := box.Objects[0].(*widget.Label) // Border: the centre, then the left
			left := box.Objects[1].(*fyne.Container)
			icon, name := left.Objects[0].(*canvas.Image), left.Objects[1].(*widget.Label)
			name.SetText(p.Label())
			desc.SetText(p.Description)
			icon.Resource = v.icon(p.IconURL)
			icon.Refresh()
		})

	v.record = widget.NewList(func() int { return len(v.shown.Log) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, widget.NewIcon(theme.MailReplyIcon()), nil, l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			log := v.shown.Log
			if i >= len(log) {
				return
			}
			e := log[len(log)-1-i] // newest first
			box := o.(*fyne.Container)
			label, icon := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Icon)
			label.SetText(entryText(e))
			label.Importance = widget.MediumImportance
			if e.Failed {
				label.Importance = widget.DangerImportance
			}
			label.Refresh()
			switch {
			case e.Received:
				icon.SetResource(theme.DownloadIcon())
			case e.MType == "":
				icon.SetResource(theme.InfoIcon())
			default:
				icon.SetResource(theme.UploadIcon())
			}
		})
	v.record.OnSelected = func(i widget.ListItemID) {
		v.record.Unselect(i)
		if log := v.shown.Log; i < len(log) {
			e := log[len(log)-1-i]
			dialog.ShowInformation("SAMP message", entryText(e), v.u.win) // the whole line, uncut
		}
	}

	v.tables = container.NewDocTabs()
	v.tables.OnClosed = v.tableClosed
	v.tablesArea = container.NewStack(v.hint())

	heading := func(s string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	left := container.NewVSplit(
		container.NewBorder(container.NewVBox(heading("Hub"), v.status, container.NewHBox(v.connectBtn, v.hubBtn), heading("Clients")), nil, nil, nil, v.clients),
		container.NewBorder(heading("Messages (newest first)"), nil, nil, nil, v.record))
	left.Offset = 0.45
	split := container.NewHSplit(left, v.tablesArea)
	split.Offset = 0.34
	v.content = split
}

// entryText is one line of the message record.
func entryText(e sampctl.Entry) string {
	dir := "to"
	if e.Received {
		dir = "from"
	}
	peer := ""
	if e.Peer != "" {
		peer = " " + dir + " " + e.Peer
	}
	mt := ""
	if e.MType != "" {
		mt = " [" + e.MType + "]"
	}
	return e.Time.Format("15:04:05") + peer + mt + ": " + e.Text
}

// bar is the status-bar part: the clients' icons and the indicator.
func (v *sampView) bar() fyne.CanvasObject { return container.NewHBox(v.icons, v.indicator) }

func (v *sampView) render(s sampctl.State) {
	v.reportFailedSends(s.Log)
	v.shown = s
	v.status.SetText(s.Status)
	switch s.Phase {
	case sampctl.Off:
		v.indicator.SetText("SAMP: off")
	case sampctl.Connecting:
		v.indicator.SetText("SAMP: connecting …")
	case sampctl.NoHub:
		v.indicator.SetText("SAMP: no hub")
	case sampctl.Connected:
		v.indicator.SetText("SAMP: " + peerNames(s.Clients))
	}
	if s.Phase == sampctl.Off {
		v.connectBtn.SetText("Connect")
	} else {
		v.connectBtn.SetText("Disconnect")
	}
	setEnabled(v.hubBtn, s.Phase == sampctl.NoHub || s.Phase == sampctl.Off)
	v.icons.Objects = nil
	for _, p := range s.Clients {
		if len(v.icons.Objects) == 4 {
			break
		}
		img := canvas.NewImageFromResource(v.icon(p.IconURL))
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(18, 18))
		v.icons.Objects = append(v.icons.Objects, container.NewCenter(img))
	}
	v.icons.Refresh()
	v.clients.Refresh()
	v.record.Refresh()
}

// reportFailedSends shows, in a dialog, a send the user asked for that
// failed (no hub, a receiver refusing, no answer): the record in the SAMP tab
// is out of sight from the tab the send started in. Selections that follow
// clicks fail quietly into the record.
func (v *sampView) reportFailedSends(log []sampctl.Entry) {
	var failed []string
	for _, e := range log {
		if !e.Time.After(v.lastSeen) {
			continue
		}
		if e.Failed && e.Asked {
			failed = append(failed, entryText(e))
		}
	}
	if n := len(log); n > 0 {
		v.lastSeen = log[n-1].Time
	}
	if len(failed) > 0 && v.u.win != nil {
		dialog.ShowInformation("SAMP: not sent", strings.Join(failed, "\n"), v.u.win)
	}
}

// peerNames lists up to three clients for the indicator.
func peerNames(ps []sampctl.Peer) string {
	if len(ps) == 0 {
		return "no clients"
	}
	var names []string
	for i, p := range ps {
		if i == 3 {
			names = append(names, fmt.Sprintf("+%d", len(ps)-3))
			break
		}
		names = append(names, p.Label())
	}
	return strings.Join(names, ", ")
}

func (v *sampView) toggleConnection() {
	p := v.u.app.Preferences()
	if v.shown.Phase == sampctl.Off {
		p.SetBool(sampConnectPref, true)
		v.ctl.Start()
		return
	}
	p.SetBool(sampConnectPref, false)
	v.ctl.Disconnect()
}

// icon returns a client's icon: fetched once, off the UI goroutine; a
// generic one meanwhile or when it cannot be had.
func (v *sampView) icon(url string) fyne.Resource {
	if url == "" {
		return theme.ComputerIcon()
	}
	if r, seen := v.iconFor[url]; seen {
		if r == nil {
			return theme.ComputerIcon()
		}
		return r
	}
	v.iconFor[url] = nil
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var res fyne.Resource
		if resp, err := v.u.http.Get(ctx, url); err == nil {
			b, err := io.ReadAll(io.LimitReader(resp.Body, 512<<10))
			resp.Body.Close()
			if err == nil && resp.StatusCode == 200 && len(b) > 0 {
				res = fyne.NewStaticResource("samp-icon", b)
			}
		}
		if res != nil {
			v.u.do(func() {
				v.iconFor[url] = res
				v.render(v.shown)
			})
		}
	}()
	return theme.ComputerIcon()
}

// --- sending ---

// tableMTypes, spectrum and image: what the Send menus of a file offer.
var fileMTypes = []string{samp.MTypeTableLoadVOTable, samp.MTypeSpectrumLoadSSA, samp.MTypeImageLoadFITS}

// sendItem is a "label ▸" item whose submenu lists "All clients" and each
// client taking one of mtypes; disabled, saying why, when there is none.
func (v *sampView) sendItem(label string, mtypes []string, send func(to string)) *fyne.MenuItem {
	s := v.ctl.Snapshot()
	var takers []sampctl.Peer
	seen := map[string]bool{}
	for _, mt := range mtypes {
		for _, p := range s.Takers(mt) {
			if !seen[p.ID] {
				seen[p.ID] = true
				takers = append(takers, p)
			}
		}
	}
	item := fyne.NewMenuItem(label, nil)
	switch {
	case s.Phase != sampctl.Connected:
		item.Label, item.Disabled = label+" (SAMP: no hub)", true
		return item
	case len(takers) == 0:
		item.Label, item.Disabled = label+" (no SAMP client takes it)", true
		return item
	}
	children := []*fyne.MenuItem{fyne.NewMenuItem("All clients", func() { send("") }), fyne.NewMenuItemSeparator()}
	for _, p := range takers {
		children = append(children, fyne.NewMenuItem(p.Label(), func() { send(p.ID) }))
	}
	item.ChildMenu = fyne.NewMenu("", children...)
	return item
}

// share makes rt's tables sendable: its context menu gains the Send items
// and its selections go to the clients that loaded its table. name is how
// other tools title the table.
func (v *sampView) share(rt *resulttable.ResultTable, name func() string) {
	rt.MenuItems = func(rows []int) []*fyne.MenuItem {
		t := rt.Table()
		if t == nil {
			return nil
		}
		items := []*fyne.MenuItem{
			v.sendItem("Send table to", []string{samp.MTypeTableLoadVOTable}, func(to string) {
				v.track(rt)
				v.ctl.SendTable(t, name(), to)
			}),
			v.sendItem(fmt.Sprintf("Send selected rows (%d) to", len(rows)), []string{samp.MTypeTableSelectRows}, func(to string) {
				v.track(rt)
				v.ctl.SendRows(t, name(), rows, to)
			}),
		}
		if len(rows) > 0 {
			if ra, dec, ok := sampctl.Position(t, rows[0]); ok {
				items = append(items, v.sendItem("Point at this row's position", []string{samp.MTypeCoordPointAtSky}, func(to string) {
					v.ctl.PointAt(ra, dec, to)
				}))
			}
		}
		return items
	}
	prev := rt.OnSelectionChanged
	rt.OnSelectionChanged = func(rows []int) {
		if prev != nil {
			prev(rows)
		}
		v.track(rt)
		v.ctl.Selected(rt.Table(), rows)
	}
}

// track notes the table rt shows now; the one it showed before, no longer
// on screen, is forgotten (its file removed).
func (v *sampView) track(rt *resulttable.ResultTable) {
	t := rt.Table()
	if old := v.shared[rt]; old != nil && old != t {
		v.ctl.Forget(old)
	}
	v.shared[rt] = t
}

// spectraItems send the spectra on the Spectra tab's plot (their local files).
func (v *sampView) spectraItems(paths, names []string) []*fyne.MenuItem {
	if len(paths) == 0 {
		it := fyne.NewMenuItem("No spectrum on the plot to send", nil)
		it.Disabled = true
		return []*fyne.MenuItem{it}
	}
	label := "Send the plotted spectrum to"
	if len(paths) > 1 {
		label = fmt.Sprintf("Send the %d plotted spectra to", len(paths))
	}
	return []*fyne.MenuItem{v.sendItem(label, []string{samp.MTypeSpectrumLoadSSA}, func(to string) {
		for i, p := range paths {
			v.ctl.SendSpectrum(p, names[i], to)
		}
	})}
}

// imageItems send the image or cube on show (its local file).
func (v *sampView) imageItems(path string) []*fyne.MenuItem {
	if path == "" {
		it := fyne.NewMenuItem("No image on show to send", nil)
		it.Disabled = true
		return []*fyne.MenuItem{it}
	}
	return []*fyne.MenuItem{v.sendItem("Send the image to", []string{samp.MTypeImageLoadFITS}, func(to string) { v.ctl.SendFile(path, to) })}
}

// fileItems send a downloaded file as what it holds.
func (v *sampView) fileItems(path string) []*fyne.MenuItem {
	return []*fyne.MenuItem{v.sendItem("Send to", fileMTypes, func(to string) { v.ctl.SendFile(path, to) })}
}

// --- receiving ---

// openTable shows a table another tool sent in a tab of its own.
func (v *sampView) openTable(t *votable.Table, name, from string) {
	rt := resulttable.New(v.u.win, v.u.do)
	rt.SetTable(t, resulttable.Info{Service: "sent by " + from})
	v.share(rt, func() string { return name })
	v.shared[rt] = t
	ti := container.NewTabItem(name, rt)
	v.received[ti] = rt
	v.tables.Append(ti)
	v.tables.Select(ti)
	v.showTables()
	v.u.selectTab("SAMP")
}

// tableClosed forgets a received table whose tab the user closed: other
// tools' highlights of it are refused from now on.
func (v *sampView) tableClosed(ti *container.TabItem) {
	if rt := v.received[ti]; rt != nil {
		v.ctl.Forget(rt.Table())
		delete(v.received, ti)
		delete(v.shared, rt)
	}
	v.showTables()
}

func (v *sampView) showTables() {
	if len(v.tables.Items) == 0 {
		v.tablesArea.Objects = []fyne.CanvasObject{v.hint()}
	} else {
		v.tablesArea.Objects = []fyne.CanvasObject{v.tables}
	}
	v.tablesArea.Refresh()
}

// hint fills the tables' area while there are none.
func (v *sampView) hint() fyne.CanvasObject {
	hint := widget.NewLabel("Tables that TOPCAT, Aladin and other SAMP tools send to esodesk open here.\n\n" +
		"To send a table, its selected rows or a position from esodesk, right-click a result row.")
	hint.Alignment = fyne.TextAlignCenter
	hint.Wrapping = fyne.TextWrapWord
	return hint
}

// resultTables are every view showing a table, with the tab each is on.
func (v *sampView) resultTables() map[*resulttable.ResultTable]string {
	u := v.u
	out := map[*resulttable.ResultTable]string{u.tap.results: "TAP", u.spectra.results: "Spectra", u.raw.results: "Raw data"}
	for _, rt := range v.received {
		out[rt] = "SAMP"
	}
	return out
}

// selectRows selects, in whichever view shows t, the rows a message named.
func (v *sampView) selectRows(t *votable.Table, rows []int) {
	for rt := range v.resultTables() {
		if rt.Table() != t {
			continue
		}
		for ti, r := range v.received {
			if r == rt {
				v.tables.Select(ti)
			}
		}
		rt.SelectModelRows(rows)
	}
}

func (v *sampView) plotSpectrum(path, name, from string) {
	v.u.spectra.openFiles([]string{path})
	v.u.selectTab("Spectra")
}

// offerImage opens an image another tool sent in the Images tab: a local
// file where it is, a URL fetched first.
func (v *sampView) offerImage(path, url, name, from string) {
	if path != "" {
		v.u.images.openFile(path)
		return
	}
	v.u.images.ctl.OpenURL(url, name)
	v.u.selectTab("Images")
}

// pointAt fills the target fields of the Spectra and Raw data forms.
func (v *sampView) pointAt(ra, dec float64, from string) {
	pos := fmt.Sprintf("%.6f %+.6f", ra, dec)
	v.u.spectra.target.SetText(pos)
	v.u.raw.position.SetText(pos)
}
