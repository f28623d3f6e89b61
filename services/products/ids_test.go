package products

import (
	"slices"
	"strings"
	"testing"

	"esodesk/services/votable"
)

// table parses a VOTable whose second column holds cells; "ADP.0" is its
// null value, so that a null read as text would pass for a product id.
func table(t *testing.T, column string, cells ...string) *votable.Table {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<VOTABLE version="1.4"><RESOURCE type="results"><TABLE><FIELD name="obs_id" datatype="char" arraysize="*"/>`)
	b.WriteString(`<FIELD name="` + column + `" datatype="char" arraysize="*"><VALUES null="ADP.0"/></FIELD><DATA><TABLEDATA>`)
	for _, c := range cells {
		b.WriteString("<TR><TD>x</TD><TD>" + c + "</TD></TR>")
	}
	b.WriteString(`</TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`)
	doc, err := votable.Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return doc.ResultsTable()
}

func TestIDsOf(t *testing.T) {
	obscore := table(t, "dp_id",
		"ADP.2020-01-01T00:00:00.001", // 0
		"  ADP.2020-01-01T00:00:00.002 ",
		"ADP.2020-01-01T00:00:00.001",  // 2: again
		"~",                            // 3: null
		"UVES.2019-05-01T01:02:03.004", // 4: a raw frame, not a product
		"ADP.2020-01-01T00:00:00.003",
	)
	for _, c := range []struct {
		rows []int
		max  int
		want []string
	}{
		{[]int{0, 1, 2, 3, 4, 5}, 200, []string{"ADP.2020-01-01T00:00:00.001", "ADP.2020-01-01T00:00:00.002", "ADP.2020-01-01T00:00:00.003"}},
		{[]int{5, 0}, 0, []string{"ADP.2020-01-01T00:00:00.003", "ADP.2020-01-01T00:00:00.001"}},
		{[]int{0, 2, 1, 5}, 2, []string{"ADP.2020-01-01T00:00:00.001", "ADP.2020-01-01T00:00:00.002"}},
		{[]int{3, 4, -1, 99}, 10, nil},
		{nil, 10, nil},
	} {
		if got := IDsOf(obscore, c.rows, c.max); !slices.Equal(got, c.want) {
			t.Errorf("IDsOf(rows %v, max %d) = %q, want %q", c.rows, c.max, got, c.want)
		}
	}
	files := table(t, "product_id", "ADP.1", "ADP.2")
	if got := IDsOf(files, []int{1}, 5); !slices.Equal(got, []string{"ADP.2"}) {
		t.Errorf("product_id column: %q", got)
	}
	if got := IDsOf(table(t, "target", "ADP.1"), []int{0}, 5); got != nil {
		t.Errorf("no id column: %q", got)
	}
	if IDsOf(nil, []int{0}, 5) != nil {
		t.Error("nil table")
	}
}
