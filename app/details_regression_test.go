package app

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/testbedenv"
	"esodesk/internal/uitest"
	"esodesk/services/tap"
	"esodesk/widgets/previewpane"
)

// slowTAP is the testbed's TAP service behind a proxy that answers after
// delay: product_files queries still in flight when the result changes.
func slowTAP(t *testing.T, delay time.Duration) string {
	t.Helper()
	target, err := url.Parse(testbedenv.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(delay):
			proxy.ServeHTTP(w, r)
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/tap"
}

// Regression (data race): the pane's debounced work read the pane's
// UI-goroutine state (the result's TAP URL, its rows' links) from its own
// goroutine. Here the selection moves quickly and the result changes while
// links and product files load; under -race this must be clean, and the
// pane then shows the last row's links and files.
func TestDetailsPaneSelectionMovesWhileLinksLoad(t *testing.T) {
	u := newProductsUI(t)
	res, err := tap.New(testbedenv.URL(t)+"/tap", nil).Sync(context.Background(),
		tap.Query{ADQL: "SELECT dp_id, access_url, access_format FROM ivoa.obscore WHERE dataproduct_type IN ('image', 'cube') ORDER BY dp_id", MaxRec: 1000}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := u.tap.details
	tapURL := slowTAP(t, 150*time.Millisecond)
	n := res.Table.NumRows()
	onUI(func() { d.setResult(res.Document, res.Table, tapURL) })
	for i := 0; i < 6; i++ {
		for r := 0; r < 3; r++ { // quick moves: within the debounce
			onUI(func() { d.selectionChanged([]int{(i + r) % n}) })
		}
		time.Sleep(200 * time.Millisecond) // the debounced work runs
		onUI(func() { d.setResult(res.Document, res.Table, tapURL) })
	}
	onUI(func() { d.selectionChanged([]int{0}) })
	eventually(t, "the first row's links and files", queryTimeout, func() bool {
		ls := d.links.Links()
		return ls != nil && len(ls.Rows) > 0 && len(d.files.Visible()) > 0
	})
}

// Regression: the full-size viewer opened from the details pane builds its
// zoomed-out levels in the background and posts the result through the
// window's runner (the bridge, which drops it once the window closed), not
// through a runner of its own.
func TestDetailsPaneViewerUsesTheWindowsRunner(t *testing.T) {
	var fromViewer atomic.Int32
	plain := testPoster
	testPoster = func(f func()) { // before the window exists: no goroutine reads it yet
		buf := make([]byte, 8<<10)
		if bytes.Contains(buf[:runtime.Stack(buf, false)], []byte("previewpane.(*Viewer).buildLevels")) {
			fromViewer.Add(1)
		}
		plain(f)
	}
	t.Cleanup(func() { testPoster = plain })

	u := newProductsUI(t)
	runInGUI(t, u, "SELECT dp_id, access_url, access_format FROM ivoa.obscore WHERE dataproduct_type IN ('image', 'cube') ORDER BY dp_id", "1000", modeSync)
	onUI(func() { u.tap.results.SelectRow(rowOf(t, u, realPreviewProduct)) })
	d := u.tap.details
	eventually(t, "the preview on screen", queryTimeout, func() bool {
		_, img := d.previews.Current()
		return img != nil
	})
	onUI(func() {
		var big fyne.Tappable // the large preview: the pane's one tappable that is not a button
		uitest.Walk(d.previews, func(o fyne.CanvasObject) bool {
			if tp, ok := o.(fyne.Tappable); ok && o != fyne.CanvasObject(d.previews) {
				if _, button := o.(*widget.Button); !button {
					big = tp
				}
			}
			return true
		})
		if big == nil {
			t.Fatal("no large preview to tap")
		}
		test.Tap(big)
	})
	var v *previewpane.Viewer
	onUI(func() { v = d.previews.Viewer() })
	if v == nil {
		t.Fatal("tapping the preview opened no viewer")
	}
	v.WaitIdle()
	if fromViewer.Load() == 0 {
		t.Error("the viewer's levels did not come back through the window's runner")
	}
}
