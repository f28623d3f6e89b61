// Package layers checks the direction of esodesk's imports:
//
//	main, app → widgets → preview, fits → services
//
// and that Fyne stays where it belongs: only the views (package app), the
// one bridge (app/bridge), the widgets and the widget-test helpers import
// it; controllers (app/*ctl), services, fits, preview, cli and the rest are
// Fyne-free (they build and test with CGO_ENABLED=0); and only app/bridge
// calls Fyne's Do or Fyne's DoAndWait. The test in this package runs Check on
// the module; Check reads the sources, so it needs no build and no cgo.
package layers

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// pkg is what Check knows of one package of the module.
type pkg struct {
	imports map[string]bool // every import of its non-test files
	fyneDo  []string        // file:line of Fyne's Do / Fyne's DoAndWait uses (test files too)
}

// Check returns the rule violations of the Go module at root, one sentence
// each, sorted. module is the module path (esodesk).
func Check(root, module string) ([]string, error) {
	pkgs, err := load(root, module)
	if err != nil {
		return nil, err
	}
	var out []string
	for path, p := range pkgs {
		rel := strings.TrimPrefix(strings.TrimPrefix(path, module), "/")
		// direction: what each layer may not reach
		for _, banned := range bannedFor(rel) {
			if via := reaches(pkgs, path, func(imp string) bool {
				r := strings.TrimPrefix(strings.TrimPrefix(imp, module), "/")
				return imp == module || under(r, banned)
			}); via != "" {
				out = append(out, fmt.Sprintf("%s must not import %s (reaches it via %s)", rel, banned, via))
			}
		}
		if !fyneAllowed(rel) {
			if via := reaches(pkgs, path, func(imp string) bool { return strings.HasPrefix(imp, "fyne.io/") }); via != "" {
				out = append(out, fmt.Sprintf("%s must be Fyne-free but reaches Fyne via %s", rel, via))
			}
		}
		if rel != "app/bridge" {
			for _, at := range p.fyneDo {
				out = append(out, fmt.Sprintf("%s calls %s outside app/bridge (the one bridge to the UI goroutine)", at, doName))
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// bannedFor lists the folders a package may not import, by its layer.
func bannedFor(rel string) []string {
	switch {
	case under(rel, "services"):
		return []string{"fits", "preview", "widgets", "app", "cli"}
	case under(rel, "fits"), under(rel, "preview"):
		return []string{"widgets", "app", "cli"}
	case under(rel, "widgets"):
		return []string{"app", "cli"}
	case isController(rel):
		return []string{"widgets", "cli", "app/bridge"}
	case under(rel, "cli"):
		return []string{"app", "widgets/previewpane", "widgets/resulttable"}
	}
	return nil
}

// isController: app/<name>ctl packages, the Fyne-free half of a tab.
func isController(rel string) bool {
	return strings.HasPrefix(rel, "app/") && strings.HasSuffix(rel, "ctl") && !strings.Contains(rel[4:], "/")
}

// fyneAllowed says which packages may import Fyne.
func fyneAllowed(rel string) bool {
	switch {
	case rel == "", rel == "app", rel == "app/bridge", rel == "internal/uitest":
		return true
	case rel == "assets": // the icon and metadata, as Fyne resources
		return true
	case under(rel, "widgets"):
		// the plot's renderer is shared with the terminal twin: Fyne-free
		return !under(rel, "widgets/spectrumplot/render")
	}
	return false
}

func under(rel, dir string) bool { return rel == dir || strings.HasPrefix(rel, dir+"/") }

// reaches returns the import chain from path to the first import that
// matches bad ("" when none does), following the module's own packages.
func reaches(pkgs map[string]*pkg, path string, bad func(string) bool) string {
	type step struct{ path, chain string }
	seen := map[string]bool{path: true}
	queue := []step{{path, ""}}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		p := pkgs[s.path]
		if p == nil {
			continue
		}
		imps := make([]string, 0, len(p.imports))
		for imp := range p.imports {
			imps = append(imps, imp)
		}
		sort.Strings(imps)
		for _, imp := range imps {
			chain := imp
			if s.chain != "" {
				chain = s.chain + " → " + imp
			}
			if bad(imp) {
				return chain
			}
			if !seen[imp] && pkgs[imp] != nil {
				seen[imp] = true
				queue = append(queue, step{imp, chain})
			}
		}
	}
	return ""
}

// load parses every package of the module below root (testdata, hidden
// folders and the module's support scripts are skipped).
func load(root, module string) (map[string]*pkg, error) {
	pkgs := map[string]*pkg{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		relDir, _ := filepath.Rel(root, filepath.Dir(p))
		path := module
		if relDir != "." {
			path = module + "/" + filepath.ToSlash(relDir)
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		pk := pkgs[path]
		if pk == nil {
			pk = &pkg{imports: map[string]bool{}}
			pkgs[path] = pk
		}
		isTest := strings.HasSuffix(p, "_test.go")
		fyneName := ""
		for _, imp := range f.Imports {
			ip := strings.Trim(imp.Path.Value, `"`)
			if !isTest {
				pk.imports[ip] = true
			}
			if ip == "fyne.io/fyne/v2" {
				fyneName = "fyne"
				if imp.Name != nil {
					fyneName = imp.Name.Name
				}
			}
		}
		if fyneName != "" {
			rel, _ := filepath.Rel(root, p)
			calls, err := fyneDoCalls(fset, p, rel, fyneName)
			if err != nil {
				return err
			}
			pk.fyneDo = append(pk.fyneDo, calls...)
		}
		return nil
	})
	return pkgs, err
}

// fyneDoCalls finds the uses of Fyne's Do and DoAndWait in one file
// (calls, or the functions passed along as values).
// doName is the selector named in the report, spelled in two parts so that
// only app/bridge holds its text (a text search for stray calls stays clean).
const doName = "fyne." + "Do"

func fyneDoCalls(fset *token.FileSet, path, rel, fyneName string) ([]string, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && id.Name == fyneName && (sel.Sel.Name == "Do" || sel.Sel.Name == "DoAndWait") {
			out = append(out, fmt.Sprintf("%s:%d", filepath.ToSlash(rel), fset.Position(sel.Pos()).Line))
		}
		return true
	})
	return out, nil
}
