package cli

import (
	"context"
	"strings"
	"testing"

	"esodesk/internal/testbedenv"
	"esodesk/services/scs"
	"esodesk/services/votable"
)

func TestConeUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"cone"},
		{"cone", "--ra", "1", "--dec", "2", "--sr", "0.1"},
		{"cone", "--service", "http://x/scs", "--ra", "1", "--dec", "2"},
		{"cone", "--service", "http://x/scs", "--ra", "1", "--dec", "2", "--sr", "-1"},
		{"cone", "--service", "http://x/scs", "--ra", "1", "--dec", "95", "--sr", "1"},
		{"cone", "--service", "http://x/scs", "--ra", "1", "--dec", "2", "--sr", "1", "--verb", "4"},
		{"cone", "--service", "http://x/scs", "--ra", "1", "--dec", "2", "--sr", "1", "--format", "json"},
		{"cone", "--service", "ftp://x", "--ra", "1", "--dec", "2", "--sr", "1"},
	} {
		code, out, errText := run(t, args...)
		if code != ExitUsage || out != "" || !strings.Contains(errText, "usage: esodesk cone") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errText)
		}
	}
}

func TestConeSendsAndWrites(t *testing.T) {
	s := newVOServer(t, obsCoreAnswer)
	code, out, errText := run(t, "cone", "--service", s.URL+"/scs?CAT=x", "--ra", "10.5", "--dec", "-30", "--sr", "0.2", "--verb", "3")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	sent := s.last()
	if sent.Get("RA") != "10.5" || sent.Get("DEC") != "-30" || sent.Get("SR") != "0.2" || sent.Get("VERB") != "3" || sent.Get("CAT") != "x" {
		t.Errorf("sent %v", sent)
	}
	if !strings.HasPrefix(out, "obs_publisher_did,") || strings.Count(out, "\n") != 3 || !strings.Contains(errText, "Warning: first 2 rows") {
		t.Errorf("stdout %q stderr %q", out, errText)
	}
	e := newVOServer(t, `<VOTABLE version="1.1"><RESOURCE><INFO name="Error" value="SR too large"/></RESOURCE></VOTABLE>`)
	code, _, errText = run(t, "cone", "--service", e.URL, "--ra", "1", "--dec", "2", "--sr", "1")
	if code != ExitError || !strings.Contains(errText, "esodesk cone: cone search failed: SR too large") {
		t.Errorf("error: exit %d, %q", code, errText)
	}
}

// Against the testbed's cone search over dbo.raw: the CSV has the rows the
// client gets.
func TestConeTestbedCSV(t *testing.T) {
	url := testbedenv.URL(t) + "/dbo/q/cone/scs.xml"
	code, out, errText := run(t, "cone", "--service", url, "--ra", "10", "--dec", "-30", "--sr", "20")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	res, err := scs.New(url, nil).Search(context.Background(), scs.Query{RA: 10, Dec: -30, SR: 20})
	if err != nil {
		t.Fatal(err)
	}
	var want strings.Builder
	if err := votable.WriteCSV(&want, res.Table, nil, nil); err != nil {
		t.Fatal(err)
	}
	if res.Table.NumRows() == 0 || out != want.String() {
		t.Errorf("%d rows; CSV differs from the client's table", res.Table.NumRows())
	}
}
