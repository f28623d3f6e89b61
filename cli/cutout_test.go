package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"esodesk/services/esoauth"
)

// cutoutServer is a DataLink endpoint (/links) whose #cutout row points at
// an ESO-shaped SODA descriptor (ID, CIRCLE, BAND) served at /soda/sync.
type cutoutServer struct {
	*httptest.Server
	mu        sync.Mutex
	linksIDs  []string
	cutParams []url.Values
}

const fitsBody = "SIMPLE  =                    T / a stand-in cutout"

func newCutoutServer(t *testing.T) *cutoutServer {
	s := &cutoutServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("/links", func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Query().Get("ID")
		s.mu.Lock()
		s.linksIDs = append(s.linksIDs, id)
		s.mu.Unlock()
		dp := strings.TrimPrefix(id, "ivo://eso.org/ID?")
		w.Header().Set("Content-Type", "application/x-votable+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/><TABLE>
<FIELD ID="ID" name="ID" datatype="char" arraysize="*"/>
<FIELD name="access_url" datatype="char" arraysize="*"/>
<FIELD name="service_def" datatype="char" arraysize="*"/>
<FIELD name="error_message" datatype="char" arraysize="*"/>
<FIELD name="semantics" datatype="char" arraysize="*"/>
<FIELD name="description" datatype="char" arraysize="*"/>
<FIELD name="content_type" datatype="char" arraysize="*"/>
<FIELD name="content_length" datatype="long"/>
<DATA><TABLEDATA>
<TR><TD>%[1]s</TD><TD>%[3]s/file/%[2]s</TD><TD/><TD/><TD>#this</TD><TD/><TD>application/fits</TD><TD>100</TD></TR>
<TR><TD>%[1]s</TD><TD/><TD>%[2]s_soda</TD><TD/><TD>#cutout</TD><TD>Cutout of #this (SODA-sync)</TD><TD>application/fits</TD><TD/></TR>
</TABLEDATA></DATA></TABLE></RESOURCE>
<RESOURCE type="meta" utype="adhoc:service" ID="%[2]s_soda">
<PARAM name="standardID" datatype="char" arraysize="*" value="ivo://ivoa.net/std/SODA#sync-1.0"/>
<PARAM name="accessURL" datatype="char" arraysize="*" value="%[3]s/soda/sync"/>
<GROUP name="inputParams">
<PARAM name="ID" datatype="char" arraysize="*" value="%[2]s"/>
<PARAM name="CIRCLE" datatype="double" arraysize="3" unit="deg" xtype="circle" value=""/>
<PARAM name="BAND" datatype="double" arraysize="2" unit="m" xtype="interval" value=""/>
</GROUP></RESOURCE></VOTABLE>`, id, dp, "http://"+r.Host)
	})
	mux.HandleFunc("/soda/sync", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.cutParams = append(s.cutParams, r.URL.Query())
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/fits")
		fmt.Fprint(w, fitsBody)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	t.Setenv("ESODESK_DATALINK_URL", s.URL+"/links")
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // the journal
	t.Setenv("HOME", t.TempDir())
	tokenFile := filepath.Join(t.TempDir(), "eso-token.json")
	old := tokenStore
	tokenStore = func() (*esoauth.Store, error) { return &esoauth.Store{FilePath: tokenFile}, nil }
	t.Cleanup(func() { tokenStore = old })
	return s
}

func TestCutoutUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"cutout"},
		{"cutout", "ADP.1"},
		{"cutout", "ADP.1", "ADP.2", "--circle", "1,2,0.1"},
		{"cutout", "ADP.1", "--circle", "1,2"},
		{"cutout", "ADP.1", "--circle", "1,2,0"},
		{"cutout", "ADP.1", "--circle", "1,2,0.1", "--band", "7e-7,6e-7"},
		{"cutout", "ADP.1", "--circle", "1,2,0.1", "--datalink", "ftp://x"},
		{"cutout", "ivo://org.example/data?x", "--circle", "1,2,0.1"},
	} {
		code, out, errText := run(t, args...)
		if code != ExitUsage || out != "" || !strings.Contains(errText, "usage: esodesk cutout") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errText)
		}
	}
	if _, _, errText := run(t, "cutout", "ADP.1", "--circle", "1,2,0"); !strings.Contains(errText, "CIRCLE: the radius must be > 0 degrees") {
		t.Errorf("radius message: %s", errText)
	}
}

// An ESO dp_id: its DataLink from ESODESK_DATALINK_URL, the SODA request
// built from the #cutout descriptor, the file downloaded as <id>_cutout.fits.
func TestCutoutDownloads(t *testing.T) {
	s := newCutoutServer(t)
	dir := t.TempDir()
	const dp = "ADP.2019-02-11T13:02:25.291"
	code, out, errText := run(t, "cutout", dp, "--circle", "53.1,-27.8,0.01", "--band", "6.55e-7,6.58e-7", "--dir", dir)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errText)
	}
	if len(s.linksIDs) != 1 || s.linksIDs[0] != "ivo://eso.org/ID?"+dp {
		t.Errorf("DataLink asked for %v", s.linksIDs)
	}
	if len(s.cutParams) != 1 {
		t.Fatalf("SODA requests: %v", s.cutParams)
	}
	p := s.cutParams[0]
	if len(p) != 3 || p.Get("ID") != dp || p.Get("CIRCLE") != "53.1 -27.8 0.01" || p.Get("BAND") != "6.55e-07 6.58e-07" {
		t.Errorf("SODA parameters %v", p)
	}
	path := strings.TrimSpace(out)
	if filepath.Dir(path) != dir || !strings.HasSuffix(path, "_cutout.fits") || !strings.HasPrefix(filepath.Base(path), "ADP.2019-02-11T13") {
		t.Errorf("stdout %q", out)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != fitsBody {
		t.Errorf("file: %v %q", err, b)
	}
	if !strings.Contains(errText, "Cutout: ") || !strings.Contains(errText, "1 downloaded") {
		t.Errorf("stderr %q", errText)
	}
}

// A publisher DID with --datalink, and a DataLink without a cutout service.
func TestCutoutDataLinkEndpoint(t *testing.T) {
	s := newCutoutServer(t)
	dir := t.TempDir()
	code, _, errText := run(t, "cutout", "ivo://org.example/data?x/y", "--datalink", s.URL+"/links", "--circle", "1,2,0.1", "--dir", dir)
	if code != ExitOK || len(s.linksIDs) != 1 || s.linksIDs[0] != "ivo://org.example/data?x/y" {
		t.Fatalf("exit %d (%s), DataLink asked for %v", code, errText, s.linksIDs)
	}
	// the ID the descriptor gives; the file named after its last part
	if p := s.cutParams[0]; p.Get("ID") != "ivo://org.example/data?x/y" {
		t.Errorf("SODA parameters %v", p)
	}
	if _, err := os.Stat(filepath.Join(dir, "y_cutout.fits")); err != nil {
		t.Error(err)
	}
	other := newVOServer(t, `<VOTABLE version="1.4"><RESOURCE type="results"><TABLE>
<FIELD name="ID" datatype="char" arraysize="*"/><FIELD name="access_url" datatype="char" arraysize="*"/>
<FIELD name="service_def" datatype="char" arraysize="*"/><FIELD name="error_message" datatype="char" arraysize="*"/>
<FIELD name="semantics" datatype="char" arraysize="*"/>
<DATA><TABLEDATA><TR><TD>x</TD><TD>http://x/f</TD><TD/><TD/><TD>#this</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`)
	code, _, errText = run(t, "cutout", other.URL+"/links?ID=x", "--circle", "1,2,0.1", "--dir", dir)
	if code != ExitError || !strings.Contains(errText, "offers no cutout") {
		t.Errorf("no cutout: exit %d, %q", code, errText)
	}
}
