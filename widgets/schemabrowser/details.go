package schemabrowser

import (
	"fmt"
	"strings"
)

// Details texts are plain text so the pane can show them in a selectable
// label: users copy names, UCDs and units from there.

func schemaDetails(s *Schema) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Schema %s\n", s.Name)
	fmt.Fprintf(&b, "Tables: %d\n", len(s.Tables))
	if s.Description != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(s.Description))
	}
	return b.String()
}

func tableDetails(s *Schema, t *Table) string {
	var b strings.Builder
	typ := t.Type
	if typ == "" {
		typ = "table"
	}
	indexed := 0
	for _, c := range t.Columns {
		if c.Indexed {
			indexed++
		}
	}
	fmt.Fprintf(&b, "%s\n", QualifiedName(s.Name, t.Name))
	fmt.Fprintf(&b, "Type: %s\n", typ)
	fmt.Fprintf(&b, "Columns: %d (%d indexed)\n", len(t.Columns), indexed)
	if t.Description != "" {
		fmt.Fprintf(&b, "Description: %s\n", strings.TrimSpace(t.Description))
	}
	if len(t.ForeignKeys) > 0 {
		b.WriteString("Foreign keys:\n")
		for _, fk := range t.ForeignKeys {
			fmt.Fprintf(&b, "  → %s (%s)", fk.TargetTable, keyPairs(fk))
			if fk.Description != "" {
				fmt.Fprintf(&b, ": %s", strings.TrimSpace(fk.Description))
			}
			b.WriteString("\n")
		}
	}
	if indexed > 0 {
		b.WriteString("\nConstraints on indexed columns (marked \"indexed\") make queries on large tables much faster.\n")
	}
	return b.String()
}

// keyPairs renders "from = target, from2 = target2".
func keyPairs(fk ForeignKey) string {
	n := max(len(fk.From), len(fk.Target))
	pairs := make([]string, n)
	for i := range n {
		from, target := "?", "?"
		if i < len(fk.From) {
			from = fk.From[i]
		}
		if i < len(fk.Target) {
			target = fk.Target[i]
		}
		pairs[i] = from + " = " + target
	}
	return strings.Join(pairs, ", ")
}

func columnDetails(s *Schema, t *Table, c *Column) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", c.Name)
	fmt.Fprintf(&b, "Table: %s\n", QualifiedName(s.Name, t.Name))
	fmt.Fprintf(&b, "Datatype: %s\n", datatypeText(c))
	fmt.Fprintf(&b, "Unit: %s\n", orDash(c.Unit))
	fmt.Fprintf(&b, "UCD: %s\n", orDash(c.UCD))
	fmt.Fprintf(&b, "Utype: %s\n", orDash(c.Utype))
	fmt.Fprintf(&b, "Xtype: %s\n", orDash(c.Xtype))
	fmt.Fprintf(&b, "Flags: %s\n", columnFlags(c))
	if c.Description != "" {
		fmt.Fprintf(&b, "Description: %s\n", strings.TrimSpace(c.Description))
	}
	if c.Indexed {
		b.WriteString("\nIndexed: constraints on this column are fast, even on large tables.\n")
	} else {
		b.WriteString("\nNot indexed: a constraint on this column alone may scan the whole table (slow on large ESO tables); combine it with an indexed column.\n")
	}
	return b.String()
}

func datatypeText(c *Column) string {
	dt := orDash(c.Datatype)
	if c.Arraysize != "" {
		dt += "[" + c.Arraysize + "]"
	}
	return dt
}

func columnFlags(c *Column) string {
	var flags []string
	if c.Indexed {
		flags = append(flags, "indexed")
	}
	if c.Primary {
		flags = append(flags, "primary key")
	}
	if c.Principal {
		flags = append(flags, "principal")
	}
	if c.Nullable {
		flags = append(flags, "nullable")
	}
	if len(flags) == 0 {
		return "none"
	}
	return strings.Join(flags, ", ")
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// firstLine shortens a description for a tree row.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return s
}
