package conditions

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"esodesk/services/tap"
)

// columnSet is a table's column names, lowercased.
type columnSet map[string]bool

// names lists the set, sorted, for messages.
func (s columnSet) names() string {
	n := make([]string, 0, len(s))
	for c := range s {
		n = append(n, c)
	}
	sort.Strings(n)
	return strings.Join(n, ", ")
}

// columns learns a table's columns from the service's TAP_SCHEMA, once per
// Client: ESO may spell a column differently from the catalogue, and the
// message for a missing column must say which one (see missingColumn).
func (c *Client) columns(ctx context.Context, table string) (columnSet, error) {
	c.mu.Lock()
	set, ok := c.cols[table]
	c.mu.Unlock()
	if ok {
		return set, nil
	}
	return c.colFlight.Do(ctx, table, func(ctx context.Context) (columnSet, error) {
		set, err := c.loadColumns(ctx, table)
		if err != nil {
			return nil, err
		}
		c.mu.Lock()
		c.cols[table] = set
		c.mu.Unlock()
		return set, nil
	})
}

func (c *Client) loadColumns(ctx context.Context, table string) (columnSet, error) {
	lit, err := tap.Quote(table)
	if err != nil {
		return nil, err
	}
	adql := "SELECT column_name FROM TAP_SCHEMA.columns WHERE table_name = " + lit
	c.recordCtx(ctx, adql)
	res, err := c.svc.Sync(ctx, tap.Query{ADQL: adql, MaxRec: 10000}, nil)
	if err != nil {
		return nil, fmt.Errorf("could not learn the columns of %s on %s: %w", table, c.svc.BaseURL, err)
	}
	set := columnSet{}
	if res.Table != nil && len(res.Table.Columns) > 0 {
		col := res.Table.Columns[0]
		for i := 0; i < col.Len(); i++ {
			set[strings.ToLower(strings.TrimSpace(col.String(i)))] = true
		}
	}
	if len(set) == 0 {
		return nil, &schemaError{fmt.Sprintf("%s is not on %s (its TAP_SCHEMA lists no such table): this service does not publish ESO's ambient conditions", table, c.svc.BaseURL)}
	}
	return set, nil
}

// schemaError is a table or column the service does not have: reported per
// quantity, the other quantities still come.
type schemaError struct{ msg string }

func (e *schemaError) Error() string { return e.msg }

func missingColumn(svc, table, column string, have columnSet) error {
	return &schemaError{fmt.Sprintf("%s on %s has no column %s; its columns are %s", table, svc, column, have.names())}
}
