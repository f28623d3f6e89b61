package layers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// moduleRoot is the folder of go.mod above this package.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s: %v", dir, err)
	}
	return dir
}

// TestLayering holds esodesk to its layers: services know nothing of fits,
// preview, widgets or app; nothing but views, widgets and the bridge
// reaches Fyne; only app/bridge calls Fyne's Do.
func TestLayering(t *testing.T) {
	root := moduleRoot(t)
	problems, err := Check(root, "esodesk")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	// the check must have seen the real tree, not an empty one
	pkgs, err := load(root, "esodesk")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"esodesk/services/votable", "esodesk/app/bridge", "esodesk/widgets/resulttable", "esodesk/internal/latest"} {
		if pkgs[want] == nil {
			t.Errorf("package %s not found: the check did not read the module", want)
		}
	}
}

// doCall is the selector the check looks for, spelled in two parts so that
// no line of this package uses it (the miniature trees do, in their text).
const doCall = "fyne." + "Do"

// writeTree makes a small module from path → source.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files["go.mod"] = "module esodesk\n\ngo 1.24\n"
	for name, src := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestLayeringCatchesForbiddenImports adds, one at a time, each kind of
// forbidden import to a clean miniature of the tree and expects the check
// to name it.
func TestLayeringCatchesForbiddenImports(t *testing.T) {
	clean := func() map[string]string {
		return map[string]string{
			"services/tap/tap.go":           "package tap\n",
			"fits/fits.go":                  "package fits\nimport _ \"esodesk/services/tap\"\n",
			"widgets/plot/plot.go":          "package plot\nimport (\n_ \"esodesk/fits\"\n_ \"fyne.io/fyne/v2\"\n)\n",
			"app/spectractl/ctl.go":         "package spectractl\nimport _ \"esodesk/services/tap\"\n",
			"app/bridge/bridge.go":          "package bridge\nimport \"fyne.io/fyne/v2\"\nvar Post = " + doCall + "\n",
			"app/app.go":                    "package app\nimport (\n_ \"esodesk/widgets/plot\"\n_ \"esodesk/app/spectractl\"\n_ \"esodesk/app/bridge\"\n)\n",
			"internal/latest/latest.go":     "package latest\n",
			"widgets/plot/render/render.go": "package render\n",
		}
	}
	if problems, err := Check(writeTree(t, clean()), "esodesk"); err != nil || len(problems) != 0 {
		t.Fatalf("clean miniature: %v %v", problems, err)
	}
	cases := []struct {
		name  string
		files map[string]string // added to the clean miniature
		want  string
	}{
		{"service imports fits", map[string]string{"services/tap/bad.go": "package tap\nimport _ \"esodesk/fits\"\n"},
			"services/tap must not import fits"},
		{"service imports a widget", map[string]string{"services/tap/bad.go": "package tap\nimport _ \"esodesk/widgets/plot\"\n"},
			"services/tap must not import widgets"},
		{"Fyne reached through a helper", map[string]string{
			"internal/latest/bad.go": "package latest\nimport _ \"fyne.io/fyne/v2/canvas\"\n",
			"services/tap/uses.go":   "package tap\nimport _ \"esodesk/internal/latest\"\n"},
			"services/tap must be Fyne-free but reaches Fyne via esodesk/internal/latest → fyne.io/fyne/v2/canvas"},
		{"controller imports Fyne", map[string]string{"app/spectractl/bad.go": "package spectractl\nimport _ \"fyne.io/fyne/v2/widget\"\n"},
			"app/spectractl must be Fyne-free but reaches Fyne via fyne.io/fyne/v2/widget"},
		{"controller imports a widget", map[string]string{"app/spectractl/bad.go": "package spectractl\nimport _ \"esodesk/widgets/plot\"\n"},
			"app/spectractl must not import widgets"},
		{"fits imports the app", map[string]string{"fits/bad.go": "package fits\nimport _ \"esodesk/app\"\n"},
			"fits must not import app"},
		{"widget imports the app", map[string]string{"widgets/plot/bad.go": "package plot\nimport _ \"esodesk/app\"\n"},
			"widgets/plot must not import app"},
		{"Fyne's Do in a widget", map[string]string{"widgets/plot/bad.go": "package plot\nimport \"fyne.io/fyne/v2\"\nfunc f() { " + doCall + "(func() {}) }\n"},
			"widgets/plot/bad.go:3 calls " + doCall + " outside app/bridge"},
		{"Fyne's DoAndWait renamed, in a test", map[string]string{"app/app_test.go": "package app\nimport f2 \"fyne.io/fyne/v2\"\nvar x = f2.DoAndWait\n"},
			"app/app_test.go:3 calls " + doCall + " outside app/bridge"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := clean()
			for name, src := range c.files {
				files[name] = src
			}
			problems, err := Check(writeTree(t, files), "esodesk")
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				if strings.Contains(p, c.want) {
					return
				}
			}
			t.Fatalf("the check missed it: want %q among %q", c.want, problems)
		})
	}
}
