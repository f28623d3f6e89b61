// Package schemabrowser is the TAP schema browser of the TAP tab: a lazily
// built tree schema → table → column with a live filter and a details pane.
//
// It has its own small model (Schema, Table, Column, ForeignKey) so that it
// does not depend on the TAP client; the app converts TAP_SCHEMA or /tables
// metadata into it.
package schemabrowser

import "strings"

// Schema is one schema of a TAP service (e.g. "ivoa", "dbo", "TAP_SCHEMA").
type Schema struct {
	Name, Description string
	Tables            []Table
}

// Table is one table or view. Name is the name as TAP_SCHEMA gives it, which
// is usually already qualified ("ivoa.ObsCore") but not always (ESO tap_cat).
type Table struct {
	Name, Description string
	Type              string // "table" or "view"
	Columns           []Column
	ForeignKeys       []ForeignKey
}

// Column is one column of a table.
type Column struct {
	Name, Description, Datatype, Arraysize, Unit, UCD, Utype, Xtype string
	Indexed, Principal, Primary, Nullable                           bool
}

// ForeignKey links columns From of a table to columns Target of TargetTable.
type ForeignKey struct {
	TargetTable  string
	From, Target []string
	Description  string
}

// QualifiedName is the name to use for a table in ADQL: Name as given when it
// already carries a schema prefix (or when the schema has no name), else
// "schema.name".
func QualifiedName(schema string, table string) string {
	if schema == "" || strings.Contains(table, ".") {
		return table
	}
	return schema + "." + table
}

// shortName is the table name shown under its schema node: without the
// "schema." prefix when there is one.
func shortName(schema, table string) string {
	if schema != "" && len(table) > len(schema)+1 && strings.EqualFold(table[:len(schema)+1], schema+".") {
		return table[len(schema)+1:]
	}
	return table
}
