package schemabrowser

import (
	"strconv"
	"strings"
)

// Tree node IDs encode positions in the catalog, so that nodes need no
// lookup table and children are only generated for branches the tree walks:
//
//	"s3"      schema 3
//	"t3.17"   table 17 of schema 3
//	"c3.17.5" column 5 of that table
//
// The root is "".

type nodeKind int

const (
	kindNone nodeKind = iota
	kindSchema
	kindTable
	kindColumn
)

type nodeRef struct {
	kind          nodeKind
	schema, table int
	column        int
}

func schemaID(i int) string { return "s" + strconv.Itoa(i) }
func tableID(i, j int) string {
	return "t" + strconv.Itoa(i) + "." + strconv.Itoa(j)
}
func columnID(i, j, k int) string {
	return "c" + strconv.Itoa(i) + "." + strconv.Itoa(j) + "." + strconv.Itoa(k)
}

// parseNodeID returns kindNone for the root and for anything malformed.
func parseNodeID(id string) nodeRef {
	if id == "" {
		return nodeRef{}
	}
	parts := strings.Split(id[1:], ".")
	nums := make([]int, len(parts))
	for n, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return nodeRef{}
		}
		nums[n] = v
	}
	switch {
	case id[0] == 's' && len(nums) == 1:
		return nodeRef{kind: kindSchema, schema: nums[0]}
	case id[0] == 't' && len(nums) == 2:
		return nodeRef{kind: kindTable, schema: nums[0], table: nums[1]}
	case id[0] == 'c' && len(nums) == 3:
		return nodeRef{kind: kindColumn, schema: nums[0], table: nums[1], column: nums[2]}
	}
	return nodeRef{}
}

func (r nodeRef) id() string {
	switch r.kind {
	case kindSchema:
		return schemaID(r.schema)
	case kindTable:
		return tableID(r.schema, r.table)
	case kindColumn:
		return columnID(r.schema, r.table, r.column)
	}
	return ""
}
