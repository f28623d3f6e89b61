package ssap

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"strings"
	"testing"

	"esodesk/internal/fixtures"
	"esodesk/services/votable"
)

// fixturePath is a file of the real recorded data beside the repository.
func fixturePath(t *testing.T, rel string) string { return fixtures.Path(t, rel) }

// The real SDSS SSAP 1.0 answer (JHU proxy, as stored by pyvo's tests).
func TestSDSSFixture(t *testing.T) {
	raw, err := os.ReadFile(fixturePath(t, "pyvo/ssa/result.xml"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := votable.Parse(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	res, err := FromDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	if want := bytes.Count(raw, []byte("<TR>")); len(res.Records) != want || res.Overflow || res.Status.Value != "OK" {
		t.Fatalf("%d records (file has %d rows), status %+v", len(res.Records), want, res.Status)
	}
	r := res.Records[0]
	if r.AccessURL != "http://vaosa-vm1.aoc.nrao.edu/ivoa-dal/JhuSsapServlet?REQUEST=getData&FORMAT=votable&PubDID=ivo%3A%2F%2Fjhu%2Fsdss%2Fdr6%2Fspec%2F2.5%2380442261170552832" {
		t.Errorf("access URL %q", r.AccessURL)
	}
	checks := []struct{ got, want string }{
		{r.Format, "application/x-votable+xml"},
		{r.Title, "SDSS J115923.80+005905.16 GALAXY"},
		{r.Target, "SDSS J115923.80+005905.16"},
		{r.Collection, "SDSS DR6"},
		{r.Instrument, "SDSS 2.5-M SPEC2 v4_5"},
		{r.Publisher, "ELTE VO"},
		{r.PublisherDID, "ivo://jhu/sdss/dr6/spec/2.5#80442261170552832"},
		{r.CreatorDID, "ivo://sdss/dr6/spec/2_5/#80442261170552832"},
		{r.ID, "ivo://sdss/dr6/spec/2_5/#80442261170552832"}, // DataID.DatasetID
		{r.DataLinkURL, ""},
	}
	for i, c := range checks {
		if c.got != c.want {
			t.Errorf("check %d: %q, want %q", i, c.got, c.want)
		}
	}
	if r.RA != 179.849160 || r.Dec != 0.984768 {
		t.Errorf("position %v %v", r.RA, r.Dec)
	}
	// The position comes from the 2-element SpatialAxis location, not TargetPos.
	if f := res.Table.Fields[res.Columns.Pos]; f.Name != "SpatialLocation" {
		t.Errorf("position column %q", f.Name)
	}
	if !math.IsNaN(r.SpecMin) || !math.IsNaN(r.SNR) || r.Size != -1 || !math.IsNaN(r.MJD) {
		t.Errorf("values the service did not give: %+v", r)
	}
	last := res.Records[len(res.Records)-1]
	if last.RA != 179.825520 || last.Dec != 0.853781 || last.Target != "SDSS J115918.12+005113.61" {
		t.Errorf("last record %+v", last)
	}
}

// readTSV reads an astropy table printed as TSV: comment lines, the header,
// a unit row and a dtype row, then data.
func readTSV(t *testing.T, path string) (names, units []string, rows [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var lines [][]string
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		lines = append(lines, strings.Split(sc.Text(), "\t"))
	}
	if len(lines) < 4 {
		t.Fatalf("%s: %d lines", path, len(lines))
	}
	return lines[0], lines[1], lines[3:]
}

// ESO's own SSAP rows (from ESO's notebook) in a table that carries only
// their names and units: the worst case, no utypes, no UCDs.
func TestESORowsByName(t *testing.T) {
	names, units, rows := readTSV(t, fixturePath(t, "eso_astroquery_examples/extracted/ssap_pos197.44888_-23.38333_size0.5_first5rows.tsv"))
	fields := make([]votable.Field, len(names))
	for i, n := range names {
		fields[i] = votable.Field{Name: n, Datatype: "char", Arraysize: "*", Unit: units[i]}
	}
	b := votable.NewTable(fields)
	col := map[string]int{}
	for i, n := range names {
		col[n] = i
	}
	for _, row := range rows {
		cells := append([]string(nil), row...)
		for i, c := range cells {
			if c == "--" { // astropy's masked value
				cells[i] = ""
			}
		}
		// astropy printed the 2-vector as "197.588 .. -23.6251"
		cells[col["positionJ2000"]] = strings.Replace(cells[col["positionJ2000"]], " .. ", " ", 1)
		if err := b.AppendRow(cells); err != nil {
			t.Fatal(err)
		}
	}
	doc := &votable.Document{Resources: []*votable.Resource{{Type: "results", Tables: []*votable.Table{b.Build()}}}}
	res, err := FromDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != len(rows) {
		t.Fatalf("%d records for %d rows", len(res.Records), len(rows))
	}
	for i, row := range rows {
		r := res.Records[i]
		cell := func(name string) string { return row[col[name]] }
		numCell := func(name string) float64 {
			var v float64
			if _, err := fmtSscan(cell(name), &v); err != nil {
				t.Fatalf("row %d %s: %v", i, name, err)
			}
			return v
		}
		strs := []struct{ got, want string }{
			{r.AccessURL, cell("access_url")},
			{r.DataLinkURL, cell("datalink_url")},
			{r.Title, cell("dataset_title")},
			{r.Target, cell("TARGETNAME")},
			{r.Collection, cell("COLLECTION")},
			{r.Instrument, cell("instrument_name")},
			{r.Publisher, cell("publisher")},
			{r.Format, cell("FORMAT")},
			{r.PublisherDID, cell("PUBDID")},
			{r.CreatorDID, cell("CREATORDID")},
			{r.ID, cell("dp_id")},
			{r.ID, strings.TrimPrefix(cell("PUBDID"), "ivo://eso.org/ID?")},
		}
		for j, c := range strs {
			if c.got != c.want || c.want == "" {
				t.Errorf("row %d check %d: %q, want %q", i, j, c.got, c.want)
			}
		}
		nums := []struct {
			got, want float64
		}{
			{r.RA, numCell("s_ra")}, {r.Dec, numCell("s_dec")},
			{r.SpecMin, numCell("em_min")}, {r.SpecMax, numCell("em_max")},
			{r.SpecMid, numCell("em_val")}, {r.Bandwidth, numCell("em_bw")},
			{r.ResPower, numCell("SPECRP")}, {r.SNR, numCell("SNR")},
			{r.MJD, numCell("t_mid")}, {r.ExpTime, numCell("t_exptime")},
			{float64(r.Size), 1000 * numCell("access_estsize")}, // kbyte
		}
		for j, c := range nums {
			if c.got != c.want {
				t.Errorf("row %d number %d: %v, want %v", i, j, c.got, c.want)
			}
		}
		if r.SpecRes <= 0 || math.Abs(r.SpecRes-r.SpecMid/r.ResPower) > 1e-15 {
			t.Errorf("row %d: derived resolution %v", i, r.SpecRes)
		}
	}
	// pyvo sent SIZE=0.5 (its diameter) centred on 197.44888 -23.38333, yet
	// ESO returned spectra 0.273 deg away (and, later in the notebook, up to
	// 0.41 deg): ESO reads SIZE as a radius. Service.SizeIsRadius exists
	// for that.
	farthest := 0.0
	for _, r := range res.Records {
		d := separation(197.44888, -23.38333, r.RA, r.Dec)
		if d > 0.5 {
			t.Errorf("%s is %.3f deg from the centre", r.ID, d)
		}
		farthest = math.Max(farthest, d)
	}
	if farthest <= 0.25 {
		t.Errorf("farthest row %.3f deg: the evidence for SIZE as radius is gone", farthest)
	}
}
