package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// voServer answers every request with body and keeps the parameters sent.
type voServer struct {
	*httptest.Server
	mu   sync.Mutex
	sent []url.Values
}

func newVOServer(t *testing.T, body string) *voServer {
	s := &voServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		s.mu.Lock()
		s.sent = append(s.sent, r.Form)
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-votable+xml")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *voServer) last() url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent[len(s.sent)-1]
}

const obsCoreAnswer = `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results">
<INFO name="QUERY_STATUS" value="OK"/>
<TABLE>
<FIELD name="obs_publisher_did" datatype="char" arraysize="*"/>
<FIELD name="dataproduct_type" datatype="char" arraysize="*"/>
<FIELD name="s_ra" datatype="double"/>
<FIELD name="s_dec" datatype="double"/>
<DATA><TABLEDATA>
<TR><TD>ivo://x/a</TD><TD>image</TD><TD>10.5</TD><TD>-30</TD></TR>
<TR><TD>ivo://x/b</TD><TD>cube</TD><TD>10.6</TD><TD>-30.1</TD></TR>
</TABLEDATA></DATA></TABLE>
<INFO name="QUERY_STATUS" value="OVERFLOW"/>
</RESOURCE></VOTABLE>`

func TestSIAUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"sia"},
		{"sia", "--service", "eso"},
		{"sia", "--pos", "1,2,3"},
		{"sia", "--service", "ftp://x", "--pos", "1,2,0.1"},
		{"sia", "--service", "eso", "--pos", "1,2"},
		{"sia", "--service", "eso", "--pos", "1,2,0"},
		{"sia", "--service", "eso", "--pos", "1,2,0.1", "--band", "7e-7,6e-7"},
		{"sia", "--service", "eso", "--pos", "1,2,0.1", "--dptype", "spectrum"},
		{"sia", "--service", "eso", "--pos", "1,2,0.1", "--format", "fits"},
		{"sia", "--service", "http://x/sia", "--pos", "1,2,0.1", "--adql"},
		{"sia", "--service", "eso", "--pos", "1,2,0.1", "stray"},
	} {
		code, out, errText := run(t, args...)
		if code != ExitUsage || out != "" || !strings.Contains(errText, "usage: esodesk sia") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errText)
		}
	}
	if _, _, errText := run(t, "sia", "--service", "eso", "--pos", "1,2,0"); !strings.Contains(errText, "POS: the radius must be > 0 degrees") {
		t.Errorf("radius message: %s", errText)
	}
}

// The ADQL for ESO, checked by hand: images and cubes overlapping the
// cone, the band and the open-ended time, both collections.
func TestSIAPrintsESOADQL(t *testing.T) {
	code, out, errText := run(t, "sia", "--service", "eso", "--pos", "150,2.2,0.05", "--band", "6.5e-7,6.6e-7",
		"--time", "58000,", "--collection", "MUSE", "--collection", "O'Brien", "--maxrec", "20", "--adql")
	want := "SELECT TOP 20 * FROM ivoa.ObsCore WHERE dataproduct_type IN ('image', 'cube')" +
		" AND INTERSECTS(s_region, CIRCLE('ICRS', 150, 2.2, 0.05)) = 1 AND em_min <= 6.6e-07 AND em_max >= 6.5e-07" +
		" AND t_max >= 58000 AND obs_collection IN ('MUSE', 'O''Brien')\n"
	if code != ExitOK || out != want {
		t.Errorf("exit %d (%s)\n got %q\nwant %q", code, errText, out, want)
	}
}

func TestSIAService(t *testing.T) {
	s := newVOServer(t, obsCoreAnswer)
	code, out, errText := run(t, "sia", "--service", s.URL+"/sia", "--pos", "10.5,-30,0.2", "--band", ",1e-6",
		"--collection", "A", "--collection", "B", "--instrument", "MUSE", "--dptype", "cube", "--maxrec", "2")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	sent := s.last()
	if sent.Get("POS") != "CIRCLE 10.5 -30 0.2" || sent.Get("BAND") != "-Inf 1e-06" || strings.Join(sent["COLLECTION"], ",") != "A,B" ||
		sent.Get("INSTRUMENT") != "MUSE" || sent.Get("DPTYPE") != "cube" || sent.Get("MAXREC") != "2" {
		t.Errorf("sent %v", sent)
	}
	want := "obs_publisher_did,dataproduct_type,s_ra,s_dec\nivo://x/a,image,10.5,-30\nivo://x/b,cube,10.6,-30.1\n"
	if strings.ReplaceAll(out, "\r\n", "\n") != want {
		t.Errorf("stdout %q", out)
	}
	if !strings.Contains(errText, "2 rows") || !strings.Contains(errText, "MAXREC=2") {
		t.Errorf("stderr %q", errText)
	}
	code, out, _ = run(t, "sia", "--service", s.URL, "--pos", "10.5,-30,0.2", "--format", "votable")
	if code != ExitOK || !strings.Contains(out, "<VOTABLE") || !strings.Contains(out, "ivo://x/b") {
		t.Errorf("votable: exit %d, %q", code, out)
	}
}

// --service eso runs the ADQL on ESO's TAP (here ESODESK_TAP_OBS_URL).
func TestSIAESOUsesTAP(t *testing.T) {
	s := newVOServer(t, obsCoreAnswer)
	t.Setenv("ESODESK_TAP_OBS_URL", s.URL+"/tap")
	code, out, errText := run(t, "sia", "--service", "eso", "--pos", "10.5,-30,0.2", "--instrument", "MUSE", "--maxrec", "5")
	if code != ExitOK || !strings.Contains(out, "ivo://x/b") {
		t.Fatalf("exit %d: %s", code, errText)
	}
	sent := s.last()
	if !strings.HasPrefix(sent.Get("QUERY"), "SELECT TOP 6 * FROM ivoa.ObsCore") || !strings.Contains(sent.Get("QUERY"), "instrument_name = 'MUSE'") ||
		sent.Get("MAXREC") != "5" {
		t.Errorf("sent %v", sent)
	}
}

func TestSIAServiceError(t *testing.T) {
	s := newVOServer(t, `<VOTABLE version="1.4"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">UsageFault: bad POS</INFO></RESOURCE></VOTABLE>`)
	code, out, errText := run(t, "sia", "--service", s.URL, "--pos", "1,2,0.1")
	if code != ExitError || out != "" || !strings.Contains(errText, "esodesk sia: SIA query failed: UsageFault: bad POS") {
		t.Errorf("exit %d, %q, %q", code, out, errText)
	}
}
