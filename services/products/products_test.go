package products

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"esodesk/internal/testbedenv"
	"esodesk/services/tap"
)

// The files of some testbed products equal what an independent query of
// the whole table says about them; unknown ids add nothing.
func TestFilesAgainstTestbed(t *testing.T) {
	base := testbedenv.URL(t)
	svc := tap.New(strings.TrimRight(base, "/")+"/tap", nil)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	all, err := svc.Sync(ctx, tap.Query{ADQL: "SELECT product_id, archive_id, eso_category, access_estsize FROM phase3v2.product_files"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	tab := all.Table
	want := map[string][]string{} // product → "archive category size"
	for r := 0; r < tab.NumRows(); r++ {
		p := tab.Columns[0].String(r)
		want[p] = append(want[p], fmt.Sprintf("%s %s %s000", tab.Columns[1].String(r), tab.Columns[2].String(r), tab.Columns[3].String(r)))
	}
	var ids []string
	for p := range want {
		ids = append(ids, p)
		if len(ids) == 3 {
			break
		}
	}
	if len(ids) < 3 {
		t.Fatalf("testbed has %d products with files", len(want))
	}
	files, err := Files(ctx, svc, append(ids, "ADP.NOT-A-PRODUCT"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, f := range files {
		got[f.ProductID] = append(got[f.ProductID], fmt.Sprintf("%s %s %d", f.ArchiveID, f.Category, f.Size))
		if f.URL == "" || f.OriginalName == "" || f.Extension == "" {
			t.Errorf("incomplete row %+v", f)
		}
		if f.Estimated != (f.Size >= 0) {
			t.Errorf("%s: access_estsize read as exact", f.ArchiveID)
		}
	}
	if len(got) != 3 {
		t.Errorf("files of %d products, want 3", len(got))
	}
	for _, p := range ids {
		if len(got[p]) != len(want[p]) {
			t.Errorf("%s: %d files, want %d", p, len(got[p]), len(want[p]))
			continue
		}
		seen := map[string]bool{}
		for _, s := range want[p] {
			seen[s] = true
		}
		for _, s := range got[p] {
			if !seen[s] {
				t.Errorf("%s: %q not in the table", p, s)
			}
		}
	}
	if c := Categories(files); c["ANCILLARY.PREVIEW"] == 0 {
		t.Errorf("no previews among %v", c)
	}
}
