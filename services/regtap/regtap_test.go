package regtap

import (
	"context"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"esodesk/internal/testbedenv"
	"esodesk/services/tap"
)

// A hostile keyword stays inside its string literals: with every quoted
// literal removed, what is left of the query is the same as for a plain word.
func TestADQLHostileKeyword(t *testing.T) {
	plain, err := ADQL(Search{Keywords: []string{"word"}, Type: "TAP", Waveband: "Optical"})
	if err != nil {
		t.Fatal(err)
	}
	hostile, err := ADQL(Search{Keywords: []string{"x') OR 1=1 UNION SELECT ivoid FROM rr.resource --"}, Type: "tap", Waveband: "optical' OR 'a'='a"})
	if err != nil {
		t.Fatal(err)
	}
	if a, b := stripLiterals(t, plain), stripLiterals(t, hostile); a != b {
		t.Errorf("the keyword escaped its literal:\n%s\nvs\n%s", a, b)
	}
	if !strings.Contains(hostile, "ivo_hasword(res_title, 'x'') OR 1=1") {
		t.Errorf("quote not doubled:\n%s", hostile)
	}
	if !strings.Contains(plain, "ivo_hashlist_has(waveband, 'optical')") {
		t.Errorf("waveband not lower-cased:\n%s", plain)
	}
}

// stripLiterals removes ADQL string literals ('...' with ” inside).
func stripLiterals(t *testing.T, q string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case !in && c == '\'':
			in = true
			b.WriteString("''")
		case in && c == '\'' && i+1 < len(q) && q[i+1] == '\'':
			i++
		case in && c == '\'':
			in = false
		case !in:
			b.WriteByte(c)
		}
	}
	if in {
		t.Fatalf("unterminated literal in %s", q)
	}
	return b.String()
}

func TestStandardIDsAndTypes(t *testing.T) {
	for _, typ := range Types {
		ids, err := StandardIDs(strings.ToUpper(typ))
		if err != nil || len(ids) == 0 {
			t.Fatalf("%s: %v %v", typ, ids, err)
		}
		for _, id := range ids {
			if TypeOf(strings.ToUpper(id)) != typ {
				t.Errorf("TypeOf(%s) = %q, want %s", id, TypeOf(id), typ)
			}
		}
	}
	if _, err := StandardIDs("slap"); err == nil {
		t.Error("slap accepted")
	}
	if _, err := ADQL(Search{Type: "bogus"}); err == nil {
		t.Error("ADQL accepted an unknown type")
	}
	if TypeOf("ivo://ivoa.net/std/tap#aux") != "" {
		t.Error("an auxiliary capability counts as TAP")
	}
}

// registry returns the testbed's TAP URL, which carries the rr schema.
func registry(t *testing.T) string { return testbedenv.URL(t) + "/tap" }

// pyvoIVOIDs runs Debian's pyvo registry.search against url and returns
// the sorted distinct ivoids. args is the Python argument list.
func pyvoIVOIDs(t *testing.T, url, args string) []string {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		t.Skip("Debian's /usr/bin/python3 is missing: install python3-pyvo (make test does)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	script := "import pyvo\nfor r in pyvo.registry.search(" + args + "):\n    print(r.ivoid)\n"
	cmd := exec.CommandContext(ctx, py, "-c", script)
	cmd.Env = append(os.Environ(), "IVOA_REGISTRY="+url)
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("pyvo registry.search(%s): %v\n%s", args, err, msg)
	}
	return distinct(strings.Fields(string(out)))
}

func distinct(ids []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func ivoids(r *Result) []string {
	var ids []string
	for _, s := range r.Services {
		ids = append(ids, s.IVOID)
	}
	return distinct(ids)
}

func search(t *testing.T, s Search) *Result {
	t.Helper()
	res, err := New(registry(t), nil).Search(context.Background(), s)
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return res
}

// Each search equals pyvo's registry.search on the same registry.
func TestSearchMatchesPyvo(t *testing.T) {
	url := registry(t)
	pyType := map[string]string{TypeTAP: "tap", TypeSSA: "ssa", TypeSIA: "sia", TypeSCS: "conesearch"}
	cases := []struct {
		s    Search
		py   string
		want int // services expected on the testbed registry
	}{
		{Search{Type: TypeTAP}, "servicetype='" + pyType[TypeTAP] + "'", 1},
		{Search{Type: TypeSSA}, "servicetype='" + pyType[TypeSSA] + "'", 1},
		{Search{Type: TypeSIA}, "servicetype='" + pyType[TypeSIA] + "'", 2},
		{Search{Type: TypeSCS}, "servicetype='" + pyType[TypeSCS] + "'", 3},
		{Search{Keywords: []string{"spectra"}}, "keywords=['spectra']", 2},
		{Search{Keywords: []string{"radio"}}, "keywords=['radio']", 1},
		{Search{Keywords: []string{"O'Brien"}}, `keywords=["O'Brien"]`, 1},
		{Search{Waveband: "infrared"}, "waveband='infrared'", 3},
		{Search{Waveband: "x-ray", Type: TypeSIA}, "waveband='x-ray', servicetype='sia'", 1},
		{Search{Keywords: []string{"images"}, Type: TypeSIA}, "keywords=['images'], servicetype='sia'", 2},
	}
	for _, c := range cases {
		got := ivoids(search(t, c.s))
		want := pyvoIVOIDs(t, url, c.py)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: got %v, pyvo %v", c.s, got, want)
		}
		if len(got) != c.want {
			t.Errorf("%s: %d services %v, want %d", c.s, len(got), got, c.want)
		}
	}
}

// The fields of one service, against what the testbed's RD says.
func TestSearchServiceFields(t *testing.T) {
	base := testbedenv.URL(t)
	res := search(t, Search{Type: "SSA"})
	if len(res.Services) != 1 {
		t.Fatalf("services: %+v", res.Services)
	}
	s := res.Services[0]
	if s.IVOID != "ivo://testbed.example/specs/q/ssa" || s.Title != "esodesk testbed spectra (SSAP)" ||
		s.ShortName != "tb SSAP" || s.Publisher != "esodesk testbed" ||
		!strings.HasPrefix(s.Description, "Simple Spectral Access") ||
		strings.Join(s.Wavebands, ",") != "optical,infrared" {
		t.Errorf("service: %+v", s)
	}
	// only the standard interface of the SSA capability, not the web form
	if len(s.Capabilities) != 1 || s.Capabilities[0].Type != TypeSSA ||
		s.Capabilities[0].AccessURL() != base+"/specs/q/ssa/ssap.xml?" ||
		s.Capabilities[0].Interfaces[0].Version != "1.04" {
		t.Errorf("capabilities: %+v", s.Capabilities)
	}
	// the auxiliary TAP capability is not a TAP service
	for _, s := range search(t, Search{Type: TypeTAP}).Services {
		if s.IVOID == "ivo://testbed.example/ir/tap" {
			t.Error("auxiliary capability returned")
		}
	}
	// publishers of other records
	for _, s := range search(t, Search{Type: TypeSCS}).Services {
		want := map[string]string{"ivo://radio.example/survey/cone": "Radio Example Observatory",
			"ivo://testbed.example/dbo/q/cone": "esodesk testbed", "ivo://testbed.example/images/q/cone": "esodesk testbed"}[s.IVOID]
		if s.Publisher != want {
			t.Errorf("%s: publisher %q, want %q", s.IVOID, s.Publisher, want)
		}
	}
}

// Hostile keywords reach the registry as plain text: no ADQL error, no
// match, and the quote in "O'Brien" matches the record that has it.
func TestSearchHostileKeywords(t *testing.T) {
	before := testbedenv.Count(t, "SELECT COUNT(*) FROM rr.resource")
	for _, kw := range []string{"x') OR 1=1 --", "'", "''; DROP TABLE rr.resource", "%", "a_b"} {
		res := search(t, Search{Keywords: []string{kw}})
		if len(res.Services) != 0 && kw != "%" {
			t.Errorf("%q matched %v", kw, ivoids(res))
		}
	}
	if n := testbedenv.Count(t, "SELECT COUNT(*) FROM rr.resource"); n != before || n == 0 {
		t.Errorf("rr.resource has %d rows, %d before the hostile searches", n, before)
	}
	res := search(t, Search{Keywords: []string{"O'Brien's"}})
	if got := ivoids(res); strings.Join(got, " ") != "ivo://xray.example/images/sia" {
		t.Errorf("O'Brien's: %v", got)
	}
}

func TestSearchNothingFound(t *testing.T) {
	res := search(t, Search{Keywords: []string{"nonexistentword"}, Type: TypeTAP})
	if len(res.Services) != 0 || res.Overflow {
		t.Errorf("%+v", res)
	}
}

// The HiPS the testbed registers are found by type hips, exactly those an
// independent ADQL query names (pyvo 1.2.1 knows no HiPS service type), and
// only when asked for: a search without a type, like pyvo's, leaves them out.
func TestSearchHiPS(t *testing.T) {
	url := registry(t)
	q := "SELECT ivoid, access_url FROM rr.interface NATURAL JOIN rr.capability " +
		"WHERE standard_id = 'ivo://ivoa.net/std/hips#hips-1.0'"
	ref, err := tap.New(url, nil).Sync(context.Background(), tap.Query{ADQL: q}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	wantURL := map[string]bool{}
	for r := 0; r < ref.Table.NumRows(); r++ {
		want = append(want, ref.Table.Columns[0].String(r))
		wantURL[ref.Table.Columns[1].String(r)] = true
	}
	want = distinct(want)
	if len(want) == 0 {
		t.Skip("the testbed registers no HiPS yet (its two static HiPS, allsky and images, should be)")
	}
	res := search(t, Search{Type: "HiPS"})
	if got := ivoids(res); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("type hips: %v, the registry says %v", got, want)
	}
	for _, s := range res.Services {
		if len(s.Capabilities) == 0 || s.Capabilities[0].Type != TypeHiPS || !wantURL[s.Capabilities[0].AccessURL()] {
			t.Errorf("%s: capabilities %+v", s.IVOID, s.Capabilities)
		}
	}
	for _, s := range search(t, Search{Keywords: []string{"hips"}}).Services {
		for _, c := range s.Capabilities {
			if c.Type == TypeHiPS {
				t.Errorf("a search without a type returned the HiPS %s", s.IVOID)
			}
		}
	}
}
