package app

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/plural"
	"esodesk/services/download"
	"esodesk/widgets/downloadlist"
)

// downloadsTab owns the app's download queue and shows it. The queue is
// created at start-up from its journal, so downloads a crash or a quit
// interrupted carry on from their .part files without being asked.
type downloadsTab struct {
	u       *UI
	content fyne.CanvasObject
	queue   *download.Queue
	list    *downloadlist.List
	folder  *widget.Label
	err     error           // why the queue could not start, shown in the tab
	box     *fyne.Container // holds the tab: the queue, or why it is unavailable
}

// defaultDownloadDir is where files go until the user picks a folder.
func defaultDownloadDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "esodesk-data")
	}
	return filepath.Join(home, "esodesk-data")
}

func newDownloadsTab(u *UI) *downloadsTab {
	t := &downloadsTab{u: u, box: container.NewStack()}
	t.content = t.box
	t.start()
	return t
}

// start opens the queue and builds the tab; when it cannot (another esodesk
// window holds the queue's journal, an unwritable configuration folder) the
// tab says why, with Retry where waiting helps.
func (t *downloadsTab) start() {
	u, p := t.u, t.u.app.Preferences()
	workers := p.IntWithFallback("downloads.workers", 4)
	t.queue, t.err = download.New(download.Options{
		Dir:            p.StringWithFallback("downloads.dir", defaultDownloadDir()),
		Workers:        workers,
		Client:         u.http, // its Authorizer gives the ESO token to ESO hosts only
		TokenClient:    u.http,
		Decompress:     p.BoolWithFallback("downloads.decompress", false),
		KeepCompressed: p.BoolWithFallback("downloads.keep_compressed", true),
	})
	if t.err != nil {
		t.queue = nil
		t.box.Objects = []fyne.CanvasObject{t.unavailable()}
		t.box.Refresh()
		return
	}

	t.list = downloadlist.New(u.win, t.queue, u.do)
	t.list.OnOpenFolder = func(dir string) { u.openURI(storage.NewFileURI(dir)) }
	t.list.OnOpen = t.open
	t.list.MenuItems = u.samp.fileItems // Send to ▸ another tool
	t.list.OnBatchFinished = func(done, failed int) {
		u.app.SendNotification(fyne.NewNotification("esodesk downloads finished", batchMessage(done, failed)))
	}

	t.folder = widget.NewLabel(p.StringWithFallback("downloads.dir", defaultDownloadDir()))
	t.folder.Truncation = fyne.TextTruncateEllipsis
	choose := widget.NewButton("Folder…", t.chooseFolder)
	workerSel := widget.NewSelect(workerChoices(), func(s string) {
		n, _ := strconv.Atoi(s)
		if err := t.queue.SetWorkers(n); err == nil {
			p.SetInt("downloads.workers", n)
		}
	})
	workerSel.SetSelected(strconv.Itoa(workers))
	unpack := widget.NewCheck("Unpack .gz / .Z", func(on bool) { p.SetBool("downloads.decompress", on) })
	unpack.SetChecked(p.BoolWithFallback("downloads.decompress", false))
	settings := container.NewBorder(nil, nil,
		container.NewHBox(widget.NewLabel("Save to"), choose),
		container.NewHBox(widget.NewLabel("Parallel downloads"), workerSel, unpack),
		t.folder)
	t.box.Objects = []fyne.CanvasObject{container.NewBorder(settings, nil, nil, nil, t.list)}
	t.box.Refresh()
	t.list.Start()
}

// unavailable says why the queue could not start and what to do.
func (t *downloadsTab) unavailable() fyne.CanvasObject {
	var busy *download.JournalInUseError
	if errors.As(t.err, &busy) {
		who := "another esodesk window"
		if busy.PID > 0 {
			who = fmt.Sprintf("another esodesk window (pid %d)", busy.PID)
		}
		msg := widget.NewLabel("The download queue is in use by " + who + ": downloads run there. " +
			"Close that window, then press Retry to use the queue here.")
		msg.Wrapping = fyne.TextWrapWord
		return container.NewVBox(msg, container.NewHBox(widget.NewButton("Retry", t.start)))
	}
	msg := widget.NewLabel("The download queue could not start: " + t.err.Error() +
		"\nDownloads are unavailable in this session; check that your configuration folder is writable.")
	msg.Wrapping = fyne.TextWrapWord
	return msg
}

// batchMessage is the notification's text: "3 files downloaded, 1 failed".
func batchMessage(done, failed int) string {
	switch {
	case failed == 0:
		return plural.Count(done, "file") + " downloaded"
	case done == 0:
		return plural.Count(failed, "file") + " failed"
	}
	return fmt.Sprintf("%s downloaded, %d failed", plural.Count(done, "file"), failed)
}

func workerChoices() []string {
	out := make([]string, 16)
	for i := range out {
		out[i] = strconv.Itoa(i + 1)
	}
	return out
}

func (t *downloadsTab) chooseFolder() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		t.u.app.Preferences().SetString("downloads.dir", dir.Path())
		t.folder.SetText(dir.Path())
	}, t.u.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(t.dir())); err == nil {
		d.SetLocation(l)
	}
	d.Show()
	d.Resize(fyne.NewSize(900, 600)) // after Show: Fyne 2.8.1 dereferences the unbuilt dialog before it
}

// dir is the folder new downloads go to.
func (t *downloadsTab) dir() string {
	return t.u.app.Preferences().StringWithFallback("downloads.dir", defaultDownloadDir())
}

// enqueue adds files to the queue, into sub (a folder below the download
// folder, "" for the folder itself), and shows the Downloads tab.
func (t *downloadsTab) enqueue(jobs []download.Job, sub string) error {
	if t.queue == nil {
		return fmt.Errorf("the download queue is unavailable: %v", t.err)
	}
	dir := filepath.Join(t.dir(), sub)
	for i := range jobs {
		if jobs[i].Dir == "" {
			jobs[i].Dir = dir
		}
	}
	if _, err := t.queue.AddBatch(jobs); err != nil {
		return err
	}
	t.u.selectTab("Downloads")
	return nil
}

// open shows a finished spectrum in the plot and hands anything else to the
// desktop's default application.
func (t *downloadsTab) open(path string) {
	lower := strings.ToLower(path)
	for _, ext := range []string{".fits", ".fit", ".fits.gz", ".fits.z", ".xml", ".vot"} {
		if strings.HasSuffix(lower, ext) {
			t.u.OpenFiles([]string{path})
			return
		}
	}
	t.u.openURI(storage.NewFileURI(path))
}

func (t *downloadsTab) close() {
	if t.list != nil {
		t.list.Stop()
	}
	if t.queue != nil {
		t.queue.Close() // running jobs go back to "queued" in the journal
	}
}

// openURI asks the desktop to open a file or folder.
func (u *UI) openURI(uri fyne.URI) {
	parsed, err := url.Parse(uri.String())
	if err == nil {
		err = u.app.OpenURL(parsed)
	}
	if err != nil {
		dialog.ShowError(fmt.Errorf("could not open %s: %v", uri.Path(), err), u.win)
	}
}
