package standin

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"strings"
)

// treeXML writes an ASSOCIATION_TREE the way ESO lays it out (4-space
// indents, attributes wrapped after "complete", empty elements closed).
func treeXML(a *assoc) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	writeAssoc(&b, a, 0, true)
	return b.Bytes()
}

func writeAssoc(b *bytes.Buffer, a *assoc, depth int, top bool) {
	ind := strings.Repeat("    ", depth)
	second := `match="` + xmlAttr(a.Match) + `"`
	if top {
		second = `mode="` + xmlAttr(a.Mode) + `"`
	}
	b.WriteString(ind + `<association category="` + xmlAttr(a.Category) + `" certified="` + strconv.FormatBool(a.Certified) +
		`" complete="` + strconv.FormatBool(a.Complete) + "\"\n" + ind + "    " + second + ` type="main">` + "\n")
	b.WriteString(ind + "    <mainFiles>\n")
	for _, f := range a.Files {
		b.WriteString(ind + `        <file category="` + xmlAttr(f.Category) + `" name="` + xmlAttr(f.Name) + "\"/>\n")
	}
	b.WriteString(ind + "    </mainFiles>\n")
	if len(a.Messages) == 0 {
		b.WriteString(ind + "    <messages/>\n")
	} else {
		b.WriteString(ind + "    <messages>\n")
		for _, m := range a.Messages {
			b.WriteString(ind + "        <message>" + xmlText(m) + "</message>\n")
		}
		b.WriteString(ind + "    </messages>\n")
	}
	if len(a.Children) == 0 {
		b.WriteString(ind + "    <associatedFiles/>\n")
	} else {
		b.WriteString(ind + "    <associatedFiles>\n")
		for _, c := range a.Children {
			writeAssoc(b, c, depth+2, false)
		}
		b.WriteString(ind + "    </associatedFiles>\n")
	}
	b.WriteString(ind + "</association>\n")
}

func xmlAttr(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func xmlText(s string) string { return xmlAttr(s) }

// readTree reads an ASSOCIATION_TREE (a real recorded one) back into an
// assoc, to list its files in a VOTable answer.
func readTree(data []byte) (*assoc, error) {
	var x xmlTreeNode
	if err := xml.Unmarshal(data, &x); err != nil {
		return nil, err
	}
	return x.assoc(), nil
}

type xmlTreeNode struct {
	Category  string        `xml:"category,attr"`
	Mode      string        `xml:"mode,attr"`
	Match     string        `xml:"match,attr"`
	Certified string        `xml:"certified,attr"`
	Complete  string        `xml:"complete,attr"`
	Files     []treeFileXML `xml:"mainFiles>file"`
	Messages  []string      `xml:"messages>message"`
	Children  []xmlTreeNode `xml:"associatedFiles>association"`
}

type treeFileXML struct {
	Category string `xml:"category,attr"`
	Name     string `xml:"name,attr"`
}

func (x *xmlTreeNode) assoc() *assoc {
	a := &assoc{Category: x.Category, Mode: x.Mode, Match: x.Match, Certified: x.Certified == "true", Complete: x.Complete == "true", Messages: x.Messages}
	for _, f := range x.Files {
		a.Files = append(a.Files, treeFile{f.Category, f.Name})
	}
	for i := range x.Children {
		a.Children = append(a.Children, x.Children[i].assoc())
	}
	return a
}
