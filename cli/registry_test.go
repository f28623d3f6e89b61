package cli

import (
	"context"
	"strings"
	"testing"

	"esodesk/internal/testbedenv"
	"esodesk/services/regtap"
	"esodesk/services/votable"
)

func TestRegistryUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"registry", "--type", "slap"},
		{"registry", "--format", "json"},
		{"registry", "--registry", "ftp://x"},
		{"registry", "stray"},
		{"registry", "--maxrec", "-1"},
	} {
		code, out, errText := run(t, args...)
		if code != ExitUsage || out != "" || !strings.Contains(errText, "usage: esodesk registry") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errText)
		}
	}
	if code, _, errText := run(t, "registry", "-h"); code != ExitOK || !strings.Contains(errText, "--waveband") {
		t.Errorf("-h: exit %d, %q", code, errText)
	}
}

// The CSV rows are the client's services, one per capability, and the
// registry comes from ESODESK_TESTBED_URL when nothing else is set.
func TestRegistryCSVMatchesClient(t *testing.T) {
	url := testbedenv.URL(t) + "/tap"
	t.Setenv("ESODESK_REGISTRY_URL", "")
	for _, c := range []struct {
		args   []string
		search regtap.Search
	}{
		{[]string{"--type", "scs"}, regtap.Search{Type: "scs"}},
		{[]string{"--keyword", "spectra"}, regtap.Search{Keywords: []string{"spectra"}}},
		{[]string{"--waveband", "Infrared", "--type", "TAP"}, regtap.Search{Waveband: "infrared", Type: "tap"}},
		{[]string{"--keyword", "O'Brien's", "--keyword", "images"}, regtap.Search{Keywords: []string{"O'Brien's", "images"}}},
	} {
		code, out, errText := run(t, append([]string{"registry", "--format", "csv"}, c.args...)...)
		if code != ExitOK {
			t.Fatalf("%v: exit %d: %s", c.args, code, errText)
		}
		res, err := regtap.New(url, nil).Search(context.Background(), c.search)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"ivoid,title,type,access_url,short_name,publisher,waveband"}
		for _, s := range res.Services {
			for _, cp := range s.Capabilities {
				want = append(want, strings.Join([]string{s.IVOID, s.Title, cp.Type, cp.AccessURL(),
					s.ShortName, s.Publisher, strings.Join(s.Wavebands, "#")}, ","))
			}
		}
		got := strings.Split(strings.TrimRight(strings.ReplaceAll(out, "\r\n", "\n"), "\n"), "\n")
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%v:\ngot\n%s\nwant\n%s", c.args, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if len(res.Services) == 0 {
			t.Errorf("%v: the testbed registry found nothing", c.args)
		}
		if !strings.Contains(errText, "Searching "+url) {
			t.Errorf("%v: stderr %q", c.args, errText)
		}
	}
}

func TestRegistryTextAndVOTable(t *testing.T) {
	base := testbedenv.URL(t)
	code, out, errText := run(t, "registry", "--registry", base+"/tap", "--type", "ssa")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "IVOID") ||
		strings.Join(strings.Fields(lines[1]), " ") != "ivo://testbed.example/specs/q/ssa ssa "+base+"/specs/q/ssa/ssap.xml? esodesk testbed spectra (SSAP)" {
		t.Errorf("text output:\n%s", out)
	}
	if !strings.Contains(errText, "1 service in") {
		t.Errorf("stderr %q", errText)
	}

	code, out, errText = run(t, "registry", "--registry", base+"/tap", "--type", "sia", "--format", "votable")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	doc, err := votable.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	tb := doc.ResultsTable()
	if tb.NumRows() != 2 || tb.FieldIndex("access_url") != 3 {
		t.Fatalf("VOTable: %d rows, fields %+v", tb.NumRows(), tb.Fields)
	}
	for r := 0; r < tb.NumRows(); r++ {
		if typ := tb.Columns[2].String(r); typ != "sia" {
			t.Errorf("row %d type %q", r, typ)
		}
	}

	// a hostile keyword is just a word nobody uses
	code, out, errText = run(t, "registry", "--registry", base+"/tap", "--keyword", "x') OR 1=1 --", "--format", "csv")
	if code != ExitOK || strings.Count(out, "\n") != 1 || !strings.Contains(errText, "0 services") {
		t.Errorf("hostile keyword: exit %d, out %q, err %q", code, out, errText)
	}
}

func TestRegistryUnreachable(t *testing.T) {
	code, out, errText := run(t, "registry", "--registry", "http://127.0.0.1:9/tap", "--type", "tap")
	if code != ExitError || out != "" || !strings.Contains(errText, "esodesk registry:") {
		t.Errorf("exit %d, out %q, err %q", code, out, errText)
	}
}
