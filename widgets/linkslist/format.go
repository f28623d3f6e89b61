package linkslist

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"esodesk/internal/bytesize"
	"esodesk/services/datalink"
)

// Title is the short name of a link: the file name ESO gave it, else the
// last path segment of its URL, else its description.
func Title(l *datalink.Link) string {
	if l.ESOOrigFile != "" {
		return l.ESOOrigFile
	}
	if l.AccessURL != "" {
		// A URL with a query names a service endpoint ("links",
		// "preview"), not the file: the description says more.
		if u, err := url.Parse(l.AccessURL); err == nil && (u.RawQuery == "" || l.Description == "") {
			if b := path.Base(u.Path); b != "" && b != "/" && b != "." {
				return b
			}
		}
	}
	if l.Service != nil && l.Service.Name != "" {
		return l.Service.Name
	}
	if l.Description != "" {
		return l.Description
	}
	return datalink.Normalize(l.Semantics)
}

// isHTML: a web page is opened, never downloaded as a file.
func isHTML(l *datalink.Link) bool {
	return strings.Contains(strings.ToLower(l.ContentType), "html")
}

// Downloadable reports whether a link is a file to fetch: it has an access
// URL, no error, is not a service descriptor row and not a web page.
func Downloadable(l *datalink.Link) bool {
	return l.AccessURL != "" && !l.Failed() && l.ServiceDef == "" && !isHTML(l)
}

// openable: documents a browser shows (pages, PDFs, text, images) and any
// URL that is not a file to download.
func openable(l *datalink.Link) bool {
	if l.AccessURL == "" || l.Failed() {
		return false
	}
	ct := strings.ToLower(l.ContentType)
	switch {
	case isHTML(l), strings.Contains(ct, "pdf"), strings.HasPrefix(ct, "text/"), strings.HasPrefix(ct, "image/"):
		return true
	}
	return !Downloadable(l)
}

// nextHop is the links document of the linked file: ESO's eso_datalink, or
// the access URL when it is itself a DataLink document.
func nextHop(l *datalink.Link) string {
	if l.ESODatalink != "" {
		return l.ESODatalink
	}
	if strings.Contains(strings.ToLower(l.ContentType), "content=datalink") {
		return l.AccessURL
	}
	return ""
}

// metaText is the category-free second line: content type and size.
func metaText(l *datalink.Link) string {
	var parts []string
	if l.ContentType != "" {
		parts = append(parts, l.ContentType)
	}
	if l.AccessURL != "" || l.ContentLength >= 0 {
		parts = append(parts, bytesize.Text(l.ContentLength, l.LengthEstimated))
	}
	return strings.Join(parts, " · ")
}

// paramText describes one service input in a line: name, unit and UCD,
// then the allowed range or options, or the fixed value.
func paramText(p datalink.Param) string {
	var b strings.Builder
	b.WriteString(p.Name)
	var about []string
	if p.Unit != "" {
		about = append(about, "["+p.Unit+"]")
	}
	if p.UCD != "" {
		about = append(about, p.UCD)
	}
	if p.Xtype != "" {
		about = append(about, p.Xtype)
	}
	if len(about) > 0 {
		b.WriteString(" " + strings.Join(about, " "))
	}
	switch {
	case p.IsFixed():
		fmt.Fprintf(&b, " = %s (fixed)", p.Value)
	case p.Min != "" || p.Max != "":
		fmt.Fprintf(&b, ": %s … %s", orDash(p.Min), orDash(p.Max))
	case len(p.Options) > 0:
		var opts []string
		for _, o := range p.Options {
			opts = append(opts, o.Value)
		}
		b.WriteString(": one of " + strings.Join(opts, ", "))
	}
	if p.Description != "" {
		b.WriteString(" — " + p.Description)
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// text is a one-segment rich text: the way to get a theme colour and a
// small size on wrapped text.
func text(s string, color fyne.ThemeColorName, size fyne.ThemeSizeName, style fyne.TextStyle, wrap fyne.TextWrap) *widget.RichText {
	rt := widget.NewRichText(&widget.TextSegment{Text: s,
		Style: widget.RichTextStyle{ColorName: color, SizeName: size, TextStyle: style}})
	rt.Wrapping = wrap
	return rt
}

func secondary(s string) *widget.RichText {
	return text(s, theme.ColorNamePlaceHolder, theme.SizeNameCaptionText, fyne.TextStyle{}, fyne.TextWrapWord)
}
