package schemabrowser

import (
	"sort"
	"strings"
	"sync"
)

// catalog is the browser's read-only copy of the model: schemas and tables
// sorted by name (columns keep the service's order, which is meaningful),
// plus a lower-cased search index built on first use. After newCatalog
// returns nothing mutates it except the index, which sync.Once guards, so a
// filter goroutine may read it while the UI goroutine does too.
type catalog struct {
	schemas     []Schema
	totalTables int

	indexOnce sync.Once
	index     []schemaIndex
}

type schemaIndex struct {
	name, desc string
	tables     []tableIndex
}

type tableIndex struct {
	full, desc string
	cols       []colIndex
}

type colIndex struct{ name, desc string }

func newCatalog(in []Schema) *catalog {
	c := &catalog{schemas: make([]Schema, len(in))}
	for i, s := range in {
		s.Tables = append([]Table(nil), s.Tables...)
		sort.SliceStable(s.Tables, func(a, b int) bool {
			return strings.ToLower(s.Tables[a].Name) < strings.ToLower(s.Tables[b].Name)
		})
		c.schemas[i] = s
		c.totalTables += len(s.Tables)
	}
	sort.SliceStable(c.schemas, func(a, b int) bool {
		return schemaSortKey(c.schemas[a].Name) < schemaSortKey(c.schemas[b].Name)
	})
	return c
}

// schemaSortKey sorts by name but puts TAP_SCHEMA (metadata about the
// service, rarely what a user looks for) last.
func schemaSortKey(name string) string {
	if strings.EqualFold(name, "TAP_SCHEMA") {
		return "\xff" + strings.ToLower(name)
	}
	return strings.ToLower(name)
}

// searchIndex returns the lower-cased names and descriptions, building them
// on first call (from whichever goroutine filters first).
func (c *catalog) searchIndex() []schemaIndex {
	c.indexOnce.Do(func() {
		c.index = make([]schemaIndex, len(c.schemas))
		for i, s := range c.schemas {
			si := schemaIndex{name: strings.ToLower(s.Name), desc: strings.ToLower(s.Description)}
			si.tables = make([]tableIndex, len(s.Tables))
			for j, t := range s.Tables {
				ti := tableIndex{
					full: strings.ToLower(QualifiedName(s.Name, t.Name)),
					desc: strings.ToLower(t.Description),
					cols: make([]colIndex, len(t.Columns)),
				}
				for k, col := range t.Columns {
					ti.cols[k] = colIndex{name: strings.ToLower(col.Name), desc: strings.ToLower(col.Description)}
				}
				si.tables[j] = ti
			}
			c.index[i] = si
		}
	})
	return c.index
}

func (c *catalog) schema(i int) (*Schema, bool) {
	if i < 0 || i >= len(c.schemas) {
		return nil, false
	}
	return &c.schemas[i], true
}

func (c *catalog) table(i, j int) (*Schema, *Table, bool) {
	s, ok := c.schema(i)
	if !ok || j < 0 || j >= len(s.Tables) {
		return nil, nil, false
	}
	return s, &s.Tables[j], true
}

func (c *catalog) column(i, j, k int) (*Schema, *Table, *Column, bool) {
	s, t, ok := c.table(i, j)
	if !ok || k < 0 || k >= len(t.Columns) {
		return nil, nil, nil, false
	}
	return s, t, &t.Columns[k], true
}
