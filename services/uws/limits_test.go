package uws

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"esodesk/internal/xmlguard"
)

const uwsNS = `xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0"`

// 200,000 nested elements took encoding/xml 48 MB (a record per open
// element) before the guard; now the parse stops at level 65.
func TestHostileJobDocuments(t *testing.T) {
	const n = 200_000
	deep := func(root, open, end string) string {
		return "<uws:" + root + " " + uwsNS + ">" + strings.Repeat(open, n) + strings.Repeat(end, n) + "</uws:" + root + ">"
	}
	cases := []struct {
		name, doc, want string
		parse           func(string) error
	}{
		{"job, unknown elements", deep("job", "<a>", "</a>"), "the UWS job document nests elements 65 deep (at <a>, line 1)", parseJob},
		{"job, parameters", deep("job", "<uws:parameters><uws:parameter id='p'>", "</uws:parameter></uws:parameters>"),
			"the UWS job document nests elements 65 deep (at <parameter>, line 1)", parseJob},
		{"job list, jobrefs", deep("jobs", "<uws:jobref id='j'>", "</uws:jobref>"), "the UWS job list nests elements 65 deep (at <jobref>, line 1)", parseList},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := c.parse(c.doc)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, xmlguard.ErrLimit) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
				t.Errorf("allocated %d kB to refuse", alloc>>10)
			}
		})
	}
}

func parseJob(doc string) error {
	_, err := ParseJob(strings.NewReader(doc))
	return err
}

func parseList(doc string) error {
	_, err := ParseJobList(strings.NewReader(doc))
	return err
}
