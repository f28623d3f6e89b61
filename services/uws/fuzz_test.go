package uws

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"esodesk/internal/fixtures"
)

// FuzzParseUWS feeds the same bytes to ParseJob and ParseJobList: neither
// may panic, and what they accept comes out trimmed as documented.
func FuzzParseUWS(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><uws:jobs xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1">
<uws:jobref id="a1" xlink:href="http://h/tap/async/a1"><uws:phase>completed</uws:phase><uws:runId>mine</uws:runId><uws:creationTime>2024-05-01T10:00:00.5Z</uws:creationTime></uws:jobref></uws:jobs>`))
	f.Add([]byte(`<uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"><uws:jobId> 7 </uws:jobId><uws:phase>ERROR</uws:phase>
<uws:parameters><uws:parameter id="QUERY">SELECT 1</uws:parameter></uws:parameters>
<uws:results><uws:result id="result" xlink:href="r" size="12"/></uws:results>
<uws:errorSummary type="fatal" hasDetail="true"><uws:message> it  broke </uws:message></uws:errorSummary></uws:job>`))
	if dir := fixtures.Dir(); dir != "" {
		files, _ := filepath.Glob(filepath.Join(dir, "pyvo", "uws", "*.xml"))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if j, err := ParseJob(bytes.NewReader(data)); err == nil {
			if j.JobID != strings.TrimSpace(j.JobID) || string(j.Phase) != strings.ToUpper(strings.TrimSpace(string(j.Phase))) {
				t.Fatalf("job id %q, phase %q: not trimmed", j.JobID, j.Phase)
			}
			for _, p := range j.Parameters {
				if p.Value != strings.TrimSpace(p.Value) {
					t.Fatalf("parameter %+v: not trimmed", p)
				}
				j.Param(p.ID)
			}
			for _, r := range j.Results {
				if j.Result(r.ID) == nil {
					t.Fatalf("result %q not found by Result", r.ID)
				}
			}
			j.Phase.Final()
		}
		if refs, err := ParseJobList(bytes.NewReader(data)); err == nil {
			for _, r := range refs {
				if r.ID != strings.TrimSpace(r.ID) || r.Href != strings.TrimSpace(r.Href) {
					t.Fatalf("job ref %+v: not trimmed", r)
				}
			}
		}
	})
}
