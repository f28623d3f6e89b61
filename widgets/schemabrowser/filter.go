package schemabrowser

import (
	"slices"
	"strings"
)

// maxAutoOpenTables caps how many table branches a filter opens by itself:
// every open branch is walked by the tree on each layout, so opening
// thousands would make scrolling slow. Schemas with matches always open.
const maxAutoOpenTables = 50

type tableKey struct{ schema, table int }

// view is what the tree shows for one filter text: an immutable result
// computed off the UI goroutine and then swapped in.
type view struct {
	query   string // lower-cased, trimmed; "" shows everything
	schemas []int  // visible schemas, in catalog order

	// Only for a non-empty query:
	tables  map[int][]int      // schema → visible tables
	columns map[tableKey][]int // table → visible columns; absent = all

	autoOpen       []string // branches to open: tables first, then schemas
	matchedTables  int
	matchedColumns int // columns that matched the query themselves
}

func normalizeQuery(q string) string { return strings.ToLower(strings.TrimSpace(q)) }

func (v *view) filtered() bool { return v.query != "" }

// computeView filters the catalog. It only reads c, so it can run on any
// goroutine.
func computeView(c *catalog, query string) *view {
	v := &view{query: normalizeQuery(query)}
	if !v.filtered() {
		v.schemas = make([]int, len(c.schemas))
		for i := range c.schemas {
			v.schemas[i] = i
		}
		v.matchedTables = c.totalTables
		return v
	}
	q := v.query
	v.tables = make(map[int][]int)
	v.columns = make(map[tableKey][]int)
	var openTables, openSchemas []string
	for i, si := range c.searchIndex() {
		schemaHit := strings.Contains(si.name, q) || strings.Contains(si.desc, q)
		var visible []int
		for j, ti := range si.tables {
			tableHit := strings.Contains(ti.full, q) || strings.Contains(ti.desc, q)
			var cols []int
			for k, ci := range ti.cols {
				if strings.Contains(ci.name, q) || strings.Contains(ci.desc, q) {
					cols = append(cols, k)
				}
			}
			v.matchedColumns += len(cols)
			switch {
			case len(cols) > 0:
				// Open the table so the matching columns show; when the
				// table or schema matched as well, keep all its columns.
				if !tableHit && !schemaHit {
					v.columns[tableKey{i, j}] = cols
				}
				if len(openTables) < maxAutoOpenTables {
					openTables = append(openTables, tableID(i, j))
				}
			case tableHit || schemaHit:
			default:
				continue
			}
			visible = append(visible, j)
		}
		if len(visible) > 0 || schemaHit {
			v.schemas = append(v.schemas, i)
			v.tables[i] = visible
			v.matchedTables += len(visible)
		}
		if len(visible) > 0 {
			openSchemas = append(openSchemas, schemaID(i))
		}
	}
	// Tables before schemas: opening a branch inside a closed schema does
	// not make the tree walk its thousands of siblings.
	v.autoOpen = append(openTables, openSchemas...)
	return v
}

// visibleTables lists the tables shown under schema i.
func (v *view) visibleTables(c *catalog, i int) []int {
	if v.filtered() {
		return v.tables[i]
	}
	s, ok := c.schema(i)
	if !ok {
		return nil
	}
	all := make([]int, len(s.Tables))
	for j := range all {
		all[j] = j
	}
	return all
}

// visibleColumns lists the columns shown under table j of schema i.
func (v *view) visibleColumns(c *catalog, i, j int) []int {
	if cols, ok := v.columns[tableKey{i, j}]; ok {
		return cols
	}
	_, t, ok := c.table(i, j)
	if !ok {
		return nil
	}
	all := make([]int, len(t.Columns))
	for k := range all {
		all[k] = k
	}
	return all
}

// childIDs returns the tree children of a node: only called for branches the
// tree walks (the root and open branches), which keeps the tree lazy.
func (v *view) childIDs(c *catalog, id string) []string {
	ref := parseNodeID(id)
	switch {
	case id == "":
		ids := make([]string, len(v.schemas))
		for n, i := range v.schemas {
			ids[n] = schemaID(i)
		}
		return ids
	case ref.kind == kindSchema:
		tables := v.visibleTables(c, ref.schema)
		ids := make([]string, len(tables))
		for n, j := range tables {
			ids[n] = tableID(ref.schema, j)
		}
		return ids
	case ref.kind == kindTable:
		cols := v.visibleColumns(c, ref.schema, ref.table)
		ids := make([]string, len(cols))
		for n, k := range cols {
			ids[n] = columnID(ref.schema, ref.table, k)
		}
		return ids
	}
	return nil
}

// contains reports whether the node is shown in this view (its ancestors
// being shown too).
func (v *view) contains(c *catalog, ref nodeRef) bool {
	switch ref.kind {
	case kindSchema:
		_, ok := c.schema(ref.schema)
		return ok && (!v.filtered() || containsInt(v.schemas, ref.schema))
	case kindTable:
		_, _, ok := c.table(ref.schema, ref.table)
		return ok && (!v.filtered() || containsInt(v.tables[ref.schema], ref.table))
	case kindColumn:
		if _, _, _, ok := c.column(ref.schema, ref.table, ref.column); !ok {
			return false
		}
		if !v.contains(c, nodeRef{kind: kindTable, schema: ref.schema, table: ref.table}) {
			return false
		}
		cols, restricted := v.columns[tableKey{ref.schema, ref.table}]
		return !restricted || containsInt(cols, ref.column)
	}
	return false
}

// containsInt looks x up in an ascending list (all view lists are).
func containsInt(list []int, x int) bool {
	_, found := slices.BinarySearch(list, x)
	return found
}
