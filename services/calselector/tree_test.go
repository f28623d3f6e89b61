package calselector

import (
	"os"
	"strings"
	"testing"

	"esodesk/internal/fixtures"
)

const (
	treeFixture      = "astroquery_eso/FORS2.2021-01-02T00_59_12.533_raw2raw.xml"
	multipartFixture = "astroquery_eso/FORS2.2021-01-02T00_59_12.533_raw2raw_multipart.xml"
	multipartCT      = "multipart/form-data; boundary=uFQlfs9nBIDEAIoz0_ZM-O2SXKsZ2iSd4h7H"
)

func openFixture(t *testing.T, rel string) *os.File {
	t.Helper()
	f, err := os.Open(fixtures.Path(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestParseTreeRealFORS2(t *testing.T) {
	tree, err := ParseTree(openFixture(t, treeFixture))
	if err != nil {
		t.Fatal(err)
	}
	// Figures from the fixture README, re-counted with a separate XML reader.
	if n := tree.Count(); n != 22 {
		t.Errorf("associations = %d, want 22", n)
	}
	files := tree.Files()
	if len(files) != 51 {
		t.Errorf("unique files = %d, want 51", len(files))
	}
	perCat := map[string]int{}
	for _, c := range files {
		perCat[c]++
	}
	want := map[string]int{"BIAS": 40, "SKY_FLAT_IMG": 5, "STANDARD_IMG": 3, "SCIENCE_IMG": 1, "FLX_STD_IMG": 1, "PHOT_TABLE": 1}
	for c, n := range want {
		if perCat[c] != n {
			t.Errorf("files of category %s = %d, want %d", c, perCat[c], n)
		}
	}
	if len(perCat) != len(want) {
		t.Errorf("categories = %v, want %v", perCat, want)
	}
	if got := tree.ExecutedMode(); got != "Raw2Raw" {
		t.Errorf("executed mode = %q", got)
	}
	if tree.Category != "SCI_IMG_2x2_low" || tree.Type != "main" || tree.Match != "" {
		t.Errorf("top = %q/%q/%q", tree.Category, tree.Type, tree.Match)
	}
	if len(tree.MainFiles) != 1 || tree.MainFiles[0] != (File{Name: "FORS2.2021-01-02T00:59:12.533", Category: "SCIENCE_IMG"}) {
		t.Errorf("top main files = %v", tree.MainFiles)
	}
	if files["FORS2.2020-12-26T08:54:31.688"] != "BIAS" {
		t.Errorf("first bias missing: %q", files["FORS2.2020-12-26T08:54:31.688"])
	}
	if tree.Incomplete() || tree.Uncertified() || tree.Extended() {
		t.Errorf("flags: incomplete=%v uncertified=%v extended=%v, want all false", tree.Incomplete(), tree.Uncertified(), tree.Extended())
	}
	if m := tree.AllMessages(); len(m) != 0 {
		t.Errorf("messages = %q, want none (all <messages/> are empty)", m)
	}
	matches := map[string]int{}
	tree.Walk(func(a *Association, depth int) {
		if depth > 0 {
			matches[a.Match]++
		}
		if a.Complete == nil || !*a.Complete || a.Certified == nil || !*a.Certified {
			t.Errorf("%s: complete/certified not true", a.Category)
		}
	})
	if matches["calib_plan"] != 15 || matches["N/A"] != 6 {
		t.Errorf("match counts = %v, want calib_plan 15, N/A 6", matches)
	}
	if names := tree.FileNames(); len(names) != 51 || names[0] > names[50] {
		t.Errorf("FileNames not 51 sorted names")
	}
}

func TestParseTreeFlagsAndMessages(t *testing.T) {
	doc := `<?xml version="1.0"?>
<association category="SCI" certified="true" complete="false" mode="Raw2Master" type="main">
  <mainFiles><file category="OBJECT" name="MUSE.1"/></mainFiles>
  <messages>Missing MASTER_SKY_FLAT_IMG</messages>
  <associatedFiles>
    <association category="BIAS" certified="FALSE" complete="true" match="extended" type="main">
      <mainFiles><file category="MASTER_BIAS" name="M.MUSE.2"/><file category="OBJECT" name="MUSE.1"/></mainFiles>
      <messages><message> late   bias </message><message>second</message></messages>
      <associatedFiles/>
    </association>
    <association category="DARK" type="main">
      <mainFiles><file category="MASTER_DARK" name="M.MUSE.3"/></mainFiles>
    </association>
  </associatedFiles>
</association>`
	tree, err := ParseTree(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if !tree.Incomplete() || !tree.Uncertified() || !tree.Extended() {
		t.Errorf("incomplete=%v uncertified=%v extended=%v, want all true", tree.Incomplete(), tree.Uncertified(), tree.Extended())
	}
	if tree.ExecutedMode() != "Raw2Master" {
		t.Errorf("mode %q", tree.ExecutedMode())
	}
	dark := tree.Associated[1]
	if dark.Complete != nil || dark.Certified != nil {
		t.Errorf("absent attributes should be unknown (nil), got %v %v", dark.Complete, dark.Certified)
	}
	if got := strings.Join(tree.AllMessages(), "|"); got != "Missing MASTER_SKY_FLAT_IMG|late bias|second" {
		t.Errorf("messages = %q", got)
	}
	if f := tree.Files(); len(f) != 3 || f["MUSE.1"] != "OBJECT" {
		t.Errorf("files = %v", f)
	}
	if tree.Count() != 3 {
		t.Errorf("count = %d", tree.Count())
	}
}

func TestParseTreeMalformed(t *testing.T) {
	cases := map[string]struct{ doc, want string }{
		"truncated":   {"<association category=\"SCI\">\n<mainFiles>\n<file name=\"x\"/>\n", "line"},
		"bad attr":    {"<association\n  category=SCI>", "line 2"},
		"empty":       {"  ", "empty"},
		"wrong root":  {"<VOTABLE/>", "not an <association>"},
		"unclosed el": {"<association>\n</mainFiles>", "line 2"},
	}
	for name, c := range cases {
		_, err := ParseTree(strings.NewReader(c.doc))
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not say %q", name, err, c.want)
		}
	}
}

func TestParseMultipartRealFORS2(t *testing.T) {
	trees, err := ParseMultipart(multipartCT, openFixture(t, multipartFixture))
	if err != nil {
		t.Fatal(err)
	}
	if len(trees) != 2 {
		t.Fatalf("trees = %d, want 2", len(trees))
	}
	for _, id := range []string{"FORS2.2021-01-02T00:59:12.533", "FORS2.2021-01-02T00:59:12.534"} {
		tree := trees[id]
		if tree == nil {
			t.Errorf("no tree for %s (have %v)", id, keys(trees))
			continue
		}
		if tree.MainFiles[0].Name != id {
			t.Errorf("%s: top main file %s", id, tree.MainFiles[0].Name)
		}
		if tree.Count() != 22 || len(tree.Files()) != 51 || tree.ExecutedMode() != "Raw2Raw" {
			t.Errorf("%s: %d associations, %d files, mode %s", id, tree.Count(), len(tree.Files()), tree.ExecutedMode())
		}
	}
	// The .533 part is the same document as the single-tree fixture.
	single, err := ParseTree(openFixture(t, treeFixture))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(trees["FORS2.2021-01-02T00:59:12.533"].FileNames(), ","), strings.Join(single.FileNames(), ","); got != want {
		t.Errorf("multipart part .533 differs from the single tree")
	}
}

func TestParseMultipartErrors(t *testing.T) {
	if _, err := ParseMultipart("multipart/form-data", strings.NewReader("")); err == nil || !strings.Contains(err.Error(), "boundary") {
		t.Errorf("missing boundary: %v", err)
	}
	body := "--b\r\nContent-Disposition: attachment; filename=\"X.1_raw2raw.xml\"\r\n\r\n<association>\n<mainFiles>\r\n--b--\r\n"
	_, err := ParseMultipart("multipart/form-data; boundary=b", strings.NewReader(body))
	if err == nil || !strings.Contains(err.Error(), "part 1") || !strings.Contains(err.Error(), "X.1_raw2raw.xml") || !strings.Contains(err.Error(), "line") {
		t.Errorf("malformed part: %v", err)
	}
}

func TestDPIDFromFilename(t *testing.T) {
	for in, want := range map[string]string{
		"FORS2.2021-01-02T00:59:12.533_raw2raw.xml":    "FORS2.2021-01-02T00:59:12.533",
		"MUSE.2018-06-05T01:06:59.418_Raw2Master.xml":  "MUSE.2018-06-05T01:06:59.418",
		"dir/MUSE.2018-06-05T01:06:59.418_raw2raw.xml": "MUSE.2018-06-05T01:06:59.418",
		"plain.xml": "plain",
		"":          "",
	} {
		if got := DPIDFromFilename(in); got != want {
			t.Errorf("%q -> %q, want %q", in, got, want)
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
