package app

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/app/bridge"
	"esodesk/internal/uitest"
	"esodesk/services/download"
	"esodesk/services/ssap"
	"esodesk/services/vohttp"
	"esodesk/testbed/standin"
)

func sha(t *testing.T, r io.Reader) [32]byte {
	t.Helper()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		t.Fatal(err)
	}
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// Search, select, "Download selected": the queue in the Downloads tab fetches
// every file into <folder>/spectra, byte-identical to what the server sends.
func TestDownloadSelectedSpectra(t *testing.T) {
	u := newSpectraUI(t)
	searchInGUI(t, u, "NGC 1068", "1", ssap.Arcmin)
	var recs []ssap.Record
	onUI(func() {
		recs = append(recs, u.spectra.ctl.Snapshot().Result.Records...)
		u.spectra.results.SelectAll()
	})
	if len(recs) < 2 {
		t.Fatalf("testbed: want several spectra of NGC 1068, got %d", len(recs))
	}
	onUI(func() { u.spectra.ctl.DownloadSelected() })
	eventually(t, "the downloads to be queued", queryTimeout, func() bool {
		return u.currentTab() == "Downloads" && len(u.downloads.queue.Snapshot()) == len(recs)
	})
	ctx, cancel := context.WithTimeout(context.Background(), queryTimeout)
	defer cancel()
	if err := u.downloads.queue.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	for _, st := range u.downloads.queue.Snapshot() {
		if st.State != download.Done {
			t.Fatalf("%s: %s (%s)", st.Job.URL, st.State, st.Error)
		}
		if filepath.Base(filepath.Dir(st.Path)) != "spectra" {
			t.Errorf("%s saved in %s, want the spectra folder", st.Job.URL, st.Path)
		}
		f, err := os.Open(st.Path)
		if err != nil {
			t.Fatal(err)
		}
		got := sha(t, f)
		f.Close()
		resp, err := vohttp.Default.Get(ctx, st.Job.URL)
		if err != nil {
			t.Fatal(err)
		}
		want := sha(t, resp.Body)
		resp.Body.Close()
		if got != want || resp.StatusCode != http.StatusOK {
			t.Errorf("%s differs from the server's file", st.Path)
		}
	}
}

// The Downloads tab as a new user meets it: empty, a sentence and no bar;
// then a batch where one file arrives, one is missing (404) and one server
// refuses connections. The waiting row says once when and why it retries;
// the refused file fails after a few quick attempts naming the server; the
// header never reads 100 % nor shrinks its total, and says what failed.
func TestDownloadsTabWithFailures(t *testing.T) {
	u := newTestUI(t)
	srv := httptest.NewServer(standin.New(standin.Options{}))
	t.Cleanup(srv.Close)
	onUI(func() { u.selectTab("Downloads") })
	var text string
	var bars int
	onUI(func() {
		text = visibleText(u.downloads.content)
		bars = len(uitest.Find[*widget.ProgressBar](u.downloads.content, nil))
	})
	if !strings.Contains(text, "No downloads yet: files you queue from the other tabs appear here.") || bars != 0 || strings.Contains(text, "Select a download") {
		t.Fatalf("empty tab shows %d progress bars and:\n%s", bars, text)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := ln.Addr().String()
	ln.Close()
	base := srv.URL + standin.DataPortalPath
	jobs := []download.Job{
		{URL: base + standin.Bench200KB},
		{URL: base + "HARPS.2019-03-12T03:50:32.277?fault=404"},
		{URL: "http://" + refused + "/dataPortal/file/X.fits"},
	}
	reason := "connection refused by " + refused + " (the server is not accepting connections)"
	test.AssertNotificationSent(t, fyne.NewNotification("esodesk downloads finished", "1 file downloaded, 2 failed"), func() {
		onUI(func() {
			if err := u.downloads.enqueue(jobs, ""); err != nil {
				t.Fatal(err)
			}
		})
		eventually(t, "the refused file to wait for its retry", 20*time.Second, func() bool {
			text = visibleText(u.downloads.content)
			return strings.Contains(text, "waiting\n")
		})
		line := lineWith(text, "(attempt 2 of 3): "+reason)
		if !strings.HasPrefix(line, "retrying in ") || strings.Count(line, "retr") != 1 || strings.Contains(text, "0 B/s") {
			t.Fatalf("while waiting to retry the tab shows:\n%s", text)
		}
		eventually(t, "the batch to end", 30*time.Second, func() bool {
			text = visibleText(u.downloads.content)
			return strings.Contains(text, "2 of 3 files failed")
		})
	})
	for _, want := range []string{"1 of 3 files · 200.0 kB of 200.0 kB\n", "\n2 failed\n", reason + "\n", "HTTP 404"} {
		if !strings.Contains(text, want) {
			t.Errorf("the finished batch does not show %q:\n%s", want, text)
		}
	}
	for _, lie := range []string{"100%", "retrying", "download failed"} {
		if strings.Contains(text, lie) {
			t.Errorf("the finished batch shows %q:\n%s", lie, text)
		}
	}
	for _, st := range u.downloads.queue.Snapshot() {
		if strings.HasSuffix(st.Job.URL, "X.fits") && st.Attempts != 3 {
			t.Errorf("%d attempts at a refused connection, want 3", st.Attempts)
		}
	}
}

// lineWith is the first line of text that contains part ("" if none).
func lineWith(text, part string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, part) {
			return l
		}
	}
	return ""
}

// A second window finds the download queue in use by the first: the tab
// says so and by whom, and Retry takes the queue once the first let it go.
func TestSecondWindowSaysTheQueueIsInUse(t *testing.T) {
	first := newTestUI(t)
	var second *UI
	onUI(func() {
		a := test.NewTempApp(t)
		a.Preferences().SetString("downloads.dir", t.TempDir())
		second = newUI(a, bridge.WithPoster(func(f func()) { testPoster(f) }))
		second.selectTab("Downloads")
	})
	defer onUI(second.close)
	want := fmt.Sprintf("The download queue is in use by another esodesk window (pid %d)", os.Getpid())
	onUI(func() { uitest.Shows(t, second.downloads.content, want) })
	if err := second.downloads.enqueue([]download.Job{{URL: "http://127.0.0.1:1/x"}}, "x"); err == nil {
		t.Fatal("the second window queued a download into a queue it does not hold")
	}

	onUI(func() {
		first.downloads.close()
		first.downloads.queue = nil // closed: the first window's clean-up has nothing left to close
		first.downloads.list = nil
		test.Tap(uitest.Find(second.downloads.content, func(b *widget.Button) bool { return b.Text == "Retry" })[0])
	})
	if second.downloads.queue == nil {
		t.Fatalf("Retry did not take the free queue: %v", second.downloads.err)
	}
	onUI(func() { uitest.Hides(t, second.downloads.content, want) })
}
