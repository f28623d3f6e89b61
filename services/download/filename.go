package download

import (
	"mime"
	"net/url"
	"path"
	"runtime"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameBytes keeps names (plus ".part" and a " (99)" suffix) under the
// 255-byte limit of common file systems.
const maxNameBytes = 200

// nameFromResponse picks the file name: Content-Disposition (RFC 6266,
// filename* preferred over filename), else the last segment of the final
// URL, else fallback. The result is always sanitized.
func nameFromResponse(contentDisposition string, finalURL *url.URL, fallback string) string {
	if contentDisposition != "" {
		// mime.ParseMediaType decodes filename* (RFC 5987/2231) into "filename".
		if _, params, err := mime.ParseMediaType(contentDisposition); err == nil {
			if n := SanitizeName(params["filename"]); n != "" {
				return n
			}
		}
	}
	if finalURL != nil {
		if n := SanitizeName(path.Base(finalURL.Path)); n != "" && n != "." {
			return n
		}
	}
	if n := SanitizeName(fallback); n != "" {
		return n
	}
	return "download"
}

// SanitizeName turns a name suggested by a server into a safe single file
// name: only its last path element is kept (no / or \, no absolute paths),
// control and reserved characters become "_", dots and spaces are trimmed at
// the ends (so no "..", no hidden files), and the length is capped while
// keeping the extension. It returns "" when nothing usable is left.
func SanitizeName(name string) string {
	name = strings.ToValidUTF8(name, "_")
	// Keep the last element whatever the separator: a hostile
	// "..\\..\\x" or "/etc/passwd" must not leave the folder.
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsControl(r), r == 0x7f, unicode.Is(unicode.Cf, r):
			b.WriteRune('_')
		case strings.ContainsRune(`<>"|?*`, r): // reserved on Windows, confusing elsewhere
			b.WriteRune('_')
		case r == ':' && runtime.GOOS == "windows": // ESO names carry times (00:00:00)
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.Trim(b.String(), ". \t")
	if name == "" || strings.Trim(name, "_") == "" {
		return ""
	}
	return capName(name, maxNameBytes)
}

// capName shortens name to at most n bytes, keeping its extension.
func capName(name string, n int) string {
	if len(name) <= n {
		return name
	}
	stem, ext := splitExt(name)
	if len(ext) > n/2 {
		ext = ""
	}
	keep := n - len(ext)
	for keep > 0 && !utf8.RuneStart(stem[keep]) {
		keep--
	}
	return stem[:keep] + ext
}

// compressedSuffixes are extensions that ride on another one (x.fits.Z).
var compressedSuffixes = []string{".gz", ".z", ".fz", ".bz2", ".xz"}

// splitExt splits "ADP.2020-01-01T00:00:00.123.fits.Z" into the stem and
// ".fits.Z": ESO names carry dots, so only the last extension counts, plus
// the one before when the last is a compression suffix.
func splitExt(name string) (stem, ext string) {
	i := strings.LastIndexByte(name, '.')
	if i <= 0 {
		return name, ""
	}
	last := strings.ToLower(name[i:])
	for _, c := range compressedSuffixes {
		if last == c {
			if j := strings.LastIndexByte(name[:i], '.'); j > 0 && i-j <= 6 {
				return name[:j], name[j:]
			}
		}
	}
	if len(name)-i > 10 { // not an extension, just a dot in the name
		return name, ""
	}
	return name[:i], name[i:]
}
