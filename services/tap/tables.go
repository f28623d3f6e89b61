package tap

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"

	"esodesk/internal/xmlguard"
)

// TableSet is the VOSI tables document: schemas, their tables and columns.
type TableSet struct {
	Schemas []Schema
}

// Schema is one vs:schema.
type Schema struct {
	Name, Title, Description, Utype string
	Tables                          []Table
}

// Table is one vs:table. Columns may be empty when the service sent a
// minimal tableset: fetch them with Service.Table.
type Table struct {
	Name, Title, Description, Utype string
	Type                            string // "table", "view", "output", ... ("" if not given)
	Columns                         []Column
	ForeignKeys                     []ForeignKey
}

// Column is one vs:column.
type Column struct {
	Name, Description, Unit, UCD, Utype string
	Datatype, Arraysize, Xtype          string
	Indexed, Primary, Nullable, Std     bool
	Flags                               []string // all flag values as given
}

// ForeignKey is one vs:foreignKey.
type ForeignKey struct {
	TargetTable string
	Columns     []FKColumn
	Description string
	Utype       string
}

// FKColumn pairs a column of this table with the one it references.
type FKColumn struct{ From, Target string }

// Tables returns every table the service has (GET /tables).
func (s *Service) Tables(ctx context.Context) (*TableSet, error) {
	return fetchVOSI(ctx, s, "read table metadata", s.endpoint("tables"), ParseTables)
}

// Table returns one table with all its columns (GET /tables/<name>, the VOSI
// 1.1 per-table form). Use it when Tables gave tables without columns.
func (s *Service) Table(ctx context.Context, name string) (*Table, error) {
	op := "read metadata of table " + name
	u := s.endpoint("tables/"+url.PathEscape(name)) + "?detail=max"
	ts, err := fetchVOSI(ctx, s, op, u, ParseTables)
	if err != nil {
		return nil, err
	}
	if t := ts.Find(name); t != nil {
		return t, nil
	}
	for _, sc := range ts.Schemas {
		if len(sc.Tables) > 0 {
			return &sc.Tables[0], nil
		}
	}
	return nil, protocolError(op, u, fmt.Errorf("the answer lists no table %s", name))
}

// Find returns the table with that name (case-insensitive; a name without a
// schema matches a schema-qualified one), or nil.
func (ts *TableSet) Find(name string) *Table {
	var loose *Table
	for i := range ts.Schemas {
		for j := range ts.Schemas[i].Tables {
			t := &ts.Schemas[i].Tables[j]
			if strings.EqualFold(t.Name, name) {
				return t
			}
			if loose == nil && strings.EqualFold(unqualified(t.Name), name) {
				loose = t
			}
		}
	}
	return loose
}

// NumTables counts the tables of all schemas.
func (ts *TableSet) NumTables() int {
	n := 0
	for _, s := range ts.Schemas {
		n += len(s.Tables)
	}
	return n
}

func unqualified(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// Wire form; element names without namespaces so that VODataService 1.1/1.2
// and servers that omit prefixes read the same.
type xmlTable struct {
	Type        string `xml:"type,attr"`
	Name        string `xml:"name"`
	Title       string `xml:"title"`
	Description string `xml:"description"`
	Utype       string `xml:"utype"`
	Columns     []struct {
		Name        string `xml:"name"`
		Description string `xml:"description"`
		Unit        string `xml:"unit"`
		UCD         string `xml:"ucd"`
		Utype       string `xml:"utype"`
		DataType    struct {
			Value        string `xml:",chardata"`
			Arraysize    string `xml:"arraysize,attr"`
			ExtendedType string `xml:"extendedType,attr"`
			Xtype        string `xml:"xtype,attr"`
		} `xml:"dataType"`
		Flags []string `xml:"flag"`
		Std   string   `xml:"std,attr"`
	} `xml:"column"`
	ForeignKeys []struct {
		TargetTable string `xml:"targetTable"`
		Columns     []struct {
			From   string `xml:"fromColumn"`
			Target string `xml:"targetColumn"`
		} `xml:"fkColumn"`
		Description string `xml:"description"`
		Utype       string `xml:"utype"`
	} `xml:"foreignKey"`
}

type xmlSchema struct {
	Name        string     `xml:"name"`
	Title       string     `xml:"title"`
	Description string     `xml:"description"`
	Utype       string     `xml:"utype"`
	Tables      []xmlTable `xml:"table"`
}

// ParseTables reads a VOSI tables document: a tableset, or a single table
// (as /tables/<name> returns it, then wrapped in one unnamed schema). It
// decodes schema by schema so big tablesets stream.
func ParseTables(r io.Reader) (*TableSet, error) {
	d := xmlguard.NewDecoder(r, xmlguard.Limits{What: "VOSI tables document", MaxBytes: maxSmall})
	ts := &TableSet{}
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading VOSI tables: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == "" {
			root = se.Name.Local
			switch root {
			case "tableset":
				continue
			case "table":
				var xt xmlTable
				if err := d.DecodeElement(&xt, &se); err != nil {
					return nil, fmt.Errorf("reading VOSI table: %w", err)
				}
				ts.Schemas = []Schema{{Tables: []Table{convertTable(xt)}}}
				return ts, nil
			default:
				return nil, fmt.Errorf("not a VOSI tables document (root element <%s>)", root)
			}
		}
		if se.Name.Local == "schema" {
			var xs xmlSchema
			if err := d.DecodeElement(&xs, &se); err != nil {
				return nil, fmt.Errorf("reading VOSI schema: %w", err)
			}
			sc := Schema{Name: trim(xs.Name), Title: trim(xs.Title), Description: trim(xs.Description), Utype: trim(xs.Utype)}
			for _, xt := range xs.Tables {
				sc.Tables = append(sc.Tables, convertTable(xt))
			}
			ts.Schemas = append(ts.Schemas, sc)
		} else if err := d.Skip(); err != nil {
			return nil, err
		}
	}
	if root == "" {
		return nil, fmt.Errorf("empty VOSI tables document")
	}
	return ts, nil
}

func convertTable(xt xmlTable) Table {
	t := Table{Name: trim(xt.Name), Title: trim(xt.Title), Description: trim(xt.Description), Utype: trim(xt.Utype), Type: xt.Type}
	for _, xc := range xt.Columns {
		c := Column{
			Name: trim(xc.Name), Description: trim(xc.Description), Unit: trim(xc.Unit),
			UCD: trim(xc.UCD), Utype: trim(xc.Utype),
			Datatype: trim(xc.DataType.Value), Arraysize: xc.DataType.Arraysize,
			Xtype: xc.DataType.ExtendedType, Std: xc.Std == "true",
		}
		if c.Xtype == "" {
			c.Xtype = xc.DataType.Xtype
		}
		for _, f := range xc.Flags {
			f = trim(f)
			c.Flags = append(c.Flags, f)
			switch strings.ToLower(f) {
			case "indexed":
				c.Indexed = true
			case "primary":
				c.Primary = true
			case "nullable":
				c.Nullable = true
			case "std":
				c.Std = true
			}
		}
		t.Columns = append(t.Columns, c)
	}
	for _, xf := range xt.ForeignKeys {
		fk := ForeignKey{TargetTable: trim(xf.TargetTable), Description: trim(xf.Description), Utype: trim(xf.Utype)}
		for _, c := range xf.Columns {
			fk.Columns = append(fk.Columns, FKColumn{From: trim(c.From), Target: trim(c.Target)})
		}
		t.ForeignKeys = append(t.ForeignKeys, fk)
	}
	return t
}

// trim removes surrounding white space; descriptions keep inner line breaks.
func trim(s string) string { return strings.TrimSpace(s) }
