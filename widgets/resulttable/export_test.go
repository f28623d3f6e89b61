package resulttable

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/uitest"
)

// memWriter is a fyne.URIWriteCloser into memory, failing when err is set.
type memWriter struct {
	bytes.Buffer
	err    error
	closed bool
}

func (m *memWriter) Write(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	return m.Buffer.Write(p)
}
func (m *memWriter) Close() error  { m.closed = true; return nil }
func (m *memWriter) URI() fyne.URI { return storage.NewFileURI("/tmp/result.csv") }

func TestExportInBackgroundWritesAndReportsErrors(t *testing.T) {
	test.NewTempApp(t)
	rt, w := newShown(t, starTable(), Info{})
	rt.SortBy(0, true)
	rt.WaitIdle()

	out := &memWriter{}
	rt.writeInBackground(out, rt.snapshot(false), viewSnapshot.writeCSV)
	rt.WaitIdle()
	text := strings.ReplaceAll(out.String(), "\r\n", "\n") // CSV lines may end in CRLF (RFC 4180)
	if !out.closed || !strings.HasPrefix(text, "name,ra,dec,mag\n") || !strings.Contains(text, "Alpha Cen,219.9,-60.83,\n") {
		t.Fatalf("exported %q closed=%v", text, out.closed)
	}
	if strings.Index(text, "Alpha Cen") > strings.Index(text, "beta Cen") {
		t.Fatal("export not in view order")
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("progress dialog left open")
	}

	bad := &memWriter{err: errors.New("disk full")}
	rt.writeInBackground(bad, rt.snapshot(false), viewSnapshot.writeVOTable)
	rt.WaitIdle()
	if !bad.closed || w.Canvas().Overlays().Top() == nil {
		t.Fatal("write error not shown in a dialog")
	}
}

// A full path or ~/… typed in the export dialog is where the file goes;
// Fyne's save dialog put it under the folder it showed (issue 11).
func TestExportDialogTakesTypedPaths(t *testing.T) {
	test.NewTempApp(t)
	home, dir := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	rt, w := newShown(t, starTable(), Info{})

	for _, tc := range [][2]string{
		{filepath.Join(dir, "stars.csv"), filepath.Join(dir, "stars.csv")},
		{"~/mine.csv", filepath.Join(home, "mine.csv")},
	} {
		typed, want := tc[0], tc[1]
		rt.exportWithDialog("result.csv", ".csv", viewSnapshot.writeCSV)
		overlay := w.Canvas().Overlays().Top()
		uitest.Shows(t, overlay, "Export 4 rows as CSV")
		entries := uitest.Find[*widget.Entry](overlay, nil)
		if len(entries) != 1 {
			t.Fatalf("want one path field in the export dialog, found %d", len(entries))
		}
		entries[0].SetText(typed)
		entries[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		rt.WaitIdle()
		b, err := os.ReadFile(want)
		if err != nil || !strings.HasPrefix(string(b), "name,ra,dec,mag") {
			t.Fatalf("typed %q: %s holds %q (%v)", typed, want, b, err)
		}
	}
	// the next export starts in the folder of the last one
	rt.exportWithDialog("result.vot", ".vot", viewSnapshot.writeVOTable)
	entries := uitest.Find[*widget.Entry](w.Canvas().Overlays().Top(), nil)
	if len(entries) != 1 || entries[0].Text != filepath.Join(home, "result.vot") {
		t.Fatalf("second export offers %v", entries)
	}
}
