package linkslist

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/bytesize"
	"esodesk/internal/uitest"
	"esodesk/services/datalink"
)

// sections maps each group heading shown to the texts of the rows below
// it, and lists the headings in display order.
func sections(l *List) (order []string, rows map[string][]string) {
	rows = map[string][]string{}
	heads := map[string]bool{}
	for _, g := range datalink.Groups {
		heads[GroupHeading(g, len(l.links.InGroup(g)))] = true
	}
	cur := ""
	for _, o := range l.body.Objects {
		ts := uitest.Texts(o)
		if len(ts) > 0 && heads[ts[0]] {
			cur = ts[0]
			order = append(order, cur)
			continue
		}
		rows[cur] = append(rows[cur], strings.Join(ts, " | "))
	}
	return order, rows
}

func TestGroupsAndRows(t *testing.T) {
	l, w := newList(t)
	ls := productLinks(t)
	l.SetLinks(ls, productSource)
	order, rows := sections(l)

	var want []string
	for _, g := range datalink.Groups {
		if n := len(ls.InGroup(g)); n > 0 {
			want = append(want, GroupHeading(g, n))
		}
	}
	if strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("headings %v, want %v", order, want)
	}
	// ESO's product links: the cube, the cutout service, two previews,
	// four ancillary files + the README + the failed one, three raw
	// progenitors, the release description.
	for _, h := range []string{"This file (1)", "Previews (2)", "Ancillary files (7)", "Progenitors (3)", "Documentation (1)", "Services (1)"} {
		if _, ok := rows[h]; !ok {
			t.Errorf("no heading %q in %v", h, order)
		}
	}
	uitest.Shows(t, w.Content(), productSource)

	// The ANCILLARY.PREVIEW PNGs are under Ancillary files, their category shown.
	pngs := 0
	for _, r := range rows["Ancillary files (7)"] {
		if strings.Contains(r, "ANCILLARY.PREVIEW") {
			pngs++
			if !strings.Contains(r, "image/png") || !strings.Contains(r, "_pst.png") && !strings.Contains(r, "_tpl.png") {
				t.Errorf("preview row %q", r)
			}
		}
	}
	if pngs != 4 {
		t.Errorf("%d ANCILLARY.PREVIEW rows under Ancillary files, want 4: %q", pngs, rows["Ancillary files (7)"])
	}

	// Sizes in words; the masked one says so.
	this := ls.Rows[ls.InGroup(datalink.GroupThis)[0]]
	uitest.Shows(t, w.Content(), "SCIENCE.CUBE.IFS  application/fits · "+bytesize.Format(this.ContentLength))
	if got := bytesize.Format(this.ContentLength); got != "3.1 GB" {
		t.Errorf("3095853120 bytes shown as %q", got)
	}
	found := false
	for _, r := range rows["Ancillary files (7)"] {
		if strings.Contains(r, readmeOrig) {
			found = strings.Contains(r, "size unknown")
		}
	}
	if !found {
		t.Errorf("the README row does not say its size is unknown: %q", rows["Ancillary files (7)"])
	}
	// The release description: ESO's own semantics, a PDF to open, named
	// by its description rather than by the "links" endpoint it comes from.
	if r := rows["Documentation (1)"]; len(r) != 1 || !strings.HasPrefix(r[0], "Release description") || !strings.Contains(r[0], "Open") {
		t.Errorf("documentation %q", r)
	}
}

func TestErrorRowKept(t *testing.T) {
	l, _ := newList(t)
	ls := productLinks(t)
	l.SetLinks(ls, productSource)
	var bad int = -1
	for i := range ls.Rows {
		if ls.Rows[i].Failed() {
			bad = i
		}
	}
	if bad < 0 {
		t.Fatal("the failed row was not parsed")
	}
	r := l.rows[bad]
	if r == nil {
		t.Fatal("the failed row is not drawn")
	}
	if r.check != nil {
		t.Error("a failed link can be checked for download")
	}
	red := false
	uitest.Walk(r.root, func(o fyne.CanvasObject) bool {
		if rt, ok := o.(*widget.RichText); ok && strings.Contains(rt.String(), missingMsg) {
			seg := rt.Segments[0].(*widget.TextSegment)
			red = seg.Style.ColorName == theme.ColorNameError
		}
		return true
	})
	if !red {
		t.Errorf("the error message is not shown in the error colour: %q", uitest.Texts(r.root))
	}
}

func TestServiceDescriptor(t *testing.T) {
	l, _ := newList(t)
	ls := productLinks(t)
	l.SetLinks(ls, productSource)
	i := ls.InGroup(datalink.GroupServices)[0]
	r := l.rows[i]
	if r.check != nil {
		t.Error("the service row can be checked for download")
	}
	uitest.Shows(t, r.root, "Cutout of #this (SODA-sync)")
	uitest.Shows(t, r.root, "Service SODA-sync (SODA#sync-1.0)")
	uitest.Shows(t, r.root, "Cutouts of the MUSE cube")
	uitest.Shows(t, r.root, "ID meta.id;meta.main = "+productID+" (fixed)")
	uitest.Shows(t, r.root, "CIRCLE [deg] phys.angArea;obs circle — RA, Dec and radius of the cutout")
	uitest.Shows(t, r.root, "BAND [m] em.wl;stat.interval interval: 4.65e-07 … 9.35e-07 — Wavelength interval")

	// Without its descriptor the row says the parameters are unknown.
	l.SetLinks(esoDoc(t, productTSV, nil, ""), productSource)
	uitest.Shows(t, l.rows[i].root, "Service "+sodaID+": its descriptor is not in this document")
}

func TestDownloadSelected(t *testing.T) {
	l, w := newList(t)
	ls := productLinks(t)
	l.SetLinks(ls, productSource)
	var got [][]datalink.Link
	l.OnDownload = func(s []datalink.Link) { got = append(got, s) }
	dl := buttons(w.Content(), "Download selected")[0]
	if !dl.Disabled() {
		t.Error("Download selected is enabled with nothing checked")
	}
	// Check the cube and the second progenitor by tapping.
	this := ls.InGroup(datalink.GroupThis)[0]
	prog := ls.InGroup(datalink.GroupProgenitors)[1]
	test.Tap(l.rows[this].check)
	test.Tap(l.rows[prog].check)
	want := ls.Rows[this].ContentLength + ls.Rows[prog].ContentLength
	uitest.Shows(t, w.Content(), "2 selected · "+bytesize.Format(want))
	test.Tap(dl)
	if len(got) != 1 || len(got[0]) != 2 || got[0][0].AccessURL != ls.Rows[this].AccessURL || got[0][1].AccessURL != ls.Rows[prog].AccessURL {
		t.Fatalf("OnDownload got %+v", got)
	}

	// Select all: every downloadable row, none of the HTML page, the
	// service or the failed row; the README counts as unknown size.
	test.Tap(buttons(w.Content(), "Select all files")[0])
	sel := l.Selected()
	n := 0
	for i := range ls.Rows {
		lk := &ls.Rows[i]
		if lk.AccessURL != "" && !lk.Failed() && !strings.Contains(lk.ContentType, "html") {
			n++
		}
	}
	if len(sel) != n || n != 12 {
		t.Errorf("select all checked %d links, want %d (12)", len(sel), n)
	}
	for _, c := range uitest.Find[*widget.Check](l.body, nil) {
		if !c.Checked {
			t.Error("a checkbox stayed unchecked after Select all files")
		}
	}
	uitest.Shows(t, w.Content(), "12 selected")
	uitest.Shows(t, w.Content(), "+ 1 of unknown size")
	test.Tap(buttons(w.Content(), "Clear")[0])
	if len(l.Selected()) != 0 {
		t.Errorf("Clear left %d checked", len(l.Selected()))
	}

	l.SelectGroup(datalink.GroupAncillary)
	sel = l.Selected()
	if len(sel) != 6 {
		t.Errorf("SelectGroup(Ancillary) checked %d, want the 6 files (not the failed row)", len(sel))
	}
	for _, s := range sel {
		if s.Group() != datalink.GroupAncillary {
			t.Errorf("SelectGroup(Ancillary) checked %+v", s)
		}
	}
}

func TestFollowOpenBack(t *testing.T) {
	l, w := newList(t)
	ls := productLinks(t)
	l.SetLinks(ls, productSource)
	var followed, opened []string
	back := 0
	l.OnFollow = func(u string) { followed = append(followed, u) }
	l.OnOpenURL = func(u string) { opened = append(opened, u) }
	l.OnBack = func() { back++ }

	prog := ls.InGroup(datalink.GroupProgenitors)[2]
	test.Tap(buttons(l.rows[prog].root, "Links")[0])
	if len(followed) != 1 || followed[0] != ls.Rows[prog].ESODatalink || !strings.Contains(followed[0], "MUSE.2018-06-05T01:52:57.422") {
		t.Errorf("OnFollow got %q, want %q", followed, ls.Rows[prog].ESODatalink)
	}
	var html int = -1
	for _, i := range ls.InGroup(datalink.GroupPreviews) {
		if ls.Rows[i].ContentType == "text/html" {
			html = i
		}
	}
	if l.rows[html].check != nil {
		t.Error("the HTML page can be checked for download")
	}
	test.Tap(buttons(l.rows[html].root, "Open")[0])
	if len(opened) != 1 || opened[0] != "http://archive.eso.org/dataset/ADP.2018-06-21T20:32:57.736" {
		t.Errorf("OnOpenURL got %q", opened)
	}

	if len(buttons(w.Content(), "Back")) != 0 {
		t.Error("Back shown before any hop")
	}
	l.SetCanGoBack(true)
	test.Tap(buttons(w.Content(), "Back")[0])
	if back != 1 {
		t.Errorf("OnBack called %d times", back)
	}
}

func TestRawFrameLinks(t *testing.T) {
	l, w := newList(t)
	ls := esoDoc(t, rawTSV, nil, "")
	l.SetLinks(ls, "https://archive.eso.org/datalink/links?ID=ivo://eso.org/ID?MUSE.2018-06-05T01:06:59.418")
	order, rows := sections(l)
	if strings.Join(order, ",") != "This file (1),Calibrations (2),Derived products (3),Documentation (1)" {
		t.Errorf("headings %v", order)
	}
	uitest.Shows(t, w.Content(), "NGC4254_PHANGS_DATACUBE_native.fits")
	uitest.Shows(t, w.Content(), bytesize.Format(40763712960))
	if r := rows["Documentation (1)"]; len(r) != 1 || !strings.Contains(r[0], "Night Log") || !strings.Contains(r[0], "MUSE.2018-06-05T01:06:59.418.NL.txt") {
		t.Errorf("night log row %q", r)
	}
}

func TestLoadingAndError(t *testing.T) {
	l, w := newList(t)
	uitest.Shows(t, w.Content(), EmptyText)
	l.SetLoading("Reading the links of ADP.2018-06-21T20:32:57.736…")
	uitest.Shows(t, w.Content(), "Reading the links of ADP.2018-06-21T20:32:57.736…")
	l.SetError(errors.New("read DataLink: HTTP 503 from archive.eso.org: try again later"))
	uitest.Shows(t, w.Content(), "Could not read the links: read DataLink: HTTP 503 from archive.eso.org: try again later")
	if len(l.Selected()) != 0 || !buttons(w.Content(), "Download selected")[0].Disabled() {
		t.Error("downloads possible after an error")
	}
}

// The list in a 450×700 details pane, saved to look at.
func TestScreenshot(t *testing.T) {
	l, w := newList(t)
	l.SetLinks(productLinks(t), productSource)
	l.SetCanGoBack(true)
	l.SelectGroup(datalink.GroupAncillary)
	shot(t, w, "product-top")
	l.scroll.ScrollToOffset(fyne.NewPos(0, 700))
	w.Canvas().Refresh(l)
	shot(t, w, "product-middle")
	l.scroll.ScrollToBottom()
	shot(t, w, "product-bottom")
	l.SetLinks(esoDoc(t, rawTSV, nil, ""), "https://archive.eso.org/datalink/links?ID=ivo://eso.org/ID?MUSE.2018-06-05T01:06:59.418")
	shot(t, w, "raw")
}

// ESO's round content_length figures (the night log's "order of
// magnitude", previews, CalSelector lists) are marked "≈", the files'
// exact sizes are not; a total with an estimate in it is one.
func TestEstimatedLengthsSayWhatTheyAre(t *testing.T) {
	l, w := newList(t)
	ls := esoDoc(t, rawTSV, nil, "")
	l.SetLinks(ls, "https://archive.eso.org/datalink/links?ID=ivo://eso.org/ID?MUSE.2018-06-05T01:06:59.418")
	uitest.Shows(t, w.Content(), "application/x-fits-hcompress · "+bytesize.Format(286231680))
	uitest.Hides(t, w.Content(), "≈"+bytesize.Format(286231680))
	uitest.Shows(t, w.Content(), "text/plain · ≈10.0 kB") // the night log
	uitest.Shows(t, w.Content(), "application/x-votable+xml · ≈500.0 kB")
	this := ls.InGroup(datalink.GroupThis)[0]
	test.Tap(l.rows[this].check)
	uitest.Shows(t, w.Content(), "1 selected · "+bytesize.Format(286231680))
	for i, lk := range ls.Rows {
		if lk.ESOCategory == "Night Log" {
			test.Tap(l.rows[i].check)
		}
	}
	uitest.Shows(t, w.Content(), "2 selected · ≈"+bytesize.Format(286231680+10000))
}
