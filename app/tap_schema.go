package app

import (
	"esodesk/services/tap"
	"esodesk/widgets/schemabrowser"
)

// browserModel converts the VOSI tableset into the schema browser's model.
func browserModel(set *tap.TableSet) []schemabrowser.Schema {
	out := make([]schemabrowser.Schema, 0, len(set.Schemas))
	for _, s := range set.Schemas {
		bs := schemabrowser.Schema{Name: s.Name, Description: s.Description}
		for _, t := range s.Tables {
			bt := schemabrowser.Table{Name: t.Name, Description: t.Description, Type: t.Type}
			for _, c := range t.Columns {
				bt.Columns = append(bt.Columns, schemabrowser.Column{
					Name: c.Name, Description: c.Description,
					Datatype: c.Datatype, Arraysize: c.Arraysize, Xtype: c.Xtype,
					Unit: c.Unit, UCD: c.UCD, Utype: c.Utype,
					Indexed: c.Indexed, Primary: c.Primary, Nullable: c.Nullable,
					Principal: hasFlag(c.Flags, "principal"),
				})
			}
			for _, fk := range t.ForeignKeys {
				bfk := schemabrowser.ForeignKey{TargetTable: fk.TargetTable, Description: fk.Description}
				for _, pair := range fk.Columns {
					bfk.From = append(bfk.From, pair.From)
					bfk.Target = append(bfk.Target, pair.Target)
				}
				bt.ForeignKeys = append(bt.ForeignKeys, bfk)
			}
			bs.Tables = append(bs.Tables, bt)
		}
		out = append(out, bs)
	}
	return out
}

func hasFlag(flags []string, want string) bool {
	for _, f := range flags {
		if f == want {
			return true
		}
	}
	return false
}
