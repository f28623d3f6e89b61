package savefile

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/uitest"
)

func TestResolve(t *testing.T) {
	for _, tc := range []struct{ typed, want string }{
		{"/tmp/x/out.csv", "/tmp/x/out.csv"},
		{"  /tmp/x/../y.csv ", "/tmp/y.csv"},
		{"~/data/out.csv", "/home/ann/data/out.csv"},
		{"~", "/home/ann"},
		{"out.csv", "/work/out.csv"},
		{"sub/out", "/work/sub/out"},
	} {
		if got, err := Resolve(tc.typed, "/work", "/home/ann"); err != nil || got != tc.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", tc.typed, got, err, tc.want)
		}
	}
	if _, err := Resolve("  ", "/work", "/home/ann"); err == nil {
		t.Error("an empty name was accepted")
	}
}

// dialogOn shows the dialog with save writing text into the file chosen,
// and returns its path field.
func dialogOn(t *testing.T, w fyne.Window, o Options, text string, saved *string) *widget.Entry {
	t.Helper()
	Show(w, o, func(uw fyne.URIWriteCloser) {
		if _, err := io.WriteString(uw, text); err != nil {
			t.Error(err)
		}
		if err := uw.Close(); err != nil {
			t.Error(err)
		}
		*saved = uw.URI().Path()
	})
	entries := uitest.Find[*widget.Entry](w.Canvas().Overlays().Top(), nil)
	if len(entries) != 1 {
		t.Fatalf("want one path field, found %d", len(entries))
	}
	if w.Canvas().Focused() != entries[0] {
		t.Error("the path field does not have the focus")
	}
	return entries[0]
}

func enter(e *widget.Entry) { e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }

// Typing a full path or ~/… saves exactly there: Fyne's own dialog put it
// under the folder it showed (issue 11).
func TestTypedPathsAreTakenAsTyped(t *testing.T) {
	test.NewTempApp(t)
	home, other := t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(900, 600))
	defer w.Close()

	for typed, want := range map[string]string{
		filepath.Join(other, "abs.csv"): filepath.Join(other, "abs.csv"),
		"~/tilde.csv":                   filepath.Join(home, "tilde.csv"),
		"bare":                          filepath.Join(other, "bare.csv"), // a name goes to Dir, with the extension
	} {
		var saved string
		e := dialogOn(t, w, Options{Title: "Export", Dir: other, Name: "result.csv", Ext: ".csv"}, "a,b\n", &saved)
		if e.Text != filepath.Join(other, "result.csv") {
			t.Errorf("field offers %q", e.Text)
		}
		e.SetText(typed)
		enter(e)
		if saved != want {
			t.Errorf("typed %q: saved to %q, want %q", typed, saved, want)
		}
		if b, err := os.ReadFile(want); err != nil || string(b) != "a,b\n" {
			t.Errorf("typed %q: file %q, %v", typed, b, err)
		}
		if w.Canvas().Overlays().Top() != nil {
			t.Errorf("typed %q: dialog still open", typed)
		}
	}
}

func TestBadTargetsKeepTheDialogOpenAndSayWhy(t *testing.T) {
	test.NewTempApp(t)
	dir := t.TempDir()
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(900, 600))
	defer w.Close()

	var saved string
	e := dialogOn(t, w, Options{Title: "Export", Dir: dir, Name: "result.csv", Ext: ".csv"}, "x", &saved)
	for typed, why := range map[string]string{
		filepath.Join(dir, "missing", "out.csv"): "does not exist",
		dir:                                      "is a folder",
		"":                                       "type a file name",
	} {
		e.SetText(typed)
		enter(e)
		overlay := w.Canvas().Overlays().Top()
		if overlay == nil || saved != "" {
			t.Fatalf("typed %q: dialog closed, saved %q", typed, saved)
		}
		uitest.Shows(t, overlay, why)
	}

	// an existing file is replaced only once the user agrees
	existing := filepath.Join(dir, "old.csv")
	if err := os.WriteFile(existing, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	e.SetText(existing)
	enter(e)
	confirm := w.Canvas().Overlays().Top()
	uitest.Shows(t, confirm, "Replace")
	if saved != "" {
		t.Fatal("replaced without asking")
	}
	for _, b := range uitest.Find[*widget.Button](confirm, func(b *widget.Button) bool { return strings.EqualFold(b.Text, "Yes") }) {
		test.Tap(b)
	}
	if b, _ := os.ReadFile(existing); saved != existing || string(b) != "x" {
		t.Fatalf("after Yes: saved %q, file %q", saved, b)
	}
}
