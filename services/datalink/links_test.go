package datalink

import (
	"testing"

	"esodesk/services/votable"
)

// Rows carrying error_message are kept; sizes in another unit are scaled to
// bytes; columns found by UCD when a service renames them.
func TestErrorRowsUnitsAndUCDColumns(t *testing.T) {
	fields := []votable.Field{
		{Name: "dataset", Datatype: "char", Arraysize: "*", UCD: "meta.id;meta.main"},
		{Name: "access_url", Datatype: "char", Arraysize: "*"},
		{Name: "error_message", Datatype: "char", Arraysize: "*"},
		{Name: "semantics", Datatype: "char", Arraysize: "*"},
		{Name: "size", Datatype: "long", Unit: "kbyte", UCD: "phys.size;meta.file", Null: "-1"},
	}
	b := votable.NewTable(fields)
	for _, row := range [][]string{
		{"ivo://x/a", "http://h/a.fits", "", "#this", "12"},
		{"ivo://x/a", "", "NotFoundFault: no preview for ivo://x/a", "#preview", "-1"},
		{"ivo://x/a", "http://h/a.png", "", "#thumbnail", ""},
	} {
		if err := b.AppendRow(row); err != nil {
			t.Fatal(err)
		}
	}
	doc := &votable.Document{Resources: []*votable.Resource{{Type: "results", Tables: []*votable.Table{b.Build()}}}}
	ls, err := Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls.Rows) != 3 || ls.Rows[0].ID != "ivo://x/a" || ls.Rows[0].ContentLength != 12000 {
		t.Errorf("rows = %+v", ls.Rows)
	}
	bad := ls.Rows[1]
	if !bad.Failed() || bad.ErrorMessage != "NotFoundFault: no preview for ivo://x/a" || bad.Group() != GroupPreviews || bad.ContentLength != -1 {
		t.Errorf("error row = %+v", bad)
	}
	if ls.Rows[2].ContentLength != -1 || ls.Rows[2].Failed() {
		t.Errorf("thumbnail row = %+v", ls.Rows[2])
	}
	if p := ls.InGroup(GroupPreviews); len(p) != 2 {
		t.Errorf("previews %v", p)
	}
}
