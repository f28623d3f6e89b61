package resulttable

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
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
