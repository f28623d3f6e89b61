package schemabrowser

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// treeChildren is the tree's ChildUIDs. The tree asks for the children of
// every open branch on each layout, so lists are cached per view.
func (b *Browser) treeChildren(id string) []string {
	if ids, ok := b.childCache[id]; ok {
		return ids
	}
	ids := b.view.childIDs(b.cat, id)
	b.childCache[id] = ids
	b.stats.childLists++
	return ids
}

// updateNode fills a row template for a node.
func (b *Browser) updateNode(id string, _ bool, o fyne.CanvasObject) {
	row, ok := o.(*nodeRow)
	if !ok {
		return
	}
	b.stats.rowUpdates++
	ref := parseNodeID(id)
	switch ref.kind {
	case kindSchema:
		s, ok := b.cat.schema(ref.schema)
		if !ok {
			break
		}
		count := plural(len(s.Tables), "table", "tables")
		if b.view.filtered() {
			count = fmt.Sprintf("%d of %s", len(b.view.tables[ref.schema]), count)
		}
		row.set(id, iconFor(kindSchema, nil), s.Name, firstLine(s.Description), count, true)
		return
	case kindTable:
		s, t, ok := b.cat.table(ref.schema, ref.table)
		if !ok {
			break
		}
		badge := ""
		if t.Type == "view" {
			badge = "view"
		}
		row.set(id, iconFor(kindTable, t), shortName(s.Name, t.Name), firstLine(t.Description), badge, false)
		return
	case kindColumn:
		_, _, c, ok := b.cat.column(ref.schema, ref.table, ref.column)
		if !ok {
			break
		}
		name := c.Name
		if c.Unit != "" {
			name += " [" + c.Unit + "]"
		}
		var badges []string
		if c.Primary {
			badges = append(badges, "key")
		}
		if c.Indexed {
			badges = append(badges, "indexed")
		}
		row.set(id, iconFor(kindColumn, nil), name, firstLine(c.Description), strings.Join(badges, " "), false)
		return
	}
	row.set(id, nil, "", "", "", false)
}

func (b *Browser) nodeSelected(id string) {
	ref := parseNodeID(id)
	if ref.kind == kindNone || !b.view.contains(b.cat, ref) {
		return
	}
	b.setSelected(ref)
	if ref.kind == kindTable && b.OnTableSelected != nil {
		s, t, _ := b.cat.table(ref.schema, ref.table)
		b.OnTableSelected(s.Name, t.Name)
	}
}

// setSelected updates the details pane and the Insert button.
func (b *Browser) setSelected(ref nodeRef) {
	b.selected = ref
	text, insertable := "Select a table or column to see its details.", false
	switch ref.kind {
	case kindSchema:
		if s, ok := b.cat.schema(ref.schema); ok {
			text = schemaDetails(s)
		}
	case kindTable:
		if s, t, ok := b.cat.table(ref.schema, ref.table); ok {
			text, insertable = tableDetails(s, t), true
		}
	case kindColumn:
		if s, t, c, ok := b.cat.column(ref.schema, ref.table, ref.column); ok {
			text, insertable = columnDetails(s, t, c), true
		}
	}
	b.details.SetText(text)
	if insertable {
		b.insertBtn.Enable()
	} else {
		b.insertBtn.Disable()
	}
}

// rowTapped does what the tree's own row does on a tap (select, focus the
// tree) and turns a second tap on the same node within doubleTapWindow
// into a double click.
func (b *Browser) rowTapped(id string) {
	if id == "" {
		return
	}
	b.tree.Select(id)
	if c := fyne.CurrentApp().Driver().CanvasForObject(b.tree); c != nil && !fyne.CurrentDevice().IsMobile() {
		c.Focus(b.tree)
	}
	now := b.now()
	if id == b.lastTap && now.Sub(b.lastTapAt) <= doubleTapWindow {
		b.lastTap = ""
		b.activate(parseNodeID(id))
		return
	}
	b.lastTap, b.lastTapAt = id, now
}

// rowMenu shows the context menu of a node at an absolute canvas position.
func (b *Browser) rowMenu(id string, pos fyne.Position) {
	ref := parseNodeID(id)
	if ref.kind == kindNone {
		return
	}
	b.tree.Select(id)
	c := fyne.CurrentApp().Driver().CanvasForObject(b.tree)
	if c == nil {
		return
	}
	insert := fyne.NewMenuItem("Insert into query", func() { b.activate(ref) })
	insert.Icon = theme.ContentAddIcon()
	insert.Disabled = ref.kind == kindSchema
	copyName := fyne.NewMenuItem("Copy name", func() {
		if text := b.insertText(ref); text != "" {
			fyne.CurrentApp().Clipboard().SetContent(text)
		}
	})
	copyName.Icon = theme.ContentCopyIcon()
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", insert, copyName), c, pos)
}

// insertText is what inserting a node puts into the query: the fully
// qualified table name or the column name ("" for anything else).
func (b *Browser) insertText(ref nodeRef) string {
	switch ref.kind {
	case kindSchema:
		if s, ok := b.cat.schema(ref.schema); ok {
			return s.Name
		}
	case kindTable:
		if s, t, ok := b.cat.table(ref.schema, ref.table); ok {
			return QualifiedName(s.Name, t.Name)
		}
	case kindColumn:
		if _, _, c, ok := b.cat.column(ref.schema, ref.table, ref.column); ok {
			return c.Name
		}
	}
	return ""
}

// activate is the double click / Enter / Insert action: insert a table or
// column, open or close a schema.
func (b *Browser) activate(ref nodeRef) {
	switch ref.kind {
	case kindSchema:
		b.tree.ToggleBranch(ref.id())
	case kindTable, kindColumn:
		if text := b.insertText(ref); text != "" && b.OnInsert != nil {
			b.OnInsert(text)
		}
	}
}

func (b *Browser) activateSelected() { b.activate(b.selected) }
