package dataset

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"esodesk/internal/esotables"
	"esodesk/internal/fixtures"
	"esodesk/services/calselector"
)

const (
	museTSV          = "eso_astroquery_examples/extracted/calselector_raw2master_votable_MUSE.2018-06-05T01_06_59.418.tsv"
	treeFixture      = "astroquery_eso/FORS2.2021-01-02T00_59_12.533_raw2raw.xml"
	multipartFixture = "astroquery_eso/FORS2.2021-01-02T00_59_12.533_raw2raw_multipart.xml"
	multipartCT      = "multipart/form-data; boundary=uFQlfs9nBIDEAIoz0_ZM-O2SXKsZ2iSd4h7H"
	portal           = "http://127.0.0.1:1/dataPortal/file"
)

// tsvTable reads an extracted astropy table: comment lines, header, unit
// row, dtype row, data rows.
func tsvTable(t *testing.T, rel string) (header []string, rows [][]string) {
	e := fixtures.ReadESOTable(t, rel)
	return e.Header, e.Rows
}

// votableOf writes rows as the DataLink-shaped VOTable CalSelector serves.
func votableOf(t *testing.T, header []string, rows [][]string) []byte {
	return esotables.DataLinkVOTable(t, header, rows)
}

func parseLinks(t *testing.T, doc []byte) []*calselector.Links {
	t.Helper()
	groups, err := calselector.ParseVOTable(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	return groups
}

func colIndex(t *testing.T, header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %s", name)
	return -1
}

func TestFromLinksRealMUSE(t *testing.T) {
	header, rows := tsvTable(t, museTSV)
	groups := parseLinks(t, votableOf(t, header, rows))
	if len(groups) != 1 {
		t.Fatalf("groups = %d", len(groups))
	}
	d := FromLinks(groups[0], calselector.Raw2Master)

	sem, cat, clen, acc, ctype := colIndex(t, header, "semantics"), colIndex(t, header, "eso_category"),
		colIndex(t, header, "content_length"), colIndex(t, header, "access_url"), colIndex(t, header, "content_type")
	wantSize := map[string]int64{}
	wantCount := map[string]int{}
	var total int64
	for _, r := range rows {
		n, err := strconv.ParseInt(r[clen], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		switch r[sem] {
		case "#this":
			total += n
			if d.Science.URL != r[acc] || d.Science.Size != n || d.Science.Type != r[ctype] {
				t.Errorf("science = %+v, row %v", d.Science, r)
			}
		case "#calibration":
			wantSize[r[cat]] += n
			wantCount[r[cat]]++
			total += n
		}
	}
	if d.Science.DPID != "MUSE.2018-06-05T01:06:59.418" {
		t.Errorf("science dp_id %q", d.Science.DPID)
	}
	groupsOut := d.Groups()
	if len(groupsOut) != len(wantSize) {
		t.Fatalf("groups = %d, want %d", len(groupsOut), len(wantSize))
	}
	for i, g := range groupsOut {
		if i > 0 && groupsOut[i-1].Category >= g.Category {
			t.Errorf("groups not sorted: %q before %q", groupsOut[i-1].Category, g.Category)
		}
		if g.Size != wantSize[g.Category] || len(g.Files) != wantCount[g.Category] || g.Unknown != 0 {
			t.Errorf("group %s: size %d count %d unknown %d, want %d/%d", g.Category, g.Size, len(g.Files), g.Unknown, wantSize[g.Category], wantCount[g.Category])
		}
	}
	if got, unknown := d.Size(); got != total || unknown != 0 {
		t.Errorf("size = %d (+%d unknown), want %d", got, unknown, total)
	}
	// dp_ids come from the access URLs, masters and raw calibrations alike.
	ids := map[string]bool{}
	for _, c := range d.Calibrations {
		ids[c.DPID] = true
	}
	if !ids["M.MUSE.2018-06-11T08:52:34.073"] || !ids["MUSE.2018-06-05T00:56:30.418"] {
		t.Errorf("calibration ids = %v", ids)
	}
	if d.ExecutedMode != "Raw2Master" || d.Downgraded() || d.Incomplete() || d.Uncertified() || d.Extended() {
		t.Errorf("flags: mode %q downgraded %v incomplete %v uncertified %v extended %v",
			d.ExecutedMode, d.Downgraded(), d.Incomplete(), d.Uncertified(), d.Extended())
	}
	if len(d.Messages) != 0 || len(d.Errors) != 0 || len(d.Siblings) != 0 {
		t.Errorf("messages %q errors %q siblings %v", d.Messages, d.Errors, d.Siblings)
	}
	if !strings.Contains(d.TreeURL, "calselector/v1/associations?dp_id=MUSE.2018-06-05T01:06:59.418") {
		t.Errorf("tree URL %q", d.TreeURL)
	}
}

// museVariant rewrites the real MUSE answer: another science id, the given
// #this description, plus sibling and error rows.
func museVariant(t *testing.T, id, desc string, siblings []string, errMsg string) []byte {
	header, rows := tsvTable(t, museTSV)
	idc, sem, dc, acc, em := colIndex(t, header, "ID"), colIndex(t, header, "semantics"),
		colIndex(t, header, "description"), colIndex(t, header, "access_url"), colIndex(t, header, "error_message")
	var out [][]string
	for _, r := range rows {
		r = append([]string(nil), r...)
		r[idc] = "ivo://eso.org/ID?" + id
		if r[sem] == "#this" {
			r[dc] = desc
			r[acc] = "https://dataportal.eso.org/dataPortal/file/" + id
			out = append(out, r)
			for _, s := range siblings {
				sib := append([]string(nil), r...)
				sib[acc] = "https://dataportal.eso.org/dataPortal/file/" + strings.ReplaceAll(s, ":", "%3A")
				sib[dc] = "science frame processed together with #this"
				out = append(out, sib)
			}
			continue
		}
		if r[colIndex(t, header, "eso_category")] == "ASSOCIATION_TREE" {
			r[acc] = strings.ReplaceAll(r[acc], "MUSE.2018-06-05T01:06:59.418", id)
		}
		out = append(out, r)
	}
	if errMsg != "" {
		r := append([]string(nil), rows[0]...)
		r[idc], r[acc], r[sem], r[em] = "ivo://eso.org/ID?"+id, "", "#this", errMsg
		out = append(out, r)
	}
	return votableOf(t, header, out)
}

func TestFromLinksFlagsSiblingsErrors(t *testing.T) {
	doc := museVariant(t, "MUSE.2018-06-05T01:10:00.000",
		`category="SCI" certified="false" complete="false" mode="Raw2Raw" type="main" messages="Missing MASTER_SKY_FLAT_IMG; No STD_TELLURIC within 2 days"`,
		[]string{"MUSE.2018-06-05T01:20:00.000", "MUSE.2018-06-05T01:30:00.000"}, "no such frame in the archive")
	groups := parseLinks(t, doc)
	d := FromLinks(groups[0], calselector.Raw2Master)
	if !d.Downgraded() || !d.Incomplete() || !d.Uncertified() || d.Extended() {
		t.Errorf("downgraded %v incomplete %v uncertified %v extended %v", d.Downgraded(), d.Incomplete(), d.Uncertified(), d.Extended())
	}
	if len(d.Messages) != 2 || d.Messages[0] != "Missing MASTER_SKY_FLAT_IMG" || d.Messages[1] != "No STD_TELLURIC within 2 days" {
		t.Errorf("messages %q", d.Messages)
	}
	if len(d.Siblings) != 2 || d.Siblings[0].DPID != "MUSE.2018-06-05T01:20:00.000" || d.Siblings[1].Size <= 0 {
		t.Errorf("siblings %+v", d.Siblings)
	}
	if d.SiblingReason != "Science frame processed together with #this." {
		t.Errorf("sibling reason %q", d.SiblingReason)
	}
	if len(d.Errors) != 1 || d.Errors[0] != "no such frame in the archive" {
		t.Errorf("errors %q", d.Errors)
	}
	if FromLinks(groups[0], calselector.Raw2Raw).Downgraded() {
		t.Error("a Raw2Raw request answered Raw2Raw is not downgraded")
	}
}

func TestFromTreeRealFORS2(t *testing.T) {
	tree, err := calselector.ParseTree(fixtures.Open(t, treeFixture))
	if err != nil {
		t.Fatal(err)
	}
	const id = "FORS2.2021-01-02T00:59:12.533"
	d := FromTree(id, tree, calselector.Raw2Master, portal+"/")
	// 51 unique files in the tree (fixture README): the science frame + 50.
	if n := 1 + len(d.Siblings) + len(d.Calibrations); n != len(tree.Files()) || n != 51 {
		t.Errorf("files = %d, tree has %d, want 51", n, len(tree.Files()))
	}
	if d.Science.DPID != id || d.Science.URL != portal+"/"+id || d.Science.Category != "SCIENCE_IMG" || d.Science.Size != -1 {
		t.Errorf("science %+v", d.Science)
	}
	bytes, unknown := d.Size()
	if bytes != 0 || unknown != 51 {
		t.Errorf("size = %d, unknown %d", bytes, unknown)
	}
	var bias *Group
	for _, g := range d.Groups() {
		if g.Category == "BIAS" {
			bias = &g
		}
	}
	if bias == nil || len(bias.Files) != 40 || bias.Unknown != 40 || bias.Size != 0 {
		t.Errorf("BIAS group %+v", bias)
	}
	// Asked Raw2Master, the service ran Raw2Raw: downgraded.
	if !d.Downgraded() || d.Incomplete() || d.Uncertified() || d.Extended() {
		t.Errorf("downgraded %v incomplete %v uncertified %v extended %v", d.Downgraded(), d.Incomplete(), d.Uncertified(), d.Extended())
	}
}

func TestFromTreeMultipartAndExtended(t *testing.T) {
	trees, err := calselector.ParseMultipart(multipartCT, fixtures.Open(t, multipartFixture))
	if err != nil {
		t.Fatal(err)
	}
	for id, tree := range trees {
		d := FromTree(id, tree, calselector.Raw2Raw, portal)
		if n := 1 + len(d.Siblings) + len(d.Calibrations); n != len(tree.Files()) {
			t.Errorf("%s: files %d, tree %d", id, n, len(tree.Files()))
		}
		if d.Science.DPID != id {
			t.Errorf("science %q for part %q", d.Science.DPID, id)
		}
	}
	// Mark one inner association extended and uncertified: the flags follow.
	tree, err := calselector.ParseTree(fixtures.Open(t, treeFixture))
	if err != nil {
		t.Fatal(err)
	}
	tree.Associated[0].Match = "extended"
	f := false
	tree.Associated[0].Associated[0].Certified = &f
	d := FromTree("FORS2.2021-01-02T00:59:12.533", tree, calselector.Raw2Raw, portal)
	if !d.Extended() || !d.Uncertified() || d.Incomplete() {
		t.Errorf("extended %v uncertified %v incomplete %v", d.Extended(), d.Uncertified(), d.Incomplete())
	}
	// A VOTable dataset knows Extended only once its tree is attached.
	header, rows := tsvTable(t, museTSV)
	v := FromLinks(parseLinks(t, votableOf(t, header, rows))[0], calselector.Raw2Master)
	if v.Extended() {
		t.Error("extended without a tree")
	}
	v.AttachTree(tree)
	if !v.Extended() || v.Uncertified() {
		t.Errorf("after AttachTree: extended %v, uncertified %v (the VOTable's certified=true wins)", v.Extended(), v.Uncertified())
	}
}
