package standin

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"esodesk/internal/testbedenv"
)

// TestCalSelectorTestbedCases finds, in the DaCHS testbed's dbo.raw, one
// SCIENCE frame per CalSelector case, the way app tests can: query dbo.raw,
// ask the endpoint, read the flags.
func TestCalSelectorTestbedCases(t *testing.T) {
	base := testbedenv.URL(t)
	tap := strings.TrimRight(base, "/") + "/tap"
	frames, err := loadArchive(context.Background(), tap)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(Options{ArchiveTAP: tap}))
	defer srv.Close()
	found := map[string]string{}
	for _, f := range frames {
		if f.Category != "SCIENCE" {
			continue
		}
		for _, mode := range []string{"Raw2Raw", "Raw2Master"} {
			a := tree(t, srv.URL, f.DPID, mode)
			cases := map[string]bool{
				"complete":    !a.Incomplete() && !a.Uncertified() && !a.Extended(),
				"incomplete":  a.Incomplete(),
				"uncertified": a.Uncertified(),
				"extended":    a.Extended(),
				"downgraded":  mode == "Raw2Master" && a.ExecutedMode() == "Raw2Raw",
				"siblings":    len(a.MainFiles) > 1,
			}
			for c, ok := range cases {
				if ok && found[c] == "" {
					found[c] = f.DPID + " (" + mode + ")"
				}
			}
		}
	}
	for _, c := range []string{"complete", "incomplete", "uncertified", "extended", "downgraded", "siblings"} {
		if found[c] == "" {
			t.Errorf("the testbed has no frame for the %s case", c)
		} else {
			t.Logf("%-11s %s   %s?%s", c, found[c], CalSelectorPath, url.Values{"dp_id": {strings.Fields(found[c])[0]}}.Encode())
		}
	}
}
